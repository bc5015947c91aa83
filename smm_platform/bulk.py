"""Bulk endpoints (metrics, conversions, mentions): the row serializer is the schema, and the
rows are checked against it here before the area's service applies its business rules.

``apply_rows(data, serializer_class, max_rows=..., apply=service)`` takes the rows of a JSON body
(a list, or ``{"rows": [...]}``), checks their JSON types, and calls ``apply(rows)``. When a row's
types break the schema nothing is stored: the service still runs (in a transaction that is rolled
back) so that its business-rule messages for the other rows come back in the same answer, an
``AppError`` (400, code ``invalid``) with ``errors.rows.<index>.<field>``. The type rules: required means
required, strings are strings (no NUL), integers are integers (within bounds), decimals are
strings like ``"2450.00"`` or numbers with at most the field's decimal places (never rounded),
choices are among the listed values, nested objects are objects. It is a type check in one pass
(no database, no DRF validation machinery), so a 5,000-row batch costs milliseconds.

Then the services' shared bulk tools: ``copy_into`` (the one way rows are COPied into a table),
``stream_rows`` (a large result read as the server produces it), both logged like any query, and
``collector_paused`` (no garbage collection passes while a batch is worked).
"""

from __future__ import annotations

import gc
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from .errors import AppError, PayloadTooLarge

#: Where statements sent past Django's cursor wrapper are logged, as Django logs its own.
_sql_log = logging.getLogger("django.db.backends")
# A decimal sent as a string: digits, an optional point with digits, an optional leading minus.
DECIMAL_RE = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def rows_of(data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("rows"), list):
        return data["rows"]
    return data


class _Discard(Exception):
    """Rolls back a service run whose batch already failed the type check."""


def apply_rows(data: Any, serializer_class, *, max_rows: int, apply: Callable[[list], Any]) -> Any:
    rows, type_errors = row_type_errors(data, serializer_class, max_rows=max_rows)
    if not type_errors:
        return apply(rows)
    rows = list(rows)
    merged: dict[str, dict] = {}
    try:
        with transaction.atomic():
            apply(rows)
            raise _Discard
    except _Discard:
        pass
    except AppError as exc:
        if exc.status_code == 413:
            raise
        if isinstance(exc.errors.get("rows"), dict):
            merged = {str(k): dict(v) for k, v in exc.errors["rows"].items() if isinstance(v, dict)}
    except Exception:
        merged = {}
    for index, problems in type_errors.items():
        merged.setdefault(index, {}).update(problems)
    raise AppError(
        _("%(count)s of %(total)s rows are invalid; nothing was stored.")
        % {"count": len(merged), "total": len(rows)},
        errors={"rows": dict(sorted(merged.items(), key=lambda item: int(item[0])))},
    )


def check_rows(data: Any, serializer_class, *, max_rows: int) -> list:
    """The rows, or an ``AppError`` naming every row whose JSON types break the schema."""
    rows, errors = row_type_errors(data, serializer_class, max_rows=max_rows)
    if errors:
        raise AppError(
            _("%(count)s of %(total)s rows are invalid; nothing was stored.")
            % {"count": len(errors), "total": len(rows)},
            errors={"rows": errors},
        )
    return rows


def row_type_errors(data: Any, serializer_class, *, max_rows: int) -> tuple[list, dict[str, dict]]:
    rows = rows_of(data)
    if not isinstance(rows, list):
        return data, {}  # the area's service answers it in its own words
    if not rows:
        raise AppError(
            _("Send at least one row."),
            errors={"rows": [ErrorDetail(_("The list is empty."), code="empty")]},
            code="empty",
        )
    if len(rows) > max_rows:
        raise PayloadTooLarge(
            _("At most %(max)s rows per request; this one has %(count)s.")
            % {"max": max_rows, "count": len(rows)},
            errors={"rows": [ErrorDetail(_("Split the batch."), code="max_length")]},
        )
    fields = serializer_class().fields
    errors = {}
    for index, row in enumerate(rows):
        problems = _check_object(row, fields)
        if problems:
            errors[str(index)] = problems
    return rows, errors


def _check_object(row: Any, fields) -> dict[str, list]:
    if not isinstance(row, dict):
        return {"non_field_errors": [ErrorDetail(_("Each row must be an object."), code="invalid")]}
    problems: dict[str, Any] = {}
    for name, field in fields.items():
        if field.read_only:
            continue
        if name not in row:
            if field.required:
                problems[name] = [ErrorDetail(_("This field is required."), code="required")]
            continue
        problem = _check_value(row[name], field)
        if problem:
            problems[name] = problem
    return problems


def _fail(message: str, code: str) -> list:
    return [ErrorDetail(message, code=code)]


def _check_value(value: Any, field) -> Any:
    if value is None:
        return None if field.allow_null else _fail(_("This field may not be null."), "null")
    if isinstance(field, serializers.Serializer):
        if not isinstance(value, dict):
            return _fail(_("Expected an object."), "invalid")
        return _check_object(value, field.fields) or None
    if isinstance(field, serializers.ChoiceField):
        if not isinstance(value, str) or (value == "" and getattr(field, "allow_blank", False)):
            return None if value == "" else _fail(_("Expected a string."), "invalid")
        if value not in field.choice_strings_to_values:
            return _fail(_('"%(value)s" is not a valid choice.') % {"value": value[:50]}, "invalid_choice")
        return None
    if isinstance(field, serializers.CharField):  # URL, email, slug fields too
        return _check_string(value, field)
    if isinstance(field, serializers.IntegerField):
        if isinstance(value, bool) or not isinstance(value, int):
            return _fail(_("A valid integer is required."), "invalid")
        return _check_bounds(value, field)
    if isinstance(field, serializers.DecimalField):
        return _check_decimal(value, field)
    if isinstance(field, serializers.DateTimeField | serializers.DateField):
        if not isinstance(value, str) or not value.strip() or "\x00" in value:
            return _fail(_("Expected a date as a string in ISO 8601."), "invalid")
        if isinstance(field, serializers.DateTimeField):
            return _check_datetime_range(value)
        return None
    return None


