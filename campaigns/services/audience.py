"""Audience segments, trends and trend trials."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.services import audit_record

from .. import alignment, selectors
from ..models import (
    AudienceSegment,
    Campaign,
    MetricDaily,
    Trend,
    TrendTrial,
)
from ._common import _apply, _check_same_workspace, _clean_channels, _jsonable, _validated_save

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
