"""The API's JSON shapes: articles with their passages, records, trade facts and quotes."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import (
    Article,
    Event,
    Initiative,
    Mention,
    Organisation,
    Person,
    Place,
    Quote,
    TradeFact,
)


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request else path


def date_at_precision(day, precision: str) -> str | None:
    """A date as precisely as it is known: "2016", "2016-09" or "2016-09-03"."""
    if day is None or precision == "unknown":
        return None
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(precision, day.isoformat())


class RecordRefSerializer(serializers.Serializer):
    """A person, organisation, place, initiative or event, as named by another row."""

    kind = serializers.SerializerMethodField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_kind(self, record) -> str:
        return record._meta.model_name

    def get_url(self, record) -> str:
        return absolute(self.context.get("request"), record.get_absolute_url())


def ref(record, context) -> dict | None:
    return RecordRefSerializer(record, context=context).data if record else None


class ArticleDateSerializer(serializers.Serializer):
    value = serializers.CharField(allow_null=True, help_text="As precise as it is known.")
    first_day = serializers.DateField(allow_null=True, help_text="Sorting date: the first day.")
    precision = serializers.ChoiceField(choices=["day", "month", "year", "unknown"])
    basis = serializers.ChoiceField(choices=["stated", "external", "inferred"])
    note = serializers.CharField(allow_blank=True)


class ArticleSerializer(serializers.ModelSerializer):
    """An article as a list shows it: metadata and where its source is."""

    publisher = serializers.SerializerMethodField()
    date = serializers.SerializerMethodField()
    dateline = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The article's page in the archive.")
    api_url = serializers.SerializerMethodField()
    raw_url = serializers.SerializerMethodField(help_text="The source text, byte for byte.")
    source_url = serializers.CharField(source="url", help_text="Where it was published.")

    class Meta:
        model = Article
        fields = [
            "slug",
            "headline",
            "headline_basis",
            "publisher",
            "publisher_basis",
            "language",
            "date",
            "dateline",
            "credits",
            "url",
            "api_url",
            "source_url",
            "raw_url",
            "raw_sha256",
            "source_name",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"name": {"type": "string"}, "slug": {"type": "string"}},
            "required": ["name", "slug"],
        }
    )
    def get_publisher(self, article) -> dict:
        return {"name": article.publisher.name, "slug": article.publisher.slug}

    @extend_schema_field(ArticleDateSerializer)
    def get_date(self, article) -> dict:
        return {
            "value": date_at_precision(article.published_on, article.date_precision),
            "first_day": article.published_on.isoformat() if article.published_on else None,
            "precision": article.date_precision,
            "basis": article.date_basis,
            "note": article.date_note,
        }

    @extend_schema_field(RecordRefSerializer(allow_null=True))
    def get_dateline(self, article) -> dict | None:
        return ref(article.dateline, self.context)

    def get_url(self, article) -> str:
        return absolute(self.context.get("request"), article.get_absolute_url())

    def get_api_url(self, article) -> str:
        return absolute(
            self.context.get("request"), reverse("api:article-detail", args=[article.slug])
        )

    def get_raw_url(self, article) -> str:
        return absolute(
            self.context.get("request"), reverse("articles:article-raw", args=[article.slug])
        )


class PassageFields(serializers.Serializer):
    in_headline = serializers.BooleanField(
        help_text="Whether the offsets are into the headline rather than the body."
    )
    start = serializers.IntegerField(
        help_text="Offset of the passage's first character in the body (or the headline)."
    )
    end = serializers.IntegerField(help_text="Offset just past its last character.")


class MentionSerializer(PassageFields, serializers.ModelSerializer):
    record = serializers.SerializerMethodField()

    class Meta:
        model = Mention
        fields = ["surface", "in_headline", "start", "end", "record"]

    @extend_schema_field(RecordRefSerializer)
    def get_record(self, mention) -> dict:
        return ref(mention.entity, self.context)


class ArticleRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    headline = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, article) -> str:
        return absolute(self.context.get("request"), article.get_absolute_url())


class TradeFactSerializer(PassageFields, serializers.ModelSerializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=2, coerce_to_string=True)
    url = serializers.SerializerMethodField()
    article = ArticleRefSerializer()
    speaker = RecordRefSerializer(allow_null=True)
    subject_organisation = RecordRefSerializer(allow_null=True)
    subject_place = RecordRefSerializer(allow_null=True)
    initiative = RecordRefSerializer(allow_null=True)
    event = RecordRefSerializer(allow_null=True)

    class Meta:
        model = TradeFact
        fields = [
            "id",
            "figure",
            "kind",
            "value",
            "unit",
            "qualifier",
            "period",
            "period_year",
            "passage",
            "in_headline",
            "start",
            "end",
            "article",
            "speaker",
            "subject_organisation",
            "subject_place",
            "initiative",
            "event",
            "note",
            "url",
        ]

    def get_url(self, fact) -> str:
        return absolute(self.context.get("request"), fact.get_absolute_url())


class QuoteSerializer(PassageFields, serializers.ModelSerializer):
    person = RecordRefSerializer()
    article = ArticleRefSerializer()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Quote
        fields = ["id", "person", "text", "in_headline", "start", "end", "article", "note", "url"]

    def get_url(self, quote) -> str:
        return absolute(self.context.get("request"), quote.get_absolute_url())


class ArticleFactSerializer(TradeFactSerializer):
    class Meta(TradeFactSerializer.Meta):
        fields = [name for name in TradeFactSerializer.Meta.fields if name != "article"]


class ArticleQuoteSerializer(QuoteSerializer):
    class Meta(QuoteSerializer.Meta):
        fields = [name for name in QuoteSerializer.Meta.fields if name != "article"]


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its body and the passages the archive ties to it."""

    facts = ArticleFactSerializer(many=True, read_only=True)
    quotes = ArticleQuoteSerializer(many=True, read_only=True)
    mentions = MentionSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "facts", "quotes", "mentions"]


