"""What a group of mentions is: a coordinated attack, a crisis of genuine complaints, or nothing.

Ordered negativity is judged from coordination, never from one text's wording:

* ``coordinated_clusters``: near-duplicate clusters (``clusters``) of non-positive mentions with at
  least ``MIN_CLUSTER`` posts by ``MIN_AUTHORS`` authors are an attack when their authors are
  mostly new or empty accounts (``MIN_NEW_SHARE``) and the posts come in a burst against the
  source's own hourly baseline (``MIN_BURST``) or synchronised (``SYNC_SHARE`` of them within
  ``SYNC_MINUTES``), or when nearly all authors are new or empty (``STRONG_NEW_SHARE``). A member
  from an established account (old, with history) stays out unless it copies the attack's wording
  (``COPY_SIMILARITY``). Identical wording from established accounts is a repost or a shared
  grievance, not an attack.
* ``volume_waves``: a source's negative mentions of the last hour far above its baseline
  (``WAVE_MIN_COUNT`` and ``WAVE_MIN_RATIO``) that no cluster explained: mostly new or empty
  accounts (``BURST_NEW_SHARE``) make a *burst* (an attack written in varied words); otherwise it
  is a *crisis*: many genuine customers complaining at once (an outage), for support to handle.

Each verdict carries an ``Assessment``: a confidence 0-1, its signals (plain numbers the pages
render as sentences) and the wording the group shares.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from .clusters import cohesion, near_duplicate_clusters, shared_phrases
from .normalise import features, jaccard

MIN_CLUSTER = 5
MIN_AUTHORS = 3
MIN_NEW_SHARE = 0.4
STRONG_NEW_SHARE = 0.8
MIN_BURST = 3.0
SYNC_MINUTES = 180
SYNC_SHARE = 0.8
COPY_SIMILARITY = 0.6
OPEN_CONFIDENCE = 0.5
NEW_ACCOUNT_DAYS = 30
ESTABLISHED_DAYS = 180
WAVE_MIN_COUNT = 20
WAVE_MIN_RATIO = 4.0
BURST_NEW_SHARE = 0.6
NEGATIVE = {"natural", "trolling", "ordered"}
CANDIDATE = NEGATIVE | {"neutral"}  # a neutral-sounding post can still be part of an attack

ATTACK = "coordinated"
BURST = "burst"
CRISIS = "crisis"


@dataclass
class Item:
    id: int
    source: str
    text: str
    published_at: datetime
    author_id: int
    author_age_days: float | None
    author_followers: int | None
    author_history: int
    category: str


@dataclass
class Baseline:
    """Hourly mention counts of one source over the days before the window."""

    mean: float
    std: float


@dataclass
class Assessment:
    confidence: float
    signals: dict
    shared_phrases: list[str]


def is_new_or_empty(item: Item) -> bool:
    """A fresh account, or one with almost no followers and no earlier mentions."""
    if item.author_age_days is not None and item.author_age_days < NEW_ACCOUNT_DAYS:
        return True
    return (item.author_followers or 0) < 10 and item.author_history <= 1


def is_established(item: Item) -> bool:
    """An old account with an audience or earlier mentions: an ordinary customer."""
    if is_new_or_empty(item):
        return False
    old = item.author_age_days is None or item.author_age_days >= ESTABLISHED_DAYS
    return old and (item.author_history >= 2 or (item.author_followers or 0) >= 20)


def _synchrony(items: list[Item]) -> tuple[float, int]:
    """The largest share of ``items`` posted within ``SYNC_MINUTES``, and the minutes that share
    actually took."""
    times = sorted(i.published_at for i in items)
    best, best_minutes, j = 0, 0, 0
    for k, t in enumerate(times):
        while times[j] < t - timedelta(minutes=SYNC_MINUTES):
            j += 1
        if k - j + 1 > best:
            best = k - j + 1
            best_minutes = round((t - times[j]).total_seconds() / 60)
    return best / max(1, len(times)), best_minutes


def _burst(items: list[Item], baselines: dict[str, Baseline]) -> tuple[float, int, float]:
    """The busiest hour's count against its source's baseline: (ratio, count, usual per hour)."""
    hours = Counter((i.source, i.published_at.replace(minute=0, second=0, microsecond=0)) for i in items)
    (source, _hour), peak = hours.most_common(1)[0]
    base = baselines.get(source) or Baseline(0.0, 0.0)
    return peak / max(1.0, base.mean + 2 * base.std), peak, base.mean


def assess(items: list[Item], baselines: dict[str, Baseline], *, wording: bool = True) -> Assessment:
    """Confidence that ``items`` are coordinated, with the signals behind it."""
    size = len(items)
    by_author = {i.author_id: i for i in items}
    authors = len(by_author)
    new_share = sum(1 for i in by_author.values() if is_new_or_empty(i)) / max(1, authors)
    established_share = sum(1 for i in by_author.values() if is_established(i)) / max(1, authors)
    negative_share = sum(1 for i in items if i.category in NEGATIVE) / size
    burst_ratio, peak, base_mean = _burst(items, baselines)
    sync_share, sync_minutes = _synchrony(items)
    texts = [i.text for i in items]
    similarity = cohesion(texts) if wording else 0.0
    confidence = (
        0.35 * new_share
        + 0.2 * min(1.0, max(0.0, (burst_ratio - 1.0) / 4.0))
        + 0.15 * (sync_share if sync_share >= SYNC_SHARE else 0.0)
        + 0.15 * min(1.0, similarity / 0.35)
        + 0.15 * min(1.0, size / 20.0)
    )
    return Assessment(
        confidence=round(min(1.0, confidence), 3),
        signals={
            "size": size,
            "authors": authors,
            "new_account_share": round(new_share, 3),
            "established_share": round(established_share, 3),
            "negative_share": round(negative_share, 3),
            "peak_hour_count": peak,
            "baseline_per_hour": round(base_mean, 2),
            "burst_ratio": round(burst_ratio, 2),
            "sync_share": round(sync_share, 3),
            "sync_minutes": sync_minutes,
            "similarity": round(similarity, 3),
        },
        shared_phrases=shared_phrases(texts) if wording else [],
    )


def looks_coordinated(assessment: Assessment) -> bool:
    """Mostly new or empty accounts, plus a burst or synchronised posting (or nearly only such
    accounts), and enough overall confidence."""
    s = assessment.signals
    timing = s["burst_ratio"] >= MIN_BURST or s["sync_share"] >= SYNC_SHARE
    accounts = s["new_account_share"] >= STRONG_NEW_SHARE or (
        s["new_account_share"] >= MIN_NEW_SHARE and timing
    )
    return accounts and s["negative_share"] >= 0.5 and assessment.confidence >= OPEN_CONFIDENCE


def _attack_members(members: list[Item]) -> list[Item]:
    """The cluster without established accounts that do not copy the fresh accounts' wording."""
    fresh = [m for m in members if not is_established(m)]
    fresh_sets = [features(m.text) for m in fresh if is_new_or_empty(m)]
    out = []
    for m in members:
        if not is_established(m):
            out.append(m)
            continue
        own = features(m.text)
        if any(jaccard(own, other) >= COPY_SIMILARITY for other in fresh_sets):
            out.append(m)
    return out


