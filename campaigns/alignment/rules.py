"""The alignment rules: ``judge(facts, thresholds)``, pure functions over plain data (no
database, no Django models)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from .data import METRICS, CampaignFacts, Judgement, Reason, Thresholds, Window
from .mapping import (
    COST_KPIS,
    OPEN_STATUSES,
    RATE_KPIS,
    SEVERITY,
    VERDICT_BY_SEVERITY,
    chain_for,
    objectives_for,
)

# --- helpers ---------------------------------------------------------------------------------


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


_PLACES = {p: Decimal(p) for p in ("0.01", "0.1", "1")}


def _num(value: Decimal, places: str = "0.01") -> str:
    """A JSON-safe, human-sized number string."""
    if value.__class__ is not Decimal:
        value = _dec(value)
    if value and value == (whole := int(value)):  # whole numbers (most sums): no quantizing
        return str(whole)
    value = value.quantize(_PLACES.get(places) or Decimal(places), rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal("1")))
    return str(value)


def _ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    return None if not whole else _dec(part) / _dec(whole)


def growth_pct(recent: Decimal, previous: Decimal) -> Decimal | None:
    """Relative change in percent; None when there is nothing to compare with."""
    if not previous:
        return None
    return (_dec(recent) - _dec(previous)) / _dec(previous) * 100


def elapsed_share(facts: CampaignFacts) -> Decimal:
    """Share of the campaign period passed by ``as_of`` (0..1)."""
    duration = (facts.ends_on - facts.starts_on).days + 1
    elapsed = (min(facts.as_of, facts.ends_on) - facts.starts_on).days + 1
    return Decimal(max(0, min(elapsed, duration))) / Decimal(duration)


def metric_value(metric: str, window: Window) -> Decimal | None:
    """A KPI metric's value over ``window`` (followers: gained; rates in %; costs in money)."""
    if metric == "ctr":
        r = _ratio(window.get("clicks"), window.get("impressions"))
        return None if r is None else r * 100
    if metric == "engagement_rate":
        r = _ratio(window.get("engagements"), window.get("reach"))
        return None if r is None else r * 100
    if metric == "romi":
        r = _ratio(window.get("revenue") - window.get("spend"), window.get("spend"))
        return None if r is None else r * 100
    if metric in COST_KPIS:
        return _ratio(window.get("spend"), window.get(COST_KPIS[metric]))
    return window.get(metric)


# --- the rules -------------------------------------------------------------------------------


def _structure(facts: CampaignFacts) -> list[Reason]:
    if not facts.goal_kind:
        return [Reason("no_goal", "misaligned", {"objective": facts.objective})]
    found = chain_for(facts.goal_kind, facts.objective)
    if found is None:
        return [
            Reason(
                "objective_cannot_serve",
                "misaligned",
                {
                    "objective": facts.objective,
                    "goal_kind": facts.goal_kind,
                    "allowed": objectives_for(facts.goal_kind),
                },
            )
        ]
    steps, fit = found
    return [
        Reason(
            "chain",
            "ok",
            {
                "objective": facts.objective,
                "goal_kind": facts.goal_kind,
                "steps": list(steps),
                "result": steps[-1],
                "fit": fit,
            },
        )
    ]


