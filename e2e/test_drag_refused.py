"""A drop the server refuses leaves the page as it was and says why, in Russian and English: on the
calendar, an item published by someone else meanwhile stays on its day with the server's reason;
on the tasks board, a task deleted meanwhile stays in its column with the board's own message."""

from datetime import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from planning.models import PlanItem, Task
from planning.tests.factories import PlanItemFactory, TaskFactory

from .conftest import sign_in, switch_language


def _said(language: str, text: str) -> str:
    with translation.override(language):
        return gettext(text)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_refused_calendar_drop_keeps_the_item_on_its_day_and_says_why(page, language):
    personas = make_personas()
    at = timezone.make_aware(datetime(2030, 6, 12, 12, 0))
    item = PlanItemFactory(workspace=personas.workspace, title="Пасхальная подборка", scheduled_at=at)
    sign_in(page, personas.marketer.email, PASSWORD)
    switch_language(page, language)
    page.goto("/w/acme/plan/?date=2030-06-12")
    chip = page.locator(f"[data-testid=item-{item.pk}]")
    expect(chip).to_be_visible()
    PlanItem.objects.filter(pk=item.pk).update(  # someone published it meanwhile
        status="published", published_url="https://vk.com/wall-1_1", published_at=timezone.now()
    )

    chip.drag_to(page.locator("[data-testid=day-2030-06-14]"))
    expect(page.locator("#calendar-messages")).to_have_text(
        _said(language, "A published item cannot be moved.")
    )
    expect(
        page.locator("[data-testid=day-2030-06-12]").locator(f"[data-testid=item-{item.pk}]")
    ).to_be_visible()
    item.refresh_from_db()
    assert item.scheduled_at == at


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_failed_board_drop_keeps_the_card_in_its_column_and_says_so(page, language):
    personas = make_personas()
    task = TaskFactory(workspace=personas.workspace, title="Фотосессия куличей")
    sign_in(page, personas.marketer.email, PASSWORD)
    switch_language(page, language)
    page.goto("/w/acme/plan/board/")
    card = page.locator(f"[data-testid=task-{task.pk}]")
    expect(page.locator("[data-testid=column-todo]").locator(f"[data-testid=task-{task.pk}]")).to_be_visible()
    Task.objects.filter(pk=task.pk).delete()  # someone deleted it meanwhile

    card.drag_to(page.locator("[data-testid=column-review]"), source_position={"x": 30, "y": 12})
    expect(page.locator("#board-messages")).to_have_text(_said(language, "The task could not be moved."))
    expect(page.locator("[data-testid=column-todo]").locator(f"[data-testid=task-{task.pk}]")).to_be_visible()
    expect(page.locator("[data-testid=column-count-todo]")).to_have_text("1")
