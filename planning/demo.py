"""Demo data of planning: the content plan of the bakery «Колосок» for the weeks around today,
tasks on the board, a finished and a running brainstorm, proposals in review, a client link.

Uses the campaigns the campaigns demo created (it runs first); without them it creates one goal
and two campaigns through the models so the calendar still has a story. Deterministic."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from campaigns.models import AudienceSegment, BusinessGoal, Campaign

from . import services
from .enums import ItemStatus
from .models import PlanItem

POSTS = [
    (
        "Утренний хлеб: как мы печём багет",
        "post",
        "Каждое утро в 5:30 пекари «Колоска» замешивают тесто на живой закваске. Покажем, как рождается багет.",
    ),
    (
        "Сторис: новинка — круассан с фисташкой",
        "story",
        "Фисташковый крем, слоёное тесто на сливочном масле 82,5%. Пробуйте в пекарнях на Ленина и Садовой.",
    ),
    (
        "Видео: пекарь Аня отвечает на вопросы",
        "video",
        "Почему ржаной хлеб черствеет медленнее? Отвечает наш технолог Анна Смирнова.",
    ),
    (
        "Рецепт выходного дня: гренки из вчерашнего батона",
        "post",
        "Ничего не выбрасываем: простой рецепт гренок с корицей.",
    ),
    (
        "Статья: чем закваска отличается от дрожжей",
        "article",
        "Разбираемся вместе с технологом, что такое левен и зачем ему 12 часов.",
    ),
    ("Опрос: какой пирог вернуть в меню?", "post", "Голосуйте: вишнёвый, капустный или с брусникой."),
    (
        "Сторис: как собрать праздничный заказ",
        "story",
        "Три шага: выберите торт, укажите дату, заберите в удобной пекарне.",
    ),
    (
        "Самый вкусный хлеб в городе — у нас!",
        "post",
        "Самый вкусный хлеб в городе! 9 из 10 покупателей возвращаются снова.",
    ),
    (
        "Акция: второй кофе за полцены до 10:00",
        "ad",
        "Реклама. Второй кофе за полцены с 8:00 до 10:00 в будни.",
    ),
    (
        "Дегустация новых пирожных в субботу",
        "event",
        "Суббота, 12:00–15:00, пекарня на Садовой. Вход свободный.",
    ),
]
PARTNER = (
    "Обзор у блогера @mama_pechet",
    "partner_publication",
    "Мама троих детей пробует наборы «Колосок» к завтраку. Гарантируем, что дети будут в восторге!",
)
CHANNELS = ["vk", "telegram", "ok"]
#: Where the bakery's own published posts live, per channel (``{n}``: the post's number), so a
#: published item's link always matches its channel: a Telegram post on t.me, not on vk.com.
POST_URLS = {
    "vk": "https://vk.com/kolosok_bakery?w=wall-210000_{n}",
    "telegram": "https://t.me/kolosok_bakery/{n}",
    "ok": "https://ok.ru/kolosok_bakery/topic/{n}",
    "dzen": "https://dzen.ru/a/kolosok-bakery-{n}",
    "youtube": "https://www.youtube.com/@kolosok_bakery/community?lb=post{n}",
    "rutube": "https://rutube.ru/video/kolosok{n}/",
    "vk_video": "https://vkvideo.ru/video-210000_{n}",
    "email": "https://kolosok-bakery.ru/newsletter/{n}",
    "website": "https://kolosok-bakery.ru/blog/{n}",
    "other": "https://kolosok-bakery.ru/posts/{n}",
}


def _campaigns(workspace, people):
    campaigns = list(Campaign.objects.for_workspace(workspace).order_by("starts_on", "id")[:3])
    if campaigns:
        return campaigns
    today = timezone.localdate()
    goal = BusinessGoal.objects.create(
        workspace=workspace,
        name="Предзаказы куличей к Пасхе",
        kind="sales",
        target_metric="sales",
        target_value=Decimal("1200"),
        starts_on=today - timedelta(days=20),
        ends_on=today + timedelta(days=60),
        owner=people.manager,
    )
    return [
        Campaign.objects.create(
            workspace=workspace,
            name="Куличи к Пасхе",
            objective="sales",
            goal=goal,
            channels=["vk", "telegram"],
            budget=Decimal("180000"),
            starts_on=today - timedelta(days=14),
            ends_on=today + timedelta(days=45),
            status="running",
            owner=people.marketer,
            created_by=people.marketer,
        ),
        Campaign.objects.create(
            workspace=workspace,
            name="Завтраки с «Колоском»",
            objective="engagement",
            channels=["vk", "ok"],
            budget=Decimal("60000"),
            starts_on=today - timedelta(days=7),
            ends_on=today + timedelta(days=30),
            status="running",
            owner=people.marketer,
            created_by=people.marketer,
        ),
    ]


def _goal(workspace, campaigns):
    goal = next((c.goal for c in campaigns if c.goal_id), None)
    return goal or BusinessGoal.objects.for_workspace(workspace).first()


def seed(*, workspace, people) -> None:
    rng = random.Random(42)
    today = timezone.localdate()
    campaigns = _campaigns(workspace, people)
    assignees = [people.marketer, people.manager, people.marketer]

    def at(days: int, hour: int):
        return timezone.make_aware(
            datetime.combine(today + timedelta(days=days), time(hour, rng.choice([0, 30])))
        )

    items = []
    for n in range(44):
        title, kind, text = POSTS[n % len(POSTS)]
        day = -14 + n
        campaign = campaigns[n % len(campaigns)]
        channel = campaign.channels[n % len(campaign.channels)] if campaign.channels else CHANNELS[n % 3]
        if day < -1:
            status = ItemStatus.PUBLISHED if n % 7 else ItemStatus.MISSED
        elif day < 3:
            status = [ItemStatus.APPROVED, ItemStatus.SCHEDULED, ItemStatus.IN_REVIEW][n % 3]
        else:
            status = [ItemStatus.DRAFT, ItemStatus.IDEA, ItemStatus.IN_REVIEW, ItemStatus.DRAFT][n % 4]
        if kind in ("event",) and status == ItemStatus.MISSED:
            status = ItemStatus.PUBLISHED
        item = PlanItem(
            workspace=workspace,
            title=title,
            kind=kind,
            channel=channel,
            scheduled_at=at(day // 1, rng.choice([9, 12, 18])),
            status=status,
            campaign=campaign,
            assignee=assignees[n % 3],
            brief=f"Цель: {campaign.name}.",
            text=text,
            erid="2VtzqwK7dQa" if kind == "ad" else "",
            created_by=people.marketer,
        )
        if status in (ItemStatus.APPROVED, ItemStatus.SCHEDULED, ItemStatus.PUBLISHED):
            item.approved_by, item.approved_at = people.manager, item.scheduled_at - timedelta(days=2)
        if status == ItemStatus.PUBLISHED:
            item.published_url = POST_URLS[channel].format(n=1000 + n)
            item.published_at = item.scheduled_at
        items.append(item)
    # An overloaded day: four VK posts on the same day.
    for n in range(4):
        items.append(
            PlanItem(
                workspace=workspace,
                title=f"Пасхальная подборка №{n + 1}",
                kind="post",
                channel="vk",
                scheduled_at=at(5, 10 + n * 2),
                status=ItemStatus.DRAFT,
                campaign=campaigns[0],
                assignee=people.marketer,
                text="Куличи, пасхи и краски: что выбрать к празднику.",
                created_by=people.marketer,
            )
        )
    PlanItem.objects.bulk_create(items)
    partner = services.plan_item_create(
        workspace=workspace,
        actor=people.marketer,
        title=PARTNER[0],
        kind=PARTNER[1],
        channel="vk",
        scheduled_at=at(4, 19),
        campaign=campaigns[0],
        assignee=people.marketer,
        text=PARTNER[2],
        source_kind="deal_deliverable",
        source_ref=None,
    )
    services.plan_item_transition(item=partner, actor=people.marketer, target="in_review", can_approve=False)
    services.plan_item_comment(
        item=partner,
        actor=people.manager,
        body="Нужна маркировка: erid от ОРД и пометка «Реклама». И уберите «гарантируем».",
    )

    # Project tasks with milestones and dependencies.
    launch = services.milestone_create(
        workspace=workspace,
        actor=people.manager,
        title="Старт предзаказов куличей",
        due_on=today + timedelta(days=5),
        campaign=campaigns[0],
    )
    shoot = services.task_create(
        workspace=workspace,
        actor=people.manager,
        title="Фотосессия куличей в пекарне на Садовой",
        campaign=campaigns[0],
        milestone=launch,
        assignee=people.marketer,
        due_on=today - timedelta(days=2),
        status="doing",
    )
    texts = services.task_create(
        workspace=workspace,
        actor=people.manager,
        title="Тексты для карточек предзаказа",
        campaign=campaigns[0],
        milestone=launch,
        assignee=people.marketer,
        due_on=today + timedelta(days=2),
    )
    services.task_create(
        workspace=workspace,
        actor=people.manager,
        title="Сверстать лендинг предзаказа",
        campaign=campaigns[0],
        milestone=launch,
        assignee=people.manager,
        due_on=today + timedelta(days=4),
        depends_on=[shoot, texts],
    )
    services.task_create(
        workspace=workspace,
        actor=people.manager,
        title="Договор с блогером @mama_pechet",
        campaign=campaigns[0],
        assignee=people.manager,
        due_on=today - timedelta(days=5),
        status="done",
    )
    services.task_create(
        workspace=workspace,
        actor=people.manager,
        title="Получить erid в ОРД для интеграции",
        campaign=campaigns[0],
        assignee=people.marketer,
        due_on=today + timedelta(days=1),
        status="review",
    )
    if len(campaigns) > 1:
        services.task_create(
            workspace=workspace,
            actor=people.manager,
            title="Серия сторис «Завтрак за 5 минут»",
            campaign=campaigns[1],
            assignee=people.marketer,
            due_on=today + timedelta(days=7),
        )
    services.tasks_flag_overdue(today=today)

    # A finished brainstorm with a shortlist, and one in the voting phase.
    team = [people.owner, people.manager, people.marketer]
    done = services.brainstorm_create(
        workspace=workspace,
        actor=people.manager,
        topic="Как поднять предзаказы куличей на 30%",
        ends_at=timezone.now() - timedelta(days=3),
        participants=team,
        votes_per_participant=3,
        campaign=campaigns[0],
        description="Время: 30 минут. Только идеи, которые можно запустить за неделю.",
    )
    idea_texts = [
        "Конкурс семейных рецептов куличей с призом — кулич весом 2 кг",
        "Ранняя скидка 10% на предзаказ до конца месяца",
        "Прямой эфир из пекарни в ночь перед Пасхой",
        "Подарочная упаковка с открыткой от руки",
        "Коллаборация с местной кофейней: кулич + кофе",
    ]
    ideas = [
        services.idea_add(session=done, actor=team[n % 3], text=text) for n, text in enumerate(idea_texts)
    ]
    services.brainstorm_start_voting(session=done, actor=people.manager)
    for voter, picks in zip(team, [(0, 0, 2), (0, 1, 2), (1, 0, 4)], strict=True):
        for pick in picks:
            services.vote_cast(session=done, idea=ideas[pick], voter=voter)
    shortlist = services.brainstorm_close(session=done, actor=people.manager)
    goal = _goal(workspace, campaigns)
    services.idea_convert(idea=shortlist[1], actor=people.marketer, to="task")

    running = services.brainstorm_create(
        workspace=workspace,
        actor=people.marketer,
        topic="Летнее меню: как рассказать о холодных напитках",
        ends_at=timezone.now() + timedelta(days=2),
        participants=team,
        votes_per_participant=2,
    )
    for n, text in enumerate(
        ["Дегустационный сет из трёх лимонадов", "Фотоконкурс «Лето с Колоском»", "Стикерпак в Telegram"]
    ):
        services.idea_add(session=running, actor=team[n], text=text)
    services.brainstorm_start_voting(session=running, actor=people.marketer)

    # Proposals defended before management.
    if goal is not None:
        segment = AudienceSegment.objects.for_workspace(workspace).first()
        approved = services.proposal_create(
            workspace=workspace,
            actor=people.marketer,
            title="Конкурс семейных рецептов куличей",
            problem="Предзаказы куличей растут медленнее прошлого года: 310 из 1 200 за три недели.",
            segment=segment,
            idea="Пользователи присылают семейный рецепт и фото; лучший рецепт печём малой серией.",
            goal=goal,
            expected_effect=Decimal("250"),
            budget=Decimal("35000"),
            expected_effect_note="По прошлогоднему конкурсу: 4% участников делают предзаказ; ожидаем 6 000 участников.",
            risks="Мало участников в первую неделю — подключим блогеров.\nСпорные рецепты — модерация до публикации.",
            source_idea=shortlist[0],
        )
        services.proposal_submit(proposal=approved, actor=people.marketer)
        services.proposal_decide(
            proposal=approved,
            actor=people.manager,
            decision="request_changes",
            can_approve=True,
            comment="Посчитайте эффект от участников, а не от охвата.",
        )
        services.proposal_update(proposal=approved, actor=people.marketer, budget=Decimal("30000"))
        services.proposal_submit(proposal=approved, actor=people.marketer)
        services.proposal_decide(
            proposal=approved,
            actor=people.owner,
            decision="approve",
            can_approve=True,
            comment="Запускаем.",
        )
        submitted = services.proposal_create(
            workspace=workspace,
            actor=people.marketer,
            title="Ночной эфир из пекарни",
            problem="Мало вовлечения в Telegram в праздники.",
            idea="Трансляция выпечки куличей в ночь перед Пасхой.",
            goal=goal,
            expected_effect=Decimal("80"),
            budget=Decimal("15000"),
            risks="Техника, свет, ночная смена.",
        )
        services.proposal_submit(proposal=submitted, actor=people.marketer)
        services.proposal_create(
            workspace=workspace,
            actor=people.marketer,
            title="Подарочная упаковка с открыткой",
            problem="Куличи редко берут в подарок.",
            idea="Крафтовая коробка и открытка, подписанная пекарем.",
            goal=goal,
            expected_effect=Decimal("120"),
            budget=Decimal("42000"),
            risks="Срок поставки коробок.",
        )

    # A client link for the Easter campaign and the calendar feed.
    services.share_link_create(
        workspace=workspace,
        actor=people.marketer,
        campaign=campaigns[0],
        starts_on=today,
        ends_on=today + timedelta(days=14),
        days=14,
    )
    services.calendar_feed_get(workspace=workspace, user=people.owner)
