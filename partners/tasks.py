"""Thin Celery tasks of partners."""

from celery import shared_task

from . import services


@shared_task(name="partners.remind_overdue_next_steps", acks_late=True)
def remind_overdue_next_steps() -> int:
    """Beat: remind people of overdue next steps of negotiations (each step once)."""
    return services.remind_overdue_next_steps()
