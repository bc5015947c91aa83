"""Every write of the campaigns area: goals, campaigns and their workflow, KPIs, metric and
conversion ingest, segments, trends, templates and the alignment verdicts.

Each function takes keyword arguments, validates (``full_clean()`` or the batch validators that
enforce the same constraints), writes in ``transaction.atomic`` and appends to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Model, ProtectedError, RestrictedError, Sum
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform.celery import enqueue_on_commit
from smm_platform.errors import AppError, Conflict, PayloadTooLarge, django_validation_errors
from smm_platform.events import emit

from . import alignment, hooks, selectors
from .enums import CampaignStatus, Channel, ConversionKind, KpiMetric
from .models import (
    KPI,
    AlignmentCheck,
    AlignmentSettings,
    AudienceSegment,
    BusinessGoal,
    Campaign,
    CampaignTemplate,
    Conversion,
    MetricDaily,
    Trend,
    TrendTrial,
)
from .workflow import TRANSITIONS

#: Largest batch the metrics and conversions endpoints accept (bigger: 413, nothing stored).
METRICS_MAX_BATCH = 5000
CONVERSIONS_MAX_BATCH = 5000
#: New metrics or conversions are judged this many seconds after the first of a burst arrives.
ALIGNMENT_DEBOUNCE_SECONDS = 60
#: Campaigns judged per transaction by a bulk alignment run.
ALIGNMENT_CHUNK = 1000

COUNT_FIELDS = ("impressions", "reach", "clicks", "engagements", "followers", "posts", "leads", "sales")
MONEY_FIELDS = ("revenue", "spend")
MAX_MONEY = Decimal("999999999999.99")
MAX_COUNT = 2**62


# --- helpers ---------------------------------------------------------------------------------


def _validated_save(obj: Model, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise AppError(_("Please correct the errors below."), errors=django_validation_errors(exc)) from exc
    try:
        obj.save()
    except IntegrityError as exc:
        raise Conflict(_("This conflicts with an existing record.")) from exc


def _apply(obj: Model, fields: dict[str, Any]) -> dict[str, list]:
    """Set ``fields`` on ``obj``; return the audit diff ``{field: [old, new]}``."""
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(obj, name, value)
    return changes


def _jsonable(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _check_same_workspace(workspace, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.workspace_id != workspace.pk:
            raise AppError(_("Please correct the errors below."), errors={name: [_("Not found.")]})


# --- goals -----------------------------------------------------------------------------------

GOAL_FIELDS = (
    "name",
    "kind",
    "target_metric",
    "target_value",
    "starts_on",
    "ends_on",
    "owner",
    "parent",
    "description",
    "max_cost_per_result",
)


def goal_create(*, workspace, actor, token=None, **fields) -> BusinessGoal:
    """Create a business goal (fields: ``GOAL_FIELDS``)."""
    _check_same_workspace(workspace, parent=fields.get("parent"))
    goal = BusinessGoal(workspace=workspace, **{k: v for k, v in fields.items() if k in GOAL_FIELDS})
    with transaction.atomic():
        _validated_save(goal)
        audit_record(workspace=workspace, actor=actor, token=token, action="goal.created", target=goal)
    return goal


def goal_update(*, goal: BusinessGoal, actor, token=None, **fields) -> BusinessGoal:
    _check_same_workspace(goal.workspace, parent=fields.get("parent"))
    parent = fields.get("parent")
    while parent is not None:
        if parent.pk == goal.pk:
            raise AppError(
                _("A goal cannot be placed under itself."), errors={"parent": [_("Creates a loop.")]}
            )
        parent = parent.parent
    changes = _apply(goal, {k: v for k, v in fields.items() if k in GOAL_FIELDS})
    with transaction.atomic():
        _validated_save(goal)
        audit_record(
            workspace=goal.workspace,
            actor=actor,
            token=token,
            action="goal.updated",
            target=goal,
            changes=changes,
        )
    return goal


def goal_delete(*, goal: BusinessGoal, actor, token=None) -> None:
    """Delete a goal; its campaigns stay and are flagged as serving no goal."""
    with transaction.atomic():
        audit_record(workspace=goal.workspace, actor=actor, token=token, action="goal.deleted", target=goal)
        campaign_ids = list(goal.campaigns.values_list("pk", flat=True))
        goal.delete()
        alignment_mark_dirty(campaign_ids=campaign_ids)


# --- campaigns -------------------------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "name",
    "objective",
    "goal",
    "channels",
    "budget",
    "starts_on",
    "ends_on",
    "description",
    "utm_campaign",
    "owner",
    "template",
)


def _kpis_validated(kpis: Iterable[dict]) -> list[tuple[str, Decimal]]:
    clean, errors, seen = [], {}, set()
    for index, item in enumerate(kpis):
        metric = item.get("metric")
        value = _decimal(item.get("target_value"))
        row = {}
        if metric not in KpiMetric.values:
            row["metric"] = [_("Unknown metric.")]
        elif metric in seen:
            row["metric"] = [_("This metric is listed twice.")]
        if value is None or value < 0:
            row["target_value"] = [_("Enter a number that is not negative.")]
        if row:
            errors[str(index)] = row
        else:
            seen.add(metric)
            clean.append((metric, value))
    if errors:
        raise AppError(_("Please correct the KPIs."), errors={"kpis": errors})
    return clean


def campaign_set_kpis(*, campaign: Campaign, kpis: Iterable[dict], actor=None, token=None) -> list[KPI]:
    """Replace the campaign's KPIs with ``kpis`` (``[{"metric", "target_value"}]``)."""
    clean = _kpis_validated(kpis)
    with transaction.atomic():
        KPI.objects.filter(campaign=campaign).delete()
        created = KPI.objects.bulk_create(
            [
                KPI(workspace_id=campaign.workspace_id, campaign=campaign, metric=m, target_value=v)
                for m, v in clean
            ]
        )
        if actor is not None or token is not None:
            audit_record(
                workspace=campaign.workspace,
                actor=actor,
                token=token,
                action="campaign.kpis_set",
                target=campaign,
                changes={"kpis": [[m, str(v)] for m, v in clean]},
            )
        alignment_mark_dirty(campaign_ids=[campaign.pk])
    return created


