"""Beat tasks: missed items and overdue tasks (idempotent)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from planning.models import PlanItem
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
    notice = Notification.objects.get(user=personas.marketer, kind="planning.overdue")
    assert "Фото" in notice.title
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
    notice = Notification.objects.get(user=personas.manager, kind="planning.due")
    assert task.title in notice.title


def test_an_item_missed_while_in_review_no_longer_waits_for_a_decision(personas):
    """The sweep marks an item in review missed: nobody can approve it any more, so the approvers'
    unread "waits for your decision" about it is read; requests about other items stay unread."""
    from planning.services.notifications import _item_url

    ws = personas.workspace
    past = timezone.now() - timedelta(hours=1)
    missed = PlanItemFactory(workspace=ws, scheduled_at=past, status="in_review")
    waiting = PlanItemFactory(workspace=ws, status="in_review")
    kind = "planning.review_requested"
    for item in (missed, waiting):
        for approver in (personas.manager, personas.owner):
            Notification.objects.create(
                workspace=ws, user=approver, kind=kind, title="Ждёт решения", url=_item_url(item)
            )
    assert mark_missed() == 1
    unread = set(Notification.objects.filter(kind=kind, read_at__isnull=True).values_list("url", "user"))
    assert unread == {(_item_url(waiting), personas.manager.pk), (_item_url(waiting), personas.owner.pk)}


@pytest.mark.django_db(transaction=True)
def test_an_item_sent_to_review_while_the_sweep_runs_no_longer_waits_either(personas):
    """A marketer's transaction sends a past-due draft to review (and asks the manager) while the
    sweep starts: the sweep waits for that item, sees it in review and reads the request along
    with marking it missed; it does not mark it missed with the request left waiting."""
    import threading
    import time

    from django.db import connection, transaction

    from planning.services.notifications import _item_url

    ws = personas.workspace
    item = PlanItemFactory(workspace=ws, scheduled_at=timezone.now() - timedelta(hours=1), status="draft")
    kind = "planning.review_requested"
    sent = threading.Event()

    def send_to_review():
        try:
            with transaction.atomic():
                PlanItem.objects.filter(pk=item.pk).update(status="in_review")
                Notification.objects.create(
                    workspace=ws, user=personas.manager, kind=kind, title="Ждёт решения", url=_item_url(item)
                )
                sent.set()
                time.sleep(0.5)  # the sweep starts meanwhile
        finally:
            connection.close()

    marketer = threading.Thread(target=send_to_review)
    marketer.start()
    assert sent.wait(10)
    try:
        assert mark_missed() == 1
    finally:
        marketer.join()
    assert PlanItem.objects.get(pk=item.pk).status == "missed"
    assert not Notification.objects.filter(kind=kind, read_at__isnull=True).exists()
