"""The admin's ways in: "Add article" from pasted text or a file, with a preview, and
"Import files" for several at once, both through the command's pipeline (articles.importing).
"""

import base64

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.importing import NameIndex
from articles.importing.files import draft_import, slug_free
from articles.importing.ingest import upload_drafts
from articles.importing.sources import MAX_SOURCE_BYTES, SourceRefused
from articles.models import Article, Language, PossibleDuplicate

SIGNING_SALT = "articles.admin_import.source"


class SourceForm(forms.Form):
    text = forms.CharField(
        label="Pasted text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text="The article as copied from its page (page furniture is removed), or its HTML.",
    )
    file = forms.FileField(
        label="Or a file",
        required=False,
        help_text="A plain text, a saved web page (.html, .htm, .gz) or a web archive (.warc).",
    )
    headline = forms.CharField(
        max_length=300, required=False, help_text="If empty, the page's title or first line."
    )
    publisher = forms.CharField(
        max_length=200, required=False, help_text="Used when the source names no publisher."
    )
    language = forms.ChoiceField(
        choices=[("", "as declared, or detected")] + list(Language.choices), required=False
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if bool(upload) == bool(text):
            raise forms.ValidationError("Paste a text or choose a file (one of the two).")
        if upload and upload.size > MAX_SOURCE_BYTES:
            raise forms.ValidationError(
                f"{upload.name}: larger than the {MAX_SOURCE_BYTES // 2**20} MB limit."
            )
        if upload:
            data["name"], data["data"] = upload.name, upload.read()
        else:
            data["name"], data["data"] = "pasted text", text.encode("utf-8")
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)  # refused with the others, by name
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        return (
            [single(item, initial) for item in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
        )


class FilesForm(forms.Form):
    files = MultipleFileField(
        help_text="Plain texts, saved web pages, web archives or feeds; each is imported on its "
        "own, and a bad one does not stop the others."
    )
    publisher = forms.CharField(
        max_length=200, required=False, help_text="Used when a source names no publisher."
    )


def _drafts(data: dict) -> list:
    options = {
        "publisher": data.get("publisher") or "",
        "language": data.get("language") or "",
        "preview": True,
    }
    if data.get("headline"):
        options["headline"] = data["headline"]
    return upload_drafts(data["data"], data["name"], **options)


def _already(draft) -> Article | None:
    return Article.objects.filter(raw_sha256=draft.spec.raw_sha256).first()


class PossibleDuplicateInline(admin.TabularInline):
    model = PossibleDuplicate
    fk_name = "article"
    fields = ("original_link", "similarity", "reviewed")
    readonly_fields = ("original_link", "similarity")
    extra = 0
    verbose_name = "possible duplicate of"
    verbose_name_plural = "possible duplicate of (a near copy already in the archive)"

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="article")
    def original_link(self, flag):
        url = reverse("admin:articles_article_change", args=[flag.original_id])
        return format_html('<a href="{}">{}</a>', url, flag.original)


class ArticleImportAdminMixin:
    """For ArticleAdmin: the add page takes a source and shows a preview before saving."""

    def get_urls(self):
        extra = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_files_view),
                name="articles_article_import",
            )
        ]
        return extra + super().get_urls()

    def get_inlines(self, request, obj):
        return (*super().get_inlines(request, obj), PossibleDuplicateInline)

    def get_list_display(self, request):
        return (*super().get_list_display(request), "duplicate_flag")

    @admin.display(description="possible duplicate of")
    def duplicate_flag(self, article):
        flag = article.duplicate_flags.filter(reviewed=False).select_related("original").first()
        return flag.original.headline if flag else ""

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse("admin:articles_article_import"),
        }
        return super().changelist_view(request, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add article",
            "import_url": reverse("admin:articles_article_import"),
        }
        if request.method == "POST" and request.POST.get("confirm"):
            return self._add_confirm(request, context)
        form = SourceForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                drafts = _drafts(form.cleaned_data)
            except SourceRefused as error:
                form.add_error(None, str(error))
            else:
                context |= self._preview(drafts, form.cleaned_data)
        context["form"] = form
        status = 400 if form.errors else 200  # a refused source is bad input
        return TemplateResponse(
            request, "admin/articles/article_add_source.html", context, status=status
        )

    def _preview(self, drafts, data) -> dict:
        rows = []
        for draft in drafts:
            existing = _already(draft)
            rows.append(
                {
                    "draft": draft,
                    "slug": slug_free(draft.spec),
                    "existing": existing,
                    "existing_url": existing
                    and reverse("admin:articles_article_change", args=[existing.pk]),
                }
            )
        token = signing.dumps(
            {
                "name": data["name"],
                "data": base64.b64encode(data["data"]).decode("ascii"),
                "headline": data.get("headline") or "",
                "publisher": data.get("publisher") or "",
                "language": data.get("language") or "",
            },
            salt=SIGNING_SALT,
            compress=True,
        )
        return {"rows": rows, "token": token, "can_save": any(not r["existing"] for r in rows)}

    def _add_confirm(self, request, context):
        try:
            data = signing.loads(request.POST["token"], salt=SIGNING_SALT)
        except (KeyError, signing.BadSignature):
            messages.error(request, "The preview expired or was altered: add the source again.")
            return HttpResponseRedirect(request.path)
        data["data"] = base64.b64decode(data["data"])
        try:
            drafts = _drafts(data)
        except SourceRefused as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        index, last = NameIndex.build(), None
        for draft in drafts:
            existing = _already(draft)
            if existing:
                messages.warning(request, f"Already in the archive: {existing.slug}.")
                continue
            done = draft_import(draft, index=index)
            last = done.article
            mentions, candidates = (
                last.mentions.count(),
                last.facts.filter(status="candidate").count(),
            )
            messages.success(
                request,
                f"Imported “{last.headline}” ({last.slug}): {mentions} names linked, "
                f"{candidates} candidate facts to review.",
            )
            for flag in done.duplicates:
                messages.warning(
                    request, f"{last.slug}: possible duplicate of {flag.original.slug}."
                )
        if last is None:
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[last.pk]))

    def import_files_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FilesForm(request.POST or None, request.FILES or None)
        results = []
        if request.method == "POST" and form.is_valid():
            index = NameIndex.build()
            publisher = form.cleaned_data.get("publisher") or ""
            for upload in form.cleaned_data["files"]:
                results.append(self._import_upload(upload, publisher, index))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import files",
            "form": form,
            "results": results,
        }
        refused_all = bool(results) and all("refused" in result for result in results)
        return TemplateResponse(
            request,
            "admin/articles/article_import_files.html",
            context,
            status=400 if refused_all else 200,  # every file refused: nothing was imported
        )

    def _import_upload(self, upload, publisher: str, index) -> dict:
        if upload.size > MAX_SOURCE_BYTES:
            limit = MAX_SOURCE_BYTES // 2**20
            return {"name": upload.name, "refused": f"larger than the {limit} MB limit"}
        try:
            drafts = upload_drafts(upload.read(), upload.name, publisher=publisher)
        except SourceRefused as error:
            return {"name": upload.name, "refused": str(error).removeprefix(f"{upload.name}: ")}
        articles = []
        for draft in drafts:
            existing = _already(draft)
            if existing:
                articles.append({"article": existing, "state": "already in the archive"})
                continue
            done = draft_import(draft, index=index)
            duplicates = [flag.original for flag in done.duplicates]
            articles.append(
                {"article": done.article, "state": "imported", "duplicates": duplicates}
            )
        return {"name": upload.name, "articles": articles}
