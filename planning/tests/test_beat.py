"""Beat tasks: missed items and overdue tasks (idempotent)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from planning.models import Notification, PlanItem
from planning.tasks import flag_overdue_tasks, mark_missed

from .factories import PlanItemFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_mark_missed_only_past_unpublished_items(personas):
    ws = personas.workspace
    past = timezone.now() - timedelta(hours=1)
    draft = PlanItemFactory(workspace=ws, scheduled_at=past, status="approved")
    published = PlanItemFactory(
        workspace=ws, scheduled_at=past, status="published", published_url="https://vk.com/x"
    )
    future = PlanItemFactory(workspace=ws, status="approved")
    event = PlanItemFactory(workspace=ws, scheduled_at=past, kind="event")
    assert mark_missed() == 1
    assert mark_missed() == 0
    statuses = dict(PlanItem.objects.values_list("pk", "status"))
    assert statuses == {
        draft.pk: "missed",
        published.pk: "published",
        future.pk: "approved",
        event.pk: "draft",
    }


def test_flag_overdue_tasks_notifies_assignee_once_a_day(personas, django_capture_on_commit_callbacks):
    ws = personas.workspace
    today = timezone.localdate()
    overdue = TaskFactory(
        workspace=ws, assignee=personas.marketer, due_on=today - timedelta(days=1), title="Фото"
    )
    TaskFactory(workspace=ws, assignee=personas.marketer, due_on=today - timedelta(days=1), status="done")
    TaskFactory(workspace=ws, assignee=personas.marketer, due_on=today + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert flag_overdue_tasks() == 1
    assert flag_overdue_tasks() == 0
    notice = Notification.objects.get(recipient=personas.marketer, kind="overdue")
    assert "Фото" in notice.message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.marketer.email]
    overdue.refresh_from_db()
    assert overdue.overdue_notified_on == today


def test_remind_due_tasks_once_per_due_date(personas):
    from planning.tasks import remind_due_tasks

    today = timezone.localdate()
    task = TaskFactory(
        workspace=personas.workspace, assignee=personas.manager, due_on=today + timedelta(days=1)
    )
    TaskFactory(workspace=personas.workspace, assignee=personas.manager, due_on=today + timedelta(days=3))
    assert remind_due_tasks() == 1
    assert remind_due_tasks() == 0
    notice = Notification.objects.get(recipient=personas.manager, kind="due")
    assert task.title in notice.message
