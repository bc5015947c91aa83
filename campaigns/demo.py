"""Demo data of the campaigns area: the bakery chain «Колосок» with business goals, eleven
campaigns with ~90 days of daily metrics and CRM sales, personas, a trends radar, templates, and an
alignment history that covers every verdict (aligned, at risk, misaligned, not enough data).

Deterministic: a fixed random seed, dates relative to today. Everything goes through the services.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from . import services
from .models import Campaign

SEED = 20261126
# Workflow actions that bring a new draft to each demo status.
PATHS = {
    "draft": [],
    "proposed": ["submit"],
    "running": ["submit", "approve", "start"],
    "completed": ["submit", "approve", "start", "complete"],
}


@dataclass
class Profile:
    """How a campaign's channels behave day by day (per channel, before noise)."""

    impressions: int
    reach_ratio: float = 0.6
    ctr: float = 0.02
    engagement_rate: float = 0.05
    lead_rate: float = 0.05  # of clicks
    sale_rate: float = 0.3  # of leads
    avg_check: int = 1800
    spend: int = 1500
    post_every: int = 2
    followers: int = 5000
    followers_daily: int = 15
    # Changes over the last 30 days (vanity growth, a dying community, ...).
    recent_reach_boost: float = 1.0
    recent_sales_factor: float = 1.0
    posts_stop_days_ago: int | None = None
    recent_reach_factor: float = 1.0
    extra: dict = field(default_factory=dict)


def _rows(campaign: Campaign, profile: Profile, rng: random.Random, today: date) -> list[dict]:
    rows = []
    last = min(today, campaign.ends_on)
    days = (last - campaign.starts_on).days + 1
    for channel_index, channel in enumerate(campaign.channels):
        followers = profile.followers * (1 + channel_index) // 2 + 1000
        share = 1.0 if channel_index == 0 else 0.6
        for i in range(max(days, 0)):
            day = campaign.starts_on + timedelta(days=i)
            days_ago = (today - day).days
            recent = days_ago < 30
            noise = rng.uniform(0.85, 1.15)
            weekend = 1.2 if day.weekday() >= 5 else 1.0
            impressions = int(profile.impressions * share * noise * weekend)
            if recent:
                impressions = int(impressions * profile.recent_reach_boost * profile.recent_reach_factor)
            reach = int(impressions * profile.reach_ratio)
            clicks = int(impressions * profile.ctr * rng.uniform(0.8, 1.2))
            engagements = int(reach * profile.engagement_rate * rng.uniform(0.8, 1.2))
            leads = int(clicks * profile.lead_rate * rng.uniform(0.6, 1.4) + rng.random())
            sales_rate = profile.sale_rate * (profile.recent_sales_factor if recent else 1.0)
            sales = int(leads * sales_rate * rng.uniform(0.7, 1.3) + rng.random() * 0.5)
            posting = i % profile.post_every == 0
            if profile.posts_stop_days_ago is not None and days_ago < profile.posts_stop_days_ago:
                posting = False
            followers = max(followers + profile.followers_daily + rng.randint(-3, 3), 0)
            rows.append(
                {
                    "campaign": campaign.pk,
                    "channel": channel,
                    "date": day.isoformat(),
                    "impressions": impressions,
                    "reach": reach,
                    "clicks": clicks,
                    "engagements": engagements,
                    "followers": followers,
                    "posts": 1 if posting else 0,
                    "leads": leads,
                    "sales": sales,
                    "revenue": str(sales * profile.avg_check),
                    "spend": f"{profile.spend * share * rng.uniform(0.9, 1.1):.2f}",
                }
            )
    return rows


def _upsert(workspace, actor, rows: list[dict]) -> None:
    for start in range(0, len(rows), services.METRICS_MAX_BATCH):
        services.metrics_upsert(
            workspace=workspace, actor=actor, rows=rows[start : start + services.METRICS_MAX_BATCH]
        )


