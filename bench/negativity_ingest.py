"""Benchmark of the negativity inbox against PostgreSQL (``DATABASE_URL``).

    python bench/negativity_ingest.py --scale 100000 [--batch 1000]

1. Ingest + classify ``scale`` mentions through the real service (``mentions_ingest``: validation,
   author upsert, vectorised classification, risk, SLA, routing, bulk insert, author recount,
   audit, ``mention.created`` events) in batches of ``--batch``: mentions per second end to end.
2. The floor: a raw ``COPY`` of the same rows (the same columns as they arrive) into a temporary
   table, in the same run; the ratio ingest time / COPY time.
3. Attack detection (``incidents_detect``) over the 24-hour window holding all those mentions
   (near-duplicate pairs, per-source baselines, bursts): seconds.

Celery tasks go to an in-memory broker (queued, never run). Figures also land in
``bench/out/negativity_ingest.json``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from results import figure, write  # noqa: E402

SLUG = "bench-negativity"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ.setdefault("ALLOWED_HOSTS", "*")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL=postgres://... (the benchmark compares with PostgreSQL COPY).")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fresh_workspace():
    from django.db import connection, transaction

    from accounts.models import User, Workspace
    from negativity.models import Author, Mention

    old = Workspace.objects.filter(slug=SLUG).first()
    if old is not None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Mention._meta.db_table} SET incident_id = NULL WHERE workspace_id = %s", [old.pk]
            )
            for table in (
                "negativity_routinglog",
                Mention._meta.db_table,
                Author._meta.db_table,
                "negativity_incident",
            ):
                cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [old.pk])
        old.delete()
        # The previous run's rows are gone; so are their dead versions before the timed part
        # (not timed), as on a server whose autovacuum keeps up: a table and indexes bloated by
        # earlier runs would slow the ingest by an amount that depends on how often it ran.
        with connection.cursor() as cursor:
            for table in (Mention._meta.db_table, Author._meta.db_table, "negativity_routinglog"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    owner, _ = User.objects.get_or_create(email="bench@bench.test", defaults={"full_name": "Bench"})
    return Workspace.objects.create(name="Bench negativity", slug=SLUG, created_by=owner), owner


MIX = [("positive", 0.35), ("neutral", 0.30), ("natural", 0.25), ("trolling", 0.08), ("ordered", 0.02)]


def make_rows(scale: int, now) -> list[dict]:
    """``scale`` mentions over the last 24 hours: a realistic mix from the generator's pool, a
    quarter as many authors, and one coordinated attack (0.3 %) from new accounts."""
    from negativity.ml import corpus

    rng = random.Random(42)
    pool: dict[str, list[str]] = {c: [] for c, _s in MIX}
    for seed in range(5):
        for r in corpus.generate(seed=1000 + seed, per_class=400):
            pool[r["label"]].append(r["text"])
    categories = [c for c, _s in MIX]
    weights = [s for _c, s in MIX]
    authors = max(10, scale // 4)
    attack = "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!"
    rows = []
    for i in range(scale):
        if i % 300 == 0:
            text, handle, created, followers = (
                attack,
                f"new{i}",
                now - timedelta(days=rng.randint(0, 5)),
                rng.randint(0, 5),
            )
        else:
            text = rng.choice(pool[rng.choices(categories, weights)[0]])
            a = rng.randint(0, authors)
            handle, created, followers = f"user{a}", now - timedelta(days=200 + a % 3000), 50 + a % 5000
        rows.append(
            {
                "source": ("vk", "telegram", "instagram", "yandex_maps")[i % 4],
                "external_id": f"b{i}",
                "url": f"https://example.org/p/{i}",
                "author": {"handle": handle, "created_at": created.isoformat(), "followers": followers},
                "text": text,
                "published_at": (now - timedelta(seconds=rng.randint(0, 24 * 3600 - 1))).isoformat(),
                "reach": rng.randint(10, 20000),
                "likes": rng.randint(0, 300),
                "replies": rng.randint(0, 40),
            }
        )
    return rows


def copy_floor(rows: list[dict]) -> float:
    """Seconds to COPY the same rows (as they arrive) into a temporary table."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_mention_copy (source varchar(40), external_id varchar(200), url varchar(1000), "
                "author_handle varchar(150), author_created_at timestamptz, author_followers integer, text text, "
                "published_at timestamptz, reach integer, likes integer, replies integer) ON COMMIT DROP"
            )
        start = time.perf_counter()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy("COPY bench_mention_copy FROM STDIN") as copy,
        ):
            for r in rows:
                a = r["author"]
                copy.write_row(
                    (
                        r["source"],
                        r["external_id"],
                        r["url"],
                        a["handle"],
                        a["created_at"],
                        a["followers"],
                        r["text"],
                        r["published_at"],
                        r["reach"],
                        r["likes"],
                        r["replies"],
                    )
                )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.utils import timezone

    from negativity import classification, services
    from negativity.models import Mention

    settings.NEGATIVITY_MAX_BATCH = max(settings.NEGATIVITY_MAX_BATCH, args.batch)
    # Warm-up outside the timed part: load (or train) the model, the Russian dictionaries and the
    # event receivers' modules.
    classification.starter().predict([{"text": "Заказ №12345 привезли холодным"}, {"text": "Great bread"}])
    import integrations.services  # noqa: F401  (the outbound-webhook receiver of every event)

    workspace, owner = fresh_workspace()
    now = timezone.now()
    rows = make_rows(args.scale, now)
    results: dict = {"scale": args.scale, "batch": args.batch}

    start = time.perf_counter()
    for i in range(0, len(rows), args.batch):
        services.mentions_ingest(
            workspace=workspace,
            rows=rows[i : i + args.batch],
            actor=owner,
            via="bench",
            schedule_detection=False,
        )
    ingest = time.perf_counter() - start
    stored = Mention.objects.for_workspace(workspace).count()
    assert stored == args.scale, f"stored {stored} of {args.scale}"

    floor = copy_floor(rows)

    model = classification.starter()
    start = time.perf_counter()
    for i in range(0, len(rows), args.batch):
        model.predict([{"text": r["text"]} for r in rows[i : i + args.batch]])
    classify_only = time.perf_counter() - start

    start = time.perf_counter()
    opened = services.incidents_detect(workspace=workspace, now=now + timedelta(seconds=1))
    detect = time.perf_counter() - start

    rate = args.scale / ingest
    print(
        f"Ingest + classify {args.scale} mentions (batches of {args.batch}): {ingest:.1f} s = {rate:,.0f} mentions/s"
    )
    print(f"  of which classification alone (same batches, no DB): {classify_only:.1f} s")
    print(f"Raw COPY of the same rows: {floor:.2f} s; ingest/COPY = {ingest / floor:.1f}x")
    print(f"Attack detection over the 24 h window ({stored} mentions): {detect:.1f} s, {len(opened)} incident(s), "
          f"largest {max((i.mention_count for i in opened), default=0)} mentions")  # fmt: skip
    write(
        "negativity_ingest",
        [
            figure("mentions ingest + classify (end to end)", rate, "/s", floor=args.scale / floor,
                   floor_label="raw COPY", target=">= 5,000/s", passed=rate >= 5000, seconds=round(ingest, 2),
                   copy_seconds=round(floor, 3), ratio_to_copy=round(ingest / floor, 1)),
            figure("classification alone (same batches)", classify_only),
            figure("attack detection over the 24 h window", detect, incidents_opened=len(opened)),
        ],
        **results,
    )  # fmt: skip


if __name__ == "__main__":
    main()
