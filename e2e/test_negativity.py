"""A manager works the negativity inbox: the triage queue in Russian, a mention with its reasons,
a reply drafted from the playbook, a one-click correction; then, in English, the incident that
attack detection opened for a coordinated «poisoning» campaign, with its shared phrases and
timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from negativity import services
from negativity.models import Mention

from .conftest import sign_in, switch_language

ATTACK = "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!"


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
            "external_id": "praise",
            "author": {"handle": "oleg77", "created_at": "2019-01-01T00:00:00Z", "followers": 120},
            "text": "Лучший круассан в городе, спасибо!",
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
                "text": ATTACK if i % 2 else ATTACK.replace("стороной!", "стороной!!"),
                "published_at": (now - timedelta(minutes=10 * i + 5)).isoformat(),
            }
        )
    return rows


@pytest.mark.django_db(transaction=True)
def test_triage_reply_correction_and_incident(page, live_server):
    personas = make_personas()
    now = timezone.now()
    services.mentions_ingest(
        workspace=personas.workspace, rows=_rows(now), actor=personas.marketer, schedule_detection=False
    )
    services.incidents_detect(workspace=personas.workspace, now=now)
    complaint = Mention.objects.get(external_id="complaint")

    sign_in(page, personas.manager.email, PASSWORD)
    switch_language(page, "ru")
    page.click("[data-testid=nav-inbox]")
    expect(page.locator("main h1")).to_have_text("Негатив: входящие")
    expect(page.locator("[data-testid=mention-row]")).to_have_count(10)

    page.get_by_role("link", name="Заказ №48213 привезли").click()
    expect(page.locator("[data-testid=mention-category]")).to_have_text("Естественный негатив")
    expect(page.locator("[data-testid=mention-reasons]")).to_contain_text("номер заказа")
    page.locator("[data-testid=reply-form] button[type=submit]").click()
    expect(page.locator("[data-testid=reply]")).to_contain_text("Анна, здравствуйте!")
    expect(page.locator("[data-testid=reply]")).to_contain_text("48213")

    page.click("[data-testid=correct-trolling]")
    expect(page.locator("[data-testid=mention-category]")).to_have_text("Троллинг")
    complaint.refresh_from_db()
    assert complaint.category == "trolling" and complaint.corrected

    switch_language(page, "en")
    page.goto(f"/w/{personas.workspace.slug}/inbox/incidents/")
    expect(page.locator("[data-testid=incidents-table]")).to_contain_text("Coordinated attack")
    page.locator("[data-testid=incidents-table] a").first.click()
    expect(page.locator("[data-testid=shared-phrases]")).to_contain_text(
        "после их выпечки вся семья в больнице"
    )
    expect(page.locator("[data-testid=incident-mentions] li")).to_have_count(8)
    expect(page.locator("#incident-timeline")).to_be_visible()
