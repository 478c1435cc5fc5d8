"""The archive's records: articles and what they report."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.querysets import ArticleQuerySet, PassageQuerySet, PersonQuerySet, TradeFactQuerySet


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    FRENCH = "fr", "French"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class Basis(models.TextChoices):
    """How a value is known."""

    STATED = "stated", "Stated in the text"
    EXTERNAL = "external", "Established externally"
    INFERRED = "inferred", "Inferred"


class HeadlineBasis(models.TextChoices):
    STATED = "stated", "Stated in the text"
    EXTERNAL = "external", "Established externally"
    SUPPLIED = "supplied", "Supplied by the archive"


class Entity(models.Model):
    """What people, organisations, places, initiatives and events share."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["name", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(f"articles:{self._meta.model_name}-detail", args=[self.slug])

    @property
    def names(self) -> list[str]:
        """The names this record is written under, for mention linking."""
        return [self.name]


class Place(Entity):
    class Kind(models.TextChoices):
        CONTINENT = "continent", "Continent"
        COUNTRY = "country", "Country"
        PROVINCE = "province", "Province or state"
        CITY = "city", "City"
        REGION = "region", "Region"
        VENUE = "venue", "Venue"

    name_fr = models.CharField("name in French", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    history = HistoricalRecords()

    class Meta(Entity.Meta):
        pass

    @property
    def names(self):
        return [self.name] + ([self.name_fr] if self.name_fr and self.name_fr != self.name else [])


class Organisation(Entity):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        PLATFORM = "platform", "Online platform"
        GOVERNMENT = "government", "Government"
        AGENCY = "agency", "Government agency or office"
        MEDIA = "media", "News organisation"
        EXCHANGE = "exchange", "Stock exchange"
        INTERGOVERNMENTAL = "intergovernmental", "Intergovernmental forum"
        UNIVERSITY = "university", "University"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    country = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    website = models.URLField(blank=True)
    history = HistoricalRecords()

    class Meta(Entity.Meta):
        pass


class Person(Entity):
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta(Entity.Meta):
        verbose_name_plural = "people"

    @property
    def is_leader(self) -> bool:
        return any(role.is_leadership for role in self.roles.all())


class Role(models.Model):
    """A position a person held, e.g. Prime Minister of Canada 2006–2015."""

    class Kind(models.TextChoices):
        HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
        HEAD_OF_STATE = "head_of_state", "Head of state"
        PREMIER = "premier", "Premier"
        MINISTER = "minister", "Minister"
        FOUNDER = "founder", "Founder"
        CHAIR = "chair", "Chair"
        CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
        PRESIDENT = "president", "President"
        EXECUTIVE = "executive", "Executive"
        OFFICIAL = "official", "Official"
        JOURNALIST = "journalist", "Journalist"
        PHOTOGRAPHER = "photographer", "Photographer"
        EDITOR = "editor", "Editor"
        ENTERTAINER = "entertainer", "Entertainer"
        OTHER = "other", "Other"

    LEADERSHIP_KINDS = (
        Kind.HEAD_OF_GOVERNMENT,
        Kind.HEAD_OF_STATE,
        Kind.PREMIER,
        Kind.FOUNDER,
        Kind.CHAIR,
        Kind.CHIEF_EXECUTIVE,
        Kind.PRESIDENT,
    )

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="roles"
    )
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "start_year", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="role_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.period})" if self.period else self.title

    @property
    def is_leadership(self) -> bool:
        return self.kind in self.LEADERSHIP_KINDS

    @property
    def period(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"since {self.start_year}"
        if self.end_year:
            return f"until {self.end_year}"
        return ""


class Initiative(Entity):
    """Agreements, MOUs, programmes, trade missions, plans, platform launches."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", "Agreement"
        DECLARATION = "declaration", "Declaration"
        MOU = "mou", "Memorandum of understanding"
        PROGRAMME = "programme", "Programme"
        TRADE_MISSION = "trade_mission", "Trade mission"
        PLAN = "plan", "Plan"
        PLATFORM = "platform", "Platform or store"
        OTHER = "other", "Other"

    name_fr = models.CharField("name in French", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    started_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    date_basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.EXTERNAL)
    people = models.ManyToManyField(Person, blank=True, related_name="initiatives")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="initiatives")
    places = models.ManyToManyField(Place, blank=True, related_name="initiatives")
    history = HistoricalRecords(m2m_fields=[people, organisations, places])

    class Meta(Entity.Meta):
        pass

    @property
    def names(self):
        return [self.name] + ([self.name_fr] if self.name_fr and self.name_fr != self.name else [])


class Event(Entity):
    class Kind(models.TextChoices):
        VISIT = "visit", "Visit"
        MEETING = "meeting", "Meeting"
        CEREMONY = "ceremony", "Ceremony"
        CONFERENCE = "conference", "Conference"
        INTERVIEW = "interview", "Interview"
        SUMMIT = "summit", "Summit"
        TRADE_MISSION = "trade_mission", "Trade mission"
        LISTING = "listing", "Stock market listing"
        SALES_DAY = "sales_day", "Sales day"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    date_basis = models.CharField(max_length=10, choices=Basis.choices, default=Basis.EXTERNAL)
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    people = models.ManyToManyField(Person, blank=True, related_name="events")
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="events")
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="events")
    articles = models.ManyToManyField("Article", blank=True, related_name="events")
    history = HistoricalRecords(m2m_fields=[people, organisations, initiatives, articles])

    class Meta:
        ordering = ["starts_on", "name", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_ends_after_it_starts",
            )
        ]


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


class Passage(models.Model):
    """A span of an article's body, [start, end) in characters, with its exact text."""

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
        ordering = ["article", "start", "pk"]

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

    class Status(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    class Kind(models.TextChoices):
        SALES = "sales", "Sales"
        SALES_TARGET = "sales_target", "Sales target"
        EXPORTS = "exports", "Exports"
        CAPITAL_RAISED = "capital_raised", "Capital raised"
        CONSUMERS = "consumers", "Consumers and shoppers"
        EMPLOYEES = "employees", "Employees"
        JOBS = "jobs", "Jobs"
        OFFICES = "offices", "Offices"
        PARTICIPANTS = "participants", "Participants"
        PRODUCTS = "products", "Products"
        VISITS = "visits", "Visits"
        IMPORTS = "imports", "Imports"
        TRADE = "trade", "Trade (two-way, balance)"
        INVESTMENT = "investment", "Investment and spending"
        REVENUE = "revenue", "Revenue"
        PROFIT = "profit", "Profit"
        MARKET_VALUE = "market_value", "Market value and assets"
        TARIFF = "tariff", "Tariff or duty"
        GROWTH = "growth", "Economic growth"
        PRICE = "price", "Price"
        RANK = "rank", "Rank"
        DURATION = "duration", "Duration"
        AGE = "age", "Age"
        OTHER = "other", "Other"

    class Qualifier(models.TextChoices):
        EXACT = "exact", "Exactly"
        MORE_THAN = "more_than", "More than"
        ABOUT = "about", "About"
        UP_TO = "up_to", "Up to"
        TARGET = "target", "Target"

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
            stated = f"{amount} {self.unit}"
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


ENTITY_MODELS = {
    "person": Person,
    "organisation": Organisation,
    "place": Place,
    "initiative": Initiative,
    "event": Event,
}
ENTITY_FIELDS = tuple(ENTITY_MODELS)


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
    def entity(self):
        for field in ENTITY_FIELDS:
            value = getattr(self, field)
            if value is not None:
                return value
        return None


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


class FullTextDocumentField(models.TextField):
    """FTS5's hidden column named after its table; `__match` is its MATCH operator."""


@FullTextDocumentField.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class SearchIndexRow(models.Model):
    """A row of SQLite's FTS5 search table (created by migration 0003; SQLite only)."""

    article = models.OneToOneField(
        Article,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="search_row",
    )
    document = FullTextDocumentField(db_column="articles_search")
    rank = models.FloatField(db_column="rank")

    class Meta:
        managed = False
        db_table = "articles_search"

    def __str__(self):
        return f"search row {self.pk}"


from articles.candidate_models import CandidatePassage, CandidateRecord  # noqa: E402, F401