def coordinated_clusters(
    items: list[Item], baselines: dict[str, Baseline]
) -> list[tuple[list[Item], Assessment]]:
    """Near-duplicate clusters that are coordinated attacks (see the module docstring)."""
    candidates = [i for i in items if i.category in CANDIDATE]
    out = []
    for group in near_duplicate_clusters([i.text for i in candidates], min_size=MIN_CLUSTER):
        members = _attack_members([candidates[g] for g in group])
        if len(members) < MIN_CLUSTER or len({m.author_id for m in members}) < MIN_AUTHORS:
            continue
        assessment = assess(members, baselines)
        if looks_coordinated(assessment):
            out.append((members, assessment))
    return out


def volume_waves(
    items: list[Item], baselines: dict[str, Baseline], *, since: datetime
) -> list[tuple[str, list[Item], Assessment]]:
    """Per source: negative mentions since ``since`` far above the baseline, as ``(kind, members,
    assessment)``; a burst keeps only its new or empty accounts as members."""
    by_source: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        if i.category in NEGATIVE and i.published_at >= since:
            by_source[i.source].append(i)
    out = []
    for source, members in by_source.items():
        base = baselines.get(source) or Baseline(0.0, 0.0)
        if len(members) < WAVE_MIN_COUNT or len(members) < WAVE_MIN_RATIO * max(
            1.0, base.mean + 2 * base.std
        ):
            continue
        assessment = assess(members, baselines, wording=False)
        if assessment.signals["new_account_share"] >= BURST_NEW_SHARE:
            fresh = [m for m in members if is_new_or_empty(m)]
            out.append((BURST, fresh, assess(fresh, baselines, wording=False)))
        else:
            out.append((CRISIS, members, assessment))
    return out
