"""The records articles report: people and roles, organisations, places, initiatives, events."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from articles.choices import (
    LEADERSHIP_KINDS,
    Basis,
    DatePrecision,
    EventKind,
    InitiativeKind,
    OrganisationKind,
    PlaceKind,
    RoleKind,
)
from articles.querysets import PersonQuerySet


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
        """The names this record is written under, for mention linking: its name, and its
        French name where it has one that differs."""
        french = getattr(self, "name_fr", "")
        return [self.name] + ([french] if french and french != self.name else [])


class Place(Entity):
    Kind = PlaceKind

    name_fr = models.CharField("name in French", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    history = HistoricalRecords()

    class Meta(Entity.Meta):
        pass


class Organisation(Entity):
    Kind = OrganisationKind

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

    Kind = RoleKind
    LEADERSHIP_KINDS = LEADERSHIP_KINDS

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

    Kind = InitiativeKind

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


class Event(Entity):
    Kind = EventKind

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
