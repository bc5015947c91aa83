"""Bounds on untrusted input that every area shares, so odd input is a 400, never a 500.

* ``bounded_datetime`` / ``bounded_date``: dates a business record can carry (years
  ``MIN_YEAR``..``MAX_YEAR``). ``9999-12-31T23:59:59-05:00`` or ``0001-01-01T00:00:00+05:00`` are
  valid ISO 8601 but do not exist in UTC (year 10000, year 0): they are refused, not stored.
* ``StrictJSONParser``: the API's JSON parser; it also refuses text with lone UTF-16 surrogates
  (``"\\ud800"`` is valid JSON but no UTF-8 string, so PostgreSQL cannot store it).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MIN_YEAR = 1900
MAX_YEAR = 2200


def bounded_datetime(value: datetime | None) -> datetime | None:
    """``value`` made aware (current time zone when naive), or None when it lies outside the
    years MIN_YEAR..MAX_YEAR in UTC or in local time."""
    if value is None:
        return None
    try:
        aware = value if timezone.is_aware(value) else timezone.make_aware(value)
        if MIN_YEAR < aware.year < MAX_YEAR:
            return aware  # an offset moves it by less than a day: it stays inside the years
        in_utc = aware.astimezone(UTC)
        local = timezone.localtime(aware)
    except (OverflowError, ValueError):
        return None
    if not all(MIN_YEAR <= d.year <= MAX_YEAR for d in (in_utc, local)):
        return None
    return aware


def bounded_date(value: date | None) -> date | None:
    if value is None or not MIN_YEAR <= value.year <= MAX_YEAR:
        return None
    return value


def has_lone_surrogate(data: Any) -> bool:
    """True when any string in ``data`` (parsed JSON) cannot be encoded as UTF-8."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def refuse_lone_surrogates(data: Any) -> Any:
    if has_lone_surrogate(data):
        raise ParseError(_("The text contains invalid characters (a lone UTF-16 surrogate)."))
    return data


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return refuse_lone_surrogates(super().parse(stream, media_type, parser_context))