# Records --------------------------------------------------------------------------------------


class RecordSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    aliases = serializers.SerializerMethodField()

    class Meta:
        fields = ["slug", "name", "description", "aliases", "url"]

    def get_url(self, record) -> str:
        return absolute(self.context.get("request"), record.get_absolute_url())

    def get_aliases(self, record) -> list[str]:
        return [alias.name for alias in record.aliases.all()]


def slug_of() -> serializers.SlugRelatedField:
    """A related record by its slug."""
    return serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)


class PersonSerializer(RecordSerializer):
    roles = serializers.SerializerMethodField()

    class Meta(RecordSerializer.Meta):
        model = Person
        fields = [*RecordSerializer.Meta.fields, "roles"]

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "kind": {"type": "string"},
                    "organisation": {"type": "string", "nullable": True},
                    "place": {"type": "string", "nullable": True},
                    "start_year": {"type": "integer", "nullable": True},
                    "end_year": {"type": "integer", "nullable": True},
                },
            },
        }
    )
    def get_roles(self, person) -> list[dict]:
        return [
            {
                "title": role.title,
                "kind": role.kind,
                "organisation": role.organisation.slug if role.organisation else None,
                "place": role.place.slug if role.place else None,
                "start_year": role.start_year,
                "end_year": role.end_year,
            }
            for role in person.roles.all()
        ]


class OrganisationSerializer(RecordSerializer):
    parent = slug_of()
    country = slug_of()

    class Meta(RecordSerializer.Meta):
        model = Organisation
        fields = [*RecordSerializer.Meta.fields, "kind", "parent", "country", "website"]


class PlaceSerializer(RecordSerializer):
    parent = slug_of()

    class Meta(RecordSerializer.Meta):
        model = Place
        fields = [*RecordSerializer.Meta.fields, "name_fr", "kind", "parent"]


class InitiativeSerializer(RecordSerializer):
    class Meta(RecordSerializer.Meta):
        model = Initiative
        fields = [
            *RecordSerializer.Meta.fields,
            "name_fr",
            "kind",
            "started_on",
            "date_precision",
            "date_basis",
        ]


class EventSerializer(RecordSerializer):
    place = slug_of()

    class Meta(RecordSerializer.Meta):
        model = Event
        fields = [
            *RecordSerializer.Meta.fields,
            "kind",
            "starts_on",
            "ends_on",
            "date_precision",
            "date_basis",
            "place",
        ]
