"""The alignment rules' plain data in and out: thresholds, facts about a campaign, reasons and the
judgement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

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
        value = self.totals.get(metric)
        if value.__class__ is Decimal and value:  # the rules read it often: no copy
            return value
        return Decimal(value or 0)


@dataclass(frozen=True)
class CampaignFacts:
    """Everything the rules need about one campaign, as of ``as_of``.

    ``total`` covers the whole campaign; ``recent`` and ``previous`` are the last
    ``dead_followers_window_days`` days before ``as_of`` and the same length before that.
    followers gained (``totals["followers"]``): per community, the largest minus the smallest size (campaigns.figures).
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
