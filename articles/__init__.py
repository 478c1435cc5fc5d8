"""The archive app: articles and what they report."""
