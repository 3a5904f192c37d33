"""Bilingual demo content built from the programme's lessons-learned material."""
