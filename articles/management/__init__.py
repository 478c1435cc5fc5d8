"""The archive's management commands."""
