"""django-filter FilterSets, one per list page. Only declared filters reach the database."""

import django_filters as filters
from django import forms
from django.db.models import F
from django.db.models.functions import Coalesce, Lower

from articles.choices import NON_TRADE_KINDS
from articles.models import (
    Article,
    Event,
    Initiative,
    Language,
    Organisation,
    Person,
    Place,
    Publisher,
    Quote,
    Role,
    TradeFact,
)
from articles.periods import ends_on_or_after
from articles.querysets import year_of
from articles.widgets import QuickSelect, QuickSelectMultiple

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
YEAR_BOUNDS = {"min_value": 1000, "max_value": 9999, "max_digits": 4, "decimal_places": 0}


MAX_RECORDS_PER_FILTER = 10


class SlugsField(filters.ModelMultipleChoiceFilter.field_class):
    """Records by slug, at most MAX_RECORDS_PER_FILTER of them, each named once."""

    def clean(self, value):
        if value and len(set(value)) > MAX_RECORDS_PER_FILTER:
            raise forms.ValidationError(
                f"At most {MAX_RECORDS_PER_FILTER} values of one kind.", code="too_many"
            )
        return super().clean(sorted(set(value)) if value else value)


class SlugChoiceFilter(filters.ModelMultipleChoiceFilter):
    """Records chosen by slug, one or several: `person=a&person=b` means articles linked to
    all of them. An unknown slug is a form error naming the parameter."""

    field_class = SlugsField

    def __init__(self, model, **kwargs):
        kwargs.setdefault("queryset", model.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("method", "filter_linked")
        kwargs.setdefault("widget", QuickSelectMultiple)  # Django's HTML, rendered faster
        super().__init__(**kwargs)


class SortFilter(filters.ChoiceFilter):
    """`sort` from a fixed set of named orders; ties always fall back to the primary key."""

    def __init__(self, orderings: dict[str, tuple[str, list]], *, default: str, **kwargs):
        self.orderings, self.default = orderings, default
        choices = [(key, label) for key, (label, _) in orderings.items()]
        super().__init__(choices=choices, label="Sort", empty_label=None, **kwargs)

    def filter(self, queryset, value):
        return queryset.order_by(*self.orderings[value or self.default][1], "pk")


class DateRangeForm(forms.Form):
    def clean(self):
        data = super().clean()
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            raise forms.ValidationError(
                {"date_before": "date_before must not be earlier than date_after."}
            )
        return data


class ArticleFilter(filters.FilterSet):
    year = filters.NumberFilter(
        field_name="published_on", lookup_expr="year", label="Year", **YEAR_BOUNDS
    )
    date_after = filters.DateFilter(
        field_name="published_on",
        method="filter_ends_on_or_after",
        label="Published on or after",
        widget=DATE_INPUT,
    )
    date_before = filters.DateFilter(
        field_name="published_on",
        lookup_expr="lte",
        label="Published on or before",
        widget=DATE_INPUT,
    )
    person = SlugChoiceFilter(Person, label="Person")
    organisation = SlugChoiceFilter(Organisation, label="Organisation")
    place = SlugChoiceFilter(Place, label="Place")
    initiative = SlugChoiceFilter(Initiative, label="Initiative")
    event = SlugChoiceFilter(Event, label="Event")
    publisher = filters.ModelChoiceFilter(
        queryset=Publisher.objects.all(), to_field_name="slug", label="Publisher"
    )
    language = filters.ChoiceFilter(choices=Language.choices, label="Language")
    sort = SortFilter(
        {
            "-date": ("Newest first", [F("published_on").desc(nulls_last=True), Lower("headline")]),
            "date": ("Oldest first", [F("published_on").asc(nulls_last=True), Lower("headline")]),
            "headline": ("Headline A–Z", [Lower("headline")]),
            "-headline": ("Headline Z–A", [Lower("headline").desc()]),
        },
        default="-date",
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = DateRangeForm

    def filter_linked(self, queryset, name, records):
        for record in records:  # each value narrows: linked to all of them
            queryset = queryset.linked_to(record)
        return queryset

    def filter_ends_on_or_after(self, queryset, name, value):
        """An article dated to the month or year matches if its period reaches the date
        (date_before needs nothing more: a period starts on the stored date)."""
        return queryset.filter(ends_on_or_after(name, value, "date_precision"))


class PersonFilter(filters.FilterSet):
    role = filters.ChoiceFilter(
        choices=[("leader", "Leaders"), *Role.Kind.choices], method="filter_role", label="Role"
    )

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_role(self, queryset, name, value):
        if value == "leader":
            return queryset.leaders()
        return queryset.filter(pk__in=Role.objects.filter(kind=value).values("person_id"))


class OrganisationFilter(filters.FilterSet):
    class Meta:
        model = Organisation
        fields = ["kind"]


class PlaceFilter(filters.FilterSet):
    class Meta:
        model = Place
        fields = ["kind"]


class InitiativeFilter(filters.FilterSet):
    class Meta:
        model = Initiative
        fields = ["kind"]


class EventFilter(filters.FilterSet):
    year = filters.NumberFilter(
        field_name="starts_on", lookup_expr="year", label="Year", **YEAR_BOUNDS
    )

    class Meta:
        model = Event
        fields = ["kind"]


VALUE_BOUNDS = {"min_value": 0, "max_digits": 20, "decimal_places": 2}


FIGURES = [("trade", "Trade figures"), ("other", "Other figures"), ("all", "All figures")]


class FactFilter(filters.FilterSet):
    figures = filters.ChoiceFilter(
        choices=FIGURES, method="filter_figures", label="Figures", empty_label=None
    )
    kind = filters.ChoiceFilter(choices=TradeFact.Kind.choices, label="Kind")
    unit = filters.AllValuesFilter(label="Unit", widget=QuickSelect)  # hundreds of units
    year = filters.NumberFilter(method="filter_year", label="Year", **YEAR_BOUNDS)
    person = filters.ModelChoiceFilter(
        field_name="speaker", queryset=Person.objects.all(), to_field_name="slug", label="Speaker"
    )
    organisation = filters.ModelChoiceFilter(
        field_name="subject_organisation",
        queryset=Organisation.objects.all(),
        to_field_name="slug",
        label="Organisation",
    )
    place = filters.ModelChoiceFilter(
        field_name="subject_place",
        queryset=Place.objects.all(),
        to_field_name="slug",
        label="Place",
    )
    initiative = filters.ModelChoiceFilter(
        queryset=Initiative.objects.all(), to_field_name="slug", label="Initiative"
    )
    min_value = filters.NumberFilter(
        field_name="value", lookup_expr="gte", label="Minimum value", **VALUE_BOUNDS
    )
    max_value = filters.NumberFilter(
        field_name="value", lookup_expr="lte", label="Maximum value", **VALUE_BOUNDS
    )
    sort = SortFilter(
        {
            "-date": ("Newest article first", ["-article__published_on", "article_id", "start"]),
            "date": ("Oldest article first", ["article__published_on", "article_id", "start"]),
            "-value": ("Largest value first", ["-value"]),
            "value": ("Smallest value first", ["value"]),
        },
        default="-date",
    )

    class Meta:
        model = TradeFact
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        self.figures_by_default = data is not None and not {"figures", "kind"} & set(data)
        if self.figures_by_default:  # trade figures unless others are asked for, everywhere
            data = data.copy()
            data["figures"] = "trade"
        super().__init__(data, *args, **kwargs)

    def filter_figures(self, queryset, name, value):
        """Trade figures, the others (NON_TRADE_KINDS), or all: trade unless `figures` or
        `kind` says otherwise, on the page, its downloads and the API alike."""
        if value == "trade":
            return queryset.exclude(kind__in=NON_TRADE_KINDS)
        if value == "other":
            return queryset.filter(kind__in=NON_TRADE_KINDS)
        return queryset

    def filter_year(self, queryset, name, value):
        """The year the fact refers to, or else the year of its article."""
        year = Coalesce("period_year", year_of("article__published_on"))
        return queryset.alias(fact_year=year).filter(fact_year=value)


class QuoteFilter(filters.FilterSet):
    """The API's quotes: by who said them, or by article."""

    person = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), to_field_name="slug", label="Speaker"
    )
    article = filters.ModelChoiceFilter(
        queryset=Article.objects.only("pk", "slug"), to_field_name="slug", label="Article"
    )

    class Meta:
        model = Quote
        fields: list[str] = []


class QuotePageFilter(filters.FilterSet):
    """The /quotes/ page: by speaker, article, language or year."""

    speaker = filters.ModelChoiceFilter(
        field_name="person", queryset=Person.objects.all(), to_field_name="slug", label="Speaker"
    )
    article = filters.ModelChoiceFilter(
        queryset=Article.objects.only("pk", "slug", "headline"),
        to_field_name="slug",
        label="Article",
    )
    language = filters.ChoiceFilter(
        field_name="article__language", choices=Language.choices, label="Language"
    )
    year = filters.NumberFilter(
        field_name="article__published_on", lookup_expr="year", label="Year", **YEAR_BOUNDS
    )
    sort = SortFilter(
        {
            "-date": ("Newest article first", ["-article__published_on", "article_id", "start"]),
            "date": ("Oldest article first", ["article__published_on", "article_id", "start"]),
            "speaker": ("Speaker A–Z", ["person__name", "article_id", "start"]),
        },
        default="-date",
    )

    class Meta:
        model = Quote
        fields: list[str] = []
