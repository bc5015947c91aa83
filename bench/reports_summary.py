"""Benchmark: the workspace summary report over 1,000,000 daily metric rows, in all four formats.

    DATABASE_URL=postgres://... python bench/reports_summary.py --scale 1

``--scale 1`` = 1,000,000 metric rows (200 campaigns x 10 channels x 500 days); ``--scale 0.1`` a
tenth of the days. The data goes into its own workspace (slug ``bench-reports``) by COPY and is
reused by later runs with the same scale (``--fresh`` recreates it). With them come
100,000 x scale mentions (20,000 x scale authors, a realistic mix of categories, statuses,
resolutions and a few incidents) spread over the period, so the negativity section has real work.

Measured, in the same run:
* the floor: the bare aggregate queries in raw SQL (GROUP BY campaign and channel; GROUP BY day);
* the snapshot: every section provider (SQL + Python), with the time spent inside SQL;
* each renderer (PDF, XLSX, PPTX, CSV) from the snapshot;
* the whole run as a worker does it (``services.run_generate``: claim, snapshot, 4 files).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")
os.environ.setdefault("MEDIA_ROOT", str(ROOT / "bench" / "out" / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from results import figure, write  # noqa: E402

CAMPAIGNS, CHANNELS, FULL_DAYS = 200, 10, 500
CHANNEL_CODES = ["vk", "telegram", "ok", "dzen", "youtube", "rutube", "vk_video", "email", "website", "other"]
SLUG = "bench-reports"
START = date(2025, 1, 1)


class SqlTimer:
    """``connection.execute_wrapper`` that sums the time spent executing SQL."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def seed(scale: float, fresh: bool):
    from accounts.models import Workspace
    from campaigns.models import BusinessGoal, Campaign, MetricDaily
    from negativity.models import Mention

    days = max(int(FULL_DAYS * scale), 1)
    expected = CAMPAIGNS * CHANNELS * days
    workspace = Workspace.objects.filter(slug=SLUG).first()
    if (
        workspace is not None
        and not fresh
        and MetricDaily.objects.filter(workspace=workspace).count() == expected
        and Mention.objects.filter(workspace=workspace).count() == max(int(100_000 * scale), 100)
    ):
        return workspace, days, expected, 0.0
    started = time.perf_counter()
    if workspace is not None:
        workspace.delete()
    workspace = Workspace.objects.create(name="Бенчмарк отчётов", slug=SLUG)
    rng = random.Random(42)
    end = START + timedelta(days=days - 1)
    goals = [
        BusinessGoal.objects.create(
            workspace=workspace,
            name=f"Цель {i + 1}",
            kind="sales",
            target_metric="sales",
            target_value=1000 * (i + 1),
            starts_on=START,
            ends_on=end,
            max_cost_per_result=3000,
        )
        for i in range(20)
    ]
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            workspace=workspace,
            name=f"Кампания {i + 1:03d}",
            objective="sales",
            goal=goals[i % len(goals)],
            channels=CHANNEL_CODES,
            budget=1_000_000,
            starts_on=START,
            ends_on=end,
            status="running",
            alignment_verdict=["aligned", "at_risk", "misaligned", "insufficient_data"][i % 4],
        )
        for i in range(CAMPAIGNS)
    )
    now = timezone.now()
    columns = (
        "workspace_id",
        "campaign_id",
        "channel",
        "date",
        "impressions",
        "reach",
        "clicks",
        "engagements",
        "followers",
        "posts",
        "leads",
        "sales",
        "revenue",
        "spend",
        "updated_at",
    )
    with transaction.atomic(), connection.cursor() as cursor:
        copy_sql = f"COPY {MetricDaily._meta.db_table} ({', '.join(columns)}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for campaign in campaigns:
                for channel in CHANNEL_CODES[:CHANNELS]:
                    followers = rng.randint(1000, 50000)
                    for d in range(days):
                        reach = rng.randint(500, 20000)
                        leads = rng.randint(0, 30)
                        sales = rng.randint(0, leads)
                        followers += rng.randint(-5, 40)
                        copy.write_row(
                            (
                                workspace.pk,
                                campaign.pk,
                                channel,
                                START + timedelta(days=d),
                                reach * 2,
                                reach,
                                reach // 40,
                                reach // 15,
                                followers,
                                rng.randint(0, 3),
                                leads,
                                sales,
                                f"{sales * rng.randint(1500, 4000)}.00",
                                f"{rng.randint(1000, 20000)}.00",
                                now,
                            )
                        )
    seed_mentions(workspace, scale, START, end)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {MetricDaily._meta.db_table}")
        cursor.execute("ANALYZE negativity_mention")
    return workspace, days, expected, time.perf_counter() - started