def _conversion_chain(facts: CampaignFacts, steps: tuple[str, ...], t: Thresholds) -> list[Reason]:
    reasons = []
    result_unit = steps[-1]
    total = facts.total
    spend = total.get("spend")
    result = total.get(result_unit)
    days_running = (facts.as_of - facts.starts_on).days + 1
    if result == 0 and spend > 0:
        if days_running >= t.zero_effect_grace_days and spend >= t.zero_effect_min_spend:
            return [
                Reason(
                    "zero_effect",
                    "misaligned",
                    {"spend": _num(spend), "days": days_running, "unit": result_unit},
                )
            ]
        reasons.append(
            Reason(
                "no_results_yet",
                "at_risk",
                {
                    "spend": _num(spend),
                    "days": days_running,
                    "unit": result_unit,
                    "grace": t.zero_effect_grace_days,
                },
            )
        )
        return reasons
    # Where does the chain break? A step with volume whose next step got nothing.
    for current, following in pairwise(steps):
        upstream, downstream = total.get(current), total.get(following)
        if current == "followers" or following == "followers":
            continue
        if upstream > 0 and downstream == 0:
            reasons.append(
                Reason(
                    "chain_broken", "at_risk", {"from": current, "to": following, "volume": _num(upstream)}
                )
            )
        elif upstream > 0 and following in ("leads", "sales") and current != following:
            rate = downstream / upstream * 100
            reasons.append(Reason("chain_rate", "ok", {"from": current, "to": following, "rate": _num(rate)}))
    return reasons


def _cost(facts: CampaignFacts, steps: tuple[str, ...], t: Thresholds) -> list[Reason]:
    unit = steps[-1]
    spend = facts.total.get("spend")
    result = facts.total.get(unit)
    if spend <= 0 or result <= 0:
        return []
    per = Decimal(1000) if unit == "reach" else Decimal(1)
    cost = spend / result * per
    limit = facts.goal_max_cost_per_result
    if limit is None:
        for metric, target in facts.kpis:
            if COST_KPIS.get(metric) == unit:
                limit = _dec(target)
    if not limit:
        return [Reason("no_economics", "ok", {"unit": unit, "cost": _num(cost)})]
    params = {"unit": unit, "cost": _num(cost), "limit": _num(limit)}
    if cost > limit * 2:
        return [Reason("cost_far_over", "misaligned", params)]
    if cost > limit * (1 + Decimal(t.cost_tolerance_pct) / 100):
        return [Reason("cost_over", "at_risk", params)]
    return [Reason("cost_ok", "ok", params)]


def _pacing(facts: CampaignFacts, result_unit: str, t: Thresholds) -> list[Reason]:
    reasons = []
    share = elapsed_share(facts)
    for metric, target in facts.kpis:
        target = _dec(target)
        actual = metric_value(metric, facts.total)
        if actual is None or not target:
            continue
        if metric in COST_KPIS:
            pace = target / actual if actual else Decimal(1)
            expected = target
        elif metric in RATE_KPIS:
            pace = actual / target
            expected = target
        else:
            expected = target * share
            pace = actual / expected if expected else Decimal(1)
        params = {
            "metric": metric,
            "actual": _num(actual),
            "expected": _num(expected),
            "target": _num(target),
        }
        is_result = metric == result_unit or COST_KPIS.get(metric) == result_unit
        if pace < t.pace_misaligned_ratio:
            reasons.append(Reason("kpi_far_behind", "misaligned" if is_result else "at_risk", params))
        elif pace < t.pace_at_risk_ratio:
            reasons.append(Reason("kpi_behind", "at_risk", params))
        else:
            reasons.append(Reason("kpi_on_pace", "ok", params))
    return reasons


def _per_day(window: Window, metric: str) -> Decimal:
    return window.get(metric) / window.days if window.days else Decimal(0)


def _vanity(facts: CampaignFacts, result_unit: str, t: Thresholds) -> list[Reason]:
    """Reach or engagements per day grew by the threshold while the goal's result per day did not."""
    if facts.goal_kind == "awareness" or facts.previous.days < 7 or facts.recent.days < 7:
        return []
    goal_now, goal_before = _per_day(facts.recent, result_unit), _per_day(facts.previous, result_unit)
    if goal_now > goal_before:
        return []
    for vanity in ("reach", "engagements"):
        change = growth_pct(_per_day(facts.recent, vanity), _per_day(facts.previous, vanity))
        if change is not None and change >= t.vanity_growth_pct:
            return [
                Reason(
                    "vanity",
                    "at_risk",
                    {
                        "metric": vanity,
                        "growth": _num(change, "1"),
                        "goal_metric": result_unit,
                        "goal_now": _num(goal_now),
                        "goal_before": _num(goal_before),
                    },
                )
            ]
    return []


