"""Stored alignment reasons (codes with JSON-safe params) as sentences in the reader's language."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from smm_platform import formatting

from ..enums import CampaignStatus, GoalKind, KpiMetric, Objective
from ..templatetags.labels import kpi_value

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
    formatted = {}
    if code.startswith("kpi_") and "metric" in params:
        formatted = {
            key: _kpi_value(params["metric"], params[key]) for key in KPI_VALUE_PARAMS if key in params
        }
    if "metric" in params:
        params["metric"] = dict(KpiMetric.choices).get(
            params["metric"], UNIT_LABELS.get(params["metric"], params["metric"])
        )
    if "status" in params:
        params["status"] = str(dict(CampaignStatus.choices).get(params["status"], params["status"])).lower()
    return str(template) % {k: formatted.get(k) or _localized(k, v) for k, v in params.items()}


MONEY_PARAMS = frozenset({"spend", "cost", "limit", "revenue", "budget"})
KPI_VALUE_PARAMS = ("actual", "expected", "target")


def _kpi_value(metric: str, value) -> str | None:
    """A KPI's actual, expected or target value as the campaign page's KPI table reads it
    (``kpi_value``: counts whole, so an expected "668.13 clicks by now" reads "668"; money with ₽)."""
    text = str(value)
    if isinstance(value, bool) or not _NUMBER.match(text):
        return None
    return kpi_value(Decimal(text), metric)


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
