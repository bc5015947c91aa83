"""Tasks: dependencies, cycles, notifications."""

import pytest

from accounts.models import Notification
from planning.models import Task

from .factories import CampaignFactory, TaskFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/workspaces/acme/tasks/"


def test_task_create_with_dependency_and_assignee(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    first = TaskFactory(workspace=personas.workspace, campaign=campaign)
    response = api_as(personas.marketer).post(
        BASE,
        {
            "title": "Съёмка",
            "campaign": campaign.pk,
            "assignee": personas.manager.pk,
            "depends_on": [first.pk],
            "due_on": "2030-01-10",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["depends_on"] == [first.pk]
    assert Notification.objects.filter(user=personas.manager, kind="planning.assigned").count() == 1


def test_task_cannot_start_before_dependencies_are_done(personas, api_as):
    first = TaskFactory(workspace=personas.workspace)
    second = TaskFactory(workspace=personas.workspace)
    second.depends_on.add(first)
    client = api_as(personas.marketer)
    assert client.patch(f"{BASE}{second.pk}/", {"status": "doing"}, format="json").status_code == 409
    assert Task.objects.get(pk=second.pk).status == "todo"
    assert client.patch(f"{BASE}{first.pk}/", {"status": "done"}, format="json").status_code == 200
    assert client.patch(f"{BASE}{second.pk}/", {"status": "doing"}, format="json").status_code == 200


def test_task_dependency_cycle_is_400(personas, api_as):
    a = TaskFactory(workspace=personas.workspace)
    b = TaskFactory(workspace=personas.workspace)
    b.depends_on.add(a)
    response = api_as(personas.marketer).patch(f"{BASE}{a.pk}/", {"depends_on": [b.pk]}, format="json")
    assert response.status_code == 400
    assert list(a.depends_on.all()) == []


def test_task_viewer_403_outsider_404(personas, api_as):
    task = TaskFactory(workspace=personas.workspace)
    assert (
        api_as(personas.viewer).patch(f"{BASE}{task.pk}/", {"status": "done"}, format="json").status_code
        == 403
    )
    assert api_as(personas.outsider).get(f"{BASE}{task.pk}/").status_code == 404
    assert Task.objects.get(pk=task.pk).status == "todo"


def test_task_update_audits_json_values_and_the_audit_page_reads_them(personas, api_as, client):
    """A change is stored as ``[old, new]`` in JSON: a date as its ISO day, a person or a task by
    its name, the dependencies as a list of titles (not ``str(date)`` or ``"<QuerySet ...>"``);
    the audit page reads it in the reader's words and formats."""
    import re
    from datetime import date

    from accounts.models import AuditLog

    personas.owner.language = "ru"
    personas.owner.save(update_fields=["language"])
    budget = TaskFactory(workspace=personas.workspace, title="Согласовать бюджет", status="done")
    photos = TaskFactory(workspace=personas.workspace, title="Фото куличей", status="done")
    task = TaskFactory(workspace=personas.workspace, title="Съёмка", due_on=date(2030, 1, 10))
    task.depends_on.add(budget)
    response = api_as(personas.marketer).patch(
        f"{BASE}{task.pk}/",
        {
            "due_on": "2030-02-05",
            "depends_on": [budget.pk, photos.pk],
            "assignee": personas.manager.pk,
            "status": "doing",
            "title": "Съёмка",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()

    entry = AuditLog.objects.get(workspace=personas.workspace, action="task.update")
    assert entry.changes == {
        "due_on": ["2030-01-10", "2030-02-05"],
        "assignee": [None, personas.manager.display_name],
        "status": ["todo", "doing"],
        "depends_on": [["Согласовать бюджет"], ["Согласовать бюджет", "Фото куличей"]],
    }, "only what changed, each as [old, new]"

    client.force_login(personas.owner)
    body = client.get("/w/acme/audit/?action=task").content.decode()
    cell = re.search(r'data-testid="audit-changes">(.*?)</td>', body, re.S).group(1)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
    assert set(text.split("; ")) == {
        "Срок: 10.01.2030 → 05.02.2030",
        f"Исполнитель: — → {personas.manager.display_name}",
        "Статус: К выполнению → В работе",
        "Зависит от: Согласовать бюджет → Согласовать бюджет, Фото куличей",
    }
