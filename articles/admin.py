"""The editors' admin: every record, with search, filters and the relations edited together."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

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
from articles.services import records_merge
from articles.text import PassageNotFound, fold, locate_passage


class PassageForm(forms.ModelForm):
    """Ties a fact, quote or mention to its passage: paste the passage and the offsets are
    found in the article's body; offsets typed by hand are checked against it."""

    text_field = "passage"
    occurrence = forms.IntegerField(
        required=False,
        min_value=1,
        help_text="If the passage occurs more than once in the article, which one (1, 2...).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (self.text_field, "start", "end"):  # one or the other is enough
            if name in self.fields:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        article = data.get("article") or getattr(self.instance, "article", None)
        if article is None or self.errors:
            return data
        text, start, end = data.get(self.text_field), data.get("start"), data.get("end")
        if text:
            try:
                start, end = locate_passage(article.body, text, data.get("occurrence"))
            except PassageNotFound as error:
                raise forms.ValidationError({self.text_field: str(error)}) from None
        elif start is not None and end is not None:
            if not 0 <= start < end <= len(article.body):
                raise forms.ValidationError({"end": "These offsets are not inside the article."})
        else:
            raise forms.ValidationError({self.text_field: "Paste the passage from the article."})
        data["start"], data["end"] = start, end
        data[self.text_field] = article.body[start:end]
        self.instance.start, self.instance.end = start, end
        return data


class FactForm(PassageForm):
    def clean(self):
        data = super().clean()
        figure, passage = data.get("figure"), data.get("passage")
        if (
            figure
            and passage
            and fold(figure, keep_accents=True) not in fold(passage, keep_accents=True)
        ):
            raise forms.ValidationError({"figure": "The figure must be written in the passage."})
        return data


class QuoteForm(PassageForm):
    text_field = "text"


class MentionForm(PassageForm):
    text_field = "surface"


@admin.action(description="Merge the selected records into one", permissions=["change"])
def merge_selected(modeladmin, request, queryset):
    """Asks which record to keep, then calls records_merge()."""
    records = list(queryset.order_by("pk"))
    if len(records) < 2:
        modeladmin.message_user(request, "Select two or more records to merge.", messages.WARNING)
        return None
    keep_pk = request.POST.get("keep")
    if keep_pk and request.POST.get("confirm"):
        keep = next((r for r in records if str(r.pk) == keep_pk), None)
        if keep is None:
            modeladmin.message_user(request, "Choose one of the selected records.", messages.ERROR)
            return None
        result = records_merge(keep=keep, duplicates=[r for r in records if r.pk != keep.pk])
        moved = ", ".join(f"{n} {label}" for label, n in result.moved.items()) or "nothing"
        modeladmin.message_user(
            request,
            f"Merged {', '.join(result.merged)} into {keep}; moved {moved}.",
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/articles/merge_confirm.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge {queryset.model._meta.verbose_name_plural}",
            "records": records,
            "opts": queryset.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class AliasInline(admin.StackedInline):  # stacked: every field has its own label
    model = Alias
    extra = 0
    fields = ("name", "language", "case_sensitive")


class RoleInline(admin.StackedInline):
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


class QuoteInline(admin.StackedInline):
    model = Quote
    form = QuoteForm
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(Publisher)
class PublisherAdmin(SimpleHistoryAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
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
class PersonAdmin(SimpleHistoryAdmin):
    actions = (merge_selected,)
    list_display = ("name", "slug")
    search_fields = ("name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RoleInline, AliasInline)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    actions = (merge_selected,)
    list_display = ("name", "kind", "parent", "country")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Place)
class PlaceAdmin(SimpleHistoryAdmin):
    actions = (merge_selected,)
    list_display = ("name", "name_fr", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "name_fr", "aliases__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "started_on", "date_precision")
    list_filter = ("kind",)
    search_fields = ("name", "name_fr", "aliases__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("people", "organisations", "places")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "starts_on", "date_precision", "place")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("place", "people", "organisations", "initiatives", "articles")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(TradeFact)
class TradeFactAdmin(SimpleHistoryAdmin):
    form = FactForm
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


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    form = QuoteForm
    list_display = ("person", "text", "article")
    search_fields = ("text", "person__name")
    autocomplete_fields = ("article", "person")


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):  # derived from the text: no history
    form = MentionForm
    list_display = ("surface", "article", "start", "end")
    search_fields = ("surface",)
    autocomplete_fields = ("article", "person", "organisation", "place", "initiative", "event")


@admin.register(Alias)
class AliasAdmin(SimpleHistoryAdmin):
    list_display = ("name", "language", "case_sensitive")
    search_fields = ("name",)
    autocomplete_fields = ("person", "organisation", "place", "initiative", "event")
