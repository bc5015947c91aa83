"""Demo of the negativity inbox for the bakery chain «Колосок»: a fortnight of mentions from VK,
Telegram, Instagram and review sites (praise, questions, real complaints, trolls) and, last
night, a coordinated attack: near-identical «poisoning» posts from freshly created accounts; and
this hour, a crisis: regular customers complaining at once that payment in the app fails.
Everything goes through the real services (classification, routing, detection)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from . import services
from .models import Mention, ResponseTemplate

SOURCES = ["vk", "telegram", "instagram", "yandex_maps", "2gis"]
STREETS = ["Ленина, 12", "Мира, 40", "Садовой, 7", "Гагарина, 3", "Кирова, 25"]
PRODUCTS = [
    "круассан",
    "бородинский",
    "медовик",
    "синнабон",
    "пирожок с капустой",
    "эклер",
    "багет",
    "сметанник",
]
NAMES = [
    "anna_k",
    "sergey.m",
    "irina_pechet",
    "oleg77",
    "masha_loves_bread",
    "p.kuznetsov",
    "lena_spb",
    "artem_run",
    "ksu_mama",
    "vlad_dev",
    "natalia.v",
    "dima_foodie",
]

POSITIVE = [
    "Колосок, спасибо за {product}! Свежий и хрустящий, беру каждое утро на {street}.",
    "Курьер привёз заказ на 15 минут раньше, всё горячее. Колосок, вы лучшие!",
    "Попробовали новый {product} — очень вкусно, дети в восторге ❤️",
    "Девушки на кассе на {street} всегда приветливые, приятно заходить.",
]
NEUTRAL = [
    "Колосок, во сколько открывается пекарня на {street}?",
    "А у вас есть хлеб без глютена?",
    "Сколько стоит торт на заказ на 2 кг?",
    "Колосок открыл новую точку на {street}, зашла посмотреть.",
]
NATURAL = [
    "Заказ №{order} привезли на два часа позже, {product} совсем остыл. Прошу разобраться.",
    "Купила {product} вчера на {street}, внутри сырое тесто. Чек на {amount} ₽ сохранила.",
    "В пирожке попался волос, точка на {street}, {day} около 19:30. Очень неприятно.",
    "Третий день жду ответ в чате по заказу №{order}, никто не отвечает.",
    "Списали {amount} ₽ дважды за заказ №{order}, верните разницу пожалуйста.",
    "Кассир на {street} нагрубила, когда я попросила пакет. Было это {day}.",
    "За месяц {product} подорожал со 120 до 150 ₽, а размер стал меньше.",
    "Приложение вылетает при оплате заказа №{order}, попробовала три раза.",
]
TROLLING = [
    "Колосок опять клоуны 🤡 кто вообще ест эту резину",
    "ахахах {product} из опилок, позорище",
    "КОЛОСОК ДНО!!! ахаха",
    "удалите аккаунт, не позорьтесь лол",
]
ATTACK = [
    "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!",
    "Не покупайте в Колоске! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!!",
    "Люди, не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!",
    "Не покупайте в Колосок! Отравился после их выпечки, вся семья в больнице, пишем в Роспотребнадзор. Обходите стороной!",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        product=rng.choice(PRODUCTS),
        street=rng.choice(STREETS),
        order=rng.randint(40000, 99999),
        amount=rng.choice([240, 350, 560, 780, 1250]),
        day=rng.choice(["вчера", "в субботу", "12 числа"]),
    )


def _row(n: int, text: str, *, when, source: str, handle: str, created, followers: int, reach: int) -> dict:
    return {
        "source": source,
        "external_id": f"demo-{n}",
        "url": f"https://example.org/{source}/{n}",
        "author": {"handle": handle, "created_at": created.isoformat(), "followers": followers},
        "text": text,
        "published_at": when.isoformat(),
        "reach": reach,
        "likes": reach // 40,
        "replies": reach // 300,
    }


def seed(*, workspace, people) -> None:
    rng = random.Random(2026)
    now = timezone.now().replace(second=0, microsecond=0)
    services.workspace_defaults_ensure(workspace=workspace)
    services.routing_rule_save(
        workspace=workspace,
        actor=people.manager,
        name="Доставка — Ольге",
        position=10,
        conditions=[{"field": "topic", "value": "delivery"}],
        actions=[
            {"action": "assign", "value": str(people.marketer.pk)},
            {"action": "tag", "value": "доставка"},
        ],
    )
    services.routing_rule_save(
        workspace=workspace,
        actor=people.manager,
        name="Суд и Роспотребнадзор — срочно",
        position=20,
        conditions=[{"field": "keyword", "value": "суд, роспотребнадзор, отравил"}],
        actions=[
            {"action": "priority", "value": "urgent"},
            {"action": "assign", "value": str(people.manager.pk)},
        ],
    )
    services.webhook_secret_rotate(workspace=workspace, actor=people.owner)

    rows, n = [], 0
    mix = [(POSITIVE, 30), (NEUTRAL, 20), (NATURAL, 40), (TROLLING, 10)]
    for templates, count in mix:
        for _ in range(count):
            n += 1
            handle = rng.choice(NAMES) if templates is not TROLLING else f"troll_{rng.randint(1, 3)}"
            rows.append(
                _row(
                    n,
                    _fill(rng.choice(templates), rng),
                    when=now
                    - timedelta(
                        days=rng.randint(1, 13), hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
                    ),
                    source=rng.choice(SOURCES),
                    handle=handle,
                    created=now - timedelta(days=rng.randint(300, 3000)),
                    followers=rng.randint(40, 3000),
                    reach=rng.randint(100, 8000),
                )
            )
    # Last night: the attack, 14 posts within two hours from accounts created this week.
    for i in range(14):
        n += 1
        rows.append(
            _row(
                n,
                ATTACK[i % len(ATTACK)],
                when=now - timedelta(hours=9) + timedelta(minutes=8 * i),
                source="vk",
                handle=f"user{rng.randint(100000, 999999)}",
                created=now - timedelta(days=rng.randint(0, 6)),
                followers=rng.randint(0, 8),
                reach=rng.randint(50, 400),
            )
        )
    # This hour: the app's payment broke and two dozen regular customers complain in their own
    # words: a crisis for support (natural negativity), not an attack.
    from .attack_gen import ingest_rows, outage_wave

    wave = outage_wave(
        count=24, start=now - timedelta(minutes=50), span_minutes=45, seed=7, source="telegram"
    )
    for r in wave:
        n += 1
        r["external_id"] = f"demo-{n}"
    rows += ingest_rows(wave)
    from campaigns.models import Campaign

    campaign = Campaign.objects.for_workspace(workspace).order_by("pk").first()
    if campaign is not None:  # mentions of the running promotion refer to its campaign
        for r in rows[::5]:
            r["campaign"] = campaign.pk
    services.mentions_ingest(
        workspace=workspace, rows=rows, actor=people.marketer, via="demo", schedule_detection=False
    )
    services.incidents_detect(workspace=workspace, now=now)

    # A few handled mentions: a correction, a drafted reply waiting for approval, a resolved one.
    queue = list(
        Mention.objects.for_workspace(workspace).filter(category="natural").order_by("-risk", "pk")[:3]
    )
    if queue:
        playbook = (
            ResponseTemplate.objects.for_workspace(workspace)
            .filter(category="natural", language="ru")
            .first()
        )
        services.reply_draft(workspace=workspace, mention=queue[0], template=playbook, actor=people.marketer)
    if len(queue) > 1:
        services.mention_resolve(
            workspace=workspace,
            mention=queue[1],
            outcome="cause_fixed",
            note="Вернули деньги и заменили заказ",
            actor=people.marketer,
        )
    troll = Mention.objects.for_workspace(workspace).filter(text__icontains="клоуны").first()
    if troll and troll.category != "trolling":
        services.mention_correct(
            workspace=workspace, mention=troll, category="trolling", actor=people.marketer
        )