def campaign_create(
    *,
    workspace,
    actor,
    token=None,
    segments: Iterable[AudienceSegment] = (),
    kpis: Iterable[dict] | None = None,
    **fields,
) -> Campaign:
    """Create a draft campaign with its segments and KPIs."""
    segments = list(segments)
    _check_same_workspace(workspace, goal=fields.get("goal"), template=fields.get("template"))
    for segment in segments:
        _check_same_workspace(workspace, segments=segment)
    campaign = Campaign(
        workspace=workspace,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS},
    )
    with transaction.atomic():
        _validated_save(campaign)
        campaign.segments.set(segments)
        if kpis is not None:
            campaign_set_kpis(campaign=campaign, kpis=kpis)
        audit_record(
            workspace=workspace, actor=actor, token=token, action="campaign.created", target=campaign
        )
    return campaign


def campaign_update(
    *, campaign: Campaign, actor, token=None, segments=None, kpis: Iterable[dict] | None = None, **fields
) -> Campaign:
    """Change a campaign's fields (not its status: see ``campaign_transition``)."""
    _check_same_workspace(campaign.workspace, goal=fields.get("goal"), template=fields.get("template"))
    changes = _apply(campaign, {k: v for k, v in fields.items() if k in CAMPAIGN_FIELDS})
    with transaction.atomic():
        _validated_save(campaign)
        if segments is not None:
            segments = list(segments)
            for segment in segments:
                _check_same_workspace(campaign.workspace, segments=segment)
            campaign.segments.set(segments)
        if kpis is not None:
            campaign_set_kpis(campaign=campaign, kpis=kpis)
        audit_record(
            workspace=campaign.workspace,
            actor=actor,
            token=token,
            action="campaign.updated",
            target=campaign,
            changes=changes,
        )
        if {"goal", "objective", "starts_on", "ends_on"} & set(changes):
            alignment_mark_dirty(campaign_ids=[campaign.pk])
    return campaign


def campaign_delete(*, campaign: Campaign, actor, token=None) -> None:
    """Delete a campaign with its metrics and history; refused (409) while records that must keep
    it (e.g. partner deals) point at it."""
    try:
        with transaction.atomic():
            audit_record(
                workspace=campaign.workspace,
                actor=actor,
                token=token,
                action="campaign.deleted",
                target=campaign,
            )
            campaign.delete()
    except (ProtectedError, RestrictedError) as exc:
        raise Conflict(
            _("The campaign cannot be deleted while deals or other records refer to it; cancel it instead."),
            errors={"campaign": [_("Still referred to.")]},
        ) from exc


