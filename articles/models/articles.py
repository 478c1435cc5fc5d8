"""Articles, their publishers, and the passages cited from them: trade facts and quotes."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.choices import (
    Basis,
    DatePrecision,
    FactKind,
    FactQualifier,
    FactStatus,
    HeadlineBasis,
    Language,
)
from articles.models.records import Event, Initiative, Organisation, Person, Place
from articles.querysets import ArticleQuerySet, PassageQuerySet, TradeFactQuerySet


class Publisher(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "slug"]

    def __str__(self):
        return self.name


class Article(models.Model):
    slug = models.SlugField(max_length=200, unique=True)
    headline = models.CharField(max_length=300)
    headline_basis = models.CharField(
        max_length=10, choices=HeadlineBasis.choices, default=HeadlineBasis.STATED
    )
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="articles")
    publisher_basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.STATED)
    url = models.URLField("URL", max_length=500, blank=True)
    credits = models.CharField(max_length=500, blank=True, help_text="Byline and credits.")
    language = models.CharField(max_length=2, choices=Language.choices)
    published_on = models.DateField(
        null=True,
        blank=True,
        help_text="For month or year precision, the first day of that month or year.",
    )
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    date_basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.STATED)
    date_note = models.TextField(blank=True)
    dateline = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="datelined_articles"
    )
    raw_text = models.TextField(help_text="The source text exactly as received.")
    body = models.TextField(help_text="The raw text without page furniture.")
    raw_sha256 = models.CharField("SHA-256 of the raw text", max_length=64, unique=True)
    source_name = models.CharField("source file name", max_length=255)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the last import set, field by field: a later import changes only the "
        "fields that still hold these values, so an editor's corrections are kept.",
    )
    # The raw text is in history by its SHA-256 only; it changes only when a source is updated.
    history = HistoricalRecords(excluded_fields=["raw_text", "imported_values"])

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "headline", "pk"]
        indexes = [
            # The list's order; the year, language and publisher facets read it alone.
            models.Index(
                fields=["published_on", "language", "publisher"], name="article_facets_idx"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=False) | Q(date_precision=DatePrecision.UNKNOWN),
                name="article_date_known_unless_unknown",
            )
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:article-detail", args=[self.slug])

    @property
    def headline_supplied(self) -> bool:
        return self.headline_basis == HeadlineBasis.SUPPLIED

    @property
    def passage_texts(self) -> list[tuple[bool, str]]:
        """(in_headline, text) of each text names and figures are read in: the headline, but
        for one the archive supplied (the source never wrote it), and the body."""
        headline = [] if self.headline_supplied else [(True, self.headline)]
        return [*headline, (False, self.body)]

    def text_of(self, in_headline: bool) -> str:
        """The text a passage's offsets are into: the headline or the body."""
        return self.headline if in_headline else self.body


class Passage(models.Model):
    """A span of an article's body, or of its headline, [start, end) in characters, with its
    exact text."""

    in_headline = models.BooleanField(
        "in the headline",
        default=False,
        help_text="The offsets are into the article's headline, not its body.",
    )
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    anchored = models.BooleanField(
        "passage in the text",
        default=True,
        help_text="Cleared when a re-import changed the article's text and this passage is no "
        "longer in it: hidden from the public site until an editor ties it again.",
    )

    objects = PassageQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["article", "-in_headline", "start", "pk"]  # the headline's first

    @classmethod
    def span_constraint(cls, name):
        return models.CheckConstraint(condition=Q(end__gt=models.F("start")), name=name)


def humanise_number(value) -> str:
    """20000 -> “20,000”; 89200000 -> “89.2 million”; 25000000000 -> “25 billion”."""
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.2f}".rstrip("0").rstrip(".") + f" {word}"
    return f"{value:,.2f}".removesuffix(".00")


class TradeFact(Passage):
    """A quantitative claim, tied to the exact passage it came from."""

    Status = FactStatus

    Kind = FactKind

    Qualifier = FactQualifier

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="facts")
    passage = models.TextField(help_text="The exact text of the article at [start, end).")
    figure = models.CharField(max_length=200, help_text="The figure as written in the passage.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.DecimalField(max_digits=20, decimal_places=2)
    unit = models.CharField(max_length=40, help_text="A plural noun, or USD/CAD for money.")
    qualifier = models.CharField(max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT)
    period = models.CharField(max_length=200, blank=True)
    period_year = models.PositiveSmallIntegerField(null=True, blank=True)
    subject_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="facts"
    )
    subject_place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="facts"
    )
    speaker = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="facts"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, null=True, blank=True, related_name="facts"
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, null=True, blank=True, related_name="facts"
    )
    note = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.APPROVED,
        help_text="Only approved facts show on the site; an import proposes candidates.",
    )
    history = HistoricalRecords()

    objects = TradeFactQuerySet.as_manager()

    class Meta(Passage.Meta):
        constraints = [Passage.span_constraint("tradefact_span_not_empty")]
        indexes = [models.Index(fields=["status"], name="tradefact_status_idx")]

    def __str__(self):
        return f"{self.figure} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#fact-{self.pk}"

    @property
    def value_display(self) -> str:
        """The value in one English form: “more than 30 businesses”, “CAD 89.2 million”."""
        amount = humanise_number(self.value)
        if self.unit == "rank":
            stated = f"rank {amount}"
        elif self.unit.isupper():
            stated = f"{self.unit} {amount}"
        else:
            unit = self.unit
            if amount == "1" and unit.endswith("s") and not unit.endswith("ss"):
                unit = unit[:-1]  # “1 event”, not “1 events”
            stated = f"{amount} {unit}"
        if self.qualifier == self.Qualifier.EXACT:
            return stated
        if self.qualifier == self.Qualifier.TARGET:
            return f"target: {stated}"
        return f"{self.get_qualifier_display().lower()} {stated}"


class Quote(Passage):
    """Words a person is reported to have said, as they stand in the article."""

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="quotes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    text = models.TextField(help_text="The exact text of the article at [start, end).")
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta(Passage.Meta):
        constraints = [Passage.span_constraint("quote_span_not_empty")]

    def __str__(self):
        return f"{self.person}: “{self.text[:60]}”"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#quote-{self.pk}"
