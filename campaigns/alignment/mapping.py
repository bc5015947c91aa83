"""Which objectives can serve which goal kinds, through which conversion chain, and the verdicts'
severities (the table is in the package docstring, ``campaigns.alignment``)."""

from __future__ import annotations

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
