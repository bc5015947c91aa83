"""The planning flow as users click it, in Russian and English: a marketer creates a plan item in
place on the calendar, drags it to another day and sends it for review; the manager sees the
honesty flags, cannot approve without acknowledging them, then approves; the team runs a
brainstorm (idea, dot vote, close) and turns the winning idea into a plan item."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from planning.models import BrainstormSession, Idea, PlanItem
from planning.tests.factories import CampaignFactory

from .conftest import sign_in, switch_language

LABELS = {
    "ru": {
        "flags": "Абсолютное обещание",
        "approved": "Согласовано",
        "in_review": "На согласовании",
        "closed": "Завершена",
    },
    "en": {"flags": "Absolute promise", "approved": "Approved", "in_review": "In review", "closed": "Closed"},
}


def _switch_user(page, user, language):
    page.context.clear_cookies()
    sign_in(page, user.email, PASSWORD)
    switch_language(page, language)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_plan_item_create_drag_review_and_approve_with_flags(page, language):
    personas = make_personas()
    campaign = CampaignFactory(workspace=personas.workspace, name="Куличи к Пасхе")
    words = LABELS[language]
    _switch_user(page, personas.marketer, language)

    page.click("[data-testid=nav-calendar]")
    page.goto("/w/acme/plan/?date=2030-06-12")
    page.click("[data-testid=new-item]")
    form = page.locator("[data-testid=item-form]")
    expect(form).to_be_visible()
    form.locator("input[name=title]").fill("Пасхальная подборка")
    form.locator("select[name=channel]").select_option("vk")
    form.locator("input[name=scheduled_at]").fill("2030-06-12T12:00")
    form.locator("select[name=campaign]").select_option(str(campaign.pk))
    form.locator("textarea[name=text]").fill("Наши куличи — 100% гарантия праздника!")
    form.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    item = PlanItem.objects.get(title="Пасхальная подборка")
    chip = page.locator(f"[data-testid=item-{item.pk}]")
    expect(chip).to_be_visible()

    chip.drag_to(page.locator("[data-testid=day-2030-06-14]"))
    expect(
        page.locator("[data-testid=day-2030-06-14]").locator(f"[data-testid=item-{item.pk}]")
    ).to_be_visible()
    item.refresh_from_db()
    assert timezone.localtime(item.scheduled_at).strftime("%Y-%m-%d %H:%M") == "2030-06-14 12:00"

    page.locator(f"[data-testid=item-{item.pk}]").click()
    expect(page.locator("[data-testid=flags]")).to_contain_text(words["flags"])
    page.click("[data-testid=to-in_review]")
    expect(page.locator("[data-testid=item-status]")).to_have_text(words["in_review"])

    _switch_user(page, personas.manager, language)
    page.goto(f"/w/acme/plan/items/{item.pk}/")
    approve = page.locator("[data-testid=approve-form]")
    approve.locator("button[type=submit]").click()
    expect(page.locator(".alert-danger")).to_be_visible()
    item.refresh_from_db()
    assert item.status == "in_review"
    page.check("[data-testid=approve-form] input[value=absolute_promise]")
    page.locator("[data-testid=approve-form] button[type=submit]").click()
    expect(page.locator("[data-testid=item-status]")).to_have_text(words["approved"])
    item.refresh_from_db()
    assert item.status == "approved" and item.approved_by == personas.manager


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_brainstorm_vote_close_and_convert(page, language):
    personas = make_personas()
    _switch_user(page, personas.manager, language)
    page.click("[data-testid=nav-ideas]")
    form = page.locator("[data-testid=brainstorm-form]")
    form.locator("input[name=topic]").fill("Как продать больше куличей")
    form.locator("input[name=votes_per_participant]").fill("2")
    form.locator("button[type=submit]").click()
    session = BrainstormSession.objects.get(topic="Как продать больше куличей")
    page.wait_for_url(re.compile(rf"/brainstorms/{session.pk}/$"))

    for text in ("Конкурс семейных рецептов", "Ночной эфир из пекарни"):
        page.fill("[data-testid=idea-form] textarea[name=text]", text)
        page.click("[data-testid=idea-form] button[type=submit]")
    page.click("[data-testid=start-voting]")
    winner = Idea.objects.get(text="Конкурс семейных рецептов")
    page.click(f"[data-testid=vote-{winner.pk}]")
    page.click(f"[data-testid=vote-{winner.pk}]")
    expect(page.locator(f"[data-testid=vote-{winner.pk}]")).to_be_disabled()
    page.click("[data-testid=close-session]")
    expect(page.locator("[data-testid=phase]")).to_have_text(LABELS[language]["closed"])
    page.locator(f"[data-testid=convert-{winner.pk}] button[value=plan_item]").click()
    page.wait_for_url(re.compile(r"/plan/items/\d+/$"))
    item = PlanItem.objects.get(title="Конкурс семейных рецептов")
    assert item.status == "idea"
    winner.refresh_from_db()
    assert winner.rank == 1 and winner.votes_count == 2 and winner.converted_ref == item.pk
