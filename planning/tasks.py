"""Thin Celery tasks of planning: mark missed items, flag overdue tasks, remind of due tasks."""

from celery import shared_task

from . import services


@shared_task(name="planning.mark_missed", acks_late=True)
def mark_missed() -> int:
    return services.plan_items_mark_missed()


@shared_task(name="planning.flag_overdue_tasks", acks_late=True)
def flag_overdue_tasks() -> int:
    return services.tasks_flag_overdue()


@shared_task(name="planning.remind_due_tasks", acks_late=True)
def remind_due_tasks() -> int:
    return services.tasks_remind_due()
