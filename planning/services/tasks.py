"""Tasks of the board (dependencies, moves between columns), milestones, and the overdue and
due-tomorrow reminders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform import formatting
from smm_platform.errors import AppError, Conflict

from .. import workflow
from ..enums import NotificationKind, TaskStatus
from ..models import Milestone, Task
from ._common import _validate
from .notifications import _notify

TASK_FIELDS = ["title", "description", "campaign", "milestone", "assignee", "due_on", "status"]


def _check_dependencies(task: Task, depends_on: list[Task]) -> None:
    ids = {t.pk for t in depends_on}
    if task.pk and task.pk in ids:
        raise AppError(
            _("A task cannot depend on itself."),
            errors={"depends_on": [_("A task cannot depend on itself.")]},
        )
    if task.pk:
        # Walk upwards from the new dependencies: reaching ``task`` would close a cycle.
        frontier, seen = set(ids), set()
        while frontier:
            if task.pk in frontier:
                raise AppError(
                    _("These dependencies would form a cycle."),
                    errors={"depends_on": [_("Dependency cycle.")]},
                )
            seen |= frontier
            frontier = (
                set(
                    Task.depends_on.through.objects.filter(from_task_id__in=frontier).values_list(
                        "to_task_id", flat=True
                    )
                )
                - seen
            )


def _check_can_start(task: Task, status: str) -> None:
    if status in (TaskStatus.DOING, TaskStatus.REVIEW, TaskStatus.DONE) and task.pk:
        blocking = task.depends_on.exclude(status=TaskStatus.DONE).values_list("title", flat=True)
        if blocking:
            raise Conflict(
                _("Finish the tasks this one depends on first: %(titles)s.")
                % {"titles": ", ".join(blocking)},
                errors={"status": [status]},
            )


def task_create(*, workspace, actor, token=None, depends_on=None, **data) -> Task:
    task = Task(workspace=workspace, created_by=actor, **data)
    _validate(task)
    with transaction.atomic():
        task.save()
        if depends_on:
            task.depends_on.set(depends_on)
            _check_can_start(task, task.status)
        audit_record(workspace=workspace, actor=actor, token=token, action="task.create", target=task)
        if task.assignee_id and task.assignee != actor:
            _notify_task_assigned(task)
    return task


def _notify_task_assigned(task: Task) -> None:
    _notify(
        workspace=task.workspace,
        recipient=task.assignee,
        kind=NotificationKind.ASSIGNED,
        message=lambda: _("You were assigned the task “%(title)s”.") % {"title": task.title},
        url=reverse("planning:board", kwargs={"workspace_slug": task.workspace.slug}),
    )


def _audit_value(value):
    """A task's field value as the audit log stores it: JSON, readable on its own (a date as its
    ISO day, a person, campaign, milestone or task by its name, a list item by item)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_audit_value(v) for v in value]
    return str(value)


def _dependency_titles(tasks) -> list[str]:
    return sorted(str(t) for t in tasks)


def task_update(*, task: Task, actor, token=None, depends_on=None, **data) -> Task:
    """Change a task; a status beyond ``todo`` needs every dependency done (409 otherwise). The
    audit entry holds what changed as ``{field: [old, new]}`` (``_audit_value``; the dependencies
    as lists of titles)."""
    old_assignee, old_status = task.assignee_id, task.status
    before = {field: _audit_value(getattr(task, field)) for field in data}
    if depends_on is not None:
        depends_on = list(depends_on)
        before["depends_on"] = _dependency_titles(task.depends_on.all()) if task.pk else []
    for field, value in data.items():
        setattr(task, field, value)
    after = {field: _audit_value(getattr(task, field)) for field in data}
    if depends_on is not None:
        after["depends_on"] = _dependency_titles(depends_on)
    changes = {field: [before[field], after[field]] for field in after if before[field] != after[field]}
    _validate(task)
    with transaction.atomic():
        if depends_on is not None:
            _check_dependencies(task, depends_on)
            task.depends_on.set(depends_on)
        if task.status != old_status or depends_on is not None:
            _check_can_start(task, task.status)
        task.save()
        audit_record(
            workspace=task.workspace,
            actor=actor,
            token=token,
            action="task.update",
            target=task,
            changes=changes,
        )
        if task.assignee_id and task.assignee_id != old_assignee and task.assignee != actor:
            _notify_task_assigned(task)
    return task


def task_move(*, task: Task, status: str, actor, token=None) -> Task:
    """Move a task to another column of the board: the one way drag and drop and the card's
    "Move to" list (keyboard, no JavaScript) both go. An unknown status is refused (400); a
    status beyond "to do" needs every dependency done (409, ``task_update``)."""
    if status not in workflow.TASK_STATUSES:
        raise AppError(_("Unknown status."), errors={"status": [_("Unknown status.")]})
    if status == task.status:
        return task
    return task_update(task=task, status=status, actor=actor, token=token)


def milestone_create(*, workspace, actor, title: str, due_on: date, campaign=None, token=None) -> Milestone:
    milestone = Milestone(workspace=workspace, title=title, due_on=due_on, campaign=campaign)
    _validate(milestone)
    with transaction.atomic():
        milestone.save()
        audit_record(
            workspace=workspace, actor=actor, token=token, action="milestone.create", target=milestone
        )
    return milestone


def _notify_open_tasks_once(*, candidates, claim_field: str, claim_value: date, kind: str, message) -> int:
    """Notify the assignee of each open task in ``candidates`` once per ``claim_value``: the claim
    is a conditional UPDATE of ``claim_field``, so two runs never notify twice."""
    notified = 0
    open_tasks = (
        candidates.filter(assignee__isnull=False)
        .exclude(status=TaskStatus.DONE)
        .select_related("assignee", "workspace")
    )
    for task in open_tasks.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                Task.objects.filter(pk=task.pk)
                .exclude(**{claim_field: claim_value})
                .update(**{claim_field: claim_value})
            )
            if not claimed:
                continue
            _notify(
                workspace=task.workspace,
                recipient=task.assignee,
                kind=kind,
                message=lambda t=task: message(t),
                url=reverse("planning:board", kwargs={"workspace_slug": task.workspace.slug}),
            )
            notified += 1
    return notified


def tasks_flag_overdue(*, today: date | None = None) -> int:
    """Notify the assignee of every open task past its due date, once per day."""
    today = today or timezone.localdate()
    return _notify_open_tasks_once(
        candidates=Task.objects.filter(due_on__lt=today),
        claim_field="overdue_notified_on",
        claim_value=today,
        kind=NotificationKind.OVERDUE,
        message=lambda t: _("The task “%(title)s” is overdue (due %(due)s).")
        % {"title": t.title, "due": formatting.format_date(t.due_on)},
    )


def tasks_remind_due(*, today: date | None = None) -> int:
    """Remind assignees of open tasks due tomorrow, once per task and due date."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    return _notify_open_tasks_once(
        candidates=Task.objects.filter(due_on=tomorrow),
        claim_field="due_reminded_on",
        claim_value=tomorrow,
        kind=NotificationKind.DUE,
        message=lambda t: _("The task “%(title)s” is due tomorrow.") % {"title": t.title},
    )
