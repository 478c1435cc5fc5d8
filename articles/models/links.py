"""What points at a record: aliases and mentions; and the notes of deleted records and words."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from articles.choices import (
    RECORD_FIELDS,
    Language,
    record_set,
)
from articles.models.articles import Article, Passage
from articles.models.records import Event, Initiative, Organisation, Person, Place

ENTITY_MODELS = {
    "person": Person,
    "organisation": Organisation,
    "place": Place,
    "initiative": Initiative,
    "event": Event,
}
ENTITY_FIELDS = RECORD_FIELDS
assert tuple(ENTITY_MODELS) == ENTITY_FIELDS


def exactly_one_of(fields, name):
    """A constraint: exactly one of these nullable foreign keys is set."""
    options = Q()
    for chosen in fields:
        condition = Q(**{f"{chosen}__isnull": False})
        for other in fields:
            if other != chosen:
                condition &= Q(**{f"{other}__isnull": True})
        options |= condition
    return models.CheckConstraint(condition=options, name=name)


class EntityLink(models.Model):
    """Points at exactly one person, organisation, place, initiative or event."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, null=True, blank=True)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, null=True, blank=True)
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, null=True, blank=True)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def record_key(self) -> tuple[str, int] | None:
        """(field, id) of the record this points at."""
        return record_set(self.__dict__, "_id")

    @property
    def entity(self):
        key = self.record_key
        return getattr(self, key[0]) if key else None


class Alias(EntityLink):
    """Another name a record is written under, e.g. “Harper”, “Nouveau-Brunswick”."""

    name = models.CharField(max_length=200)
    language = models.CharField(max_length=2, choices=Language.choices, blank=True)
    case_sensitive = models.BooleanField(
        default=False, help_text="Match only with this capitalisation (e.g. “Ma”, “Gallant”)."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "aliases"
        ordering = ["name", "pk"]
        default_related_name = "aliases"
        constraints = [exactly_one_of(ENTITY_FIELDS, "alias_names_exactly_one_record")]

    def __str__(self):
        return self.name


class Mention(EntityLink, Passage):
    """Where an article names a record, with the surface form as written."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    surface = models.CharField(max_length=200)

    class Meta(Passage.Meta):
        default_related_name = "mentions"
        constraints = [
            exactly_one_of(ENTITY_FIELDS, "mention_names_exactly_one_record"),
            Passage.span_constraint("mention_span_not_empty"),
        ]
        indexes = [models.Index(fields=["article", "start"], name="mention_article_start_idx")]

    def __str__(self):
        return f"{self.surface} @ {self.start}"


class Tombstone(models.Model):
    """A record an editor deleted or merged away: imports do not create it again."""

    class Reason(models.TextChoices):
        DELETED = "deleted", "Deleted by an editor"
        MERGED = "merged", "Merged into another record"

    kind = models.CharField(
        max_length=20,
        help_text="article, person, organisation, place, initiative, event or mention.",
    )
    key = models.CharField(
        max_length=500,
        help_text="The slug; for a mention, article slug, record and surface form.",
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    merged_into = models.CharField(max_length=200, blank=True, help_text="The slug kept.")
    label = models.CharField(max_length=300, help_text="What it was, for people to read.")
    at = models.DateTimeField(auto_now_add=True)
    by = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = "deleted record"
        ordering = ["-at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="tombstone_unique_kind_key")
        ]

    def __str__(self):
        return f"{self.kind} {self.label} ({self.get_reason_display().lower()})"

    def describe(self) -> str:
        """“deleted by an editor on 2026-11-23”, “merged into justin-trudeau on ...”."""
        if self.reason == self.Reason.MERGED:
            return f"merged into {self.merged_into} on {self.at:%Y-%m-%d}, not imported again"
        return f"deleted by an editor on {self.at:%Y-%m-%d}, not imported again"


class SearchTerm(models.Model):
    """A word of the archive's vocabulary, folded, for “did you mean” suggestions."""

    word = models.CharField(max_length=100, unique=True)
    display = models.CharField(max_length=100, help_text="The word as first written.")
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.display