MENTION_MIX = [("positive", 35), ("neutral", 30), ("natural", 25), ("trolling", 8), ("ordered", 2)]


def seed_mentions(workspace, scale: float, start: date, end: date) -> int:
    """Mentions through the ORM's bulk_create (so every field keeps its model default), not timed."""
    from datetime import datetime
    from datetime import time as clock

    from negativity.models import Author, Incident, Mention

    rng = random.Random(7)
    count = max(int(100_000 * scale), 100)
    span = int((datetime.combine(end, clock(23, 59)) - datetime.combine(start, clock())).total_seconds())
    base = timezone.make_aware(datetime.combine(start, clock()))
    sources = ["vk", "telegram", "instagram", "yandex_maps"]
    authors = Author.objects.bulk_create(
        [
            Author(workspace=workspace, source=sources[i % 4], handle=f"author{i}", followers=rng.randint(0, 9000),
                   account_created_at=base - timedelta(days=rng.randint(0, 3000)))
            for i in range(max(count // 5, 10))
        ],
        batch_size=5000,
    )  # fmt: skip
    incidents = [
        Incident.objects.create(
            workspace=workspace, kind="coordinated", confidence=0.9, opened_at=base + timedelta(days=30 * i)
        )
        for i in range(3)
    ]
    categories = [c for c, _w in MENTION_MIX]
    weights = [w for _c, w in MENTION_MIX]
    texts = {
        "positive": "Очень вкусный хлеб, спасибо!",
        "neutral": "Во сколько открывается пекарня на Ленина?",
        "natural": "Заказ №{n} привезли холодным, верните деньги",
        "trolling": "Колосок — позор, хуже не бывает",
        "ordered": "Не покупайте в Колосок! Отравилась после их выпечки",
    }
    batch = []
    for i in range(count):
        category = rng.choices(categories, weights)[0]
        author = authors[rng.randrange(len(authors))]
        published = base + timedelta(seconds=rng.randrange(span))
        negative = category in ("natural", "trolling", "ordered")
        resolved = negative and rng.random() < 0.6
        batch.append(
            Mention(
                workspace=workspace, source=author.source, external_id=f"r{i}", author=author,
                text=texts[category].format(n=i), published_at=published, reach=rng.randint(10, 20000),
                language="ru", sentiment="negative" if negative else category if category != "positive" else "positive",
                category=category, topic="quality" if negative else "other", risk=rng.randint(40, 95) if negative else rng.randint(0, 30),
                status="resolved" if resolved else "new", outcome="answered" if resolved else "", resolved_at=published + timedelta(hours=rng.randint(1, 48)) if resolved else None,
                sla_deadline=published + timedelta(hours=4) if negative else None,
                incident=incidents[i % 3] if category == "ordered" else None,
            )
        )  # fmt: skip
        if len(batch) == 5000:
            Mention.objects.bulk_create(batch)
            batch = []
    Mention.objects.bulk_create(batch)
    return count


_SUMS = (
    "SUM(impressions), SUM(reach), SUM(clicks), SUM(engagements), SUM(posts), SUM(leads), SUM(sales),"
    " SUM(revenue), SUM(spend), MAX(followers), MIN(followers)"
    " FROM campaigns_metricdaily WHERE workspace_id = %s AND date BETWEEN %s AND %s"
)
# The least SQL that yields the report's metric numbers: sums per (campaign, channel) community
# (totals, campaigns, channels and followers gained fold from these) and sums per day.
FLOOR_SQL = [
    f"SELECT campaign_id, channel, {_SUMS} GROUP BY campaign_id, channel",
    f"SELECT date, {_SUMS} GROUP BY date",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 1,000,000 metric rows")
    parser.add_argument("--fresh", action="store_true", help="recreate the data")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run against PostgreSQL: set DATABASE_URL=postgres://...")
    call_command("migrate", verbosity=0)

    from django.apps import apps

    from reports import services
    from reports.models import ReportRun
    from reports.renderers import render

    workspace, days, rows, seed_seconds = seed(args.scale, args.fresh)
    end = START + timedelta(days=days - 1)
    print(
        f"data: {rows:,} metric rows ({CAMPAIGNS} campaigns x {CHANNELS} channels x {days} days)"
        + (f", generated by COPY in {seed_seconds:.1f} s" if seed_seconds else ", reused")
    )
    mentions = apps.get_model("negativity", "Mention").objects.filter(workspace=workspace).count()
    print(f"mentions: {mentions:,} in the period")

    # 1. the floor: bare aggregate queries
    with connection.cursor() as cursor:
        for sql in FLOOR_SQL:  # warm the cache once, like the timed runs below
            cursor.execute(sql, [workspace.pk, START, end])
            cursor.fetchall()
        started = time.perf_counter()
        for sql in FLOOR_SQL:
            cursor.execute(sql, [workspace.pk, START, end])
            cursor.fetchall()
        floor = time.perf_counter() - started

    # 2. the whole run as a worker does it
    run = services.run_request(
        workspace=workspace,
        actor=None,
        kind="workspace",
        period_start=START,
        period_end=end,
        formats=["pdf", "xlsx", "pptx", "csv"],
        language="ru",
    )
    timer = SqlTimer()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        outcome = services.run_generate(run_id=run.pk)
    total = time.perf_counter() - started
    run = ReportRun.objects.get(pk=run.pk)
    assert outcome == "done", (outcome, run.error)

    # 3. the breakdown: snapshot (with its SQL) and each renderer
    snap_timer = SqlTimer()
    started = time.perf_counter()
    with connection.execute_wrapper(snap_timer):
        snapshot = services.snapshot_compute(run)
    snapshot_seconds = time.perf_counter() - started
    renders = {}
    for fmt in ("pdf", "xlsx", "pptx", "csv"):
        started = time.perf_counter()
        content = render(fmt, snapshot)
        renders[fmt] = (time.perf_counter() - started, len(content))

    print(f"\nworkspace summary, {days} days, formats pdf+xlsx+pptx+csv (run #{run.pk})")
    print(
        f"  whole run (run_generate)          {total:8.2f} s   SQL {timer.seconds:6.2f} s "
        f"({timer.seconds / total:5.1%}) in {timer.queries} queries"
    )
    print(
        f"  snapshot (all sections)           {snapshot_seconds:8.2f} s   SQL {snap_timer.seconds:6.2f} s "
        f"({snap_timer.seconds / snapshot_seconds:5.1%}) in {snap_timer.queries} queries"
    )
    for fmt, (seconds, size) in renders.items():
        print(f"  render {fmt:<5}                      {seconds:8.2f} s   {size / 1024:8.1f} KiB")
    print(f"  floor: bare aggregate queries     {floor:8.2f} s   ({len(FLOOR_SQL)} GROUP BY queries)")
    print(f"  snapshot SQL / floor              {snap_timer.seconds / floor:8.2f} x")
    print(f"  whole run / floor                 {total / floor:8.2f} x")
    write(
        "reports_summary",
        [
            figure("workspace report, four formats (whole run)", total, floor=floor,
                   floor_label="bare aggregate SQL", target="< 20 s", passed=total < 20,
                   sql_seconds=round(timer.seconds, 2), queries=timer.queries),
            figure("snapshot (all sections)", snapshot_seconds, floor=floor, floor_label="bare aggregate SQL",
                   sql_seconds=round(snap_timer.seconds, 2)),
            *(figure(f"render {fmt}", seconds, bytes=size) for fmt, (seconds, size) in renders.items()),
        ],
        metric_rows=rows,
        mentions=mentions,
        scale=args.scale,
    )  # fmt: skip


if __name__ == "__main__":
    main()
