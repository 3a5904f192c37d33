"""The foundation's demo: vocabularies, glossary, media, the home page and the first pages."""