def campaign_transition(*, campaign: Campaign, action: str, actor, token=None) -> tuple[Campaign, bool]:
    """Move the campaign along the workflow with a conditional UPDATE (two clicks change it once).

    Returns ``(campaign, changed)``; ``changed`` is False when it already was in the target status.
    Raises ``Conflict`` when the action is not possible from the current status. A campaign needs
    a goal before it can be submitted or started.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise AppError(_("Unknown action."), status_code=404)
    if transition.target in (CampaignStatus.PROPOSED, CampaignStatus.RUNNING) and campaign.goal_id is None:
        raise AppError(
            _("Link the campaign to a business goal first: every campaign must serve one."),
            errors={"goal": [_("Required before the campaign is submitted or started.")]},
        )
    now = timezone.now()
    extra = {}
    if transition.target == CampaignStatus.APPROVED:
        extra = {"approved_by": actor if getattr(actor, "pk", None) else None, "approved_at": now}
    with transaction.atomic():
        changed = (
            Campaign.objects.filter(pk=campaign.pk, status__in=transition.sources).update(
                status=transition.target, updated_at=now, **extra
            )
            == 1
        )
        campaign.refresh_from_db()
        if not changed:
            if campaign.status == transition.target:
                return campaign, False
            raise Conflict(
                _("A campaign in status “%(status)s” cannot be changed this way.")
                % {"status": campaign.get_status_display()},
                errors={"status": [campaign.status]},
            )
        audit_record(
            workspace=campaign.workspace,
            actor=actor,
            token=token,
            action=f"campaign.{action}",
            target=campaign,
            changes={"status": [sorted(transition.sources), transition.target]},
        )
        alignment_request_check(campaign=campaign)
    return campaign, True


# --- metrics ---------------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip().replace(",", ".") if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _count(value) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value).strip()) if value else None
    except ValueError:
        return None


def _campaign_periods(workspace, ids: set) -> dict[int, tuple[date, date]]:
    return {
        pk: (starts, ends)
        for pk, starts, ends in Campaign.objects.for_workspace(workspace)
        .filter(pk__in=ids)
        .values_list("pk", "starts_on", "ends_on")
    }


def _campaign_ref(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


#: ``mode`` of a metrics batch: ``merge`` (the default) updates only the fields a row sends;
#: ``replace`` replaces the whole row, so a field left out becomes 0.
METRICS_MODES = ("merge", "replace")
METRIC_VALUE_FIELDS = (*COUNT_FIELDS, *MONEY_FIELDS)
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_NOT_SENT = object()


class CleanMetric(NamedTuple):
    """One validated metric row: its key, the ten values (0 where not sent) and which were sent."""

    campaign_id: int
    channel: str
    date: date
    values: tuple
    sent: frozenset


def _metric_count(raw) -> int | None:
    if type(raw) is int:  # the common case, spared the Decimal round trip
        return raw if 0 <= raw <= MAX_COUNT else None
    number = _count(raw)
    return number if number is not None and 0 <= number <= MAX_COUNT else None


def _metric_money(raw) -> Decimal | None:
    number = _decimal(raw)
    if number is None or number < 0 or number > MAX_MONEY:
        return None
    return number.quantize(_CENT)


def metrics_validate(
    *, workspace, rows: list, mode: str = "merge"
) -> tuple[list[CleanMetric], dict[str, dict]]:
    """Check a batch of metric rows against the model's rules, set-wise (one query in all).

    Returns the clean rows and the errors by row index. A row is at fault for: an unknown
    campaign, an unknown channel, a missing or malformed date, a date outside the campaign's
    period, a negative or non-numeric value (an explicit ``null`` included), or the same
    campaign+channel+date as an earlier row of the batch. In ``merge`` mode a value a row leaves
    out is simply not sent (an existing row keeps it); in ``replace`` mode it counts as 0.
    """
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
    periods = _campaign_periods(
        workspace,
        {
            ref
            for row in rows
            if isinstance(row, dict) and (ref := _campaign_ref(row.get("campaign"))) is not None
        },
    )
    clean, errors, seen = [], {}, {}
    channels = set(Channel.values)
    replace = mode == "replace"
    all_fields = frozenset(METRIC_VALUE_FIELDS)
    sent_sets: dict[frozenset, frozenset] = {}  # the sent fields of each distinct set of keys
    for index, row in enumerate(rows):
        problems: dict[str, list[str]] = {}
        if not isinstance(row, dict):
            errors[str(index)] = {"non_field_errors": [_("Each row must be an object.")]}
            continue
        campaign_id = _campaign_ref(row.get("campaign"))
        period = periods.get(campaign_id)
        if period is None:
            problems["campaign"] = [_("Unknown campaign.")]
        channel = row.get("channel")
        if channel not in channels:
            problems["channel"] = [_("Unknown channel.")]
        day = _as_date(row.get("date"))
        if day is None:
            problems["date"] = [_("Enter a date as YYYY-MM-DD.")]
        elif period is not None and not (period[0] <= day <= period[1]):
            problems["date"] = [
                _("The date is outside the campaign (%(start)s to %(end)s).")
                % {"start": period[0].isoformat(), "end": period[1].isoformat()}
            ]
        values = []
        for name in COUNT_FIELDS:
            number = row.get(name, _NOT_SENT)
            if number is _NOT_SENT:
                number = 0
            elif type(number) is not int or not 0 <= number <= MAX_COUNT:  # ints skip the slow path
                number = _metric_count(number)
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
        clean.append(CleanMetric(campaign_id, channel, day, tuple(values), sent))
    return clean, errors


def metrics_upsert(*, workspace, actor, token=None, rows: list, mode: str = "merge") -> dict[str, int]:
    """Upsert daily metric rows by (campaign, channel, date); all or nothing.

    ``mode="merge"`` (the default): a row updates only the fields it sends, so a CRM that knows
    only leads and sales never wipes the ad numbers; a new row starts the others at 0.
    ``mode="replace"``: a row replaces the stored one whole (fields left out become 0).

    Steps: validate the batch (``metrics_validate``; any fault: ``AppError`` with
    ``errors.rows`` and nothing stored), upsert set-wise (PostgreSQL: COPY into a temporary table,
    then one INSERT ... ON CONFLICT per distinct set of sent fields, one in practice), record one
    audit entry, mark the campaigns for a (debounced) alignment re-check.
    """
    clean, errors = metrics_validate(workspace=workspace, rows=rows, mode=mode)
    if errors:
        raise AppError(
            _("%(count)s of %(total)s rows are invalid; nothing was stored.")
            % {"count": len(errors), "total": len(rows)},
            errors={"rows": errors},
        )
    if not clean:
        return {"received": 0, "created": 0, "updated": 0, "campaigns": 0}
    campaign_ids = sorted({m.campaign_id for m in clean})
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            updated = _metrics_upsert_copy(clean, workspace_id=workspace.pk, now=now)
        else:
            updated = _metrics_upsert_orm(clean, campaign_ids, workspace_id=workspace.pk, now=now)
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="metrics.upserted",
            changes={"rows": len(clean), "updated": updated, "mode": mode, "campaigns": campaign_ids[:100]},
        )
        alignment_mark_dirty(campaign_ids=campaign_ids)
    return {
        "received": len(clean),
        "created": len(clean) - updated,
        "updated": updated,
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


def _metrics_upsert_copy(rows: list[CleanMetric], *, workspace_id: int, now: datetime) -> int:
    """PostgreSQL, set-wise; returns how many rows existed.

    When no stored row can share a key with the batch (none of its campaigns has a row in its
    date range: one indexed EXISTS), the batch is COPied straight into the table, inside a
    savepoint; should a concurrent writer have stored one of the keys meanwhile, the unique
    constraint stops the COPY and the batch takes the upsert path instead. The upsert path COPies
    the batch into a temporary table and stores it with one INSERT ... SELECT ... ON CONFLICT DO
    UPDATE per set of sent fields (each sets only those; one set in practice); ``xmax <> 0``
    marks a row the upsert updated.
    """
    import psycopg

    table = MetricDaily._meta.db_table
    campaign_ids = sorted({m.campaign_id for m in rows})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE campaign_id = ANY(%s) AND date BETWEEN %s AND %s)",
            [campaign_ids, min(m.date for m in rows), max(m.date for m in rows)],
        )
        if not cursor.fetchone()[0]:
            try:
                with transaction.atomic():
                    _copy_metrics(cursor, table, rows, workspace_id=workspace_id, now=now)
                return 0
            except (IntegrityError, psycopg.errors.UniqueViolation):
                pass  # a concurrent batch stored some of these keys first: upsert after all
        return _upsert_metrics(cursor, table, rows, workspace_id=workspace_id, now=now)


def _copy_metrics(
    cursor, table: str, rows: list[CleanMetric], *, workspace_id: int, now: datetime, shapes=None
):
    columns = ", ".join(METRIC_COLUMNS)
    prefix = "shape, " if shapes is not None else ""
    with cursor.cursor.copy(f"COPY {table} ({prefix}{columns}) FROM STDIN") as copy:  # table: ours
        write = copy.write_row
        if shapes is None:
            for m in rows:
                write((workspace_id, m.campaign_id, m.channel, m.date, *m.values, now))
        else:
            for m in rows:
                write((shapes[m.sent], workspace_id, m.campaign_id, m.channel, m.date, *m.values, now))


def _upsert_metrics(cursor, table: str, rows: list[CleanMetric], *, workspace_id: int, now: datetime) -> int:
    columns = ", ".join(METRIC_COLUMNS)
    shapes = _by_sent_fields(rows)
    cursor.execute(
        "CREATE TEMPORARY TABLE IF NOT EXISTS campaigns_metric_batch (shape int, "
        "workspace_id bigint, campaign_id bigint, channel varchar(20), date date, "
        + ", ".join(f"{c} bigint" for c in COUNT_FIELDS)
        + ", revenue numeric(14, 2), spend numeric(14, 2), updated_at timestamptz) ON COMMIT DELETE ROWS"
    )
    _copy_metrics(cursor, "campaigns_metric_batch", rows, workspace_id=workspace_id, now=now, shapes=shapes)
    updated = 0
    for sent, shape in shapes.items():
        fields = [c for c in METRIC_VALUE_FIELDS if c in sent] + ["updated_at"]
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in fields)
        where = "" if len(shapes) == 1 else f" WHERE shape = {shape:d}"
        cursor.execute(
            f"WITH upserted AS (INSERT INTO {table} ({columns}) SELECT {columns} FROM campaigns_metric_batch"  # table: ours
            f"{where} ON CONFLICT (campaign_id, channel, date) DO UPDATE SET {updates} "
            "RETURNING (xmax <> 0) AS existed) SELECT count(*) FILTER (WHERE existed) FROM upserted"
        )
        updated += cursor.fetchone()[0]
    # The caller's transaction may go on (ON COMMIT DELETE ROWS waits for the outermost commit).
    cursor.execute("TRUNCATE campaigns_metric_batch")
    return updated


def _metrics_upsert_orm(
    rows: list[CleanMetric], campaign_ids: list[int], *, workspace_id: int, now: datetime
) -> int:
    """Any other database (the SQLite demo): count existing keys, then one ``bulk_create`` upsert
    per set of sent fields."""
    existing = MetricDaily.objects.filter(
        campaign_id__in=campaign_ids,
        date__gte=min(m.date for m in rows),
        date__lte=max(m.date for m in rows),
    ).values_list("campaign_id", "channel", "date")
    wanted = {(m.campaign_id, m.channel, m.date) for m in rows}
    updated = sum(1 for key in existing.iterator(chunk_size=5000) if key in wanted)
    for sent in _by_sent_fields(rows):
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
                for m in rows
                if m.sent == sent
            ],
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["campaign", "channel", "date"],
            update_fields=[*(c for c in METRIC_VALUE_FIELDS if c in sent), "updated_at"],
        )
    return updated


# --- conversions -----------------------------------------------------------------------------


def conversions_record(*, workspace, actor, token=None, rows: list) -> dict[str, int]:
    """Store CRM conversions idempotently by ``external_id`` (re-sending one updates it).

    Each row names its campaign by ``campaign`` (id) or ``utm_campaign`` (the campaign's
    ``utm_campaign``). A row is at fault for: no external_id, the same external_id twice in the
    batch, an unknown campaign or utm_campaign, an unknown kind, a negative or non-numeric amount, a
    missing or malformed ``occurred_at``. Any fault rejects the whole batch.
    """
    if not isinstance(rows, list):
        raise AppError(
            _("Send a JSON list of conversions."), errors={"non_field_errors": [_("Expected a list.")]}
        )
    if len(rows) > CONVERSIONS_MAX_BATCH:
        raise PayloadTooLarge(
            _("At most %(max)s rows per request; this one has %(count)s.")
            % {"max": CONVERSIONS_MAX_BATCH, "count": len(rows)},
            errors={"rows": [_("Split the batch.")]},
        )
    dict_rows = [r for r in rows if isinstance(r, dict)]
    ids = {ref for r in dict_rows if (ref := _campaign_ref(r.get("campaign"))) is not None}
    utms = {str(r.get("utm_campaign")).strip() for r in dict_rows if r.get("utm_campaign")}
    known_ids = set(Campaign.objects.for_workspace(workspace).filter(pk__in=ids).values_list("pk", flat=True))
    by_utm = dict(
        Campaign.objects.for_workspace(workspace)
        .filter(utm_campaign__in=utms)
        .values_list("utm_campaign", "pk")
    )
    clean, errors, seen = [], {}, {}
    for index, row in enumerate(rows):
        problems: dict[str, list[str]] = {}
        if not isinstance(row, dict):
            errors[str(index)] = {"non_field_errors": [_("Each row must be an object.")]}
            continue
        external_id = str(row.get("external_id") or "").strip()
        if not external_id or len(external_id) > 120:
            problems["external_id"] = [_("Required, at most 120 characters.")]
        elif external_id in seen:
            problems["external_id"] = [_("Duplicates row %(row)s.") % {"row": seen[external_id]}]
        utm = str(row.get("utm_campaign") or "").strip()[:100]
        campaign_id = None
        if row.get("campaign") not in (None, ""):
            campaign_id = _campaign_ref(row.get("campaign"))
            if campaign_id not in known_ids:
                problems["campaign"] = [_("Unknown campaign.")]
        elif utm:
            campaign_id = by_utm.get(utm)
            if campaign_id is None:
                problems["utm_campaign"] = [_("No campaign has this utm_campaign.")]
        else:
            problems["campaign"] = [_("Give the campaign id or its utm_campaign.")]
        kind = row.get("kind")
        if kind not in ConversionKind.values:
            problems["kind"] = [_("Must be lead or sale.")]
        amount = _decimal(row.get("amount", 0))
        if amount is None or amount < 0 or amount > MAX_MONEY:
            problems["amount"] = [_("Enter an amount that is not negative.")]
        occurred = row.get("occurred_at")
        occurred_at = occurred if isinstance(occurred, datetime) else None
        if occurred_at is None and isinstance(occurred, str):
            try:
                occurred_at = parse_datetime(occurred.strip())
            except ValueError:
                occurred_at = None
        if occurred_at is None:
            problems["occurred_at"] = [_("Enter a date and time in ISO 8601.")]
        elif timezone.is_naive(occurred_at):
            occurred_at = timezone.make_aware(occurred_at)
        if problems:
            errors[str(index)] = problems
            continue
        seen[external_id] = index
        clean.append(
            Conversion(
                workspace_id=workspace.pk,
                external_id=external_id,
                campaign_id=campaign_id,
                utm_campaign=utm,
                kind=kind,
                amount=amount.quantize(Decimal("0.01")),
                occurred_at=occurred_at,
            )
        )
    if errors:
        raise AppError(
            _("%(count)s of %(total)s rows are invalid; nothing was stored.")
            % {"count": len(errors), "total": len(rows)},
            errors={"rows": errors},
        )
    if not clean:
        return {"received": 0, "created": 0, "updated": 0}
    now = timezone.now()
    for c in clean:
        c.created_at = c.updated_at = now
    with transaction.atomic():
        existing = dict(
            Conversion.objects.for_workspace(workspace)
            .filter(external_id__in=[c.external_id for c in clean])
            .values_list("external_id", "campaign_id")
        )
        Conversion.objects.bulk_create(
            clean,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["workspace", "external_id"],
            update_fields=["campaign", "utm_campaign", "kind", "amount", "occurred_at", "updated_at"],
        )
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="conversions.recorded",
            changes={"rows": len(clean), "updated": len(existing)},
        )
        alignment_mark_dirty(campaign_ids=sorted({c.campaign_id for c in clean} | set(existing.values())))
    return {"received": len(clean), "created": len(clean) - len(existing), "updated": len(existing)}


# --- segments and trends ---------------------------------------------------------------------

SEGMENT_FIELDS = (
    "name",
    "description",
    "needs",
    "pains",
    "objections",
    "channels",
    "content_preferences",
    "size_estimate",
)
TREND_FIELDS = ("name", "platform", "source_url", "description", "status", "noticed_on")


def _clean_channels(channels) -> None:
    if not isinstance(channels, list) or any(c not in Channel.values for c in channels):
        raise AppError(_("Please correct the errors below."), errors={"channels": [_("Unknown channel.")]})


def segment_create(*, workspace, actor, token=None, **fields) -> AudienceSegment:
    _clean_channels(fields.get("channels", []))
    segment = AudienceSegment(workspace=workspace, **{k: v for k, v in fields.items() if k in SEGMENT_FIELDS})
    with transaction.atomic():
        _validated_save(segment)
        audit_record(workspace=workspace, actor=actor, token=token, action="segment.created", target=segment)
    return segment


def segment_update(*, segment: AudienceSegment, actor, token=None, **fields) -> AudienceSegment:
    if "channels" in fields:
        _clean_channels(fields["channels"])
    changes = _apply(segment, {k: v for k, v in fields.items() if k in SEGMENT_FIELDS})
    with transaction.atomic():
        _validated_save(segment)
        audit_record(
            workspace=segment.workspace,
            actor=actor,
            token=token,
            action="segment.updated",
            target=segment,
            changes=changes,
        )
    return segment


def segment_delete(*, segment: AudienceSegment, actor, token=None) -> None:
    with transaction.atomic():
        audit_record(
            workspace=segment.workspace, actor=actor, token=token, action="segment.deleted", target=segment
        )
        segment.delete()


def trend_create(*, workspace, actor, token=None, **fields) -> Trend:
    trend = Trend(workspace=workspace, **{k: v for k, v in fields.items() if k in TREND_FIELDS})
    with transaction.atomic():
        _validated_save(trend)
        audit_record(workspace=workspace, actor=actor, token=token, action="trend.created", target=trend)
    return trend


def trend_update(*, trend: Trend, actor, token=None, **fields) -> Trend:
    changes = _apply(trend, {k: v for k, v in fields.items() if k in TREND_FIELDS})
    with transaction.atomic():
        _validated_save(trend)
        audit_record(
            workspace=trend.workspace,
            actor=actor,
            token=token,
            action="trend.updated",
            target=trend,
            changes=changes,
        )
    return trend


def trend_delete(*, trend: Trend, actor, token=None) -> None:
    with transaction.atomic():
        audit_record(
            workspace=trend.workspace, actor=actor, token=token, action="trend.deleted", target=trend
        )
        trend.delete()


def _daily_rate(campaign: Campaign, metric: str, start: date, end: date) -> Decimal | None:
    """The metric over [start, end] from the campaign's daily rows (rates in %, counts per day)."""
    rows = MetricDaily.objects.filter(campaign=campaign, date__gte=start, date__lte=end)
    days = rows.values("date").distinct().count()
    if not days:
        return None
    window = alignment.Window(
        days=days,
        totals={m: v or 0 for m, v in rows.aggregate(**{m: Sum(m) for m in selectors.SUMMED}).items()},
    )
    value = alignment.metric_value(metric, window)
    if value is None:
        return None
    if metric in alignment.RATE_KPIS or metric in alignment.COST_KPIS:
        return value.quantize(Decimal("0.0001"))
    return (value / days).quantize(Decimal("0.0001"))