def dead_community_signals(facts: CampaignFacts, t: Thresholds) -> list[Reason]:
    """Posting stopped, audience indifferent, community not growing, reach per follower collapsing."""
    signals = []
    if facts.last_post_on is None or (facts.as_of - facts.last_post_on).days >= t.dead_no_posts_days:
        days = None if facts.last_post_on is None else (facts.as_of - facts.last_post_on).days
        signals.append(Reason("dead_no_posts", "at_risk", {"days": days, "limit": t.dead_no_posts_days}))
    rate = metric_value("engagement_rate", facts.recent)
    if rate is not None and rate < t.dead_min_engagement_rate:
        signals.append(
            Reason(
                "dead_low_engagement",
                "at_risk",
                {"rate": _num(rate), "limit": _num(t.dead_min_engagement_rate)},
            )
        )
    if facts.previous.days and facts.recent.followers_avg and facts.previous.followers_avg:
        change = growth_pct(facts.recent.followers_avg, facts.previous.followers_avg)
        if change is not None and change <= 0:
            signals.append(
                Reason(
                    "dead_followers_flat",
                    "at_risk",
                    {"change": _num(change, "0.1"), "days": t.dead_followers_window_days},
                )
            )
        per_now = _ratio(facts.recent.get("reach") / max(facts.recent.days, 1), facts.recent.followers_avg)
        per_before = _ratio(
            facts.previous.get("reach") / max(facts.previous.days, 1), facts.previous.followers_avg
        )
        if per_now is not None and per_before:
            drop = (per_before - per_now) / per_before * 100
            if drop >= t.dead_reach_per_follower_drop_pct:
                signals.append(
                    Reason(
                        "dead_reach_collapse",
                        "at_risk",
                        {"drop": _num(drop, "1"), "limit": t.dead_reach_per_follower_drop_pct},
                    )
                )
    if len(signals) >= 2:
        signals.append(Reason("dead_community", "misaligned", {"signals": len(signals)}))
    return signals


def judge(facts: CampaignFacts, t: Thresholds | None = None) -> Judgement:
    """The verdict on one campaign with every reason that led to it (worst severity wins)."""
    t = t or Thresholds()
    reasons = _structure(facts)
    summary = {
        "as_of": facts.as_of.isoformat(),
        "days_with_data": facts.days_with_data,
        "totals": {m: _num(facts.total.get(m)) for m in METRICS},
    }
    if reasons[0].severity == "misaligned":
        return Judgement("misaligned", tuple(reasons), summary)
    steps = tuple(reasons[0].params["steps"])
    result_unit = steps[-1]
    if facts.status in OPEN_STATUSES or facts.as_of < facts.starts_on:
        reasons.append(Reason("not_started", "insufficient_data", {"status": facts.status}))
        return Judgement("insufficient_data", tuple(reasons), summary)
    if facts.days_with_data < t.min_data_days:
        reasons.append(
            Reason(
                "not_enough_data",
                "insufficient_data",
                {"days": facts.days_with_data, "needed": t.min_data_days},
            )
        )
        return Judgement("insufficient_data", tuple(reasons), summary)
    reasons += _conversion_chain(facts, steps, t)
    reasons += _cost(facts, steps, t)
    reasons += _pacing(facts, result_unit, t)
    reasons += _vanity(facts, result_unit, t)
    if facts.status == "running":
        reasons += dead_community_signals(facts, t)
    worst = max(SEVERITY[r.severity] for r in reasons)
    if worst == 0:
        reasons.append(Reason("on_track", "ok", {"unit": result_unit}))
    return Judgement(VERDICT_BY_SEVERITY[worst], tuple(reasons), summary)
