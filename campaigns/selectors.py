"""Reads of the campaigns area, always starting from ``for_workspace()``; aggregates run in SQL."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Min, Prefetch, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from . import alignment, figures
from .enums import CampaignStatus
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

COUNT_METRICS = ("impressions", "reach", "clicks", "engagements", "posts", "leads", "sales")
MONEY_METRICS = ("revenue", "spend")
SUMMED = COUNT_METRICS + MONEY_METRICS


# --- lists -----------------------------------------------------------------------------------


def goals_for(*, workspace):
    return BusinessGoal.objects.for_workspace(workspace).select_related("owner", "parent")


def campaigns_for(*, workspace):
    return Campaign.objects.for_workspace(workspace).select_related("goal", "owner", "template")


def segments_for(*, workspace):
    return AudienceSegment.objects.for_workspace(workspace)


def trends_for(*, workspace):
    return Trend.objects.for_workspace(workspace).prefetch_related(
        Prefetch("trials", queryset=TrendTrial.objects.select_related("campaign"))
    )


def templates_for(*, workspace):
    return CampaignTemplate.objects.for_workspace(workspace).select_related("source_campaign")


def templates_with_performance(*, workspace):
    """Templates with how many campaigns were started from each and how many are aligned now
    (counted in SQL); what those campaigns achieved is ``figures.template_results``."""
    return templates_for(workspace=workspace).annotate(
        started=Count("campaigns", distinct=True),
        aligned=Count("campaigns", filter=Q(campaigns__alignment_verdict="aligned"), distinct=True),
    )


def alignment_history(*, campaign):
    return AlignmentCheck.objects.for_workspace(campaign.workspace).filter(campaign=campaign)


def alignment_settings_for(*, workspace) -> AlignmentSettings:
    """The workspace's thresholds (unsaved defaults when none were set)."""
    found = AlignmentSettings.objects.for_workspace(workspace).first()
    return found or AlignmentSettings(workspace=workspace)


def thresholds_for(settings_row: AlignmentSettings) -> alignment.Thresholds:
    names = alignment.Thresholds.__dataclass_fields__
    return alignment.Thresholds(**{name: getattr(settings_row, name) for name in names})


# --- campaign figures ------------------------------------------------------------------------


def campaign_totals(*, campaign) -> dict:
    """Whole-campaign sums by the definitions of ``campaigns.figures`` (``source``: crm, metrics
    or crm+metrics)."""
    results = figures.campaign_figure(campaign=campaign).results
    return {**results.totals(), "source": results.source}


# --- alignment facts -------------------------------------------------------------------------


def _as_of(campaign: Campaign, today: date) -> date:
    return min(today, campaign.ends_on)


def _metric_aggregates(ids: list[int], as_of: date, window: int) -> dict[int, dict]:
    recent_from = as_of - timedelta(days=window)
    previous_from = as_of - timedelta(days=2 * window)
    in_total = Q(date__lte=as_of)
    in_recent = Q(date__gt=recent_from, date__lte=as_of)
    in_previous = Q(date__gt=previous_from, date__lte=recent_from)
    aggregates = {}
    for m in SUMMED:
        aggregates[f"t_{m}"] = Sum(m, filter=in_total)
        aggregates[f"r_{m}"] = Sum(m, filter=in_recent)
        aggregates[f"p_{m}"] = Sum(m, filter=in_previous)
    aggregates.update(
        days=Count("date", filter=in_total, distinct=True),
        r_days=Count("date", filter=in_recent, distinct=True),
        p_days=Count("date", filter=in_previous, distinct=True),
        r_followers=Sum("followers", filter=in_recent),
        p_followers=Sum("followers", filter=in_previous),
        last_post_on=Max("date", filter=in_total & Q(posts__gt=0)),
    )
    rows = (
        MetricDaily.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(**aggregates)
        .order_by()
    )
    return {row["campaign_id"]: row for row in rows}


def _followers_gained(ids: list[int], as_of: date) -> dict[int, Decimal]:
    """Followers gained by the rule of ``campaigns.figures``: per community (campaign and channel),
    the largest minus the smallest size up to as-of, summed over the campaign's communities."""
    gained: dict[int, Decimal] = defaultdict(Decimal)
    rows = (
        MetricDaily.objects.filter(campaign_id__in=ids, date__lte=as_of)
        .values("campaign_id", "channel")
        .annotate(most=Max("followers"), least=Min("followers"))
        .order_by()
    )
    for row in rows:
        gained[row["campaign_id"]] += Decimal(max((row["most"] or 0) - (row["least"] or 0), 0))
    return dict(gained)


