"""Bringing articles into the archive: reading sources, extracting, checking, importing."""
