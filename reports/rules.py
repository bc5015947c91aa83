"""Pure rules of reporting over plain numbers (tested without a database)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from campaigns import figures

COST_METRICS = {"cost_per_lead", "cost_per_sale"}
RESULT_OF_GOAL = {"sales": "sales", "revenue": "sales", "leads": "leads"}


def _div(a: float | None, b: float | None, scale: float = 1.0) -> float | None:
    if a is None or not b:
        return None
    return round(float(a) / float(b) * scale, 2)


def _float(value) -> float | None:
    return None if value is None else float(value)


def metric_value(metric: str, totals: dict) -> float | None:
    """The actual value of a KPI metric (``campaigns.enums.KpiMetric`` codes) from summed totals
    (e.g. one channel's metric rows), with the formulas and rounding of ``campaigns.figures``."""
    t = totals
    if metric == "followers":
        return t.get("followers_gained", 0)
    if metric in ("impressions", "reach", "clicks", "engagements", "posts", "leads", "sales"):
        return t.get(metric, 0)
    if metric == "revenue":
        return t.get("revenue", 0.0)
    if metric == "ctr":
        return _float(figures.ratio_percent(t.get("clicks"), t.get("impressions")))
    if metric == "engagement_rate":
        return _float(figures.ratio_percent(t.get("engagements"), t.get("reach")))
    if metric == "cost_per_lead":
        return _float(figures.cost_per(_money(t.get("spend")), t.get("leads")))
    if metric == "cost_per_sale":
        return _float(figures.cost_per(_money(t.get("spend")), t.get("sales")))
    if metric == "romi":
        return _float(figures.romi(_money(t.get("revenue")), _money(t.get("spend"))))
    return None


def _money(value):
    return figures.money(Decimal(str(value or 0)))


def goal_value(target_metric: str, totals: dict) -> float | None:
    """A goal's actual on its ``target_metric`` (followers: the community's size at the end)."""
    if target_metric == "followers":
        return totals.get("followers_max", 0)
    return metric_value(target_metric, totals)


def cost_per_result(target_metric: str, totals: dict) -> float | None:
    """Spend per unit of the goal's result (a sale for sales/revenue goals, a lead for leads)."""
    result = RESULT_OF_GOAL.get(target_metric, target_metric)
    if result not in ("sales", "leads"):
        return None
    return _float(figures.cost_per(_money(totals.get("spend")), totals.get(result)))


def kpi_met(metric: str, actual: float | None, target: float) -> bool:
    if actual is None:
        return False
    return actual <= target if metric in COST_METRICS else actual >= target


def campaign_met_goals(kpis: list[tuple[str, float | None, float]], verdict: str) -> bool:
    """A campaign met its goals when every KPI target is met (``(metric, actual, target)``), or,
    without KPIs, when the alignment engine judged it aligned."""
    if kpis:
        return all(kpi_met(m, a, t) for m, a, t in kpis)
    return verdict == "aligned"


def previous_period(frequency: str, today: date) -> tuple[date, date]:
    """The full week (Mon-Sun) or calendar month that ended before ``today``."""
    if frequency == "weekly":
        end = today - timedelta(days=today.weekday() + 1)
        return end - timedelta(days=6), end
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def merge_totals(rows: list[dict]) -> dict:
    """Sum per-campaign totals into one (followers: sums of each campaign's max)."""
    out: dict = {}
    for r in rows:
        for key, value in r.items():
            if isinstance(value, int | float):
                out[key] = out.get(key, 0) + value
    for key in ("revenue", "spend"):
        if key in out:
            out[key] = round(out[key], 2)
    return out
