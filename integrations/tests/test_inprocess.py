"""The demo's in-process scheduler (``smm_platform.inprocess``): with no broker, a webhook is sent
by the scheduler's thread, not inside the API request, and a failed one is retried by the beat
entry ``integrations.redeliver_due``."""

from __future__ import annotations

import time

import pytest

from integrations.enums import DeliveryStatus
from integrations.models import WebhookDelivery
from smm_platform import inprocess

from .factories import WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(predicate, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_webhook_goes_off_request_and_is_retried_by_the_beat(personas, api_as, receiver, allow_loopback):
    receiver.statuses = [500]  # the CRM is down once, then answers 200
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    scheduler = inprocess.start(
        beat_schedule={"redeliver": {"task": "integrations.redeliver_due", "schedule": 0.2}}, tick=0.05
    )
    try:
        response = api_as(personas.owner).post(f"/api/v1/workspaces/acme/webhooks/{sub.pk}/test/")
        assert response.status_code == 202
        assert response.json()["attempts"] == 0  # answered before any attempt
        delivery = WebhookDelivery.objects.get(pk=response.json()["id"])
        assert _wait_for(
            lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.RETRYING
        )
        # The status is committed inside the task; the scheduler records the run just after it.
        assert _wait_for(lambda: "integrations.deliver_webhook" in scheduler.ran)
        # The backoff's time comes (30 s in real life): the beat's sweep sends it again.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at="2000-01-01T00:00:00Z")
        assert _wait_for(
            lambda: WebhookDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.SUCCEEDED
        )
        assert _wait_for(lambda: "integrations.redeliver_due" in scheduler.ran)
        assert len(receiver.requests) == 2
    finally:
        inprocess.stop()
    assert inprocess.active() is None


def test_every_beat_entry_names_a_task_the_scheduler_can_run():
    from django.conf import settings

    from smm_platform.celery import app

    app.loader.import_default_modules()
    missing = [e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] not in app.tasks]
    assert not missing
