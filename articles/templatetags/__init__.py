"""Template tags and filters of the archive's pages."""
