"""Thin Celery tasks of integrations: they load by id and call one service."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="integrations.deliver_webhook", acks_late=True, reject_on_worker_lost=True)
def deliver_webhook(*, delivery_id: int) -> str | None:
    """Send one webhook delivery. Safe to run twice: the claim lets only one run send it."""
    return services.delivery_attempt(delivery_id=delivery_id)


@shared_task(name="integrations.redeliver_due", acks_late=True)
def redeliver_due() -> int:
    """Beat: queue retries whose time has come and recover deliveries stuck mid-send."""
    return services.deliveries_requeue_due()


@shared_task(name="integrations.purge_idempotency_keys", acks_late=True)
def purge_idempotency_keys() -> int:
    """Beat: forget stored answers of idempotent requests after their 24 hours."""
    return services.idempotency_records_purge()
