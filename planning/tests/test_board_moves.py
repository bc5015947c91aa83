"""Moving a task on the board: the drop of a dragged card (JSON) and the card's "Move to" form
(plain POST, keyboard, no JavaScript) go through one endpoint and ``services.task_move``: it
checks the role, the workspace, the status and the dependencies, and changes nothing when it
refuses."""

import pytest

from accounts.models import AuditLog
from planning.models import Task

from .factories import TaskFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def move_url(task):
    return f"/w/{task.workspace.slug}/plan/board/tasks/{task.pk}/status/"


def test_a_dropped_card_moves_and_answers_its_new_status(personas, client):
    task = TaskFactory(workspace=personas.workspace, title="Фотосессия куличей")
    client.force_login(personas.marketer)
    response = client.post(move_url(task), {"status": "doing"}, **JSON)
    assert response.status_code == 200
    assert response.json() == {"id": task.pk, "status": "doing", "status_label": "Doing"}
    assert Task.objects.get(pk=task.pk).status == "doing"
    entry = AuditLog.objects.get(workspace=personas.workspace, action="task.update")
    assert entry.changes == {"status": ["todo", "doing"]} and entry.actor == personas.marketer


def test_the_move_to_form_works_as_a_plain_post(personas, client):
    task = TaskFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    response = client.post(move_url(task), {"status": "review"}, follow=True)
    assert response.redirect_chain[-1][0] == "/w/acme/plan/board/"
    assert [str(m) for m in response.context["messages"]] == ["Task moved."]
    assert Task.objects.get(pk=task.pk).status == "review"


@pytest.mark.parametrize("status", ["", "archived", "DONE", "todo'--"])
def test_a_bad_status_is_400_and_changes_nothing(personas, client, status):
    task = TaskFactory(workspace=personas.workspace, status="doing")
    client.force_login(personas.marketer)
    response = client.post(move_url(task), {"status": status}, **JSON)
    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ["Unknown status."]}
    response = client.post(move_url(task), {"status": status}, follow=True)
    assert next(str(m) for m in response.context["messages"]).startswith("Unknown status.")
    assert Task.objects.get(pk=task.pk).status == "doing"
    assert not AuditLog.objects.filter(action="task.update").exists()


def test_a_move_past_unfinished_dependencies_is_409(personas, client):
    first = TaskFactory(workspace=personas.workspace, title="Согласовать бюджет")
    task = TaskFactory(workspace=personas.workspace)
    task.depends_on.add(first)
    client.force_login(personas.marketer)
    response = client.post(move_url(task), {"status": "done"}, **JSON)
    assert response.status_code == 409
    assert "Согласовать бюджет" in response.json()["detail"]
    assert Task.objects.get(pk=task.pk).status == "todo"


def test_outsider_gets_404_and_viewer_403_nothing_moves(personas, client):
    task = TaskFactory(workspace=personas.workspace)
    foreign = TaskFactory(workspace=personas.other_workspace)
    client.force_login(personas.outsider)  # owner of the other workspace
    assert client.post(move_url(task), {"status": "done"}, **JSON).status_code == 404
    assert client.post(move_url(task), {"status": "done"}).status_code == 404
    client.force_login(personas.marketer)
    # another workspace's task through this workspace's address
    assert (
        client.post(f"/w/acme/plan/board/tasks/{foreign.pk}/status/", {"status": "done"}, **JSON).status_code
        == 404
    )
    client.force_login(personas.viewer)
    assert client.post(move_url(task), {"status": "done"}, **JSON).status_code == 403
    assert client.post(move_url(task), {"status": "done"}).status_code == 403
    assert set(Task.objects.values_list("status", flat=True)) == {"todo"}


def test_board_cards_are_draggable_and_focusable_for_editors_only(personas, client):
    task = TaskFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    body = client.get("/w/acme/plan/board/").content.decode()
    card = body[body.index(f'data-testid="task-{task.pk}"') :][:600]
    assert (
        'tabindex="0"' in card and 'draggable="true"' in card and f'data-move-url="{move_url(task)}"' in card
    )
    assert f'<label class="visually-hidden" for="task-move-{task.pk}">' in body
    assert body.index("/static/js/dragmove.js") < body.index("/static/planning/board.js")  # shared drag first
    client.force_login(personas.viewer)
    body = client.get("/w/acme/plan/board/").content.decode()
    assert 'draggable="true"' not in body and f'id="task-move-{task.pk}"' not in body
