"""Daily metric rows: batch validation and the bulk upsert by (campaign, channel, date)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform import formatting
from smm_platform.bulk import collector_paused, copy_into
from smm_platform.errors import AppError, PayloadTooLarge

from ..enums import Channel
from ..models import (
    Campaign,
    MetricDaily,
)
from ._common import (
    COUNT_FIELDS,
    MAX_COUNT,
    MAX_MONEY,
    MAX_SMALL_COUNT,
    MONEY_FIELDS,
    _as_date,
    _campaign_ref,
    _count,
    _decimal,
)
from .alignment_checks import alignment_mark_dirty

#: Largest batch the metrics endpoint accepts (bigger: 413, nothing stored).
METRICS_MAX_BATCH = 5000


def _campaign_periods(workspace, ids: set) -> dict[int, tuple[date, date]]:
    return {
        pk: (starts, ends)
        for pk, starts, ends in Campaign.objects.for_workspace(workspace)
        .filter(pk__in=ids)
        .values_list("pk", "starts_on", "ends_on")
    }


#: ``mode`` of a metrics batch: ``merge`` (the default) updates only the fields a row sends;
#: ``replace`` replaces the whole row, so a field left out becomes 0.
METRICS_MODES = ("merge", "replace")
METRIC_VALUE_FIELDS = (*COUNT_FIELDS, *MONEY_FIELDS)
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_NOT_SENT = object()
#: Each count column with its largest figure, in ``COUNT_FIELDS`` order (posts, leads and sales
#: are 32-bit columns).
_COUNT_LIMITS = tuple(
    (
        name,
        MAX_COUNT
        if isinstance(MetricDaily._meta.get_field(name), models.PositiveBigIntegerField)
        else MAX_SMALL_COUNT,
    )
    for name in COUNT_FIELDS
)


class CleanMetric(NamedTuple):
    """One validated metric row: its key, the ten values (0 where not sent) and which were sent."""

    campaign_id: int
    channel: str
    date: date
    values: tuple
    sent: frozenset


def _metric_count(raw, limit: int = MAX_COUNT) -> int | None:
    if type(raw) is int:  # the common case, spared the Decimal round trip
        return raw if 0 <= raw <= limit else None
    number = _count(raw)
    return number if number is not None and 0 <= number <= limit else None


def _metric_money(raw) -> Decimal | None:
    if type(raw) is str:  # the common case ("900.50"): one Decimal() instead of _decimal's clean-up
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = _decimal(raw)  # "900,50", "" ...
        else:
            if not number.is_finite():
                return None
    else:
        number = _decimal(raw)
    if number is None or number < 0 or number > MAX_MONEY:
        return None
    return number.quantize(_CENT)


def _metric_date(raw) -> date | None:
    if type(raw) is str:  # "2025-01-31": what parse_date would try first, without its clean-up
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return _as_date(raw)


def metrics_validate(
    *, workspace, rows: list, mode: str = "merge"
) -> tuple[list[CleanMetric], dict[str, dict]]:
    """Check a batch of metric rows against the model's rules, set-wise (one query in all).

    Returns the clean rows and the errors by row index. A row is at fault for: an unknown
    campaign, an unknown channel, a missing or malformed date, a date outside the campaign's
    period, a negative or non-numeric value (an explicit ``null`` included), a count too big for
    its column, or the same campaign+channel+date as an earlier row of the batch. In ``merge``
    mode a value a row leaves out is simply not sent (an existing row keeps it); in ``replace``
    mode it counts as 0.
    """
    periods = _batch_periods(workspace, rows, mode)
    errors: dict[str, dict] = {}
    clean = list(_checked(rows, periods, mode=mode, errors=errors))
    return clean, errors


def _batch_periods(workspace, rows, mode: str) -> dict[int, tuple[date, date]]:
    """The batch as a whole (its mode, a list, not too long), then the period of each campaign
    it names that the workspace has (one query)."""
    if mode not in METRICS_MODES:
        raise AppError(
            _("Unknown mode %(mode)s; use merge or replace.") % {"mode": mode},
            errors={"mode": [_("Use merge or replace.")]},
        )
    if not isinstance(rows, list):
        raise AppError(
            _("Send a JSON list of metric rows."), errors={"non_field_errors": [_("Expected a list.")]}
        )
    if len(rows) > METRICS_MAX_BATCH:
        raise PayloadTooLarge(
            _("At most %(max)s rows per request; this one has %(count)s.")
            % {"max": METRICS_MAX_BATCH, "count": len(rows)},
            errors={"rows": [_("Split the batch.")]},
        )
    # Each distinct campaign value once (a batch names few campaigns in many rows); any value
    # but an id or text is no campaign and is reported row by row.
    sent = {
        value for row in rows if isinstance(row, dict) and type(value := row.get("campaign")) in (int, str)
    }
    return _campaign_periods(workspace, {ref for value in sent if (ref := _campaign_ref(value)) is not None})


def _checked(rows: list, periods: dict, *, mode: str, errors: dict[str, dict]) -> Iterator[CleanMetric]:
    """The clean rows of the batch, one at a time as they are checked (so they can be stored
    while the next ones are checked); each faulty row's problems go into ``errors`` by index
    instead (``metrics_validate`` says what a fault is)."""
    seen: dict[tuple, int] = {}
    channels = set(Channel.values)
    replace = mode == "replace"
    all_fields = frozenset(METRIC_VALUE_FIELDS)
    sent_sets: dict[frozenset, frozenset] = {}  # the sent fields of each distinct set of keys
    for index, row in enumerate(rows):
        problems: dict[str, list[str]] = {}
        if not isinstance(row, dict):
            errors[str(index)] = {"non_field_errors": [_("Each row must be an object.")]}
            continue
        campaign_id = row.get("campaign")
        if type(campaign_id) is not int:  # an id as text ("12"), or no campaign at all
            campaign_id = _campaign_ref(campaign_id)
        period = periods.get(campaign_id)
        if period is None:
            problems["campaign"] = [_("Unknown campaign.")]
        channel = row.get("channel")
        if channel not in channels:
            problems["channel"] = [_("Unknown channel.")]
        day = _metric_date(row.get("date"))
        if day is None:
            problems["date"] = [_("Enter a date as YYYY-MM-DD.")]
        elif period is not None and not (period[0] <= day <= period[1]):
            problems["date"] = [
                _("The date is outside the campaign (%(start)s to %(end)s).")
                % {"start": formatting.format_date(period[0]), "end": formatting.format_date(period[1])}
            ]
        values = []
        for name, limit in _COUNT_LIMITS:
            number = row.get(name, _NOT_SENT)
            if number is _NOT_SENT:
                number = 0
            elif type(number) is not int or not 0 <= number <= limit:  # ints skip the slow path
                number = _metric_count(number, limit)
                if number is None:
                    problems[name] = [_("Enter a whole number that is not negative.")]
            values.append(number)
        for name in MONEY_FIELDS:
            number = row.get(name, _NOT_SENT)
            if number is _NOT_SENT:
                number = _ZERO
            else:
                number = _metric_money(number)
                if number is None:
                    problems[name] = [_("Enter an amount that is not negative.")]
            values.append(number)
        key = (campaign_id, channel, day)
        if not problems and key in seen:
            problems["non_field_errors"] = [
                _("Duplicates row %(row)s (same campaign, channel and date).") % {"row": seen[key]}
            ]
        if problems:
            errors[str(index)] = problems
            continue
        seen[key] = index
        if replace:
            sent = all_fields
        else:
            shape = frozenset(row)
            sent = sent_sets.get(shape)
            if sent is None:
                sent = sent_sets[shape] = shape & all_fields
        yield CleanMetric(campaign_id, channel, day, tuple(values), sent)


def _invalid(errors: dict[str, dict], total: int) -> AppError:
    return AppError(
        _("%(count)s of %(total)s rows are invalid; nothing was stored.")
        % {"count": len(errors), "total": total},
        errors={"rows": errors},
    )


def _clean_or_raise(rows: list, periods: dict, mode: str) -> list[CleanMetric]:
    errors: dict[str, dict] = {}
    clean = list(_checked(rows, periods, mode=mode, errors=errors))
    if errors:
        raise _invalid(errors, len(rows))
    return clean


def metrics_upsert(*, workspace, actor, token=None, rows: list, mode: str = "merge") -> dict[str, int]:
    """Upsert daily metric rows by (campaign, channel, date); all or nothing.

    ``mode="merge"`` (the default): a row updates only the fields it sends, so a CRM that knows
    only leads and sales never wipes the ad numbers; a new row starts the others at 0.
    ``mode="replace"``: a row replaces the stored one whole (fields left out become 0).

    A stored row that already holds every figure the row sends (all of them in ``replace`` mode)
    is left alone: not rewritten, its ``updated_at`` kept (so ``updated_since`` syncs and the
    alignment digest see no change). The answer counts each row once: ``created`` (new key),
    ``updated`` (stored row whose figures changed) or ``unchanged``; they add up to ``received``.

    Steps: validate the batch (as ``metrics_validate``; any fault: ``AppError`` with
    ``errors.rows`` and nothing stored), upsert set-wise (PostgreSQL: ``_metrics_store_pg``),
    record one audit entry, mark the campaigns whose rows were created or changed for a
    (debounced) alignment re-check (a batch that changes nothing marks none).
    """
    periods = _batch_periods(workspace, rows, mode)
    if not rows:
        return {"received": 0, "created": 0, "updated": 0, "unchanged": 0, "campaigns": 0}
    now = timezone.now()
    # No garbage collection passes while the batch is worked: its thousands of checked rows
    # survive until stored, and the collector would rescan them and every long-lived object.
    with collector_paused(), transaction.atomic():
        if connection.vendor == "postgresql":
            clean, created, updated, changed = _metrics_store_pg(
                rows, periods, mode=mode, workspace_id=workspace.pk, now=now
            )
        else:
            clean = _clean_or_raise(rows, periods, mode)
            created, updated, changed = _metrics_upsert_orm(clean, workspace_id=workspace.pk, now=now)
        campaign_ids = sorted({m.campaign_id for m in clean})
        unchanged = len(clean) - created - updated
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="metrics.upserted",
            changes={
                "rows": len(clean),
                "updated": updated,
                "unchanged": unchanged,
                "mode": mode,
                "campaigns": campaign_ids[:100],
            },
        )
        alignment_mark_dirty(campaign_ids=changed)
    return {
        "received": len(clean),
        "created": created,
        "updated": updated,
        "unchanged": unchanged,
        "campaigns": len(campaign_ids),
    }


METRIC_COLUMNS = ("workspace_id", "campaign_id", "channel", "date", *METRIC_VALUE_FIELDS, "updated_at")


def _by_sent_fields(rows: list[CleanMetric]) -> dict[frozenset, int]:
    """A small number per distinct set of sent fields (the COPY tags each row with it)."""
    shapes: dict[frozenset, int] = {}
    for m in rows:
        if m.sent not in shapes:
            shapes[m.sent] = len(shapes)
    return shapes


def _metrics_store_pg(
    rows: list, periods: dict, *, mode: str, workspace_id: int, now: datetime
) -> tuple[list[CleanMetric], int, int, set[int]]:
    """PostgreSQL, set-wise; returns the clean rows, how many were created, how many stored ones
    changed, and the campaigns of both.

    When no stored row can share a key with the batch (none of its campaigns has a row between
    the earliest and the latest date it sends: one indexed EXISTS), the rows are checked and
    COPied straight into the table as they are checked, inside a savepoint: the server stores one
    part of the batch while the next is checked. A faulty row stops the sending (the rest are
    only checked, so every fault is reported) and aborts the COPY, which stores nothing. Should a
    concurrent writer have stored one of the keys meanwhile (or the dates be spelt so that their
    span was misread), the unique constraint stops the COPY and the batch takes the upsert path
    instead: COPY into a temporary table, then one INSERT ... SELECT ... ON CONFLICT DO UPDATE
    per set of sent fields (each sets only those, and only where one of them differs, so an
    unchanged row is neither written nor returned; one set in practice); ``xmax <> 0`` marks a
    returned row the upsert updated.
    """
    table = MetricDaily._meta.db_table
    span = _sent_span(rows)
    with connection.cursor() as cursor:
        if periods and span and not _any_stored(cursor, table, sorted(periods), *span):
            errors: dict[str, dict] = {}
            clean: list[CleanMetric] = []

            def values() -> Iterator[tuple]:
                for m in _checked(rows, periods, mode=mode, errors=errors):
                    if not errors:  # after a fault the rest are only checked
                        clean.append(m)
                        yield (workspace_id, m.campaign_id, m.channel, m.date, *m.values, now)
                if errors:
                    raise _invalid(errors, len(rows))  # the COPY and its savepoint are undone

            try:
                with transaction.atomic():
                    _copy_metrics(cursor, table, values())
                return clean, len(clean), 0, {m.campaign_id for m in clean}
            except IntegrityError:
                pass  # a concurrent batch stored some of these keys first: upsert after all
        clean = _clean_or_raise(rows, periods, mode)
        return clean, *_upsert_metrics(cursor, table, clean, workspace_id=workspace_id, now=now)


def _sent_span(rows: list) -> tuple[date, date] | None:
    """The earliest and the latest date the batch sends, read from the dates as sent (ISO text
    sorts as the days do) before the rows are checked; ``None`` when that cannot be read. A
    misread span costs speed only (see ``_metrics_store_pg``)."""
    try:
        days = [row["date"] for row in rows]
        return date.fromisoformat(min(days)), date.fromisoformat(max(days))
    except (KeyError, TypeError, ValueError):
        return None


def _any_stored(cursor, table: str, campaign_ids: list[int], first: date, last: date) -> bool:
    """Whether one of the campaigns has a stored row from ``first`` to ``last`` (one indexed EXISTS)."""
    cursor.execute(
        f"SELECT EXISTS (SELECT 1 FROM {table} WHERE campaign_id = ANY(%s) AND date BETWEEN %s AND %s)",
        [campaign_ids, first, last],
    )
    return cursor.fetchone()[0]


def _pg_type(column: str) -> str:
    """The PostgreSQL type of a metrics column without its modifier (``varchar(20)``: ``varchar``)."""
    field = next(f for f in MetricDaily._meta.concrete_fields if f.column == column)
    return field.db_type(connection).split("(")[0]


def _copy_metrics(cursor, table: str, values: Iterable[tuple]) -> None:
    """COPY rows (``METRIC_COLUMNS`` values) straight into the metrics table, in the binary
    format: psycopg packs the validated values instead of printing them (~1.2 instead of ~3.4 us
    per row of Python)."""
    copy_into(cursor, table, METRIC_COLUMNS, values, types=[_pg_type(c) for c in METRIC_COLUMNS])


#: The temporary table of a batch: the key and the figures (and the set of sent fields when a
#: batch has more than one). The workspace and the time are the same for every row, so they are
#: parameters of the INSERT instead of two more columns COPied and parsed per row.
_BATCH_TABLE = "campaigns_metric_batch"
_BATCH_COLUMNS = ("campaign_id", "channel", "date", *METRIC_VALUE_FIELDS)
_BATCH_TYPES = ("bigint", "varchar", "date", *(["bigint"] * len(COUNT_FIELDS)), "numeric", "numeric")


def _copy_batch(cursor, rows: list[CleanMetric], shapes: dict[frozenset, int]) -> None:
    cursor.execute(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {_BATCH_TABLE} (shape int, "
        "campaign_id bigint, channel varchar(20), date date, "
        + ", ".join(f"{c} bigint" for c in COUNT_FIELDS)
        + ", revenue numeric(14, 2), spend numeric(14, 2)) ON COMMIT DELETE ROWS"
    )
    if len(shapes) == 1:
        rows_out = ((m.campaign_id, m.channel, m.date, *m.values) for m in rows)
        copy_into(cursor, _BATCH_TABLE, _BATCH_COLUMNS, rows_out, types=_BATCH_TYPES)
    else:
        copy_into(
            cursor,
            _BATCH_TABLE,
            ("shape", *_BATCH_COLUMNS),
            ((shapes[m.sent], m.campaign_id, m.channel, m.date, *m.values) for m in rows),
            types=("integer", *_BATCH_TYPES),
        )


def _upsert_metrics(
    cursor, table: str, rows: list[CleanMetric], *, workspace_id: int, now: datetime
) -> tuple[int, int, set[int]]:
    columns = ", ".join(METRIC_COLUMNS)
    shapes = _by_sent_fields(rows)
    _copy_batch(cursor, rows, shapes)
    selected = ", ".join(["%s", *_BATCH_COLUMNS, "%s"])  # METRIC_COLUMNS: workspace, ..., updated_at
    created = updated = 0
    changed: set[int] = set()
    for sent, shape in shapes.items():
        fields = [c for c in METRIC_VALUE_FIELDS if c in sent]
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in [*fields, "updated_at"])
        differs = (
            f"({', '.join(f't.{c}' for c in fields)}) IS DISTINCT FROM ({', '.join(f'EXCLUDED.{c}' for c in fields)})"
            if fields
            else "FALSE"  # a row that sends no figure changes nothing stored
        )
        where = "" if len(shapes) == 1 else f" WHERE shape = {shape:d}"
        cursor.execute(
            f"WITH upserted AS (INSERT INTO {table} AS t ({columns}) SELECT {selected} FROM {_BATCH_TABLE}"  # table: ours
            f"{where} ON CONFLICT (campaign_id, channel, date) DO UPDATE SET {updates} WHERE {differs} "
            "RETURNING t.campaign_id, (t.xmax <> 0) AS existed) "
            "SELECT count(*) FILTER (WHERE NOT existed), count(*) FILTER (WHERE existed), "
            "array_agg(DISTINCT campaign_id) FROM upserted",
            [workspace_id, now],
        )
        inserted, changed_rows, campaigns = cursor.fetchone()
        created += inserted
        updated += changed_rows
        changed.update(campaigns or ())
    # The caller's transaction may go on (ON COMMIT DELETE ROWS waits for the outermost commit).
    cursor.execute(f"TRUNCATE {_BATCH_TABLE}")
    return created, updated, changed


def _metrics_upsert_orm(
    rows: list[CleanMetric], *, workspace_id: int, now: datetime
) -> tuple[int, int, set[int]]:
    """Any other database (the SQLite demo): read the stored rows of the batch's keys, leave out
    the rows that would change nothing, then one ``bulk_create`` upsert per set of sent fields.
    Returns how many rows were created, how many stored ones changed, and the campaigns of both."""
    stored = {
        (campaign_id, channel, day): values
        for campaign_id, channel, day, *values in MetricDaily.objects.filter(
            campaign_id__in={m.campaign_id for m in rows},
            date__gte=min(m.date for m in rows),
            date__lte=max(m.date for m in rows),
        )
        .values_list("campaign_id", "channel", "date", *METRIC_VALUE_FIELDS)
        .iterator(chunk_size=5000)
    }
    created = updated = 0
    writes = []
    for m in rows:
        old = stored.get((m.campaign_id, m.channel, m.date))
        if old is None:
            created += 1
        elif any(m.values[i] != old[i] for i, name in enumerate(METRIC_VALUE_FIELDS) if name in m.sent):
            updated += 1
        else:
            continue  # unchanged
        writes.append(m)
    for sent in _by_sent_fields(writes):
        MetricDaily.objects.bulk_create(
            [
                MetricDaily(
                    workspace_id=workspace_id,
                    campaign_id=m.campaign_id,
                    channel=m.channel,
                    date=m.date,
                    updated_at=now,
                    **dict(zip(METRIC_VALUE_FIELDS, m.values, strict=True)),
                )
                for m in writes
                if m.sent == sent
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["campaign", "channel", "date"],
            update_fields=[*(c for c in METRIC_VALUE_FIELDS if c in sent), "updated_at"],
        )
    return created, updated, {m.campaign_id for m in writes}
