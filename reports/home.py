"""The workspace home dashboard: KPI tiles against goals, alignment counts, the negativity inbox
and the coming week of the calendar (when those areas exist), charts. A fixed number of queries
whatever the number of goals, campaigns or metric rows."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Max, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from campaigns.enums import Verdict
from campaigns.models import BusinessGoal, MetricDaily

from . import rules
from .providers import areas
from .providers import campaign_data as data
from .selectors import run_list_light

CHART_DAYS = 30


def goal_tiles(workspace, today) -> list[dict]:
    """Every goal running today with its actual over its own period (two queries)."""
    goals = list(
        BusinessGoal.objects.for_workspace(workspace)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .order_by("ends_on", "id")
    )
    if not goals:
        return []
    sums = {name: Coalesce(Sum(name), 0) for name in data.COUNTS}
    sums.update(revenue=Sum("revenue"), spend=Sum("spend"), followers_max=Max("followers"))
    rows = (
        MetricDaily.objects.for_workspace(workspace)
        .filter(
            campaign__goal__in=goals,
            date__gte=F("campaign__goal__starts_on"),
            date__lte=F("campaign__goal__ends_on"),
        )
        .values("campaign__goal_id")
        .annotate(**sums)
        .order_by()
    )
    actual = {r["campaign__goal_id"]: data._clean(r) for r in rows}
    tiles = []
    for goal in goals:
        totals = actual.get(goal.pk, data.fold([]))
        value = rules.goal_value(goal.target_metric, totals) or 0
        target = float(goal.target_value)
        elapsed = (min(today, goal.ends_on) - goal.starts_on).days + 1
        duration = (goal.ends_on - goal.starts_on).days + 1
        tiles.append(
            {
                "goal": goal,
                "value": value,
                "target": target,
                "percent": min(round(value / target * 100), 100) if target else 0,
                "expected_percent": round(elapsed / duration * 100),
                "cost_per_result": rules.cost_per_result(goal.target_metric, totals),
                "max_cost_per_result": goal.max_cost_per_result,
                "is_money": goal.target_metric == "revenue",
            }
        )
    return tiles


def summary(workspace) -> dict:
    today = timezone.localdate()
    start = today - timedelta(days=CHART_DAYS - 1)
    counts = data.verdict_counts(workspace)
    days = {d["date"]: d for d in data.by_day(workspace, start, today)}
    labels = [start + timedelta(days=i) for i in range(CHART_DAYS)]
    totals = data.totals(workspace, start, today)
    return {
        "goal_tiles": goal_tiles(workspace, today),
        "totals": totals,
        "cost_per_lead": rules.metric_value("cost_per_lead", totals),
        "cost_per_sale": rules.metric_value("cost_per_sale", totals),
        "verdicts": [
            {"code": code, "label": label, "count": counts.get(code, 0)} for code, label in Verdict.choices
        ],
        "negativity": areas.home_negativity(workspace),
        "upcoming": areas.home_upcoming(workspace),
        "recent_runs": list(run_list_light(workspace=workspace)[:5]),
        "chart": {
            "labels": [d.strftime("%d.%m") for d in labels],
            "revenue": [days[d]["revenue"] if d in days else 0 for d in labels],
            "spend": [days[d]["spend"] if d in days else 0 for d in labels],
            "leads": [days[d]["leads"] if d in days else 0 for d in labels],
            "sales": [days[d]["sales"] if d in days else 0 for d in labels],
            "verdict_labels": [str(label) for _code, label in Verdict.choices],
            "verdict_counts": [counts.get(code, 0) for code, _label in Verdict.choices],
        },
        "has_campaign_data": bool(days) or any(counts.values()),
        "count_campaigns": sum(counts.values()),
    }