def trend_trial_record(
    *,
    trend: Trend,
    campaign: Campaign,
    started_on: date,
    ended_on: date | None,
    metric: str,
    observed_effect: str = "",
    actor,
    token=None,
) -> TrendTrial:
    """Link a campaign that tried ``trend`` and measure the metric during the trial against the
    same number of days before it (from the campaign's daily metrics)."""
    _check_same_workspace(trend.workspace, campaign=campaign)
    end = ended_on or min(timezone.localdate(), campaign.ends_on)
    length = max((end - started_on).days + 1, 1)
    trial = TrendTrial.objects.filter(trend=trend, campaign=campaign).first() or TrendTrial(
        workspace=trend.workspace, trend=trend, campaign=campaign
    )
    trial.started_on, trial.ended_on, trial.metric, trial.observed_effect = (
        started_on,
        ended_on,
        metric,
        observed_effect,
    )
    trial.baseline_value = _daily_rate(
        campaign, metric, started_on - timedelta(days=length), started_on - timedelta(days=1)
    )
    trial.observed_value = _daily_rate(campaign, metric, started_on, end)
    with transaction.atomic():
        _validated_save(trial)
        audit_record(
            workspace=trend.workspace,
            actor=actor,
            token=token,
            action="trend.trial_recorded",
            target=trend,
            changes={"campaign": campaign.pk, "effect_pct": _jsonable(trial.effect_pct)},
        )
    return trial


