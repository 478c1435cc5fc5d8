"""What an import keeps beside an article: its raw bytes, and the near-duplicates found."""

from django.db import models

from articles.models.articles import Article


class RawSource(models.Model):
    """An article's source exactly as received: the file's bytes, or a web archive record's
    payload, in whatever encoding it came; served as plain text, never rendered."""

    class Kind(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "Web page"
        WARC = "warc", "Web archive record"
        FEED = "feed", "Feed entry"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="raw_source")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    data = models.BinaryField(help_text="The bytes as received.")
    charset = models.CharField(max_length=40, blank=True, help_text="How the bytes were read.")
    origin = models.CharField(
        max_length=500, blank=True, help_text="Where it came from: the file, and the record."
    )
    captured_at = models.DateTimeField(null=True, blank=True, help_text="A web archive's date.")

    def __str__(self):
        return f"{self.get_kind_display()} of {self.article_id} ({len(self.data)} bytes)"


class NearDuplicateKey(models.Model):
    """One band of an article's MinHash signature: articles sharing a key are compared."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="near_keys")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key"], name="near_duplicate_key_idx")]

    def __str__(self):
        return f"{self.article_id}: {self.key}"


class PossibleDuplicate(models.Model):
    """An article whose text is nearly that of one already in the archive (a wire story
    republished elsewhere): imported, and listed for an editor to review."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="duplicate_flags")
    original = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="republication_flags"
    )
    similarity = models.FloatField(help_text="Jaccard similarity of their word 5-shingles.")
    reviewed = models.BooleanField(default=False)
    flagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reviewed", "-flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "original"], name="possible_duplicate_pair")
        ]

    def __str__(self):
        return f"{self.article_id} possible duplicate of {self.original_id}"
