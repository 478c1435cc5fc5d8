"""The admin's shared parts: history pages that answer 404 for an id that is not one,
deletions remembered against the next import, and the action that merges records."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from articles.editing import records_merge, tombstones_record


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
        result = records_merge(
            keep=keep,
            duplicates=[r for r in records if r.pk != keep.pk],
            by=request.user.get_username(),
        )
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
            "records": [(record, record_counts(record)) for record in records],
            "opts": queryset.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def record_counts(record) -> list[str]:
    """What a record holds, to help choose which to keep: its articles (through its mentions),
    then each kind of thing the merge would move ("3 aliases", "1 role"), none left out."""
    counts = []
    if hasattr(record, "mentions"):
        articles = record.mentions.values("article").distinct().count()
        counts.append(f"{articles} article{'' if articles == 1 else 's'}")
    for relation in type(record)._meta.related_objects:
        if relation.hidden:
            continue
        n = getattr(record, relation.get_accessor_name()).count()
        meta = relation.related_model._meta
        within = " within it" if relation.related_model is type(record) else ""
        counts.append(f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}{within}")
    return counts


class RememberDeletions:
    """Records an editor deletes are remembered (Tombstone), so that no import brings them back."""

    def delete_model(self, request, obj):
        with transaction.atomic():
            tombstones_record(records=[obj], by=request.user.get_username())
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            tombstones_record(records=list(queryset), by=request.user.get_username())
            super().delete_queryset(request, queryset)


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose history page answers 404, not 500, for an id that is not one
    (`/admin/articles/article/5/change/history/` asks for the object "5/change")."""

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404(
                f"No {self.model._meta.verbose_name} with the id {object_id!r}."
            ) from None
        return super().history_view(request, object_id, extra_context)


class ArchiveAdmin(RememberDeletions, HistoryAdmin):
    pass
