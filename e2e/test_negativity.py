"""A manager triages each kind of negativity, in Russian and in English: a real complaint
(natural: reasons, a reply from the playbook), a troll (trolling: left without an answer) and a
coordinated «poisoning» attack that detection found on ingest (ordered: one row in the inbox, the
incident page with its shared phrases and timeline, a member's evidence of coordination); in
English the manager then dismisses the incident and its posts go back to what their text says."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from negativity import services
from negativity.models import Mention

from .conftest import sign_in, switch_language

ATTACK = "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!"
TROLL = "Колосок, вы тупые клоуны, ваша выпечка — дерьмо, идиоты 🤡"

LABELS = {
    "ru": {
        "inbox": "Негатив: входящие",
        "natural": "Естественный негатив",
        "trolling": "Троллинг",
        "ordered": "Заказная атака",
        "group": "8 постов от 8 авторов, разбираются вместе",
        "order_marker": "номер заказа",
        "ignored": "Оставили без ответа",
        "coordinated": "Скоординированная атака",
        "evidence": "Часть скоординированной атаки №",
        "accounts": "авторов атаки — новые или пустые аккаунты",
        "text_alone": "по одному тексту: Естественный негатив",
    },
    "en": {
        "inbox": "Negativity inbox",
        "natural": "Natural negativity",
        "trolling": "Trolling",
        "ordered": "Ordered attack",
        "group": "8 posts by 8 authors, handled as one",
        "order_marker": "order number",
        "ignored": "Left without an answer",
        "coordinated": "Coordinated attack",
        "evidence": "Part of coordinated attack #",
        "accounts": "of the attack's authors are new or empty accounts",
        "text_alone": "from the text alone: Natural negativity",
    },
}


def _rows(now):
    rows = [
        {
            "source": "vk",
            "external_id": "complaint",
            "author": {
                "handle": "anna_k",
                "name": "Анна",
                "created_at": "2018-01-01T00:00:00Z",
                "followers": 900,
            },
            "text": "Заказ №48213 привезли на два часа позже, всё остыло. Прошу разобраться.",
            "published_at": (now - timedelta(hours=3)).isoformat(),
            "reach": 5000,
        },
        {
            "source": "telegram",
            "external_id": "troll",
            "author": {"handle": "troll_1", "created_at": "2020-01-01T00:00:00Z", "followers": 30},
            "text": TROLL,
            "published_at": (now - timedelta(hours=2)).isoformat(),
        },
    ]
    for i in range(8):
        rows.append(
            {
                "source": "vk",
                "external_id": f"attack-{i}",
                "author": {
                    "handle": f"user{9000 + i}",
                    "created_at": (now - timedelta(days=2)).isoformat(),
                    "followers": 1,
                },
                "text": ATTACK if i % 2 else ATTACK.upper().replace("СТОРОНОЙ!", "стороной 🤮"),
                "published_at": (now - timedelta(minutes=10 * i + 5)).isoformat(),
            }
        )
    return rows


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.django_db(transaction=True)
def test_triage_of_natural_trolling_and_ordered(page, live_server, language):
    labels = LABELS[language]
    personas = make_personas()
    ws = personas.workspace
    # Detection runs on ingest (tasks run in-process here): the attack is an incident at once.
    services.mentions_ingest(workspace=ws, rows=_rows(timezone.now()), actor=personas.marketer)
    assert Mention.objects.filter(workspace=ws, category="ordered").count() == 8

    sign_in(page, personas.manager.email, PASSWORD)
    switch_language(page, language)
    page.click("[data-testid=nav-inbox]")
    expect(page.locator("main h1")).to_have_text(labels["inbox"])
    # the attack is one row, the complaint and the troll one row each
    expect(page.locator("[data-testid=attack-group]")).to_have_count(1)
    expect(page.locator("[data-testid=attack-group]")).to_contain_text(labels["group"])
    expect(page.locator("[data-testid=mention-row]")).to_have_count(2)

    # natural: the reasons, a reply from the playbook
    page.get_by_role("link", name="Заказ №48213 привезли").click()
    expect(page.locator("[data-testid=mention-category]")).to_have_text(labels["natural"])
    expect(page.locator("[data-testid=mention-reasons]")).to_contain_text(labels["order_marker"])
    page.locator("[data-testid=reply-form] button[type=submit]").click()
    expect(page.locator("[data-testid=reply]")).to_contain_text("48213")

    # trolling: left without an answer
    page.click("[data-testid=nav-inbox]")
    page.get_by_role("link", name="Колосок, вы тупые клоуны").click()
    expect(page.locator("[data-testid=mention-category]")).to_have_text(labels["trolling"])
    page.locator("[data-testid=resolve-form] select[name=outcome]").select_option("ignored")
    page.locator("[data-testid=resolve-form] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(labels["ignored"])

    # ordered: the incident groups the attack; a member shows the evidence
    page.click("[data-testid=nav-inbox]")
    page.locator("[data-testid=attack-group] a").first.click()
    expect(page.locator("[data-testid=incident-title]")).to_contain_text(labels["coordinated"])
    expect(page.locator("[data-testid=shared-phrases]")).to_contain_text("после их выпечки")
    expect(page.locator("[data-testid=incident-mentions] li")).to_have_count(8)
    expect(page.locator("#incident-timeline")).to_be_visible()
    page.locator("[data-testid=incident-mentions] li a").first.click()
    expect(page.locator("[data-testid=mention-category]")).to_have_text(labels["ordered"])
    expect(page.locator("[data-testid=mention-reasons]")).to_contain_text(labels["evidence"])
    expect(page.locator("[data-testid=mention-reasons]")).to_contain_text(labels["accounts"])
    expect(page.locator("[data-testid=mention-text-category]")).to_have_text(labels["text_alone"])

    if language == "en":
        # not an attack after all: dismissing it gives the posts back their text's category
        page.locator("[data-testid=mention-incident] a").click()
        page.locator("select[name=status]").select_option("dismissed")
        page.get_by_role("button", name="Change status").click()
        expect(page.locator("[data-testid=incident-meaning]")).to_contain_text("Dismissed")
        assert not Mention.objects.filter(workspace=ws, category="ordered").exists()
        page.click("[data-testid=nav-inbox]")
        expect(page.locator("[data-testid=attack-group]")).to_have_count(0)
        expect(page.locator("[data-testid=mention-row]")).to_have_count(9)  # the troll is resolved