# --- templates -------------------------------------------------------------------------------

TEMPLATE_FIELDS = (
    "name",
    "description",
    "objective",
    "goal_kind",
    "channels",
    "duration_days",
    "budget",
    "budget_split",
    "kpi_targets",
    "plan",
)


def template_create(
    *, workspace, actor, token=None, source_campaign: Campaign | None = None, **fields
) -> CampaignTemplate:
    _check_same_workspace(workspace, source_campaign=source_campaign)
    template = CampaignTemplate(
        workspace=workspace,
        source_campaign=source_campaign,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{k: v for k, v in fields.items() if k in TEMPLATE_FIELDS},
    )
    _clean_channels(template.channels)
    _kpis_validated(template.kpi_targets)
    with transaction.atomic():
        _validated_save(template)
        audit_record(
            workspace=workspace, actor=actor, token=token, action="template.created", target=template
        )
    return template


def template_update(*, template: CampaignTemplate, actor, token=None, **fields) -> CampaignTemplate:
    changes = _apply(template, {k: v for k, v in fields.items() if k in TEMPLATE_FIELDS})
    _clean_channels(template.channels)
    _kpis_validated(template.kpi_targets)
    with transaction.atomic():
        _validated_save(template)
        audit_record(
            workspace=template.workspace,
            actor=actor,
            token=token,
            action="template.updated",
            target=template,
            changes=changes,
        )
    return template


