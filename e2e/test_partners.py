"""A marketer works partners as a user would: adds a partner, logs negotiation steps, closes a deal
with deliverables, moves the partner on the kanban board (an invalid drop is refused), reads the
shortlist for a campaign and imports candidates from a file with a preview — in Russian and English."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from partners.enums import Stage
from partners.models import Deal, Partner
from partners.tests.factories import CampaignFactory, ChannelFactory, PartnerFactory, SegmentFactory

from .conftest import sign_in, switch_language

TEXT = {
    "ru": {
        "add": "Добавить партнёра",
        "log": "Записать шаг",
        "deal": "Заключить сделку",
        "negotiating": "Переговоры",
        "refused": "нельзя перевести",
        "active": "В работе",
        "moved": "этап «В работе»",
        "imported": "Импортировано партнёров: 1.",
        "duplicate": "Уже есть в каталоге",
        "topics": "совпадающих с аудиторией кампании",
    },
    "en": {
        "add": "Add partner",
        "log": "Log step",
        "deal": "Close a deal",
        "negotiating": "Negotiating",
        "refused": "cannot move",
        "active": "Active",
        "moved": "moved to “Active”",
        "imported": "1 partners imported.",
        "duplicate": "Already in the directory",
        "topics": "of the partner's topics match the campaign's audience",
    },
}


def drag(page, card, stage: str) -> None:
    """Drag a board card onto a column with the HTML5 drag-and-drop events the board listens to
    (headless Chromium does not start native drags from synthetic mouse moves)."""
    data = page.evaluate_handle("() => new DataTransfer()")
    zone = page.locator(f"[data-testid=column-{stage}] .board-drop")
    card.dispatch_event("dragstart", {"dataTransfer": data})
    zone.dispatch_event("dragover", {"dataTransfer": data})
    zone.dispatch_event("drop", {"dataTransfer": data})


def _world():
    personas = make_personas()
    ws = personas.workspace
    campaign = CampaignFactory(
        workspace=ws, name="Осенние пироги", channels=["vk", "telegram"], budget=Decimal("300000")
    )
    campaign.segments.add(SegmentFactory(workspace=ws))
    fit = PartnerFactory(workspace=ws, name="Хлебные истории", topics=["выпечка", "рецепты", "семья"])
    ChannelFactory(
        partner=fit,
        platform="telegram",
        url="https://t.me/hleb_stories",
        handle="hleb_stories",
        audience_size=90_000,
        engagement_rate=Decimal("4.5"),
    )
    off = PartnerFactory(workspace=ws, name="Авто-Урал", topics=["автомобили"])
    ChannelFactory(
        partner=off,
        platform="youtube",
        url="https://youtube.com/@avto",
        handle="avto",
        audience_size=90_000,
        engagement_rate=Decimal("3"),
    )
    return personas, campaign


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_marketer_works_a_partner_from_first_contact_to_an_active_deal(page, language, tmp_path):
    personas, campaign = _world()
    t = TEXT[language]
    name = f"Мама печёт {language}"
    sign_in(page, personas.marketer.email, PASSWORD)
    switch_language(page, language)

    # Directory -> new partner with a main channel.
    page.click("[data-testid=nav-partners]")
    page.click(f"text={t['add']}")
    form = page.locator("[data-testid=partner-form]")
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=kind]").select_option("blogger")
    form.locator("input[name=topics]").fill("домашняя выпечка, дети")
    form.locator("input[name=price]").fill("15000")
    form.locator("select[name=channel-platform]").select_option("vk")
    form.locator("input[name=channel-url]").fill(f"https://vk.com/mama_{language}")
    form.locator("input[name=channel-audience_size]").fill("42000")
    form.locator("input[name=channel-engagement_rate]").fill("4.2")
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=partner-name]")).to_have_text(name)
    partner = Partner.objects.get(name=name)

    # Log an offer with a next step: the partner moves to negotiating.
    step = page.locator("[data-testid=negotiation-form]")
    step.locator("select[name=kind]").select_option("offer")
    step.locator("textarea[name=summary]").fill("Предложили пост и три сторис")
    step.locator("input[name=amount]").fill("15000")
    step.locator("input[name=next_step]").fill("Ждём ответ")
    step.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=timeline]")).to_contain_text("Предложили пост и три сторис")
    expect(page.locator("[data-testid=partner-stage]")).to_have_text(t["negotiating"])

    # Close a deal with one deliverable.
    page.click("[data-testid=deal-new]")
    deal_form = page.locator("[data-testid=deal-form]")
    deal_form.locator("select[name=campaign]").select_option(str(campaign.pk))
    deal_form.locator("input[name=price]").fill("15000")
    deal_form.locator("input[name=erid]").fill("2VtzqxE7kFd")
    deal_form.locator("input[name=landing_url]").fill("https://kolosok.example/pirogi")
    due = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    deal_form.locator("input[name=items-0-title]").fill("Пост-обзор")
    deal_form.locator("select[name=items-0-kind]").select_option("post")
    deal_form.locator("select[name=items-0-channel]").select_option("vk")
    deal_form.locator("input[name=items-0-due_at]").fill(due)
    deal_form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/partners/deals/\d+/$"))
    deal = Deal.objects.get(partner=partner)
    expect(page.locator("[data-testid=deal-utm]")).to_have_text(deal.utm_campaign)
    assert deal.deliverables.count() == 1 and deal.erid == "2VtzqxE7kFd"

    # Kanban: an invalid drop is refused with a message, a valid one moves the card.
    page.goto("/w/acme/partners/board/")
    card = page.locator(f"[data-testid=card-{partner.pk}]")
    expect(page.locator("[data-testid=column-agreed]")).to_contain_text(name)
    drag(page, card, "completed")
    expect(page.locator("[data-testid=board-message]")).to_contain_text(t["refused"])
    expect(page.locator("[data-testid=column-agreed]")).to_contain_text(name)
    drag(page, card, "active")
    expect(page.locator("[data-testid=board-message]")).to_contain_text(t["moved"])
    partner.refresh_from_db()
    assert partner.stage == Stage.ACTIVE

    # Shortlist for the campaign, scores explained.
    page.click("[data-testid=tab-shortlist]")
    page.select_option("[data-testid=shortlist-pick] select[name=campaign]", str(campaign.pk))
    page.click("[data-testid=shortlist-pick] button[type=submit]")
    shortlist = page.locator("[data-testid=shortlist]")
    expect(shortlist).to_contain_text("Хлебные истории")
    expect(shortlist).to_contain_text(t["topics"])
    first = shortlist.locator("li.card").first
    expect(first).to_contain_text("Хлебные истории")

    # Import candidates: preview with a duplicate, then apply.
    csv_file = tmp_path / "partners.csv"
    csv_file.write_text(
        "name,kind,platform,url,handle,audience_size,engagement_rate,topics,price\n"
        f"Кондитер Анна {language},blogger,vk,,anna_{language},5400,6.1,торты,5000\n"
        "Дубль,media,telegram,https://t.me/hleb_stories,,1000,1,новости,\n",
        encoding="utf-8",
    )
    page.click("[data-testid=tab-import]")
    page.set_input_files("[data-testid=import-form] input[name=file]", str(csv_file))
    page.click("[data-testid=import-form] button[type=submit]")
    expect(page.locator("[data-testid=preview-row-3]")).to_contain_text(t["duplicate"])
    page.click("[data-testid=import-apply]")
    expect(page.locator("[data-testid=messages], .alert").first).to_contain_text(t["imported"])
    assert Partner.objects.filter(name=f"Кондитер Анна {language}").exists()
    assert Partner.objects.filter(name="Дубль").count() == 0
