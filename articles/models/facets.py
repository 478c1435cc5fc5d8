"""The archive's version: a number every write changes, so caches know when they are stale."""

from django.db import models


class ArchiveVersion(models.Model):
    """One row; `version` is set to a new random number by every write to the archive's
    tables (articles/versioning.py), so a number once seen never comes back, not even when
    a transaction rolls back."""

    version = models.BigIntegerField()

    class Meta:
        db_table = "articles_archiveversion"

    def __str__(self):
        return f"archive version {self.version}"