def template_delete(*, template: CampaignTemplate, actor, token=None) -> None:
    with transaction.atomic():
        audit_record(
            workspace=template.workspace, actor=actor, token=token, action="template.deleted", target=template
        )
        template.delete()


def template_from_campaign(*, campaign: Campaign, actor, token=None, name: str = "") -> CampaignTemplate:
    """Save ``campaign`` as a template: objective, goal kind, channels, duration, budget and its
    split by channel (from actual spend, else even), KPI targets, and the calendar plan (from the
    plan exporters that other apps register in ``campaigns.hooks``) as day offsets."""
    spend_by_channel = dict(
        MetricDaily.objects.filter(campaign=campaign)
        .values("channel")
        .annotate(s=Sum("spend"))
        .values_list("channel", "s")
    )
    total = sum(spend_by_channel.values(), Decimal(0))
    if total:
        split = {ch: round(float(v / total), 4) for ch, v in spend_by_channel.items() if v}
    else:
        split = (
            {ch: round(1 / len(campaign.channels), 4) for ch in campaign.channels}
            if campaign.channels
            else {}
        )
    plan = []
    for entry in hooks.export_plan(campaign):
        offset = (entry["date"] - campaign.starts_on).days
        plan.append({"day_offset": offset, **{k: v for k, v in entry.items() if k != "date"}})
    plan.sort(key=lambda e: e["day_offset"])
    return template_create(
        workspace=campaign.workspace,
        actor=actor,
        token=token,
        name=name or _("Template: %(name)s") % {"name": campaign.name},
        description=campaign.description,
        objective=campaign.objective,
        goal_kind=campaign.goal.kind if campaign.goal else "",
        channels=list(campaign.channels),
        duration_days=(campaign.ends_on - campaign.starts_on).days + 1,
        budget=campaign.budget,
        budget_split=split,
        kpi_targets=[{"metric": k.metric, "target_value": str(k.target_value)} for k in campaign.kpis.all()],
        plan=plan,
        source_campaign=campaign,
    )


