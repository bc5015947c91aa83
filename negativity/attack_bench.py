"""The attack benchmark: generated attacks streamed through the real ingest into throwaway
workspaces, detection triggered by ingest as in production, and what came of it scored.

``run()`` returns the figures (``bench/negativity_attacks.py`` prints them and writes JSON;
``manage.py evaluate_classifier`` prints them beside the classifier's table):

* ``templated``: a 40-mention templated attack (synonyms per slot) from new accounts within two
  hours, among 200 genuine complaints of established customers over a week;
* ``varied_beside_wave``: the same attack with typos, capitals, emoji and reordered phrases,
  arriving while an outage makes 100 genuine customers complain in their own words within the
  same hour;

and for each: recall (the share of the attack in its best incident), precision (the share of
that incident that is the attack), incidents per attack, seconds from the attack's last mention
arriving until one incident holds 90 % of it, and how many genuine complaints were called
ordered (of 300 over both streams). With the shared corpora, ``real_text`` repeats the test on
real people's words (see its docstring). Tasks run wherever Celery sends them: on a worker (the
debounce countdown included) or in-process when there is no broker.
"""

from __future__ import annotations

import csv
import gzip
import random
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from . import attack_gen
from .enums import ATTACK_KINDS, Category
from .models import Incident, Mention

VARIED_STYLES = ("typos", "caps", "emoji", "reorder", "punctuation")
WAIT_SECONDS = 120
SETTLE_SECONDS = 3


def _workspace(label: str):
    from accounts.models import User, Workspace

    owner, _created = User.objects.get_or_create(
        email="attack-bench@bench.test", defaults={"full_name": "Bench"}
    )
    slug = f"attack-bench-{label}-{uuid.uuid4().hex[:8]}"
    return Workspace.objects.create(name=f"Attack bench {label}", slug=slug, created_by=owner)


def _drop(workspace) -> None:
    with transaction.atomic():
        Mention.objects.filter(workspace=workspace).update(incident=None)
        workspace.delete()


def _ingest(workspace, rows, *, detect: bool) -> None:
    from .services import mentions_ingest

    mentions_ingest(
        workspace=workspace, rows=attack_gen.ingest_rows(rows), via="bench", schedule_detection=detect
    )


def _stream(workspace, rows, *, batch: int, pause: float) -> float:
    """Ingest ``rows`` in arrival order, batch by batch; the monotonic time the last one landed."""
    rows = sorted(rows, key=lambda r: r["published_at"])
    landed = time.monotonic()
    for start in range(0, len(rows), batch):
        if start:
            time.sleep(pause)
        _ingest(workspace, rows[start : start + batch], detect=True)
        landed = time.monotonic()
    return landed


def _attack_spread(workspace, ids: set[str]) -> Counter:
    """How many of the attack's mentions each attack incident holds."""
    return Counter(
        Mention.objects.for_workspace(workspace)
        .filter(external_id__in=ids, incident__kind__in=ATTACK_KINDS)
        .values_list("incident_id", flat=True)
    )


def _wait_for_incident(workspace, ids: set[str], *, since: float, wait: float) -> float | None:
    need = 0.9 * len(ids)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        spread = _attack_spread(workspace, ids)
        if spread and spread.most_common(1)[0][1] >= need:
            return max(0.0, time.monotonic() - since)
        time.sleep(0.2)
    return None


def _score(workspace, attack: list[dict], genuine: list[dict], seconds: float | None) -> dict:
    ids = {r["external_id"] for r in attack}
    spread = _attack_spread(workspace, ids)
    best, held = spread.most_common(1)[0] if spread else (None, 0)
    size = Mention.objects.filter(incident_id=best).count() if best else 0
    genuine_ids = [r["external_id"] for r in genuine]
    called = Mention.objects.for_workspace(workspace).filter(
        external_id__in=genuine_ids, category=Category.ORDERED
    )
    kinds = Counter(Incident.objects.for_workspace(workspace).values_list("kind", flat=True))
    return {
        "attack_mentions": len(ids),
        "genuine_mentions": len(genuine_ids),
        "recall": round(held / len(ids), 3),
        "precision": round(held / size, 3) if size else 0.0,
        "incidents_per_attack": len(spread),
        "seconds_to_detect": None if seconds is None else round(seconds, 2),
        "genuine_called_ordered": called.count(),
        "incidents": dict(sorted(kinds.items())),
    }


