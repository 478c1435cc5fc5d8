"""Cursor pages for the API: an opaque `cursor` and a bounded `page_size`, no COUNT query."""

import base64
import binascii

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10**9


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o={offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The position a cursor stands for; anything not made by encode_cursor is a 404."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        key, _, value = text.partition("=")
        offset = int(value) if key == "o" and value.isdigit() else -1
    except (binascii.Error, UnicodeError, ValueError):
        offset = -1
    if not 0 <= offset <= MAX_OFFSET:
        raise NotFound("Invalid cursor.")
    return offset


class CursorPagination(BasePagination):
    """`next` and `previous` links carry a cursor: the position of a page in the ordered,
    filtered set (the list's own order: the FilterSet's `sort`, or the search ranking). A
    page reads one slice of page_size + 1 rows, never a count."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        cursor = request.query_params.get(self.cursor_query_param)
        self.offset = decode_cursor(cursor) if cursor is not None else 0
        rows = list(queryset[self.offset : self.offset + self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        return rows[: self.page_size]

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE_SIZE:
            raise ValidationError(
                {self.page_size_query_param: f"A whole number from 1 to {MAX_PAGE_SIZE}."}
            )
        return int(raw)

    def link(self, offset: int | None) -> str | None:
        if offset is None:
            return None
        url = self.request.build_absolute_uri()
        if offset == 0:
            return remove_query_param(url, self.cursor_query_param)
        return replace_query_param(url, self.cursor_query_param, encode_cursor(offset))

    def get_next_link(self):
        return self.link(self.offset + self.page_size if self.has_next else None)

    def get_previous_link(self):
        return self.link(max(0, self.offset - self.page_size) if self.offset else None)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "The page to read, as given by a `next` or `previous` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]