def template_instantiate(
    *,
    template: CampaignTemplate,
    actor,
    token=None,
    name: str,
    starts_on: date,
    goal: BusinessGoal | None,
    budget: Decimal | None = None,
) -> tuple[Campaign, list[dict]]:
    """Start a draft campaign from ``template`` at ``starts_on``: same objective, channels,
    duration, budget (or ``budget``), KPI targets; the plan shifted to the new dates and handed to
    the plan importers registered in ``campaigns.hooks`` (planning creates the plan items).
    Returns the campaign and the dated plan."""
    with transaction.atomic():
        campaign = campaign_create(
            workspace=template.workspace,
            actor=actor,
            token=token,
            name=name,
            objective=template.objective,
            goal=goal,
            channels=list(template.channels),
            budget=template.budget if budget is None else budget,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=template.duration_days - 1),
            description=template.description,
            template=template,
            kpis=template.kpi_targets,
        )
        plan = [
            {
                **{k: v for k, v in e.items() if k != "day_offset"},
                "date": starts_on + timedelta(days=int(e.get("day_offset", 0))),
            }
            for e in template.plan
        ]
        hooks.import_plan(campaign, plan, actor=actor)
        audit_record(
            workspace=template.workspace,
            actor=actor,
            token=token,
            action="template.instantiated",
            target=template,
            changes={"campaign": campaign.pk, "starts_on": starts_on.isoformat(), "plan_items": len(plan)},
        )
    return campaign, plan


# --- alignment -------------------------------------------------------------------------------


def alignment_settings_update(*, workspace, actor, token=None, **fields) -> AlignmentSettings:
    row = AlignmentSettings.objects.for_workspace(workspace).first() or AlignmentSettings(workspace=workspace)
    names = alignment.Thresholds.__dataclass_fields__
    changes = _apply(row, {k: v for k, v in fields.items() if k in names})
    with transaction.atomic():
        _validated_save(row)
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="alignment.settings_updated",
            changes=changes,
        )
        ids = selectors.running_campaign_ids(workspace=workspace)
        alignment_mark_dirty(campaign_ids=ids)
    return row


