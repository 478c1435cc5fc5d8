"""The editors' admin: every record, with search, filters and the relations edited together."""

from django.contrib import admin

from articles.models import (
    Alias,
    Article,
    Event,
    Initiative,
    Mention,
    Organisation,
    Person,
    Place,
    Publisher,
    Quote,
    Role,
    TradeFact,
)


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 0
    fields = ("name", "language", "case_sensitive")


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    autocomplete_fields = ("organisation", "place")


class TradeFactInline(admin.StackedInline):
    model = TradeFact
    extra = 0
    fk_name = "article"
    autocomplete_fields = (
        "subject_organisation",
        "subject_place",
        "speaker",
        "initiative",
        "event",
    )
    readonly_fields = ("start", "end", "passage")


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    autocomplete_fields = ("person",)
    readonly_fields = ("start", "end", "text")


@admin.register(Publisher)
class PublisherAdmin(admin.ModelAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("headline", "publisher", "published_on", "date_precision", "language")
    list_filter = ("language", "publisher", "date_precision", "date_basis", "headline_basis")
    search_fields = ("headline", "body", "slug")
    date_hierarchy = "published_on"
    autocomplete_fields = ("publisher", "dateline")
    readonly_fields = ("raw_text", "raw_sha256", "source_name", "imported_at")
    inlines = (TradeFactInline, QuoteInline)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "headline",
                    "headline_basis",
                    "slug",
                    "publisher",
                    "publisher_basis",
                    "url",
                    "credits",
                    "language",
                    "dateline",
                )
            },
        ),
        ("Date", {"fields": ("published_on", "date_precision", "date_basis", "date_note")}),
        ("Text", {"fields": ("body", "raw_text", "raw_sha256", "source_name", "imported_at")}),
    )


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RoleInline, AliasInline)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "country")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "name_fr", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "name_fr", "aliases__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "started_on", "date_precision")
    list_filter = ("kind",)
    search_fields = ("name", "name_fr", "aliases__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("people", "organisations", "places")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "starts_on", "date_precision", "place")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("place", "people", "organisations", "initiatives", "articles")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(TradeFact)
class TradeFactAdmin(admin.ModelAdmin):
    list_display = ("figure", "kind", "value", "unit", "qualifier", "article")
    list_filter = ("kind", "unit", "qualifier")
    search_fields = ("figure", "passage")
    autocomplete_fields = (
        "article",
        "subject_organisation",
        "subject_place",
        "speaker",
        "initiative",
        "event",
    )
    readonly_fields = ("start", "end")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("person", "text", "article")
    search_fields = ("text", "person__name")
    autocomplete_fields = ("article", "person")
    readonly_fields = ("start", "end")


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ("surface", "article", "start", "end")
    search_fields = ("surface",)
    autocomplete_fields = ("article", "person", "organisation", "place", "initiative", "event")


@admin.register(Alias)
class AliasAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "case_sensitive")
    search_fields = ("name",)
    autocomplete_fields = ("person", "organisation", "place", "initiative", "event")