def seed(*, workspace, people) -> None:
    rng = random.Random(SEED)
    today = timezone.localdate()
    d = lambda n: today + timedelta(days=n)  # noqa: E731
    marketer, manager = people.marketer, people.manager

    # --- audience segments -------------------------------------------------------------------
    moms = services.segment_create(
        workspace=workspace,
        actor=marketer,
        name="Мамы школьников, 30–45",
        description="Живут в спальных районах рядом с нашими пекарнями, покупают выпечку к завтраку и на праздники.",
        needs="Быстро купить свежее и понятное по составу; заказать торт к дню рождения без хлопот.",
        pains="Нет времени печь самой; боится красителей и «химии» в составе.",
        objections="«В супермаркете дешевле», «торт на заказ — это долго».",
        channels=["vk", "ok", "telegram"],
        content_preferences="Короткие видео процесса, отзывы других мам, подборки к праздникам.",
        size_estimate=42000,
    )
    office = services.segment_create(
        workspace=workspace,
        actor=marketer,
        name="Офис-менеджеры бизнес-центров",
        description="Заказывают завтраки и кофе-брейки для сотрудников и гостей.",
        needs="Надёжная доставка к 9:00, закрывающие документы, меню под бюджет.",
        pains="Опоздания поставщиков, однообразное меню.",
        objections="«У нас уже есть кейтеринг».",
        channels=["telegram", "dzen", "email"],
        content_preferences="Кейсы соседних БЦ, прайс и меню в PDF, фото сервировки.",
        size_estimate=1800,
    )
    foodies = services.segment_create(
        workspace=workspace,
        actor=marketer,
        name="Любители ремесленного хлеба",
        description="Горожане 25–40, ценят закваску, цельное зерно и историю продукта.",
        needs="Новинки, сезонные вкусы, возможность заказать заранее.",
        pains="Хлеб быстро черствеет, в сетях «всё одинаковое».",
        objections="«Дорого для хлеба».",
        channels=["telegram", "vk", "youtube"],
        content_preferences="Рассказы пекарей, мастер-классы, дегустации.",
        size_estimate=15000,
    )

    # --- goals -------------------------------------------------------------------------------
    goal_sales = services.goal_create(
        workspace=workspace,
        actor=manager,
        name="Продажи тортов на заказ: 1 200 заказов за квартал",
        kind="sales",
        target_metric="sales",
        target_value=Decimal("1200"),
        starts_on=d(-80),
        ends_on=d(20),
        owner=manager,
        max_cost_per_result=Decimal("600"),
        description="Торты на заказ дают 38% маржи; допустимая стоимость привлечения заказа — 600 ₽.",
    )
    goal_b2b = services.goal_create(
        workspace=workspace,
        actor=manager,
        name="Корпоративные завтраки: 300 заявок от бизнес-центров",
        kind="leads",
        target_metric="leads",
        target_value=Decimal("300"),
        starts_on=d(-60),
        ends_on=d(60),
        owner=people.owner,
        max_cost_per_result=Decimal("1500"),
    )
    goal_awareness = services.goal_create(
        workspace=workspace,
        actor=manager,
        name="Узнаваемость пекарни на Лиговском: охват 600 тыс.",
        kind="awareness",
        target_metric="reach",
        target_value=Decimal("600000"),
        starts_on=d(-70),
        ends_on=d(30),
        owner=marketer,
        max_cost_per_result=Decimal("250"),
    )
    goal_retention = services.goal_create(
        workspace=workspace,
        actor=manager,
        name="Повторные покупки по карте «Колосок+»: 2 000 в месяц",
        kind="retention",
        target_metric="sales",
        target_value=Decimal("2000"),
        starts_on=d(-90),
        ends_on=d(90),
        owner=manager,
        parent=goal_sales,
    )

    # --- campaigns ---------------------------------------------------------------------------
    def campaign(
        name, objective, goal, channels, budget, start, end, status, kpis, segments=(), utm="", description=""
    ):
        c = services.campaign_create(
            workspace=workspace,
            actor=marketer,
            name=name,
            objective=objective,
            goal=goal,
            channels=channels,
            budget=Decimal(budget),
            starts_on=d(start),
            ends_on=d(end),
            utm_campaign=utm,
            description=description,
            owner=marketer,
            segments=list(segments),
            kpis=[{"metric": m, "target_value": Decimal(v)} for m, v in kpis],
        )
        for action in PATHS[status]:
            c, _changed = services.campaign_transition(
                campaign=c, action=action, actor=manager if action == "approve" else marketer
            )
        return c

    cakes = campaign(
        "Торты на заказ: таргет ВКонтакте",
        "sales",
        goal_sales,
        ["vk", "ok"],
        "420000",
        -75,
        15,
        "running",
        [("sales", "800"), ("cost_per_sale", "600"), ("ctr", "1.5")],
        [moms],
        "cakes-vk-q4",
        "Карусель с тортами и калькулятор стоимости, заказ в один клик через сообщения сообщества.",
    )
    menu = campaign(
        "Праздничное меню: трафик на сайт",
        "traffic",
        goal_sales,
        ["vk", "dzen"],
        "300000",
        -60,
        20,
        "running",
        [("clicks", "30000"), ("sales", "400")],
        [moms, foodies],
        "holiday-menu",
    )
    giveaway = campaign(
        "Розыгрыш «Торт на год» в Telegram",
        "engagement",
        goal_sales,
        ["telegram"],
        "90000",
        -70,
        10,
        "running",
        [("engagements", "40000")],
        [moms],
    )
    breakfasts = campaign(
        "Корпоративные завтраки: Дзен и рассылка",
        "leads",
        goal_b2b,
        ["dzen", "email"],
        "150000",
        -40,
        50,
        "running",
        [("leads", "150"), ("cost_per_lead", "1000")],
        [office],
        "b2b-breakfast",
    )
    campaign(
        "Охват для бизнес-центров (видео)",
        "reach",
        goal_b2b,
        ["youtube", "vk_video"],
        "120000",
        5,
        45,
        "proposed",
        [("reach", "300000")],
        [office],
    )
    ligovsky = campaign(
        "Открытие на Лиговском: охват района",
        "reach",
        goal_awareness,
        ["vk", "telegram"],
        "200000",
        -65,
        25,
        "running",
        [("reach", "500000")],
        [moms, foodies],
    )
    ok_group = campaign(
        "Сообщество «Колосок» в Одноклассниках",
        "community_growth",
        goal_awareness,
        ["ok"],
        "60000",
        -88,
        30,
        "running",
        [("followers", "3000")],
        [moms],
    )
    club = campaign(
        "Клуб любителей хлеба: рассылка и ВК",
        "engagement",
        goal_retention,
        ["vk", "email"],
        "110000",
        -50,
        40,
        "running",
        [("sales", "700"), ("engagement_rate", "4")],
        [foodies],
        "bread-club",
    )
    maslenitsa = campaign(
        "Масленица: блины и начинки",
        "sales",
        goal_sales,
        ["vk", "telegram"],
        "160000",
        -89,
        -60,
        "completed",
        [("sales", "450"), ("cost_per_sale", "450")],
        [moms],
        "maslenitsa",
    )
    croissant = campaign(
        "Неделя круассанов",
        "sales",
        goal_retention,
        ["telegram", "vk"],
        "40000",
        -3,
        11,
        "running",
        [("sales", "200")],
        [foodies],
    )

    profiles = {
        cakes: Profile(
            impressions=16000, ctr=0.022, lead_rate=0.09, sale_rate=0.45, avg_check=3200, spend=3800
        ),
        menu: Profile(
            impressions=22000, ctr=0.03, lead_rate=0.012, sale_rate=0.15, avg_check=1500, spend=3200
        ),
        giveaway: Profile(
            impressions=9000,
            engagement_rate=0.09,
            ctr=0.02,
            lead_rate=0.08,
            sale_rate=0.3,
            spend=900,
            recent_reach_boost=1.7,
            recent_sales_factor=0.45,
        ),
        breakfasts: Profile(
            impressions=5000, ctr=0.015, lead_rate=0.0, sale_rate=0.0, avg_check=0, spend=2000
        ),
        ligovsky: Profile(impressions=14000, reach_ratio=0.7, ctr=0.008, lead_rate=0.02, spend=2100),
        ok_group: Profile(
            impressions=3000,
            engagement_rate=0.004,
            ctr=0.004,
            lead_rate=0.01,
            spend=400,
            followers=9000,
            followers_daily=-6,
            posts_stop_days_ago=26,
            recent_reach_factor=0.3,
        ),
        club: Profile(
            impressions=6000,
            engagement_rate=0.07,
            ctr=0.02,
            lead_rate=0.06,
            sale_rate=0.5,
            avg_check=650,
            spend=1100,
        ),
        maslenitsa: Profile(
            impressions=15000, ctr=0.025, lead_rate=0.08, sale_rate=0.5, avg_check=1400, spend=5000
        ),
        croissant: Profile(
            impressions=5000, ctr=0.02, lead_rate=0.05, sale_rate=0.5, avg_check=450, spend=900
        ),
    }
    rows: list[dict] = []
    for c, profile in profiles.items():
        rows += _rows(c, profile, rng, today)
    _upsert(workspace, marketer, rows)

    # CRM sales of the cake campaign come from amoCRM (they override the cabinet's counts).
    conversions = []
    for i in range(1100):
        day = d(-rng.randint(0, 74))
        kind = "sale" if i % 4 else "lead"
        conversions.append(
            {
                "external_id": f"amo-{100000 + i}",
                "utm_campaign": "cakes-vk-q4",
                "kind": kind,
                "amount": str(rng.choice([2400, 2900, 3400, 4100, 5600])) if kind == "sale" else "0",
                "occurred_at": timezone.make_aware(
                    datetime.combine(day, time(10 + i % 9, (i * 7) % 60))
                ).isoformat(),
            }
        )
    services.conversions_record(workspace=workspace, actor=None, rows=conversions)

    # --- trends ------------------------------------------------------------------------------
    reels = services.trend_create(
        workspace=workspace,
        actor=marketer,
        name="Вертикальные клипы «процесс выпечки»",
        platform="vk",
        source_url="https://vk.com/clips",
        status="adopted",
        noticed_on=d(-80),
        description="Короткие ролики с рук пекаря: замес, разделка, готовый продукт за 15 секунд.",
    )
    services.trend_trial_record(
        trend=reels,
        campaign=cakes,
        started_on=d(-40),
        ended_on=d(-20),
        metric="engagement_rate",
        observed_effect="Клипы с разрезом торта собирают в 2 раза больше сохранений.",
        actor=marketer,
    )
    stories = services.trend_create(
        workspace=workspace,
        actor=marketer,
        name="Голосования в историях Telegram",
        platform="telegram",
        status="testing",
        noticed_on=d(-30),
        description="Подписчики выбирают начинку недели — победитель идёт в продажу.",
    )
    services.trend_trial_record(
        trend=stories, campaign=giveaway, started_on=d(-25), ended_on=None, metric="sales", actor=marketer
    )
    services.trend_create(
        workspace=workspace,
        actor=marketer,
        name="ASMR-звук хрустящей корочки",
        platform="youtube",
        status="watching",
        noticed_on=d(-12),
        source_url="https://www.youtube.com/shorts",
    )
    services.trend_create(
        workspace=workspace,
        actor=marketer,
        name="Челленджи с хэштегом в Одноклассниках",
        platform="ok",
        status="dropped",
        noticed_on=d(-85),
        description="Аудитория не подхватила: 12 участников за две недели.",
    )

    # --- templates ---------------------------------------------------------------------------
    template = services.template_from_campaign(
        campaign=maslenitsa, actor=marketer, name="Сезонная акция на 30 дней"
    )
    services.template_update(
        template=template,
        actor=marketer,
        plan=[
            {"day_offset": 0, "title": "Анонс акции: карусель с начинками", "kind": "post", "channel": "vk"},
            {"day_offset": 2, "title": "Клип: как мы печём", "kind": "video", "channel": "vk"},
            {
                "day_offset": 7,
                "title": "Опрос в Telegram: начинка недели",
                "kind": "post",
                "channel": "telegram",
            },
            {"day_offset": 14, "title": "Отзывы покупателей", "kind": "post", "channel": "vk"},
            {"day_offset": 27, "title": "Последние дни акции", "kind": "post", "channel": "telegram"},
        ],
    )
    services.template_instantiate(
        template=template,
        actor=marketer,
        name="Пасхальные куличи",
        starts_on=d(35),
        goal=goal_sales,
    )
    Campaign.objects.filter(pk__in=[croissant.pk]).update(template=template)
    services.template_create(
        workspace=workspace,
        actor=marketer,
        name="B2B-лиды через Дзен",
        objective="leads",
        goal_kind="leads",
        channels=["dzen", "email"],
        duration_days=45,
        budget=Decimal("120000"),
        budget_split={"dzen": 0.7, "email": 0.3},
        kpi_targets=[
            {"metric": "leads", "target_value": "120"},
            {"metric": "cost_per_lead", "target_value": "1000"},
        ],
        plan=[
            {
                "day_offset": 0,
                "title": "Статья: как накормить офис за 300 ₽",
                "kind": "article",
                "channel": "dzen",
            },
            {"day_offset": 10, "title": "Рассылка с меню", "kind": "email", "channel": "email"},
        ],
    )
    services.alignment_settings_update(
        workspace=workspace, actor=manager, dead_no_posts_days=14, zero_effect_grace_days=14
    )

    # --- alignment history: judge as of earlier days, then today ---------------------------
    ids = list(Campaign.objects.for_workspace(workspace).values_list("pk", flat=True))
    for days_ago in (45, 30, 14, 0):
        as_of = d(-days_ago)
        moment = timezone.make_aware(datetime.combine(as_of, time(3, 15)))
        services.alignment_check(campaign_ids=ids, today=as_of, now=moment if days_ago else None)
    Campaign.objects.filter(pk__in=ids).update(alignment_dirty_since=None)