def alignment_mark_dirty(*, campaign_ids: Iterable[int]) -> list[int]:
    """Flag campaigns whose data changed; only the ones not flagged yet get a re-check queued (after
    the debounce delay), so a burst of batches causes one check per campaign. One UPDATE."""
    ids = sorted(set(campaign_ids))
    if not ids:
        return []
    now = timezone.now()
    table = Campaign._meta.db_table
    newly: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"UPDATE {table} SET alignment_dirty_since = %s "  # table name is ours
                f"WHERE id IN ({marks}) AND alignment_dirty_since IS NULL RETURNING id",
                [now, *chunk],
            )
            newly += [row[0] for row in cursor.fetchall()]
    from . import tasks

    for campaign_id in newly:
        transaction.on_commit(
            lambda pk=campaign_id: tasks.recheck_alignment.apply_async(
                kwargs={"campaign_id": pk}, countdown=ALIGNMENT_DEBOUNCE_SECONDS
            )
        )
    return newly


def alignment_claim_dirty(*, campaign_id: int) -> bool:
    """Take the "new data" flag off a campaign; True for exactly one of several callers."""
    return (
        Campaign.objects.filter(pk=campaign_id, alignment_dirty_since__isnull=False).update(
            alignment_dirty_since=None
        )
        == 1
    )


def alignment_request_check(*, campaign: Campaign) -> None:
    """Queue an immediate check of one campaign (after commit)."""
    from . import tasks

    enqueue_on_commit(tasks.check_alignment, campaign_id=campaign.pk)


def alignment_check(
    *, campaign_ids: Iterable[int], today: date | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Judge campaigns and store the verdicts; returns ``{"checked", "changed"}``.

    Per chunk of campaigns, in one transaction: lock the rows, load their facts in SQL
    (``selectors.alignment_facts``), judge them (``alignment.judge``), update the latest verdict on
    every campaign and, only where the verdict changed (or was never recorded), append an
    ``AlignmentCheck`` and emit ``campaign.alignment_changed``. The lock makes a second run of the
    same check see the first one's result, so a change is recorded once.
    """
    ids = sorted(set(campaign_ids))
    checked = changed = 0
    now = now or timezone.now()
    settings_cache: dict[int, alignment.Thresholds] = {}
    for start in range(0, len(ids), ALIGNMENT_CHUNK):
        chunk = ids[start : start + ALIGNMENT_CHUNK]
        with transaction.atomic():
            campaigns = list(
                Campaign.objects.select_for_update(of=("self",))
                .select_related("goal", "workspace")
                .defer("alignment_reasons", "description", "channels", "goal__description")
                .filter(pk__in=chunk)
                .order_by("pk")
            )
            by_workspace: dict[int, list[Campaign]] = {}
            for c in campaigns:
                by_workspace.setdefault(c.workspace_id, []).append(c)
            missing = [w for w in by_workspace if w not in settings_cache]
            if missing:
                found = {
                    s.workspace_id: s for s in AlignmentSettings.objects.filter(workspace_id__in=missing)
                }
                for w in missing:
                    settings_cache[w] = selectors.thresholds_for(found.get(w) or AlignmentSettings())
            history, to_update = [], []
            for workspace_id, group in by_workspace.items():
                thresholds = settings_cache[workspace_id]
                facts = selectors.alignment_facts(campaigns=group, thresholds=thresholds, today=today)
                for c in group:
                    judgement = alignment.judge(facts[c.pk], thresholds)
                    reasons = judgement.reasons_as_dicts()
                    previous = c.alignment_verdict if c.alignment_checked_at else ""
                    if previous != judgement.verdict:
                        history.append(
                            AlignmentCheck(
                                workspace_id=c.workspace_id,
                                campaign=c,
                                verdict=judgement.verdict,
                                previous_verdict=previous,
                                reasons=reasons,
                                facts=judgement.facts,
                                checked_at=now,
                            )
                        )
                        payload = {
                            "campaign": c.pk,
                            "name": c.name,
                            "verdict": judgement.verdict,
                            "previous_verdict": previous or None,
                            "reasons": [r["code"] for r in reasons],
                            "checked_at": now.isoformat(),
                        }
                        emit(workspace=c.workspace, event="campaign.alignment_changed", payload=payload)
                    c.alignment_verdict, c.alignment_reasons, c.alignment_checked_at = (
                        judgement.verdict,
                        reasons,
                        now,
                    )
                    to_update.append(c)
            _store_latest_verdicts(to_update)
            AlignmentCheck.objects.bulk_create(history, batch_size=1000)
        checked += len(campaigns)
        changed += len(history)
    return {"checked": checked, "changed": changed}


def _store_latest_verdicts(campaigns: list[Campaign]) -> None:
    """One parameterised UPDATE per campaign sent as a batch (psycopg pipelines ``executemany``),
    much cheaper than a CASE-per-row ``bulk_update`` on thousands of rows."""
    if not campaigns:
        return
    reasons_field = Campaign._meta.get_field("alignment_reasons")
    checked_field = Campaign._meta.get_field("alignment_checked_at")
    table = Campaign._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET alignment_verdict = %s, alignment_reasons = %s, alignment_checked_at = %s "
            "WHERE id = %s",
            [
                (
                    c.alignment_verdict,
                    reasons_field.get_db_prep_save(c.alignment_reasons, connection),
                    checked_field.get_db_prep_save(c.alignment_checked_at, connection),
                    c.pk,
                )
                for c in campaigns
            ],
        )


def alignment_check_running(*, today: date | None = None) -> dict[str, int]:
    """The nightly pass over every running campaign of every workspace."""
    return alignment_check(campaign_ids=selectors.running_campaign_ids(), today=today)
