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

The package, by concept: ``mapping`` (the table above: ``CHAINS``, ``chain_for``,
``objectives_for``, severities), ``data`` (``Thresholds``, ``Window``, ``CampaignFacts``,
``Reason``, ``Judgement``), ``rules`` (``judge`` and the rules it applies) and ``sentences``
(``render_reason``). Every public name is importable from ``campaigns.alignment`` itself.
"""

from __future__ import annotations

from .data import METRICS, CampaignFacts, Judgement, Reason, Thresholds, Window
from .mapping import (
    CHAINS,
    COST_KPIS,
    DIRECT,
    INDIRECT,
    OPEN_STATUSES,
    RATE_KPIS,
    SEVERITY,
    VERDICT_BY_SEVERITY,
    chain_for,
    objectives_for,
)
from .rules import dead_community_signals, elapsed_share, growth_pct, judge, metric_value
from .sentences import COST_LABELS, MONEY_PARAMS, REASON_TEXTS, UNIT_LABELS, render_reason

#: The modules whose source decides verdicts and reasons (``alignment_facts.RULES_DIGEST``).
RULE_MODULES = ("mapping", "data", "rules")

__all__ = [
    "CHAINS",
    "COST_KPIS",
    "COST_LABELS",
    "DIRECT",
    "INDIRECT",
    "METRICS",
    "MONEY_PARAMS",
    "OPEN_STATUSES",
    "RATE_KPIS",
    "REASON_TEXTS",
    "RULE_MODULES",
    "SEVERITY",
    "UNIT_LABELS",
    "VERDICT_BY_SEVERITY",
    "CampaignFacts",
    "Judgement",
    "Reason",
    "Thresholds",
    "Window",
    "chain_for",
    "dead_community_signals",
    "elapsed_share",
    "growth_pct",
    "judge",
    "metric_value",
    "objectives_for",
    "render_reason",
]
