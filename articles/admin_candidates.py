"""The admin's review queue of candidate records: approve, reject or merge into a record."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils.html import format_html

from articles.candidates import (
    MODELS,
    CandidateReviewError,
    candidate_approve,
    candidate_merge,
    candidate_reject,
)
from articles.models import CandidatePassage, CandidateRecord


class CandidatePassageInline(admin.TabularInline):
    model = CandidatePassage
    fields = ("article", "in_headline", "start", "end", "surface", "context")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="in the text")
    def context(self, passage):
        text = passage.article.text_of(passage.in_headline)
        before = text[max(0, passage.start - 60) : passage.start]
        after = text[passage.end : passage.end + 60]
        name = text[passage.start : passage.end]
        return format_html("…{}<mark>{}</mark>{}…", before, name, after)


def _review(modeladmin, request, queryset, service, verb: str) -> None:
    done, refused = [], []
    for candidate in queryset.order_by("pk"):
        try:
            result = service(candidate=candidate, by=request.user.get_username())
        except CandidateReviewError as error:
            refused.append(str(error))
            continue
        mentions = f" ({result.mentions} mentions linked)" if result else ""
        done.append(f"{candidate.name}{mentions}")
    if done:
        modeladmin.message_user(request, f"{verb}: {', '.join(done)}.", messages.SUCCESS)
    for reason in refused:
        modeladmin.message_user(request, reason, messages.WARNING)


@admin.action(description="Approve: create the records and link their mentions")
def approve_candidates(modeladmin, request, queryset):
    _review(modeladmin, request, queryset, candidate_approve, "Approved")


@admin.action(description="Reject: do not propose these names again")
def reject_candidates(modeladmin, request, queryset):
    _review(modeladmin, request, queryset, candidate_reject, "Rejected")


class MergeForm(forms.Form):
    record = forms.ModelChoiceField(queryset=None, label="Existing record")

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = MODELS[kind].objects.order_by("name", "slug")


@admin.action(description="Merge into an existing record (adds the name as an alias)")
def merge_candidate(modeladmin, request, queryset):
    candidates = list(queryset[:2])
    if len(candidates) != 1:
        modeladmin.message_user(request, "Select one candidate to merge.", messages.WARNING)
        return None
    [candidate] = candidates
    form = MergeForm(request.POST if "apply" in request.POST else None, kind=candidate.kind)
    if form.is_bound and form.is_valid():
        record = form.cleaned_data["record"]
        try:
            result = candidate_merge(
                candidate=candidate, record=record, by=request.user.get_username()
            )
        except CandidateReviewError as error:
            modeladmin.message_user(request, str(error), messages.WARNING)
            return None
        modeladmin.message_user(
            request,
            f"Merged {candidate.name} into {record} ({result.mentions} mentions linked).",
            messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/articles/candidate_merge.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": f"Merge “{candidate.name}” into an existing {candidate.kind}",
            "candidate": candidate,
            "form": form,
            "opts": CandidateRecord._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(CandidateRecord)
class CandidateRecordAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "status", "passages_count", "proposed_at")
    list_editable = ("kind",)
    list_filter = ("status", "kind", "language")
    search_fields = ("name",)
    date_hierarchy = "proposed_at"
    readonly_fields = (
        "name",
        "status",
        "language",
        "person",
        "organisation",
        "place",
        "proposed_at",
        "reviewed_at",
        "reviewed_by",
    )
    fields = ("name", "kind", *readonly_fields[1:])
    inlines = [CandidatePassageInline]
    actions = [approve_candidates, reject_candidates, merge_candidate]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(passage_count=Count("passages"))

    @admin.display(description="passages", ordering="passage_count")
    def passages_count(self, candidate):
        return candidate.passage_count

    def has_add_permission(self, request):
        return False  # candidates come from imports
