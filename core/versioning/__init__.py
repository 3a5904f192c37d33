"""Versioned content: the dated version, its timeline, comparison, routes and admin."""
