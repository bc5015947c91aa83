"""End to end with a real Celery worker on the Redis broker: a domain event becomes a signed
POST to a live HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection

from integrations import rules
from integrations.models import WebhookDelivery
from smm_platform.events import emit

from .factories import WebhookSubscriptionFactory


def _close_worker_connection(**kwargs):
    # The worker thread has its own database connection: close it so the test database can go.
    connection.close()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_delivers_signed_webhook(personas, receiver, allow_loopback):
    from smm_platform.celery import app

    sub = WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url(), events=["incident.opened"]
    )
    app.control.purge()
    task_postrun.connect(_close_worker_connection, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            emit(
                workspace=personas.workspace,
                event="incident.opened",
                payload={"incident": {"id": 3, "kind": "attack"}},
            )
            assert receiver.arrived.wait(timeout=30), "the worker did not deliver the webhook"
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                delivery = WebhookDelivery.objects.get()
                if delivery.status == "succeeded":
                    break
                time.sleep(0.1)
    finally:
        task_postrun.disconnect(_close_worker_connection)

    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("succeeded", 1, 200)
    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert json.loads(got.body)["data"] == {"incident": {"id": 3, "kind": "attack"}}
    assert rules.verify_signature(
        secret=sub.secret, header=got.headers["X-SMM-Signature"], body=got.body, now=int(time.time())
    )
