"""The workspace home dashboard: KPI tiles against goals, alignment counts, the negativity inbox
and the coming week of the calendar (when those areas exist), charts. A fixed number of queries
whatever the number of goals, campaigns or metric rows."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from campaigns import figures
from campaigns.enums import Verdict
from campaigns.models import BusinessGoal

from .providers import areas
from .providers import campaign_data as data
from .selectors import run_list_light

CHART_DAYS = 30


def goal_tiles(workspace, today) -> list[dict]:
    """Every goal running today with its figure over its own period (``campaigns.figures``)."""
    goals = list(
        BusinessGoal.objects.for_workspace(workspace)
        .filter(starts_on__lte=today, ends_on__gte=today)
        .order_by("ends_on", "id")
    )
    found = figures.goal_figures(workspace=workspace, goals=goals)
    tiles = []
    for goal in goals:
        figure = found[goal.pk]
        tiles.append(
            {
                "goal": goal,
                "figure": figure,
                "value": figure.actual,
                "target": goal.target_value,
                "percent": figure.progress,
                "bar": figure.bar_width,
                "expected_percent": figure.elapsed_percent(today),
                "cost_per_result": figure.cost_per_result,
                "max_cost_per_result": goal.max_cost_per_result,
                "is_money": figure.is_money,
            }
        )
    return tiles


def summary(workspace) -> dict:
    today = timezone.localdate()
    start = today - timedelta(days=CHART_DAYS - 1)
    counts = data.verdict_counts(workspace)
    days = {d["date"]: d for d in data.by_day(workspace, start, today)}
    labels = [start + timedelta(days=i) for i in range(CHART_DAYS)]
    totals = figures.Results.total(
        figures.period_results(workspace=workspace, start=start, end=today).values()
    )
    return {
        "goal_tiles": goal_tiles(workspace, today),
        "totals": totals,
        "cost_per_lead": totals.cost_per_lead,
        "cost_per_sale": totals.cost_per_sale,
        "verdicts": [
            {"code": code, "label": label, "count": counts.get(code, 0)} for code, label in Verdict.choices
        ],
        "negativity": areas.home_negativity(workspace),
        "upcoming": areas.home_upcoming(workspace),
        "recent_runs": list(run_list_light(workspace=workspace)[:5]),
        "chart": {
            "labels": [d.isoformat() for d in labels],  # formatted in the page's language
            "revenue": [days[d]["revenue"] if d in days else 0 for d in labels],
            "spend": [days[d]["spend"] if d in days else 0 for d in labels],
            "leads": [days[d]["leads"] if d in days else 0 for d in labels],
            "sales": [days[d]["sales"] if d in days else 0 for d in labels],
            "verdict_labels": [str(label) for _code, label in Verdict.choices],
            "verdict_counts": [counts.get(code, 0) for code, _label in Verdict.choices],
        },
        "has_campaign_data": bool(days) or any(counts.values()),
        # a chart with nothing to draw shows "No data for this period" instead
        "has_daily_chart": any(d[m] for d in days.values() for m in ("revenue", "spend", "leads")),
        "has_verdict_chart": any(counts.values()),
        "count_campaigns": sum(counts.values()),
    }
