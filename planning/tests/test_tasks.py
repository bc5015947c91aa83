"""Tasks: dependencies, cycles, notifications."""

import pytest

from planning.models import Notification, Task

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
    assert Notification.objects.filter(recipient=personas.manager, kind="assigned").count() == 1


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