def templated(*, seed: int = 11, batch: int = 5, pause: float = 0.05, wait: float = WAIT_SECONDS) -> dict:
    """Scenario 1: a templated attack among 200 genuine complaints."""
    now = timezone.now().replace(microsecond=0)
    genuine = attack_gen.genuine(count=200, end=now - timedelta(hours=3), days=7, seed=seed)
    attack = attack_gen.attack(
        size=40, start=now - timedelta(minutes=120), span_minutes=115, seed=seed, styles=("plain",)
    )
    workspace = _workspace("templated")
    try:
        _ingest(
            workspace, attack_gen.history(genuine, before=now - timedelta(days=8)) + genuine, detect=False
        )
        landed = _stream(workspace, attack, batch=batch, pause=pause)
        seconds = _wait_for_incident(workspace, {r["external_id"] for r in attack}, since=landed, wait=wait)
        time.sleep(SETTLE_SECONDS)
        return _score(workspace, attack, genuine, seconds)
    finally:
        _drop(workspace)


def varied_beside_wave(
    *, seed: int = 12, batch: int = 10, pause: float = 0.05, wait: float = WAIT_SECONDS
) -> dict:
    """Scenario 2: the attack with typos, capitals, emoji and reordered phrases, beside an outage
    wave of 100 genuine complaints in the same hour."""
    now = timezone.now().replace(microsecond=0)
    background = attack_gen.genuine(count=100, end=now - timedelta(hours=3), days=7, seed=seed)
    wave = attack_gen.outage_wave(count=100, start=now - timedelta(minutes=55), span_minutes=50, seed=seed)
    attack = attack_gen.attack(
        size=40,
        start=now - timedelta(minutes=55),
        span_minutes=50,
        seed=seed,
        styles=VARIED_STYLES,
        styles_per_post=3,
    )
    workspace = _workspace("varied")
    try:
        history = attack_gen.history(background + wave, before=now - timedelta(days=8))
        _ingest(workspace, history + background, detect=False)
        landed = _stream(workspace, wave + attack, batch=batch, pause=pause)
        seconds = _wait_for_incident(workspace, {r["external_id"] for r in attack}, since=landed, wait=wait)
        time.sleep(SETTLE_SECONDS)
        figures = _score(workspace, attack, wave, seconds)
        wave_ids = [r["external_id"] for r in wave]
        figures["wave_in_crisis"] = (
            Mention.objects.for_workspace(workspace)
            .filter(external_id__in=wave_ids, incident__kind="crisis")
            .count()
        )
        return figures
    finally:
        _drop(workspace)


