"""The alignment engine's rules: pure functions over plain data (no database, no Django models).

Does a campaign serve its business goal? ``judge(facts, thresholds)`` answers with a verdict
(aligned, at_risk, misaligned, insufficient_data) and reasons; each reason is a code with JSON-safe
params, rendered as a sentence in the reader's language by ``render_reason``.

Which objectives can serve which goal kinds, and through which conversion chain
(``CHAINS[goal_kind][objective]``). A campaign is judged on the LAST step of its chain (the goal's
result unit) and on how each step converts into the next:

=========== ================ ===================================== ========
goal kind   objective        chain                                 fit
=========== ================ ===================================== ========
sales       sales            clicks -> sales                       direct
sales       leads            leads -> sales                        direct
sales       traffic          clicks -> leads -> sales              indirect
sales       engagement       engagements -> clicks -> sales        indirect
sales       community_growth followers -> clicks -> sales          indirect
sales       reach            reach -> clicks -> sales              indirect
leads       leads            clicks -> leads                       direct
leads       sales            leads -> sales                        direct
leads       traffic          clicks -> leads                       indirect
leads       engagement       engagements -> clicks -> leads        indirect
leads       community_growth followers -> clicks -> leads          indirect
hiring      leads            clicks -> leads                       direct
hiring      traffic          clicks -> leads                       indirect
hiring      reach            reach -> clicks -> leads              indirect
hiring      community_growth followers -> clicks -> leads          indirect
retention   sales            clicks -> sales                       direct
retention   engagement       engagements -> sales                  direct
retention   community_growth followers -> engagements -> sales     direct
retention   traffic          clicks -> sales                       indirect
awareness   reach            impressions -> reach                  direct
awareness   engagement       reach -> engagements                  direct
awareness   community_growth reach -> followers                    direct
awareness   traffic          reach -> clicks                       indirect
=========== ================ ===================================== ========

Any other pair cannot serve the goal (e.g. a reach campaign for a leads goal, a sales campaign
for an awareness goal): misaligned. For leads and sales, CRM conversions are the source of truth
when the campaign has any; otherwise the leads and sales of the daily metric rows count.

Cost per result is ``spend / result`` (per 1,000 people reached for awareness goals) against the
goal's ``max_cost_per_result`` (or the campaign's cost KPI when the goal sets none); over it by
more than the tolerance is at risk, over twice the limit is misaligned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.utils.translation import gettext_lazy as _

from smm_platform import formatting

from .enums import CampaignStatus, GoalKind, KpiMetric, Objective

# --- the documented mapping --------------------------------------------------------------------

DIRECT = "direct"
INDIRECT = "indirect"

CHAINS: dict[str, dict[str, tuple[tuple[str, ...], str]]] = {
    "sales": {
        "sales": (("clicks", "sales"), DIRECT),
        "leads": (("leads", "sales"), DIRECT),
        "traffic": (("clicks", "leads", "sales"), INDIRECT),
        "engagement": (("engagements", "clicks", "sales"), INDIRECT),
        "community_growth": (("followers", "clicks", "sales"), INDIRECT),
        "reach": (("reach", "clicks", "sales"), INDIRECT),
    },
    "leads": {
        "leads": (("clicks", "leads"), DIRECT),
        "sales": (("leads", "sales"), DIRECT),
        "traffic": (("clicks", "leads"), INDIRECT),
        "engagement": (("engagements", "clicks", "leads"), INDIRECT),
        "community_growth": (("followers", "clicks", "leads"), INDIRECT),
    },
    "hiring": {
        "leads": (("clicks", "leads"), DIRECT),
        "traffic": (("clicks", "leads"), INDIRECT),
        "reach": (("reach", "clicks", "leads"), INDIRECT),
        "community_growth": (("followers", "clicks", "leads"), INDIRECT),
    },
    "retention": {
        "sales": (("clicks", "sales"), DIRECT),
        "engagement": (("engagements", "sales"), DIRECT),
        "community_growth": (("followers", "engagements", "sales"), DIRECT),
        "traffic": (("clicks", "sales"), INDIRECT),
    },
    "awareness": {
        "reach": (("impressions", "reach"), DIRECT),
        "engagement": (("reach", "engagements"), DIRECT),
        "community_growth": (("reach", "followers"), DIRECT),
        "traffic": (("reach", "clicks"), INDIRECT),
    },
}

# KPI metrics that are costs (lower is better) and the unit they are a cost of.
COST_KPIS = {"cost_per_lead": "leads", "cost_per_sale": "sales"}
RATE_KPIS = {"ctr", "engagement_rate", "romi"}
OPEN_STATUSES = {"draft", "proposed", "approved"}

# Verdict severities, worst last.
SEVERITY = {"ok": 0, "insufficient_data": 1, "at_risk": 2, "misaligned": 3}
VERDICT_BY_SEVERITY = {0: "aligned", 1: "insufficient_data", 2: "at_risk", 3: "misaligned"}


def chain_for(goal_kind: str | None, objective: str) -> tuple[tuple[str, ...], str] | None:
    """The conversion chain and fit of ``objective`` serving ``goal_kind``; None if it cannot."""
    if not goal_kind:
        return None
    return CHAINS.get(goal_kind, {}).get(objective)


def objectives_for(goal_kind: str) -> list[str]:
    """Objectives that can serve ``goal_kind``, direct ones first."""
    pairs = CHAINS.get(goal_kind, {})
    return sorted(pairs, key=lambda o: (pairs[o][1] != DIRECT, o))


# --- plain data in and out -------------------------------------------------------------------

METRICS = ("impressions", "reach", "clicks", "engagements", "posts", "leads", "sales", "revenue", "spend")


@dataclass(frozen=True)
class Thresholds:
    min_data_days: int = 7
    dead_no_posts_days: int = 14
    dead_min_engagement_rate: Decimal = Decimal("1.00")
    dead_followers_window_days: int = 30
    dead_reach_per_follower_drop_pct: int = 50
    zero_effect_grace_days: int = 14
    zero_effect_min_spend: Decimal = Decimal("5000")
    vanity_growth_pct: int = 30
    pace_at_risk_ratio: Decimal = Decimal("0.80")
    pace_misaligned_ratio: Decimal = Decimal("0.50")
    cost_tolerance_pct: int = 20


@dataclass(frozen=True)
class Window:
    """Sums of a period (``days`` with data), plus the average daily community size."""

    days: int = 0
    totals: dict[str, Decimal] = field(default_factory=dict)
    followers_avg: Decimal = Decimal("0")

    def get(self, metric: str) -> Decimal:
        return Decimal(self.totals.get(metric) or 0)


@dataclass(frozen=True)
class CampaignFacts:
    """Everything the rules need about one campaign, as of ``as_of``.

    ``total`` covers the whole campaign; ``recent`` and ``previous`` are the last
    ``dead_followers_window_days`` days before ``as_of`` and the same length before that.
    ``followers_first``/``followers_last``: the community size on the first and last day with data.
    """

    objective: str
    status: str
    starts_on: date
    ends_on: date
    as_of: date
    budget: Decimal
    goal_kind: str | None = None
    goal_target_metric: str | None = None
    goal_max_cost_per_result: Decimal | None = None
    kpis: tuple[tuple[str, Decimal], ...] = ()
    days_with_data: int = 0
    last_post_on: date | None = None
    total: Window = field(default_factory=Window)
    recent: Window = field(default_factory=Window)
    previous: Window = field(default_factory=Window)


@dataclass(frozen=True)
class Reason:
    code: str
    severity: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "params": self.params}


@dataclass(frozen=True)
class Judgement:
    verdict: str
    reasons: tuple[Reason, ...]
    facts: dict

    def reasons_as_dicts(self) -> list[dict]:
        return [r.as_dict() for r in self.reasons]


# --- helpers ---------------------------------------------------------------------------------


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


_PLACES = {p: Decimal(p) for p in ("0.01", "0.1", "1")}


def _num(value: Decimal, places: str = "0.01") -> str:
    """A JSON-safe, human-sized number string."""
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


# --- sentences -------------------------------------------------------------------------------

UNIT_LABELS = {
    "impressions": _("impressions"),
    "reach": _("reach"),
    "clicks": _("clicks"),
    "engagements": _("engagements"),
    "followers": _("followers"),
    "posts": _("posts"),
    "leads": _("leads"),
    "sales": _("sales"),
    "revenue": _("revenue"),
    "spend": _("spend"),
}
COST_LABELS = {
    "sales": _("cost per sale"),
    "leads": _("cost per lead"),
    "reach": _("cost per 1,000 people reached"),
    "engagements": _("cost per engagement"),
    "followers": _("cost per new follower"),
    "clicks": _("cost per click"),
}

REASON_TEXTS = {
    "no_goal": _("The campaign serves no business goal: link it to one, or it is activity for its own sake."),
    "objective_cannot_serve": _(
        "The objective “%(objective)s” cannot serve a goal of kind “%(goal_kind)s”. Objectives that can: "
        "%(allowed)s."
    ),
    "chain": _(
        "Objective “%(objective)s” serving a goal of kind “%(goal_kind)s”: the campaign is judged by its "
        "%(chain)s conversion and %(cost_label)s against the goal's target."
    ),
    "not_started": _("The campaign has not started yet (status: %(status)s), so there is nothing to judge."),
    "not_enough_data": _(
        "Only %(days)s days of metrics so far; at least %(needed)s are needed for a verdict."
    ),
    "zero_effect": _("%(spend)s spent over %(days)s days and no %(unit)s at all: zero effectiveness."),
    "no_results_yet": _(
        "%(spend)s spent in %(days)s days and no %(unit)s yet; the grace period is %(grace)s days."
    ),
    "chain_broken": _("The chain breaks at %(from)s -> %(to)s: %(volume)s %(from)s brought no %(to)s."),
    "chain_rate": _("%(from_cap)s convert into %(to)s at %(rate)s%%."),
    "no_economics": _(
        "The %(cost_label)s is %(cost)s, but the goal sets no maximum cost per result to compare it with."
    ),
    "cost_far_over": _(
        "The %(cost_label)s is %(cost)s, more than twice the goal's limit of %(limit)s: the campaign "
        "destroys value."
    ),
    "cost_over": _("The %(cost_label)s is %(cost)s, above the goal's limit of %(limit)s."),
    "cost_ok": _("The %(cost_label)s is %(cost)s, within the goal's limit of %(limit)s."),
    "kpi_far_behind": _(
        'KPI "%(metric)s" is far behind: %(actual)s against %(expected)s expected by now (target %(target)s).'
    ),
    "kpi_behind": _(
        'KPI "%(metric)s" is behind pace: %(actual)s against %(expected)s expected by now (target %(target)s).'
    ),
    "kpi_on_pace": _('KPI "%(metric)s" is on pace: %(actual)s against %(expected)s expected by now.'),
    "vanity": _(
        "Vanity growth: %(metric)s per day grew by %(growth)s%% while %(goal_metric)s per day did not "
        "(%(goal_now)s now, %(goal_before)s in the previous period)."
    ),
    "dead_no_posts": _("Dead community: nothing was published for %(days)s days (limit %(limit)s)."),
    "dead_no_posts_never": _("Dead community: nothing has been published at all."),
    "dead_low_engagement": _("Indifferent audience: engagement rate is %(rate)s%%, below %(limit)s%%."),
    "dead_followers_flat": _(
        "The community is not growing: followers changed by %(change)s%% in %(days)s days."
    ),
    "dead_reach_collapse": _("Reach per follower fell by %(drop)s%% (limit %(limit)s%%)."),
    "dead_community": _("%(signals)s signs of a dead community at once: revive it or stop spending on it."),
    "on_track": _("Everything points the right way: the campaign moves its goal's %(unit)s."),
}


def render_reason(reason: dict) -> str:
    """One stored reason (``{"code", "params"}``) as a sentence in the active language."""
    code = reason.get("code", "")
    params = dict(reason.get("params") or {})
    if code == "dead_no_posts" and params.get("days") is None:
        code = "dead_no_posts_never"
    template = REASON_TEXTS.get(code)
    if template is None:
        return code
    objectives, kinds = dict(Objective.choices), dict(GoalKind.choices)
    if "objective" in params:
        params["objective"] = str(objectives.get(params["objective"], params["objective"])).lower()
    if "goal_kind" in params:
        params["goal_kind"] = str(kinds.get(params["goal_kind"], params["goal_kind"])).lower()
    if "allowed" in params:
        params["allowed"] = ", ".join(str(objectives.get(o, o)).lower() for o in params["allowed"])
    if "steps" in params:
        params["chain"] = " -> ".join(str(UNIT_LABELS.get(s, s)) for s in params["steps"])
    if "unit" in params:
        params["cost_label"] = COST_LABELS.get(
            params["unit"], UNIT_LABELS.get(params["unit"], params["unit"])
        )
        params["unit"] = UNIT_LABELS.get(params["unit"], params["unit"])
    elif "result" in params:
        params["cost_label"] = COST_LABELS.get(params["result"], params["result"])
    for key in ("from", "to", "goal_metric"):
        if key in params:
            params[key] = UNIT_LABELS.get(params[key], params[key])
    if "from" in params:
        text = str(params["from"])
        params["from_cap"] = text[:1].upper() + text[1:]
    if "metric" in params:
        params["metric"] = dict(KpiMetric.choices).get(
            params["metric"], UNIT_LABELS.get(params["metric"], params["metric"])
        )
    if "status" in params:
        params["status"] = str(dict(CampaignStatus.choices).get(params["status"], params["status"])).lower()
    return str(template) % {k: _localized(k, v) for k, v in params.items()}


MONEY_PARAMS = frozenset({"spend", "cost", "limit", "revenue", "budget"})
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _localized(key: str, value) -> str:
    """Numbers in the reader's format ("131 346,78 ₽" in Russian, "₽131,346.78" in English)."""
    text = str(value)
    if isinstance(value, bool) or not _NUMBER.match(text):
        return text
    if key in MONEY_PARAMS:
        return formatting.format_money(Decimal(text))
    places = len(text.split(".")[1]) if "." in text else 0
    return formatting.format_decimal(Decimal(text), places)
