"""Benchmark: the partner shortlist of one campaign over 50,000 partners.

Run against the database of DATABASE_URL (migrations are applied first):

    DATABASE_URL=postgres://... python bench/partners_shortlist.py [--partners 50000] [--runs 5] [--keep]

It creates a throw-away workspace ``bench-partners`` with N partners (1-3 channels each, topics,
price lists, ratings, some completed deals), then times ``selectors.shortlist()`` (SQL prefilter
and aggregates + numpy scoring + reasons for the top 50 + loading them) against the raw-SQL floor:
the candidate aggregate query alone, fetched with a bare cursor. Prints the medians and the ratio.
The workspace is deleted at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smm_platform.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from results import figure, write  # noqa: E402

from accounts.models import Workspace  # noqa: E402
from campaigns.enums import Channel  # noqa: E402
from campaigns.models import AudienceSegment, Campaign  # noqa: E402
from partners import rules, selectors  # noqa: E402
from partners.enums import DealStatus, PartnerKind, Stage  # noqa: E402
from partners.models import Deal, Partner, PartnerChannel  # noqa: E402

SLUG = "bench-partners"
TOPICS = [
    "выпечка",
    "рецепты",
    "семья",
    "дети",
    "завтраки",
    "кофе",
    "здоровое питание",
    "город",
    "новости",
    "спорт",
    "путешествия",
    "мода",
    "красота",
    "авто",
    "игры",
    "технологии",
    "финансы",
    "юмор",
    "музыка",
    "кино",
    "садоводство",
    "ремонт",
    "животные",
    "психология",
    "образование",
]
PLATFORMS = ["vk", "telegram", "youtube", "dzen", "ok", "rutube"]
STAGES = [Stage.PROSPECT] * 6 + [Stage.CONTACTED, Stage.NEGOTIATING, Stage.COMPLETED, Stage.DECLINED]


def drop() -> None:
    """Remove the bench workspace (deals protect their campaigns, so they go first)."""
    Deal.objects.filter(workspace__slug=SLUG).delete()
    Partner.objects.filter(workspace__slug=SLUG).delete()
    Campaign.objects.filter(workspace__slug=SLUG).delete()
    Workspace.objects.filter(slug=SLUG).delete()


def seed(n: int) -> Campaign:
    rnd = random.Random(42)
    drop()
    workspace = Workspace.objects.create(name="Bench partners", slug=SLUG)
    segment = AudienceSegment.objects.create(
        workspace=workspace,
        name="Молодые мамы",
        description="Мамы с детьми до 7 лет, ценят домашнюю выпечку и быстрые завтраки для семьи",
        needs="Рецепты, свежий хлеб рядом с домом",
        content_preferences="Короткие видео с рецептами, кофе и выпечка",
    )
    campaign = Campaign.objects.create(
        workspace=workspace,
        name="Осенние пироги",
        objective="sales",
        channels=["vk", "telegram"],
        budget=Decimal("400000"),
        starts_on=date.today(),
        ends_on=date.today() + timedelta(days=30),
        utm_campaign="bench-autumn",
    )
    campaign.segments.add(segment)
    term_cache: dict[tuple, list] = {}
    batch = 5000
    with transaction.atomic():
        for start in range(0, n, batch):
            partners = []
            for i in range(start, min(start + batch, n)):
                topics = tuple(sorted(rnd.sample(TOPICS, rnd.randint(1, 4))))
                if topics not in term_cache:
                    term_cache[topics] = rules.topic_terms(list(topics))
                price = Decimal(rnd.choice([3000, 8000, 15000, 30000, 60000, 120000, 500000]))
                partners.append(
                    Partner(
                        workspace=workspace,
                        name=f"Партнёр {i}",
                        kind=rnd.choice(PartnerKind.values),
                        topics=list(topics),
                        topic_terms=term_cache[topics],
                        price_list=[{"item": "post", "price": str(price), "currency": "RUB"}],
                        min_price=price,
                        stage=rnd.choice(STAGES),
                        rating=Decimal(str(round(rnd.uniform(1, 5), 1))) if rnd.random() < 0.2 else None,
                    )
                )
            channels = []
            for p in partners:
                weighted = Decimal("0")
                for _k in range(rnd.randint(1, 3)):
                    audience = int(10 ** rnd.uniform(3, 6.5))
                    er = Decimal(str(round(rnd.uniform(0.1, 12), 2)))
                    platform = rnd.choice(PLATFORMS)
                    channels.append((p, platform, audience, er))
                    p.audience_total += audience
                    weighted += audience * er
                    p.platform_audience[platform] = p.platform_audience.get(platform, 0) + audience
                p.engagement_avg = (weighted / p.audience_total).quantize(Decimal("0.01"))
                p.features = rules.feature_vector(
                    topic_terms=p.topic_terms, platform_audience=p.platform_audience, platforms=Channel.values
                )
            # The totals are what services.refresh_channel_totals() keeps on every partner.
            Partner.objects.bulk_create(partners, batch_size=batch)
            channels = [
                PartnerChannel(
                    workspace=workspace,
                    partner=p,
                    platform=platform,
                    handle=f"p{p.pk}_{k}",
                    audience_size=audience,
                    engagement_rate=er,
                )
                for k, (p, platform, audience, er) in enumerate(channels)
            ]
            PartnerChannel.objects.bulk_create(channels, batch_size=batch)
        done = Partner.objects.filter(workspace=workspace, stage=Stage.COMPLETED).values_list(
            "pk", flat=True
        )[:2000]
        Deal.objects.bulk_create(
            [
                Deal(
                    workspace=workspace,
                    partner_id=pk,
                    campaign=campaign,
                    title=f"Сделка {pk}",
                    price=Decimal("20000"),
                    utm_campaign=f"bench-{pk}",
                    status=DealStatus.COMPLETED,
                    result_roi=Decimal(str(round(rnd.uniform(-80, 200), 2))),
                )
                for pk in done
            ],
            batch_size=batch,
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return campaign


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the bench workspace")
    parser.add_argument("--reuse", action="store_true", help="time a kept bench workspace without reseeding")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    campaign = Campaign.objects.filter(workspace__slug=SLUG).first() if args.reuse else None
    if campaign is None:
        campaign = seed(args.partners)
        print(
            f"seeded {args.partners} partners in {time.perf_counter() - started:.1f} s ({connection.vendor})"
        )
    total = Partner.objects.filter(workspace=campaign.workspace).count()
    terms = selectors.campaign_terms(campaign)

    def floor():
        """The same prefiltered rows in the same packed binary form, fetched and not scored."""
        scalars = [
            "p.id",
            "p.audience_total",
            "p.engagement_avg",
            "COALESCE(p.min_price, -1)",
            "COALESCE(p.rating, -1)",
        ]
        packed = " || ".join(f"float8send(({c})::float8)" for c in scalars)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT string_agg({packed} || p.features, ''::bytea) FROM {Partner._meta.db_table} p
                    WHERE p.workspace_id = %s AND p.stage <> %s AND p.audience_total > 0 AND length(p.features) > 0
                          AND (p.min_price IS NULL OR p.min_price <= %s)""",
                [campaign.workspace_id, Stage.DECLINED, campaign.budget],
            )
            return cursor.fetchone()

    def shortlist():
        return selectors.shortlist(campaign=campaign, limit=50)

    floor()
    count, entries = shortlist()
    floor_s = statistics.median(timed(floor, args.runs))
    full_s = statistics.median(timed(shortlist, args.runs))
    candidates = selectors.shortlist_candidates(campaign=campaign, terms=terms)
    print(f"candidates after SQL prefilter: {count} of {total} partners; top score {entries[0].score}")
    print(f"raw SQL floor (fetching the same packed candidate rows, no scoring): {floor_s * 1000:.0f} ms")
    print(
        f"shortlist (SQL + numpy + top-50 reasons): {full_s * 1000:.0f} ms  = {full_s / floor_s:.2f}x the floor"
    )
    print(f"under one second: {'yes' if full_s < 1 else 'NO'}")
    assert len(candidates.ids) == count
    write(
        "partners_shortlist",
        [
            figure("partner shortlist of one campaign (median)", full_s, floor=floor_s,
                   floor_label="packed candidate rows, raw SQL", target="< 1 s", passed=full_s < 1),
        ],
        partners=total,
        candidates=count,
    )  # fmt: skip
    if not args.keep:
        drop()


if __name__ == "__main__":
    main()