def _corpus_texts(path: Path, *, keep, count: int, seed: int) -> list[str]:
    """``count`` texts of a corpus file (gzip CSV ``text,label,source_label``) whose row
    ``keep`` accepts, drawn with ``seed``; read at run time, never stored."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        texts = [r["text"] for r in csv.DictReader(fh) if keep(r) and len(r["text"]) >= 20]
    random.Random(seed).shuffle(texts)
    return texts[:count]


def real_text(
    *, corpus_dir: str, seed: int = 13, batch: int = 10, pause: float = 0.05, wait: float = WAIT_SECONDS
) -> dict:
    """Scenario 3, on real people's words (``../shared/corpora``, evaluation only): 200 negative
    Russian tweets (Mozetič et al.) over a week as the background, and a real wave: 100 English
    tweets complaining about cancelled flights (Twitter US Airline Sentiment, non-commercial,
    used here only to measure) within one hour, all from established accounts; the templated
    attack from new accounts in the same hour."""
    folder = Path(corpus_dir)
    background_texts = _corpus_texts(
        folder / "ru_sentiment_mozetic_tweets.csv.gz",
        keep=lambda r: r["label"] == "negative",
        count=200,
        seed=seed,
    )
    wave_texts = _corpus_texts(
        folder / "en_complaint_airline.csv.gz",
        keep=lambda r: r["source_label"] == "negative:Cancelled Flight",
        count=100,
        seed=seed,
    )
    now = timezone.now().replace(microsecond=0)
    background = attack_gen.from_texts(
        background_texts,
        start=now - timedelta(days=7, hours=3),
        span_minutes=7 * 24 * 60,
        seed=seed,
        prefix="realbg",
    )
    wave = attack_gen.from_texts(
        wave_texts,
        start=now - timedelta(minutes=55),
        span_minutes=50,
        seed=seed + 1,
        prefix="realwave",
        truth="wave",
    )
    attack = attack_gen.attack(size=40, start=now - timedelta(minutes=55), span_minutes=50, seed=seed)
    workspace = _workspace("real")
    try:
        history = attack_gen.history(background + wave, before=now - timedelta(days=8))
        _ingest(workspace, history + background, detect=False)
        landed = _stream(workspace, wave + attack, batch=batch, pause=pause)
        seconds = _wait_for_incident(workspace, {r["external_id"] for r in attack}, since=landed, wait=wait)
        time.sleep(SETTLE_SECONDS)
        return _score(workspace, attack, background + wave, seconds)
    finally:
        _drop(workspace)


def run(*, seed: int = 11, corpus_dir: str | None = None) -> dict:
    """The scenarios and the totals (the real-text one when ``corpus_dir`` is given)."""
    from django.conf import settings

    first = templated(seed=seed)
    second = varied_beside_wave(seed=seed + 1)
    out = {
        "mode": "in-process" if settings.CELERY_TASK_ALWAYS_EAGER else "worker",
        "templated": first,
        "varied_beside_wave": second,
        "genuine_called_ordered": first["genuine_called_ordered"] + second["genuine_called_ordered"],
        "genuine_total": first["genuine_mentions"] + second["genuine_mentions"],
    }
    if corpus_dir:
        out["real_text"] = real_text(corpus_dir=corpus_dir, seed=seed + 2)
    return out


def table(figures: dict) -> list[str]:
    """The figures as text lines (for a command's output)."""
    lines = [
        f"Attack detection ({figures['mode']} tasks)",
        f"{'scenario':<22} {'recall':>7} {'precision':>9} {'incidents':>9} {'seconds':>8} {'genuine ordered':>16}",
    ]
    for name in ("templated", "varied_beside_wave", "real_text"):
        if name not in figures:
            continue
        f = figures[name]
        seconds = "-" if f["seconds_to_detect"] is None else f"{f['seconds_to_detect']:.1f}"
        lines.append(
            f"{name:<22} {f['recall']:>7.3f} {f['precision']:>9.3f} {f['incidents_per_attack']:>9} "
            f"{seconds:>8} {f['genuine_called_ordered']:>9} of {f['genuine_mentions']}"
        )
    lines.append(
        f"genuine complaints called ordered: {figures['genuine_called_ordered']} of {figures['genuine_total']}"
    )
    return lines


def evaluation_section(options: dict) -> tuple[str, list[str]]:
    """The attack figures as a section of ``manage.py evaluate_classifier`` (its
    ``EXTRA_SECTIONS``); the real-text scenario runs when the corpus folder is there."""
    folder = options.get("corpus_dir")
    figures = run(corpus_dir=folder if folder and Path(folder).is_dir() else None)
    lines = table(figures)
    return lines[0], lines[1:]
