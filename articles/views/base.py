"""What the pages share: filtered lists with 400 for bad parameters, links that keep the query."""

import datetime

from django.urls import reverse
from django.views.generic import ListView

from articles import exports
from articles.choices import RECORD_FIELDS
from articles.templatetags.archive_tags import date_parts


def edit_url(request, record) -> str:
    """The admin change page of a record, for an editor allowed to change it; else ""."""
    opts = record._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return ""
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def query_url(request, **changes) -> str:
    """The current query string with some parameters changed (None removes one)."""
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return f"?{params.urlencode()}" if params else "?"


def archive_year_url(year) -> str:
    return reverse("articles:archive-year", args=[year])


def toggled_url(request, param: str, value, *, add: bool) -> str:
    """The current query string with one value of a repeatable parameter added or removed
    (and the page dropped): `?person=a` + b gives `?person=a&person=b`."""
    params = request.GET.copy()
    params.pop("page", None)
    values = [v for v in params.getlist(param) if v != str(value)]
    params.setlist(param, [*values, str(value)] if add else values)
    return f"?{params.urlencode()}" if params else "?"


def facet_links(request, facets: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Each facet value marked active or given the link that refines by it: a record (person,
    initiative...) is added to those chosen; a year, language or publisher, of which an
    article has one, is set."""
    for param, items in facets.items():
        current = request.GET.getlist(param)
        for item in items:
            item["active"] = item["value"] is not None and str(item["value"]) in current
            if item["value"] is None:
                continue
            if param in RECORD_FIELDS:
                item["url"] = toggled_url(request, param, item["value"], add=True)
            else:
                item["url"] = query_url(request, **{param: item["value"], "page": None})
    return facets


def active_filters(request, filterset) -> list[dict]:
    """The filters in force, each value with its label, its value as shown and a link
    removing that value alone."""
    active = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", []) or name == "sort":
            continue
        field = filterset.form.fields[name]
        label = field.label or name
        if isinstance(value, list | tuple) or hasattr(value, "model"):  # several records
            for record in value:
                remove = toggled_url(request, name, getattr(record, "slug", record), add=False)
                active.append({"label": label, "value": record, "remove_url": remove})
            continue
        shown = value
        if isinstance(value, datetime.date):
            shown = date_parts(value, "day")[1]  # the site's date style: 10 September 2017
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = dict(field.choices).get(value, value)
        active.append(
            {
                "label": label,
                "value": shown,
                "remove_url": query_url(request, **{name: None, "page": None}),
            }
        )
    return active


class FilteredListView(ListView):
    """A list filtered by a FilterSet from the query string; bad parameters answer 400."""

    filterset_class: type = None
    paginate_by = 20
    paginate_orphans = 3

    def get(self, request, *args, **kwargs):
        self.filterset = self.filterset_class(
            request.GET, queryset=self.get_queryset(), request=request
        )
        if exports.format_of(request):  # ?format=csv or jsonl: every row, streamed
            return exports.list_download(request, self.filterset)
        if not self.filterset.is_valid():
            self.object_list = self.filterset.queryset.none()
            context = self.get_context_data(filter_errors=self.filterset.errors)
            return self.render_to_response(context, status=400)
        self.object_list = self.filterset.qs
        return self.render_to_response(self.get_context_data())

    def active_filters(self) -> list[dict]:
        if not self.filterset.is_bound or self.filterset.errors:
            return []
        return active_filters(self.request, self.filterset)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset, active_filters=self.active_filters(), **kwargs
        )
