"""Coordinated-attack detection over plain data (no database).

1. ``near_duplicate_clusters``: texts are normalised and cut into word 3-shingles; identical
   normalised texts collapse first, then MinHash signatures (datasketch, 64 permutations) go into
   an LSH index (Jaccard threshold 0.5); connected pairs form clusters (union-find).
2. ``assess``: for a cluster (which counts only with >= 30 % new/empty accounts or a busiest
   hour >= 3x the source's baseline), the share of new or empty author accounts, the burst of its
   busiest hour against the source's own hourly baseline, its negativity and size make a
   confidence 0-1; ``shared_phrases`` lists the word n-grams most of the cluster repeats.
3. ``burst_groups``: a source's negative mentions of the last hour far above its baseline with
   many new accounts form a burst even without near-duplicate wording.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from datasketch import MinHash, MinHashLSH

WORD_RE = re.compile(r"[a-zа-яё0-9]+", re.IGNORECASE)
NUM_PERM = 64
THRESHOLD = 0.5
MIN_CLUSTER = 5
MIN_AUTHORS = 3
OPEN_CONFIDENCE = 0.5
MIN_NEW_SHARE = 0.3
MIN_BURST = 3.0
NEW_ACCOUNT_DAYS = 30
NEGATIVE = {"natural", "trolling", "ordered"}


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


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower().replace("ё", "е"))


def shingles(text: str, k: int = 3) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < k:
        return {" ".join(tokens).encode()} if tokens else set()
    return {" ".join(tokens[i : i + k]).encode() for i in range(len(tokens) - k + 1)}


def near_duplicate_clusters(
    texts: list[str], *, threshold: float = THRESHOLD, min_size: int = 2
) -> list[list[int]]:
    """Indices of ``texts`` grouped into clusters of near-duplicates (size >= ``min_size``)."""
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    first_of: dict[str, int] = {}
    unique: list[int] = []
    for i, text in enumerate(texts):
        key = " ".join(words(text))
        if key in first_of:
            union(first_of[key], i)
        else:
            first_of[key] = i
            unique.append(i)
    sets = [shingles(texts[i]) for i in unique]
    keep = [(i, s) for i, s in zip(unique, sets, strict=True) if s]
    if len(keep) > 1:
        hashes = MinHash.bulk([s for _i, s in keep], num_perm=NUM_PERM)
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        with lsh.insertion_session() as session:
            for (i, _s), h in zip(keep, hashes, strict=True):
                session.insert(i, h)
        for (i, _s), h in zip(keep, hashes, strict=True):
            for j in lsh.query(h):
                if j != i:
                    union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        groups[find(i)].append(i)
    return [sorted(g) for g in groups.values() if len(g) >= min_size]


def shared_phrases(texts: list[str], *, limit: int = 5, min_share: float = 0.5) -> list[str]:
    """The wording the cluster repeats: in each text, the maximal runs of words covered by word
    3-grams that at least ``min_share`` of the texts contain; the most frequent runs first."""
    need = max(2, int(np.ceil(len(texts) * min_share)))
    token_lists = [words(t) for t in texts]
    counts: Counter[tuple[str, ...]] = Counter()
    for tokens in token_lists:
        counts.update({tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)})
    frequent = {gram for gram, c in counts.items() if c >= need}
    runs: Counter[str] = Counter()
    for tokens in token_lists:
        covered = [False] * len(tokens)
        for i in range(len(tokens) - 2):
            if tuple(tokens[i : i + 3]) in frequent:
                covered[i : i + 3] = [True, True, True]
        found, current = set(), []
        for token, is_covered in zip([*tokens, ""], [*covered, False], strict=True):
            if is_covered:
                current.append(token)
            elif current:
                found.add(" ".join(current))
                current = []
        runs.update(found)
    ranked = sorted(runs.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    return [phrase for phrase, _c in ranked[:limit]]


def is_new_or_empty(item: Item) -> bool:
    if item.author_age_days is not None and item.author_age_days < NEW_ACCOUNT_DAYS:
        return True
    return (item.author_followers or 0) < 10 and item.author_history <= 1


def assess(items: list[Item], baselines: dict[str, Baseline]) -> Assessment:
    """Confidence that ``items`` (one cluster) is a coordinated attack, with its signals."""
    size = len(items)
    authors = len({i.author_id for i in items})
    new_share = sum(1 for i in {i.author_id: i for i in items}.values() if is_new_or_empty(i)) / max(
        1, authors
    )
    negative_share = sum(1 for i in items if i.category in NEGATIVE) / size
    hours = Counter((i.source, i.published_at.replace(minute=0, second=0, microsecond=0)) for i in items)
    (peak_source, _hour), peak = hours.most_common(1)[0]
    base = baselines.get(peak_source)
    # A source with no history before the window has no baseline: no evidence of a burst.
    burst_ratio = peak / max(1.0, base.mean + 2 * base.std) if base is not None else 1.0
    base = base or Baseline(0.0, 0.0)
    burst_score = min(1.0, max(0.0, (burst_ratio - 1.0) / 4.0))
    size_score = min(1.0, size / 20.0)
    author_score = authors / size
    confidence = (
        0.25 * size_score + 0.3 * new_share + 0.2 * burst_score + 0.15 * negative_share + 0.1 * author_score
    )
    return Assessment(
        confidence=round(min(1.0, confidence), 3),
        signals={
            "size": size,
            "authors": authors,
            "new_account_share": round(new_share, 3),
            "negative_share": round(negative_share, 3),
            "peak_hour_count": peak,
            "baseline_per_hour": round(base.mean, 2),
            "burst_ratio": round(burst_ratio, 2),
        },
        shared_phrases=shared_phrases([i.text for i in items]),
    )


def coordinated_clusters(
    items: list[Item], baselines: dict[str, Baseline]
) -> list[tuple[list[Item], Assessment]]:
    """Near-duplicate clusters of negative mentions that look coordinated enough to open an incident."""
    negative = [i for i in items if i.category in NEGATIVE]
    out = []
    for group in near_duplicate_clusters([i.text for i in negative], min_size=MIN_CLUSTER):
        members = [negative[g] for g in group]
        if len({m.author_id for m in members}) < MIN_AUTHORS:
            continue
        assessment = assess(members, baselines)
        if not _looks_coordinated(assessment):
            # A wide cluster of organic look-alikes can hide an attack: judge its core of new or
            # empty accounts on its own.
            members = [m for m in members if is_new_or_empty(m)]
            if len(members) < MIN_CLUSTER or len({m.author_id for m in members}) < MIN_AUTHORS:
                continue
            assessment = assess(members, baselines)
        if _looks_coordinated(assessment):
            out.append((members, assessment))
    return out


def _looks_coordinated(assessment: Assessment) -> bool:
    """Identical wording alone is not coordination (reposts, quotes): it also needs many new or
    empty accounts or a burst above the source's own baseline, and enough overall confidence."""
    signals = assessment.signals
    evidence = signals["new_account_share"] >= MIN_NEW_SHARE or signals["burst_ratio"] >= MIN_BURST
    return evidence and assessment.confidence >= OPEN_CONFIDENCE


def burst_groups(
    items: list[Item],
    baselines: dict[str, Baseline],
    *,
    since: datetime,
    min_count: int = 10,
    min_ratio: float = 4.0,
    min_new_share: float = 0.4,
) -> list[tuple[list[Item], Assessment]]:
    """Per source: negative mentions since ``since`` far above the baseline, mostly new accounts."""
    by_source: dict[str, list[Item]] = defaultdict(list)
    for i in items:
        if i.category in NEGATIVE and i.published_at >= since:
            by_source[i.source].append(i)
    out = []
    for source, members in by_source.items():
        base = baselines.get(source, Baseline(0.0, 0.0))
        if len(members) < min_count or len(members) < min_ratio * max(1.0, base.mean + 2 * base.std):
            continue
        assessment = assess(members, baselines)
        if assessment.signals["new_account_share"] >= min_new_share:
            out.append((members, assessment))
    return out
