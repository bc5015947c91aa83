"""Demo data of partners for the bakery chain «Колосок»: bloggers, city media and community admins,
a worked pipeline with negotiations, deals with deliverables and CRM conversions on their UTM tags.

Deterministic (fixed data, dates relative to today). Uses the campaigns' demo campaigns when they
exist; otherwise creates one minimal campaign with a segment through the campaigns models.
"""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import AudienceSegment, Campaign

from . import services
from .enums import Stage
from .models import Negotiation

PARTNERS = [
    # name, kind, topics, geography, price, channels [(platform, url, handle, audience, er)], notes
    (
        "Мама печёт",
        "blogger",
        ["домашняя выпечка", "рецепты", "семья", "дети"],
        ["Екатеринбург"],
        18000,
        [
            ("vk", "https://vk.com/mama_pechet", "mama_pechet", 86000, "4.20"),
            ("telegram", "https://t.me/mama_pechet", "mama_pechet", 23000, "6.10"),
        ],
        "Рецепты с детьми, аудитория — мамы 25–40 лет. Любит честные обзоры.",
    ),
    (
        "Екатеринбург Онлайн",
        "media",
        ["новости города", "афиша", "еда"],
        ["Екатеринбург", "Свердловская область"],
        65000,
        [
            ("vk", "https://vk.com/ekb_online", "ekb_online", 420000, "1.10"),
            ("dzen", "https://dzen.ru/ekb_online", "ekb_online_dzen", 150000, "0.80"),
        ],
        "Городской портал: рубрика «Где поесть», нативные статьи.",
    ),
    (
        "Уралмаш — соседи",
        "community_admin",
        ["район", "соседи", "объявления", "дети"],
        ["Екатеринбург, Уралмаш"],
        4000,
        [("vk", "https://vk.com/uralmash_sosedi", "uralmash_sosedi", 31000, "2.90")],
        "Админ Сергей, берёт только посты с пользой для района.",
    ),
    (
        "Кофейня «Зерно»",
        "brand",
        ["кофе", "завтраки", "выпечка"],
        ["Екатеринбург"],
        0,
        [("telegram", "https://t.me/zerno_coffee", "zerno_coffee", 9000, "7.50")],
        "Кобрендинг: круассаны «Колоска» в меню «Зерна», розыгрыш в обоих каналах.",
    ),
    (
        "Вкусно с Дашей",
        "blogger",
        ["рецепты", "выпечка", "здоровое питание"],
        ["Москва", "Екатеринбург"],
        45000,
        [
            ("youtube", "https://youtube.com/@vkusno_dasha", "vkusno_dasha", 310000, "3.40"),
            ("vk", "https://vk.com/vkusno_dasha", "vkusno_dasha", 120000, "2.50"),
        ],
        "Видео-рецепты; просит сценарий заранее.",
    ),
    (
        "Фитнес-Катя",
        "blogger",
        ["фитнес", "здоровое питание", "спорт"],
        ["Екатеринбург"],
        25000,
        [("vk", "https://vk.com/fitness_katya", "fitness_katya", 210000, "38.00")],
        "Подозрительно высокая вовлечённость — проверить накрутку.",
    ),
    (
        "Семейный Екб",
        "community_admin",
        ["семья", "дети", "афиша", "кружки"],
        ["Екатеринбург"],
        7000,
        [
            ("vk", "https://vk.com/family_ekb", "family_ekb", 64000, "3.30"),
            ("ok", "https://ok.ru/family_ekb", "family_ekb_ok", 22000, "1.90"),
        ],
        "",
    ),
    (
        "Агентство «Тесто»",
        "agency",
        ["инфлюенс-маркетинг", "локальный бизнес"],
        ["Урал"],
        90000,
        [("website", "https://testo-agency.ru", "", 0, "0")],
        "Предлагают пакет из 5 микроблогеров под ключ.",
    ),
    (
        "Хлебные истории",
        "blogger",
        ["хлеб", "закваска", "выпечка", "пекарни"],
        ["Екатеринбург"],
        9000,
        [("telegram", "https://t.me/hleb_stories", "hleb_stories", 14000, "8.40")],
        "Пекарь-любитель, пишет про закваски; аудитория — фанаты крафтового хлеба.",
    ),
    (
        "Авто-Урал",
        "media",
        ["автомобили", "тюнинг"],
        ["Урал"],
        30000,
        [("youtube", "https://youtube.com/@avto_ural", "avto_ural", 180000, "2.20")],
        "Не наша аудитория, оставлен для сравнения.",
    ),
]


