"""Fit of candidate partners for a campaign: pure, vectorised over every candidate at once.

Inputs are plain numpy arrays (one entry per candidate, built by ``selectors.shortlist_candidates``
from three GROUP BY queries); nothing here touches the database or loops over partners. The score
(0-100) is a weighted sum of components in 0..1, lowered by risk flags:

* topics: how many of the partner's topic terms appear in the campaign's segments and brief;
* platforms: share of the partner's audience on the campaign's channels;
* audience band: closeness (on a log scale) of the audience to what the budget can buy;
* engagement: engagement rate against what is typical for that audience size;
* CPM: cost per thousand audience against the candidates' median;
* track record: our rating of the partner and the ROI of past deals with us.

``explain()`` turns one candidate's numbers into reasons ``{"code", "params"}``; ``reason_text()``
renders them in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

WEIGHTS = {
    "topics": 0.30,
    "platforms": 0.10,
    "audience": 0.15,
    "engagement": 0.15,
    "cpm": 0.15,
    "track_record": 0.15,
}
# Share of the campaign budget one partner may take, and what a thousand of audience typically costs.
BUDGET_SHARE_PER_PARTNER = 0.3
TYPICAL_CPM = 400.0
RISK_PENALTY = 0.7
SUSPICIOUS_ER_FACTOR = 3.0
DEAD_ER_FACTOR = 0.2


@dataclass(frozen=True)
class Candidates:
    """One entry per candidate partner (NaN where a value is unknown)."""

    ids: np.ndarray
    audience: np.ndarray
    engagement: np.ndarray
    platform_audience: np.ndarray
    min_price: np.ndarray
    rating: np.ndarray
    past_roi: np.ndarray
    past_deals: np.ndarray
    topic_matches: np.ndarray
    topic_terms: np.ndarray


@dataclass(frozen=True)
class FitContext:
    budget: float
    campaign_terms: int
    has_channels: bool


@dataclass
class Scored:
    score: np.ndarray
    components: dict[str, np.ndarray]
    flags: dict[str, np.ndarray]
    expected_er: np.ndarray
    cpm: np.ndarray
    target_audience: float
    median_cpm: float
    extra: dict = field(default_factory=dict)


def expected_engagement(audience: np.ndarray) -> np.ndarray:
    """Typical engagement rate (%) for an audience size: small communities engage more."""
    safe = np.maximum(audience, 1.0)
    return np.clip(25.0 * safe**-0.2, 0.8, 15.0)


def score_candidates(c: Candidates, ctx: FitContext) -> Scored:
    """Score every candidate at once; ``score`` is 0..100, higher is a better fit."""
    n = len(c.ids)
    audience = c.audience.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Topics: share of the partner's terms that the campaign shares, with a bonus for 2+ hits.
        if ctx.campaign_terms:
            share = np.where(c.topic_terms > 0, c.topic_matches / np.maximum(c.topic_terms, 1), 0.0)
            topics = 0.5 * share + 0.5 * np.minimum(c.topic_matches / 2.0, 1.0)
        else:
            topics = np.full(n, 0.5)
        platforms = (
            np.where(audience > 0, c.platform_audience / np.maximum(audience, 1), 0.0)
            if ctx.has_channels
            else np.full(n, 0.5)
        )
        target_audience = max(ctx.budget * BUDGET_SHARE_PER_PARTNER / TYPICAL_CPM * 1000.0, 1000.0)
        distance = np.abs(np.log10(np.maximum(audience, 1.0) / target_audience))
        audience_fit = np.clip(1.0 - distance / 2.0, 0.0, 1.0)

        expected_er = expected_engagement(audience)
        ratio = c.engagement / expected_er
        engagement = np.clip(ratio, 0.0, 1.5) / 1.5
        suspicious = ratio > SUSPICIOUS_ER_FACTOR
        dead = (ratio < DEAD_ER_FACTOR) & (audience > 0)
        engagement = np.where(suspicious, 0.2, engagement)

        cpm = np.where(audience > 0, c.min_price / np.maximum(audience, 1) * 1000.0, np.nan)
        known_cpm = cpm[np.isfinite(cpm) & (cpm > 0)]
        median_cpm = float(np.median(known_cpm)) if known_cpm.size else TYPICAL_CPM
        cpm_fit = np.where(np.isfinite(cpm), np.clip(median_cpm / np.maximum(cpm, 1e-6), 0.0, 2.0) / 2.0, 0.4)
        cpm_fit = np.where(c.min_price == 0, 1.0, cpm_fit)

        rating_part = np.where(np.isfinite(c.rating), c.rating / 5.0, 0.5)
        roi_part = np.where(np.isfinite(c.past_roi), np.clip((c.past_roi + 100.0) / 300.0, 0.0, 1.0), 0.5)
        track = np.where(np.isfinite(c.past_roi), 0.5 * rating_part + 0.5 * roi_part, rating_part)
        poor_track = np.isfinite(c.rating) & (c.rating < 2.5)

    components = {
        "topics": topics,
        "platforms": platforms,
        "audience": audience_fit,
        "engagement": engagement,
        "cpm": cpm_fit,
        "track_record": track,
    }
    total = sum(WEIGHTS[name] * values for name, values in components.items())
    flags = {"suspicious_engagement": suspicious, "dead_audience": dead, "poor_track_record": poor_track}
    penalty = np.ones(n)
    for flag in flags.values():
        penalty = penalty * np.where(flag, RISK_PENALTY, 1.0)
    score = np.round(np.clip(total * penalty, 0.0, 1.0) * 100.0, 1)
    return Scored(
        score=score,
        components=components,
        flags=flags,
        expected_er=expected_er,
        cpm=cpm,
        target_audience=target_audience,
        median_cpm=median_cpm,
    )


def rank(scored: Scored, limit: int) -> np.ndarray:
    """Indices of the ``limit`` best candidates, best first (ties: lower index first)."""
    n = len(scored.score)
    if n == 0:
        return np.array([], dtype=int)
    limit = min(limit, n)
    top = np.argpartition(-scored.score, limit - 1)[:limit] if limit < n else np.arange(n)
    return top[np.lexsort((top, -scored.score[top]))]


def explain(c: Candidates, s: Scored, i: int, ctx: FitContext) -> list[dict]:
    """Reasons for candidate ``i`` as ``{"code", "params"}``, strongest facts first."""
    reasons: list[dict] = []
    if ctx.campaign_terms:
        matches = int(c.topic_matches[i])
        if matches:
            reasons.append({"code": "topics_match", "params": {"count": matches}})
        else:
            reasons.append({"code": "topics_none", "params": {}})
    if ctx.has_channels:
        share = round(float(s.components["platforms"][i]) * 100)
        reasons.append({"code": "platforms", "params": {"share": share}})
    audience = int(c.audience[i])
    target = int(s.target_audience)
    if s.components["audience"][i] >= 0.75:
        code = "audience_fits"
    elif audience < target:
        code = "audience_small"
    else:
        code = "audience_large"
    reasons.append({"code": code, "params": {"audience": audience, "target": target}})
    er = round(float(c.engagement[i]), 2)
    expected = round(float(s.expected_er[i]), 2)
    if s.flags["suspicious_engagement"][i]:
        reasons.append({"code": "risk_er_high", "params": {"er": er, "expected": expected}})
    elif s.flags["dead_audience"][i]:
        reasons.append({"code": "risk_er_low", "params": {"er": er, "expected": expected}})
    else:
        code = "er_good" if er >= expected else "er_below"
        reasons.append({"code": code, "params": {"er": er, "expected": expected}})
    if np.isfinite(s.cpm[i]):
        cpm = round(float(s.cpm[i]))
        code = "cpm_cheap" if s.cpm[i] <= s.median_cpm else "cpm_expensive"
        reasons.append({"code": code, "params": {"cpm": cpm, "median": round(s.median_cpm)}})
    else:
        reasons.append({"code": "cpm_unknown", "params": {}})
    if np.isfinite(c.rating[i]):
        reasons.append({"code": "rating", "params": {"rating": float(c.rating[i])}})
    if np.isfinite(c.past_roi[i]):
        reasons.append(
            {
                "code": "past_roi",
                "params": {"roi": round(float(c.past_roi[i])), "deals": int(c.past_deals[i])},
            }
        )
    if s.flags["poor_track_record"][i]:
        reasons.append({"code": "risk_poor_track", "params": {}})
    return reasons


def reason_text(code: str, params: dict) -> str:
    """One reason as a sentence in the active language."""
    templates = {
        "topics_match": _("%(count)s of the partner's topics match the campaign's audience."),
        "topics_none": _("No topic of the partner matches the campaign's audience."),
        "platforms": _("%(share)s%% of the partner's audience is on the campaign's channels."),
        "audience_fits": _("Audience of %(audience)s fits the budget (about %(target)s)."),
        "audience_small": _("Audience of %(audience)s is small for the budget (about %(target)s)."),
        "audience_large": _("Audience of %(audience)s is large for the budget (about %(target)s)."),
        "er_good": _("Engagement rate %(er)s%% is at or above the typical %(expected)s%% for this size."),
        "er_below": _("Engagement rate %(er)s%% is below the typical %(expected)s%% for this size."),
        "risk_er_high": _(
            "Risk: engagement rate %(er)s%% is implausibly high for this size (typical %(expected)s%%): "
            "check for bought activity."
        ),
        "risk_er_low": _(
            "Risk: engagement rate %(er)s%% is implausibly low for this size (typical %(expected)s%%): "
            "the audience may be inactive or bots."
        ),
        "cpm_cheap": _("Cost per thousand audience %(cpm)s is at or below the median %(median)s."),
        "cpm_expensive": _("Cost per thousand audience %(cpm)s is above the median %(median)s."),
        "cpm_unknown": _("No price list: cost per thousand audience is unknown."),
        "rating": _("Our rating of the partner: %(rating)s of 5."),
        "past_roi": _("Past deals with us (%(deals)s) returned %(roi)s%% on average."),
        "risk_poor_track": _("Risk: our past work with this partner was rated poorly."),
    }
    template = templates.get(code)
    return template % params if template else code
