"""The editors' admin: every record, with search, filters and the relations edited together."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from articles.admin_base import ArchiveAdmin, HistoryAdmin, RememberDeletions, merge_selected
from articles.admin_import import ArticleImportAdminMixin
from articles.editing import facts_review
from articles.forms import FactForm, MentionForm, QuoteForm
from articles.importing import passages_follow
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
    Tombstone,
    TradeFact,
)
from articles.templatetags.archive_tags import date_parts


class AliasInline(admin.StackedInline):  # stacked: every field has its own label
    model = Alias
    extra = 0
    fields = ("name", "language", "case_sensitive")


class RoleInline(admin.StackedInline):
    model = Role
    extra = 0
    autocomplete_fields = ("organisation", "place")


class AddOnlyInline:
    """An inline for adding only: the article's existing items are a linked list above
    (ArticleAdmin.linked), so the change form stays short however many there are."""

    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class TradeFactInline(AddOnlyInline, admin.StackedInline):
    model = TradeFact
    form = FactForm  # paste the passage: its offsets are found (else start is NULL: a 500)
    verbose_name_plural = "Add trade facts"
    fk_name = "article"
    autocomplete_fields = (
        "subject_organisation",
        "subject_place",
        "speaker",
        "initiative",
        "event",
    )
    readonly_fields = ("in_headline", "start", "end", "anchored")


class QuoteInline(AddOnlyInline, admin.StackedInline):
    model = Quote
    form = QuoteForm
    verbose_name_plural = "Add quotes"
    autocomplete_fields = ("person",)
    readonly_fields = ("in_headline", "anchored")


def mention_label(mention) -> str:
    entity = str(mention.entity)
    return mention.surface if mention.surface == entity else f"{mention.surface} → {entity}"


def linked_list(article, items, model, label) -> str:
    """Each item linked to its change page, then a link to all of them in their list."""
    if article.pk is None:
        return "—"
    opts = model._meta
    links = format_html_join(
        "",
        '<li><a href="{}">{}</a></li>',
        (
            (reverse(f"admin:articles_{opts.model_name}_change", args=[i.pk]), label(i))
            for i in items
        ),
    )
    changelist = reverse(f"admin:articles_{opts.model_name}_changelist")
    return format_html(
        '<ol class="linked-list">{}</ol><p><a href="{}?article__id__exact={}">These {} {} in '
        "their list →</a></p>",
        links or mark_safe("<li>None yet.</li>"),
        changelist,
        article.pk,
        len(items),
        opts.verbose_name_plural,
    )


@admin.register(Publisher)
class PublisherAdmin(HistoryAdmin):
    list_display = ("name", "website")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(ArticleImportAdminMixin, ArchiveAdmin):
    list_display = ("headline", "publisher", "published", "language")
    list_filter = ("language", "publisher", "date_precision", "date_basis", "headline_basis")
    search_fields = ("headline", "body", "slug")
    date_hierarchy = "published_on"
    autocomplete_fields = ("publisher", "dateline")
    readonly_fields = (
        "raw_text",
        "raw_sha256",
        "source_name",
        "imported_at",
        "facts_listed",
        "quotes_listed",
        "mentions_listed",
    )
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
        (
            "Date",
            {
                "fields": ("published_on", "date_precision", "date_basis", "date_note"),
                "classes": ("collapse",),
            },
        ),
        (
            "Text",
            {
                "fields": ("body", "raw_text", "raw_sha256", "source_name", "imported_at"),
                "classes": ("collapse",),
            },
        ),
        (
            "Facts, quotes and mentions",
            {"fields": ("facts_listed", "quotes_listed", "mentions_listed")},
        ),
    )

    @admin.display(description="Trade facts")
    def facts_listed(self, article):
        facts = list(article.facts.order_by("-in_headline", "start", "pk")) if article.pk else []
        return linked_list(
            article, facts, TradeFact, lambda f: f"{f.figure} ({f.get_kind_display()})"
        )

    @admin.display(description="Quotes")
    def quotes_listed(self, article):
        quotes = (
            list(article.quotes.select_related("person").order_by("-in_headline", "start"))
            if article.pk
            else []
        )
        return linked_list(
            article, quotes, Quote, lambda q: f"{q.person.name}: “{Truncator(q.text).chars(90)}”"
        )

    @admin.display(description="Mentions")
    def mentions_listed(self, article):
        """Delete a wrong one from its own page: it is not linked again."""
        mentions = list(article.mentions.order_by("-in_headline", "start")) if article.pk else []
        return linked_list(article, mentions, Mention, mention_label)

    @admin.display(description="Published", ordering="published_on")
    def published(self, article):
        """The date only as precisely as it is known: “September 2017”, “2016”."""
        return date_parts(article.published_on, article.date_precision)[1]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and {"headline", "body"} & set(form.changed_data):  # passages follow the text
            flagged = passages_follow(article=obj)
            if flagged:
                self.message_user(
                    request,
                    f"{flagged} fact(s), quote(s) or mention(s) are no longer in the text: they "
                    "are hidden from the site and listed for review.",
                    messages.WARNING,
                )


@admin.register(Person)
class PersonAdmin(ArchiveAdmin):
    actions = (merge_selected,)
    list_display = ("name", "slug")
    search_fields = ("name", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (RoleInline, AliasInline)


@admin.register(Organisation)
class OrganisationAdmin(ArchiveAdmin):
    actions = (merge_selected,)
    list_display = ("name", "kind", "parent", "country")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name")
    autocomplete_fields = ("parent", "country")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


@admin.register(Place)
class PlaceAdmin(ArchiveAdmin):
    actions = (merge_selected,)
    list_display = ("name", "name_fr", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "name_fr", "aliases__name")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


class InitiativeEventInline(admin.TabularInline):
    model = Event.initiatives.through
    extra = 0
    autocomplete_fields = ("event",)
    verbose_name = "event"
    verbose_name_plural = "events of this initiative"


@admin.register(Initiative)
class InitiativeAdmin(ArchiveAdmin):
    list_display = ("name", "kind", "started_on", "date_precision")
    list_filter = ("kind",)
    search_fields = ("name", "name_fr", "aliases__name")
    date_hierarchy = "started_on"
    autocomplete_fields = ("people", "organisations", "places")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (InitiativeEventInline, AliasInline)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Event.initiatives.through:  # the link is the event's: its history
            links = formset.new_objects + formset.deleted_objects
            links += [link for link, _ in formset.changed_objects]
            for event in {link.event for link in links}:
                event._change_reason = f"initiatives edited from {form.instance}"
                event.save()


@admin.register(Event)
class EventAdmin(ArchiveAdmin):
    list_display = ("name", "kind", "starts_on", "date_precision", "place")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name")
    date_hierarchy = "starts_on"
    autocomplete_fields = ("place", "people", "organisations", "initiatives", "articles")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (AliasInline,)


class ReviewFilter(admin.SimpleListFilter):
    """The review queue: facts proposed by an import, and passages a re-import lost."""

    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("queue", "To review (all)"),
            ("candidate", "Candidates proposed by import"),
            ("lost", "Passage no longer in the text"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "queue":
            return queryset.to_review()
        if self.value() == "candidate":
            return queryset.filter(status=TradeFact.Status.CANDIDATE)
        if self.value() == "lost":
            return queryset.filter(anchored=False)
        return queryset


def _status_set(modeladmin, request, queryset, status: str, verb: str) -> None:
    facts = facts_review(facts=queryset, status=status, verb=verb, user=request.user)
    lost = sum(not fact.anchored for fact in facts)
    note = f"; {lost} of them must first be tied again to a passage in the text" if lost else ""
    modeladmin.message_user(request, f"{len(facts)} trade fact(s) {verb}{note}.", messages.SUCCESS)


@admin.action(description="Approve the selected facts (show them on the site)")
def approve_selected(modeladmin, request, queryset):
    _status_set(modeladmin, request, queryset, TradeFact.Status.APPROVED, "approved")


@admin.action(description="Reject the selected facts")
def reject_selected(modeladmin, request, queryset):
    _status_set(modeladmin, request, queryset, TradeFact.Status.REJECTED, "rejected")


@admin.register(TradeFact)
class TradeFactAdmin(HistoryAdmin):
    form = FactForm
    actions = (approve_selected, reject_selected)
    list_display = (
        "figure",
        "passage_shown",
        "kind",
        "qualifier",
        "value",
        "unit",
        "status",
        "article",
    )
    list_editable = ("kind", "qualifier", "value", "unit")  # correct candidates in bulk
    list_filter = (ReviewFilter, "status", "anchored", "kind", "qualifier")
    list_select_related = ("article",)
    readonly_fields = ("in_headline", "anchored")
    search_fields = ("figure", "passage")
    autocomplete_fields = (
        "article",
        "subject_organisation",
        "subject_place",
        "speaker",
        "initiative",
        "event",
    )

    @admin.display(description="passage", ordering="passage")
    def passage_shown(self, fact):
        """The passage around its figure, the figure marked (cut at 80 characters each side)."""
        passage, at = fact.passage, fact.passage.find(fact.figure)
        if at == -1:
            shown = escape(passage if len(passage) <= 160 else passage[:157] + "…")
        else:
            left, right = max(0, at - 80), min(len(passage), at + len(fact.figure) + 80)
            shown = format_html(
                "{}{}<mark>{}</mark>{}{}",
                "…" if left else "",
                passage[left:at],
                fact.figure,
                passage[at + len(fact.figure) : right],
                "…" if right < len(passage) else "",
            )
        if not fact.anchored:
            return format_html("{} [no longer in the text]", shown)
        return shown


@admin.register(Quote)
class QuoteAdmin(HistoryAdmin):
    form = QuoteForm
    list_display = ("person", "text", "article", "anchored")
    list_filter = ("anchored",)
    readonly_fields = ("in_headline", "anchored")
    search_fields = ("text", "person__name")
    autocomplete_fields = ("article", "person")


@admin.register(Mention)
class MentionAdmin(RememberDeletions, admin.ModelAdmin):  # derived from the text: no history
    form = MentionForm
    list_display = ("surface", "article", "in_headline", "start", "end", "anchored")
    list_filter = ("anchored", "in_headline")
    readonly_fields = ("in_headline", "anchored")
    search_fields = ("surface",)
    autocomplete_fields = ("article", "person", "organisation", "place", "initiative", "event")


@admin.register(Alias)
class AliasAdmin(HistoryAdmin):
    list_display = ("name", "language", "case_sensitive")
    search_fields = ("name",)
    autocomplete_fields = ("person", "organisation", "place", "initiative", "event")


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """Records deleted or merged away. Delete an entry to let the next import bring it back."""

    list_display = ("kind", "label", "reason", "merged_into", "at", "by")
    list_filter = ("kind", "reason")
    search_fields = ("key", "label")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.site_header = "Alibaba & Canada news archive: editors"
admin.site.site_title = "Archive editors"
admin.site.index_title = "Records, passages and the review queue"
admin.site.enable_nav_sidebar = False  # its 270 px are the review queue's last columns at 1366 px

from articles import admin_candidates  # noqa: E402, F401  (the candidate-record queue)