def _check_datetime_range(value: str) -> Any:
    """A date-time the service will parse must also fit PostgreSQL and UTC (years 1900-8999)."""
    from django.utils.dateparse import parse_datetime

    from .api import EARLIEST, LATEST

    try:
        parsed = parse_datetime(value.strip())
        if parsed is None or parsed.tzinfo is None:
            return None  # the service names a malformed or naive value in its own words
        ok = EARLIEST <= parsed <= LATEST
    except (ValueError, OverflowError):
        ok = False
    if not ok:
        return _fail(_("Enter a date and time between the years 1900 and 8999."), "out_of_range")
    return None


def _check_string(value: Any, field) -> Any:
    if not isinstance(value, str):
        return _fail(_("Not a valid string."), "invalid")
    if "\x00" in value:
        return _fail(_("Null characters are not allowed."), "null_characters_not_allowed")
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return _fail(_("Surrogate characters are not allowed."), "surrogate_characters_not_allowed")
    stripped = value.strip() if field.trim_whitespace else value
    if not stripped and not field.allow_blank:
        return _fail(_("This field may not be blank."), "blank")
    if field.max_length is not None and len(stripped) > field.max_length:
        return _fail(
            _("Ensure this field has no more than %(max)s characters.") % {"max": field.max_length},
            "max_length",
        )
    return None


def _check_bounds(value, field) -> Any:
    if field.min_value is not None and value < field.min_value:
        return _fail(
            _("Ensure this value is greater than or equal to %(min)s.") % {"min": field.min_value},
            "min_value",
        )
    if field.max_value is not None and value > field.max_value:
        return _fail(
            _("Ensure this value is less than or equal to %(max)s.") % {"max": field.max_value}, "max_value"
        )
    return None


def _check_decimal(value: Any, field) -> Any:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return _fail(_("A valid number is required."), "invalid")
    if isinstance(value, str) and (len(value) > 40 or not DECIMAL_RE.fullmatch(value)):
        return _fail(_("A valid number is required."), "invalid")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return _fail(_("A valid number is required."), "invalid")
    if not number.is_finite():
        return _fail(_("A valid number is required."), "invalid")
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if field.decimal_places is not None and places > field.decimal_places:
        return _fail(
            _("Ensure that there are no more than %(places)s decimal places.")
            % {"places": field.decimal_places},
            "max_decimal_places",
        )
    digits = len(number.as_tuple().digits) - max(0, -exponent) if isinstance(exponent, int) else 0
    if (
        field.max_digits is not None
        and field.decimal_places is not None
        and digits > field.max_digits - field.decimal_places
    ):
        return _fail(
            _("Ensure that there are no more than %(digits)s digits before the decimal point.")
            % {"digits": field.max_digits - field.decimal_places},
            "max_whole_digits",
        )
    return _check_bounds(number, field)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while one batch is worked: a batch builds thousands of small
    objects that survive until it is stored, and the collector's generational passes would
    rescan them (and every long-lived object, such as a classifier's caches) for nothing.
    Reference counting frees everything as usual; the collector runs again right after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def copy_into(
    cursor, table: str, columns: Sequence[str], rows: Iterable[Sequence], *, types: Sequence[str] = ()
) -> None:
    """COPY ``rows`` (one sequence of values per row, in ``columns`` order) into ``table`` on
    PostgreSQL, through the psycopg cursor under a Django ``cursor``. With ``types`` (the
    columns' PostgreSQL types) the rows go in the binary format, which psycopg packs instead of
    printing each value (about a third of the Python time); without, as text. A database error,
    such as a unique violation, comes out as Django's (``IntegrityError``). Logged as a query."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    sql = f"COPY {table} ({names}) FROM STDIN{' (FORMAT BINARY)' if types else ''}"  # table: the caller's own
    start = time.monotonic()
    try:
        with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            if types:
                copy.set_types(list(types))
            write = copy.write_row
            for row in rows:
                write(row)
    finally:
        _record(sql, [], start)


def stream_rows(cursor, sql: str, params: Sequence, *, size: int = 1) -> Iterator[tuple]:
    """The rows of ``sql`` as the server produces them (psycopg's ``stream``: the caller works
    on each row while the server computes the next), ``size`` rows at a time (more than one:
    less work per row for the driver, on libpq 17 and later). Logged as a query once they have
    all come."""
    if size > 1:
        from psycopg import pq

        size = size if pq.version() >= 170000 else 1  # chunked rows need libpq 17
    start = time.monotonic()
    try:
        with connection.wrap_database_errors:
            yield from cursor.cursor.stream(sql, params, size=size)
    finally:
        _record(sql, params, start)


def _record(sql: str, params: Sequence, start: float) -> None:
    """Log a statement that went past Django's cursor wrapper (psycopg's ``copy`` and ``stream``)
    as the wrapper logs its own: in ``connection.queries`` when queries are logged (``DEBUG``,
    ``CaptureQueriesContext``, so query counts include it) and on the ``django.db.backends``
    logger."""
    duration = time.monotonic() - start
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{duration:.3f}"})
    _sql_log.debug(
        "(%.3f) %s; args=%s; alias=%s",
        duration,
        sql,
        params,
        connection.alias,
        extra={"duration": duration, "sql": sql, "params": params, "alias": connection.alias},
    )
