"""Shared pieces of the REST API: pagination (page numbers and cursors), the ``updated_since``
filter of every list whose objects carry ``updated_at`` (the schema view, always English, is
``smm_platform.schema_view``).

Incremental sync (docs/INTEGRATIONS.md): a CRM remembers when it started a sync and next time
asks ``?updated_since=<that time>&cursor=`` and follows ``next`` to the end; deletions are read
from ``GET workspaces/{slug}/deleted/`` the same way.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.filters import BaseFilterBackend
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

MAX_PAGE_SIZE = 500
# Datetimes a query may name: PostgreSQL and Python both hold these (and any timezone shift).
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)


def _invalid(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: [ErrorDetail(message, code=code)]})


def parse_query_datetime(raw: str, field: str) -> datetime:
    """A strict ISO 8601 date or date-time of a query parameter (naive: the server's timezone)."""
    value = None
    text = (raw or "").strip()
    try:
        value = parse_datetime(text)
        if value is None and (day := parse_date(text)) is not None:
            value = datetime(day.year, day.month, day.day)
    except (ValueError, OverflowError):
        value = None
    if value is None:
        raise _invalid(field, _("Enter a date and time in ISO 8601, e.g. 2026-11-26T09:00:00Z."))
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        ok = EARLIEST <= value <= LATEST
    except (ValueError, OverflowError):
        ok = False
    if not ok:
        raise _invalid(field, _("The date is out of range."), code="out_of_range")
    return value


def _encode_cursor(after: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": after}).encode()).decode().rstrip("=")


def _decode_cursor(raw: str) -> int:
    if raw in ("", "start"):
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        after = data["after"]
        if isinstance(after, int) and not isinstance(after, bool) and 0 <= after < 2**63:
            return after
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        pass
    raise _invalid(
        "cursor", _("This cursor is not valid; start again with an empty cursor."), "invalid_cursor"
    )


class Pagination(PageNumberPagination):
    """Lists answer ``{"count", "next", "previous", "next_cursor", "results"}``.

    * Page numbers: ``?page=2&page_size=200`` (``page_size`` 1 to 500), in the list's order.
    * Cursors: ``?cursor=`` (empty: from the start) walks the filtered list in id order; each
      answer's ``next`` (and ``next_cursor``) continues after its last object, and is null at the
      end; ``previous`` is null. Objects created during the walk are not missed (ids grow).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    cursor_query_param = "cursor"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise _invalid(
                self.page_size_query_param,
                _("Enter a whole number from 1 to %(max)s.") % {"max": self.max_page_size},
            )
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.cursor_mode = self.cursor_query_param in request.query_params
        self.next_cursor = None
        if self.cursor_mode:
            return self._paginate_cursor(queryset, request)
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isdigit() and 1 <= int(raw) < 2**31):
            raise _invalid(self.page_query_param, _("Enter a page number from 1."))
        return super().paginate_queryset(queryset, request, view)

    def _paginate_cursor(self, queryset, request):
        after = _decode_cursor(request.query_params.get(self.cursor_query_param, ""))
        size = self.get_page_size(request)
        if isinstance(queryset, QuerySet):
            self.count = queryset.count()
            items = list(queryset.filter(pk__gt=after).order_by("pk")[: size + 1])
        else:
            ordered = sorted(queryset, key=lambda obj: obj.pk)
            self.count = len(ordered)
            items = [obj for obj in ordered if obj.pk > after][: size + 1]
        if len(items) > size:
            items = items[:size]
            self.next_cursor = _encode_cursor(items[-1].pk)
        return items

    def get_next_link(self):
        if not getattr(self, "cursor_mode", False):
            return super().get_next_link()
        if self.next_cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, self.next_cursor)

    def get_previous_link(self):
        if getattr(self, "cursor_mode", False):
            return None
        return super().get_previous_link()

    def get_paginated_response(self, data):
        count = self.count if getattr(self, "cursor_mode", False) else self.page.paginator.count
        return Response(
            {
                "count": count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "next_cursor": self.next_cursor if getattr(self, "cursor_mode", False) else None,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["next_cursor"] = {
            "type": "string",
            "nullable": True,
            "description": "In cursor mode: the `cursor` of the next page (null at the end).",
        }
        described["required"] = ["count", "next", "previous", "next_cursor", "results"]
        return described

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number (from 1) of the list in its order.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Objects per page (default {self.page_size}, at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Cursor mode: empty to start, then the `next_cursor` of the previous answer. "
                    "Walks the filtered list in id order."
                ),
                "schema": {"type": "string", "maxLength": 200},
            },
        ]


class UpdatedSinceFilter(BaseFilterBackend):
    """``?updated_since=<ISO date-time>`` on every list whose objects have ``updated_at``: only
    objects changed at or after that time (inclusive, so a sync never misses one)."""

    param = "updated_since"

    @staticmethod
    def _applies(view) -> bool:
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return False
        return any(f.name == "updated_at" for f in model._meta.concrete_fields)

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", "list") != "list" or not self._applies(view):
            return queryset
        raw = request.query_params.get(self.param)
        if raw is None:
            return queryset
        return queryset.filter(updated_at__gte=parse_query_datetime(raw, self.param))

    def get_schema_operation_parameters(self, view):
        if not self._applies(view):
            return []
        return [
            {
                "name": self.param,
                "required": False,
                "in": "query",
                "description": "Only objects changed at or after this time (ISO 8601), for incremental sync.",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]