def _campaign(workspace, people) -> Campaign:
    campaign = Campaign.objects.for_workspace(workspace).order_by("-budget", "id").first()
    if campaign is not None:
        return campaign
    today = timezone.localdate()
    segment = AudienceSegment.objects.create(
        workspace=workspace,
        name="Мамы в декрете",
        description="Мамы 25–40 лет с детьми, живут рядом с пекарнями «Колосок»",
        needs="Быстрый и вкусный завтрак для семьи, домашняя выпечка, рецепты",
        pains="Нет времени печь самой",
        content_preferences="Рецепты, истории пекарей, розыгрыши",
        channels=["vk", "telegram"],
    )
    campaign = Campaign.objects.create(
        workspace=workspace,
        name="Осенние пироги «Колоска»",
        objective="sales",
        channels=["vk", "telegram"],
        budget=Decimal("350000"),
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=40),
        status="running",
        description="Продажи пирогов с осенней начинкой через партнёров города",
        utm_campaign="kolosok-pirogi",
        owner=people.marketer,
        created_by=people.marketer,
    )
    campaign.segments.add(segment)
    return campaign


def _at(days: int, hour: int = 11) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _date(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _post_url(deliverable, number: int) -> str:
    """A plausible link to a published deliverable on the partner's own channel of the
    deliverable's platform: a VK wall post or story on vk.com, a Telegram post on t.me, so the
    link always matches the deliverable's channel. ``number`` is the post's number there."""
    channel = deliverable.deal.partner.channels.get(platform=deliverable.channel)
    if deliverable.channel == "vk":
        community = zlib.crc32(channel.handle.encode()) % 10**8  # a stable id per community
        kind = "story" if deliverable.kind == "story" else "wall"
        return f"{channel.url}?w={kind}-{community}_{number}"
    return f"{channel.url.rstrip('/')}/{number}"


def seed(*, workspace, people) -> None:
    campaign = _campaign(workspace, people)
    marketer, manager = people.marketer, people.manager
    partners = {}
    for name, kind, topics, geography, price, channels, notes in PARTNERS:
        partners[name] = services.partner_create(
            workspace=workspace,
            actor=marketer,
            data={
                "name": name,
                "kind": kind,
                "topics": topics,
                "geography": geography,
                "demographics": {"женщины": 0.7, "25–34": 0.45} if kind == "blogger" else {},
                "price_list": [{"item": "пост", "price": str(price), "currency": "RUB"}],
                "contacts": {
                    "telegram": f"@{channels[0][2] or 'testo'}",
                    "email": f"{channels[0][2] or 'hello'}@mail.ru",
                },
                "tags": ["Екатеринбург"] + (["кобрендинг"] if kind == "brand" else []),
                "notes": notes,
                "channels": [
                    {"platform": p, "url": u, "handle": h, "audience_size": a, "engagement_rate": Decimal(e)}
                    for p, u, h, a, e in channels
                ],
            },
        )

    def step(partner, kind, days, summary, author=marketer, **extra):
        step = services.negotiation_log(
            partner=partners[partner],
            actor=author,
            data={"kind": kind, "happened_at": _at(days), "summary": summary, **extra},
        )
        partners[partner].refresh_from_db()
        return step

    # A finished, successful collaboration: negotiated, deal closed, published, conversions, completed.
    step("Мама печёт", "message", -30, "Написали в личные сообщения ВК, предложили обзор осенних пирогов.")
    step(
        "Мама печёт",
        "offer",
        -28,
        "Предложили пост + 3 сторис.",
        amount=Decimal("15000"),
        terms="Пост + 3 сторис, 2 недели в ленте",
    )
    step(
        "Мама печёт",
        "counter_offer",
        -27,
        "Блогер просит больше из-за детского мастер-класса.",
        amount=Decimal("18000"),
        terms="Пост + 3 сторис + мастер-класс в пекарне",
    )
    step(
        "Мама печёт",
        "call",
        -26,
        "Согласовали 18 000 ₽ и мастер-класс в пекарне на Малышева.",
        next_step="Отправить договор и ТЗ",
        next_step_due=_date(-25),
    )
    deal = services.deal_close(
        partner=partners["Мама печёт"],
        campaign=campaign,
        actor=marketer,
        data={
            "title": f"Мама печёт × {campaign.name}"[:200],
            "price": Decimal("18000"),
            "terms": "Пост + 3 сторис + мастер-класс",
            "payment_status": "paid",
            "erid": "2VtzqwE7kFd",
            "landing_url": "https://kolosok-bakery.ru/promo",
            "deliverables": [
                {"title": "Пост-обзор пирогов", "kind": "post", "channel": "vk", "due_at": _at(-20)},
                {"title": "Сторис с мастер-класса", "kind": "story", "channel": "vk", "due_at": _at(-18)},
                {
                    "title": "Пост в Telegram с промокодом",
                    "kind": "post",
                    "channel": "telegram",
                    "due_at": _at(-16),
                },
            ],
        },
    )
    for number, (item, (reach, clicks)) in enumerate(
        zip(deal.deliverables.order_by("due_at"), [(52000, 1900), (31000, 700), (15000, 640)], strict=True),
        start=412,
    ):
        services.deliverable_update(
            deliverable=item,
            actor=marketer,
            data={
                "status": "published",
                "reach": reach,
                "clicks": clicks,
                "published_url": _post_url(item, number),
            },
        )
    # Through the CRM ingest service, like the amoCRM integration: by the deal's tag alone (the
    # deal and its campaign both count it); the campaign gets flagged for its debounced alignment
    # re-check.
    campaign_services.conversions_record(
        workspace=workspace,
        actor=marketer,
        rows=[
            {
                "external_id": f"amo-partner-{deal.pk}-{i}",
                "utm_campaign": deal.utm_campaign,
                "kind": "sale" if i % 3 else "lead",
                "amount": "1450" if i % 3 else "0",
                "occurred_at": _at(-19 + i % 12, 10 + i % 8),
            }
            for i in range(34)
        ],
    )
    services.deal_complete(deal=deal, actor=manager)

    # An active co-branding deal with a deliverable still to come (it is in the plan).
    step(
        "Кофейня «Зерно»",
        "meeting",
        -10,
        "Встреча с управляющей «Зерна»: круассаны в меню и совместный розыгрыш.",
    )
    step(
        "Кофейня «Зерно»",
        "offer",
        -8,
        "Бартер: выпечка для розыгрыша, без оплаты.",
        amount=Decimal("0"),
        terms="20 наборов выпечки, розыгрыш в обоих каналах",
    )
    coffee = services.deal_close(
        partner=partners["Кофейня «Зерно»"],
        campaign=campaign,
        actor=marketer,
        data={
            "title": "Кобрендинг с «Зерном»",
            "price": Decimal("0"),
            "terms": "Бартер, розыгрыш 20 наборов",
            "landing_url": "https://kolosok-bakery.ru/zerno",
            "deliverables": [
                {"title": "Анонс розыгрыша", "kind": "giveaway", "channel": "telegram", "due_at": _at(-2)},
                {"title": "Итоги розыгрыша", "kind": "post", "channel": "telegram", "due_at": _at(5)},
            ],
        },
    )
    first = coffee.deliverables.order_by("due_at").first()
    services.deliverable_update(
        deliverable=first,
        actor=marketer,
        data={"status": "published", "reach": 7400, "clicks": 310, "published_url": _post_url(first, 87)},
    )

    # Negotiations in progress, one with an overdue next step (the reminder picks it up).
    step("Екатеринбург Онлайн", "email", -6, "Запросили медиакит и цены на нативную статью.")
    step(
        "Екатеринбург Онлайн",
        "offer",
        -4,
        "Редакция предлагает статью в рубрике «Где поесть».",
        amount=Decimal("65000"),
        terms="Статья + 2 поста в ВК",
        next_step="Согласовать скидку 20% с Алексеем",
        next_step_due=_date(-1),
    )
    step(
        "Семейный Екб",
        "message",
        -3,
        "Админ готов взять пост о детском мастер-классе.",
        next_step="Прислать текст и фото",
        next_step_due=_date(2),
    )
    step(
        "Хлебные истории",
        "call",
        -2,
        "Созвонились: интересна экскурсия на производство.",
        next_step="Пригласить на экскурсию",
        next_step_due=_date(4),
    )
    step("Вкусно с Дашей", "email", -5, "Отправили предложение о видео-рецепте.")
    step("Агентство «Тесто»", "meeting", -12, "Презентация пакета микроблогеров: дорого для одной кампании.")
    services.partner_move(partner=partners["Агентство «Тесто»"], stage=Stage.DECLINED, actor=manager)
    Negotiation.objects.filter(partner=partners["Екатеринбург Онлайн"]).update(author=manager)