def _conversion_aggregates(ids: list[int], as_of: date, window: int) -> dict[int, dict]:
    recent_from = as_of - timedelta(days=window)
    previous_from = as_of - timedelta(days=2 * window)
    day = TruncDate("occurred_at")
    rows = (
        Conversion.objects.filter(campaign_id__in=ids)
        .annotate(day=day)
        .values("campaign_id")
        .annotate(
            any_leads=Count("id", filter=Q(kind="lead")),
            any_sales=Count("id", filter=Q(kind="sale")),
            t_leads=Count("id", filter=Q(kind="lead", day__lte=as_of)),
            t_sales=Count("id", filter=Q(kind="sale", day__lte=as_of)),
            t_revenue=Sum("amount", filter=Q(kind="sale", day__lte=as_of)),
            r_leads=Count("id", filter=Q(kind="lead", day__gt=recent_from, day__lte=as_of)),
            r_sales=Count("id", filter=Q(kind="sale", day__gt=recent_from, day__lte=as_of)),
            r_revenue=Sum("amount", filter=Q(kind="sale", day__gt=recent_from, day__lte=as_of)),
            p_leads=Count("id", filter=Q(kind="lead", day__gt=previous_from, day__lte=recent_from)),
            p_sales=Count("id", filter=Q(kind="sale", day__gt=previous_from, day__lte=recent_from)),
            p_revenue=Sum("amount", filter=Q(kind="sale", day__gt=previous_from, day__lte=recent_from)),
        )
        .order_by()
    )
    return {row["campaign_id"]: row for row in rows}


def _window(row: dict, prefix: str, days: int, followers_total, crm: dict | None) -> alignment.Window:
    totals = {m: Decimal(row.get(f"{prefix}_{m}") or 0) for m in SUMMED}
    if crm:
        # The source rule of campaigns.figures: CRM leads (sales) are the truth once the campaign
        # has any at all (even after as-of, then counted as none), the metric rows' otherwise;
        # never both added together.
        crm_totals = {m: crm.get(f"{prefix}_{m}") for m in ("leads", "sales", "revenue")}
        merged = figures.combine(
            totals, crm_totals, crm_leads=bool(crm.get("any_leads")), crm_sales=bool(crm.get("any_sales"))
        )
        totals.update(leads=Decimal(merged.leads), sales=Decimal(merged.sales), revenue=merged.revenue)
    followers_avg = Decimal(followers_total or 0) / days if days else Decimal(0)
    return alignment.Window(days=days, totals=totals, followers_avg=followers_avg)


def alignment_facts(
    *, campaigns: list[Campaign], thresholds: alignment.Thresholds, today: date | None = None
) -> dict[int, alignment.CampaignFacts]:
    """Facts of each campaign (with ``goal`` loaded), aggregated in SQL: per distinct "as of" date,
    one query over metrics, one over conversions and one for follower growth; one for KPIs."""
    today = today or timezone.localdate()
    window = thresholds.dead_followers_window_days
    ids = [c.pk for c in campaigns]
    kpis: dict[int, list] = defaultdict(list)
    for campaign_id, metric, target in KPI.objects.filter(campaign_id__in=ids).values_list(
        "campaign_id", "metric", "target_value"
    ):
        kpis[campaign_id].append((metric, target))
    by_as_of: dict[date, list[Campaign]] = defaultdict(list)
    for c in campaigns:
        by_as_of[_as_of(c, today)].append(c)
    facts = {}
    for as_of, group in by_as_of.items():
        group_ids = [c.pk for c in group]
        metrics = _metric_aggregates(group_ids, as_of, window)
        conversions = _conversion_aggregates(group_ids, as_of, window)
        gained = _followers_gained(group_ids, as_of)
        for c in group:
            row = metrics.get(c.pk, {})
            crm = conversions.get(c.pk)
            total = _window(row, "t", row.get("days") or 0, 0, crm)
            total.totals["followers"] = gained.get(c.pk, Decimal(0))
            goal = c.goal
            facts[c.pk] = alignment.CampaignFacts(
                objective=c.objective,
                status=c.status,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                as_of=as_of,
                budget=c.budget,
                goal_kind=goal.kind if goal else None,
                goal_target_metric=goal.target_metric if goal else None,
                goal_max_cost_per_result=goal.max_cost_per_result if goal else None,
                kpis=tuple(kpis.get(c.pk, ())),
                days_with_data=row.get("days") or 0,
                last_post_on=row.get("last_post_on"),
                total=total,
                recent=_window(row, "r", row.get("r_days") or 0, row.get("r_followers"), crm),
                previous=_window(row, "p", row.get("p_days") or 0, row.get("p_followers"), crm),
            )
    return facts


def running_campaign_ids(*, workspace=None) -> list[int]:
    qs = Campaign.objects.filter(status=CampaignStatus.RUNNING)
    if workspace is not None:
        qs = qs.for_workspace(workspace)
    return list(qs.order_by("pk").values_list("pk", flat=True))
