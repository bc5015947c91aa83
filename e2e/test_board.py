"""The tasks board at 1280 px, in Russian and in English: a marketer drags a card to another
column; another card moves with the keyboard alone (Tab to the card's "Move to" list, arrow to the
status, Enter on "Переместить" / "Move", a plain form POST); the board's selects show their whole
labels ("К выполнению", not "К выполнен"). Screenshots of the board go to
e2e/artifacts/board-ru-1280.png and board-en-1280.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, make_personas
from planning.models import Task
from planning.tests.factories import TaskFactory

from .conftest import ARTIFACTS, sign_in, switch_language

# Room left for the text of a select's longest option (px), per select on the page: the CSS box
# minus its padding, against the option's width measured in the select's own font.
SELECT_ROOM = """() => [...document.querySelectorAll('[data-testid=kanban] select')].map((s) => {
  const cs = getComputedStyle(s);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = cs.font;
  const longest = Math.max(...[...s.options].map((o) => ctx.measureText(o.text).width));
  return s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - longest;
})"""

WORDS = {
    "ru": {"todo": "К выполнению", "moved": "Задача перемещена"},
    "en": {"todo": "To do", "moved": "Task moved"},
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_board_drag_keyboard_move_and_full_select_labels(page, language):
    words = WORDS[language]
    personas = make_personas()
    ws = personas.workspace
    dragged = TaskFactory(workspace=ws, title="Фотосессия куличей", assignee=personas.marketer)
    keyed = TaskFactory(workspace=ws, title="Согласовать бюджет с клиентом", status="doing")
    for i in range(3):
        TaskFactory(workspace=ws, title=f"Пост о выпечке №{i + 1}", status=["todo", "review", "done"][i])
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, personas.marketer.email, PASSWORD)
    switch_language(page, language)
    page.goto("/w/acme/plan/board/")
    expect(page.locator("[data-testid=column-todo] h2")).to_contain_text(words["todo"])

    # the selects keep their whole text at this width
    room = page.evaluate(SELECT_ROOM)
    assert len(room) == 5 and min(room) >= 0, room
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"board-{language}-1280.png"), full_page=True)

    # drag and drop: the card lands in "На проверке" without a reload, the counts follow
    card = page.locator(f"[data-testid=task-{dragged.pk}]")
    card.drag_to(
        page.locator("[data-testid=column-review]"), source_position={"x": 30, "y": 12}
    )  # by its title
    expect(page.locator(f"[data-testid=column-review] [data-testid=task-{dragged.pk}]")).to_be_visible()
    expect(page.locator("[data-testid=column-count-review]")).to_have_text("2")
    expect(page.locator("[data-testid=column-count-todo]")).to_have_text("1")
    assert Task.objects.get(pk=dragged.pk).status == "review"
    page.reload()
    expect(page.locator(f"[data-testid=column-review] [data-testid=task-{dragged.pk}]")).to_be_visible()

    # the keyboard: focus the card, Tab to its list, choose "Done", Tab to the button, Enter
    page.locator(f"[data-testid=task-{keyed.pk}]").focus()
    page.keyboard.press("Tab")
    select = page.locator(f"#task-move-{keyed.pk}")
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(select).to_have_value("done")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".alert-success")).to_contain_text(words["moved"])
    expect(page.locator(f"[data-testid=column-done] [data-testid=task-{keyed.pk}]")).to_be_visible()
    assert Task.objects.get(pk=keyed.pk).status == "done"
