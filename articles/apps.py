"""The app's configuration: connects the search index to saves when Django starts."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from articles import (
            signals,  # noqa: F401  (connects the search index to saves)
            versioning,  # noqa: F401  (a new version on every write)
        )
