"""Candidate records: names a new article holds that the archive has no record for, to review."""

from django.db import models

from articles.choices import Language
from articles.models.articles import Article, Passage
from articles.models.records import Organisation, Person, Place


class CandidateRecord(models.Model):
    """A person, organisation or place proposed from the articles that name it."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"
        PLACE = "place", "Place"

    class Status(models.TextChoices):
        PENDING = "pending", "To review"
        APPROVED = "approved", "Approved (record created)"
        MERGED = "merged", "Merged into a record (alias added)"
        REJECTED = "rejected", "Rejected (not proposed again)"

    name = models.CharField(max_length=200)
    key = models.CharField(
        max_length=200,
        unique=True,
        editable=False,
        help_text="The name folded (case, accents, apostrophes): one candidate per name.",
    )
    kind = models.CharField("guessed kind", max_length=20, choices=Kind.choices)
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    person = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "candidate record"
        ordering = ["status", "name", "pk"]
        indexes = [models.Index(fields=["status", "kind"], name="candidate_status_kind_idx")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display().lower()})"

    @property
    def record(self):
        return self.person or self.organisation or self.place


class CandidatePassage(Passage):
    """Where an article names a candidate: [start, end) of its body (or headline), and the
    text there."""

    candidate = models.ForeignKey(
        CandidateRecord, on_delete=models.CASCADE, related_name="passages"
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="candidate_passages"
    )
    surface = models.CharField(max_length=200, help_text="The name as written at [start, end).")

    class Meta(Passage.Meta):
        constraints = [
            Passage.span_constraint("candidatepassage_span_not_empty"),
            models.UniqueConstraint(
                fields=["candidate", "article", "in_headline", "start"],
                name="candidatepassage_unique_start",
            ),
        ]

    def __str__(self):
        return f"{self.surface} @ {self.article_id}:{self.start}"
