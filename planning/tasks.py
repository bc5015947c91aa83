"""Thin Celery tasks of planning: mark missed items, flag overdue tasks, email notifications."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from . import services
from .models import Notification

logger = logging.getLogger(__name__)


@shared_task(name="planning.mark_missed", acks_late=True)
def mark_missed() -> int:
    return services.plan_items_mark_missed()


@shared_task(name="planning.flag_overdue_tasks", acks_late=True)
def flag_overdue_tasks() -> int:
    return services.tasks_flag_overdue()


@shared_task(name="planning.remind_due_tasks", acks_late=True)
def remind_due_tasks() -> int:
    return services.tasks_remind_due()


@shared_task(
    name="planning.send_notification_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def send_notification_email(*, notification_id: int) -> None:
    notification = (
        Notification.objects.select_related("recipient", "workspace").filter(pk=notification_id).first()
    )
    if notification is None:
        logger.info("notification %s is gone; no email", notification_id)
        return
    url = settings.SITE_URL + notification.url if notification.url else settings.SITE_URL
    send_mail(
        f"{notification.workspace.name}: {notification.message[:120]}",
        f"{notification.message}\n\n{url}\n",
        None,
        [notification.recipient.email],
    )
