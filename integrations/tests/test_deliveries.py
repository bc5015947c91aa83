"""Webhook deliveries end to end against a real HTTP server on 127.0.0.1 (tasks run eagerly)."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditLog
from integrations import rules, services
from integrations.models import WebhookDelivery
from smm_platform.events import emit

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db


def _emit(capture, workspace, event="mention.created", payload=None):
    with capture(execute=True):
        emit(
            workspace=workspace,
            event=event,
            payload=payload or {"mention": {"id": 7, "category": "trolling", "risk": 81}},
        )


def test_event_delivered_signed_to_matching_subscription(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    sub = WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url(), events=["mention.created"]
    )
    WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url("/other"), events=["report.completed"]
    )
    WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url("/off"), events=["mention.created"], is_active=False
    )
    WebhookSubscriptionFactory(
        workspace=personas.other_workspace, url=receiver.url("/foreign"), events=["mention.created"]
    )

    _emit(django_capture_on_commit_callbacks, personas.workspace)

    assert len(receiver.requests) == 1
    got = receiver.requests[0]
    assert got.path == "/hooks/smm"
    body = json.loads(got.body)
    assert body["event"] == "mention.created"
    assert body["workspace"] == "acme"
    assert body["data"] == {"mention": {"id": 7, "category": "trolling", "risk": 81}}
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-SMM-Event"] == "mention.created"
    assert got.headers["X-SMM-Delivery"] == str(delivery.pk)
    assert got.headers["X-SMM-Event-Id"] == body["id"] == str(delivery.event_id)
    assert got.headers["Content-Type"] == "application/json"
    assert rules.verify_signature(
        secret=sub.secret, header=got.headers["X-SMM-Signature"], body=got.body, now=int(time.time())
    )
    assert (delivery.subscription_id, delivery.status, delivery.attempts, delivery.last_status_code) == (
        sub.pk,
        "succeeded",
        1,
        200,
    )
    assert delivery.delivered_at is not None
    assert delivery.last_response_ms is not None and delivery.last_response_ms >= 0
    assert delivery.last_error == ""


def test_event_without_subscriptions_creates_no_delivery(personas, django_capture_on_commit_callbacks):
    _emit(django_capture_on_commit_callbacks, personas.workspace, event="incident.opened")
    assert WebhookDelivery.objects.count() == 0


def test_server_error_schedules_retry_with_backoff_then_succeeds(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    receiver.statuses = [500, 503]
    sub = WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url(), events=["mention.created"]
    )
    before = timezone.now()
    _emit(django_capture_on_commit_callbacks, personas.workspace)

    delivery = WebhookDelivery.objects.get(subscription=sub)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("retrying", 1, 500)
    assert "500" in delivery.last_error
    assert before + timedelta(seconds=29) < delivery.next_attempt_at < timezone.now() + timedelta(seconds=31)
    # Not due yet: a second run of the task sends nothing.
    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 1

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(delivery_id=delivery.pk) == "retrying"
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (2, 503)
    assert delivery.next_attempt_at > timezone.now() + timedelta(seconds=110)

    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(delivery_id=delivery.pk) == "succeeded"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.next_attempt_at) == (
        "succeeded",
        3,
        200,
        None,
    )
    assert len(receiver.requests) == 3
    # The same event (same bytes) on every attempt; a fresh signature each time.
    assert len({r.body for r in receiver.requests}) == 1


def test_succeeded_delivery_is_never_sent_twice(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url(), events=["mention.created"])
    _emit(django_capture_on_commit_callbacks, personas.workspace)
    delivery = WebhookDelivery.objects.get()

    # A redelivered task message (late ack after a worker crash), the beat sweep, a stray claim:
    from integrations.tasks import deliver_webhook

    assert deliver_webhook.apply(kwargs={"delivery_id": delivery.pk}).get() is None
    assert services.delivery_attempt(delivery_id=delivery.pk) is None
    assert services.delivery_claim(delivery_id=delivery.pk) is False
    assert services.deliveries_requeue_due(now=timezone.now() + timedelta(days=1)) == 0
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)


def test_claim_lets_exactly_one_caller_send(personas):
    delivery = WebhookDeliveryFactory(
        subscription=WebhookSubscriptionFactory(workspace=personas.workspace), status="pending", attempts=0
    )
    assert services.delivery_claim(delivery_id=delivery.pk) is True
    assert services.delivery_claim(delivery_id=delivery.pk) is False
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sending", 1)


def test_client_error_fails_without_retry(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    receiver.statuses = [410]
    WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url(), events=["mention.created"])
    _emit(django_capture_on_commit_callbacks, personas.workspace)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code, delivery.next_attempt_at) == (
        "failed",
        1,
        410,
        None,
    )
    assert services.deliveries_requeue_due(now=timezone.now() + timedelta(days=1)) == 0


def test_gives_up_after_max_attempts(personas, receiver, allow_loopback, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver.default_status = 502
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    delivery = WebhookDeliveryFactory(subscription=sub, status="pending", attempts=0, last_status_code=None)
    assert services.delivery_attempt(delivery_id=delivery.pk) == "retrying"
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 2, 502)
    assert len(receiver.requests) == 2


def test_private_address_fails_permanently_when_not_allowed(personas, receiver, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    settings.WEBHOOKS_ALLOWED_ADDRESSES = []
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    delivery = WebhookDeliveryFactory(subscription=sub, status="pending", attempts=0, last_status_code=None)
    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert "private or reserved" in delivery.last_error
    assert receiver.requests == []


def test_requeue_due_sends_due_retries_and_recovers_stuck_sends(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    now = timezone.now()
    due = WebhookDeliveryFactory(
        subscription=sub, status="retrying", next_attempt_at=now - timedelta(seconds=1)
    )
    later = WebhookDeliveryFactory(
        subscription=sub, status="retrying", next_attempt_at=now + timedelta(hours=1)
    )
    stuck = WebhookDeliveryFactory(subscription=sub, status="sending", claimed_at=now - timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_requeue_due() == 2
    states = dict(WebhookDelivery.objects.values_list("pk", "status"))
    assert states == {due.pk: "succeeded", later.pk: "retrying", stuck.pk: "succeeded"}
    assert len(receiver.requests) == 2


def test_switched_off_subscription_fails_queued_delivery(personas, receiver, allow_loopback):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url(), is_active=False)
    delivery = WebhookDeliveryFactory(subscription=sub, status="pending", attempts=0)
    assert services.delivery_attempt(delivery_id=delivery.pk) == "failed"
    assert receiver.requests == []


def test_send_test_event_reaches_this_subscription_only(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    sub = WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url(), events=["mention.created"]
    )
    WebhookSubscriptionFactory(
        workspace=personas.workspace, url=receiver.url("/other"), events=["mention.created"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.webhook_send_test(subscription=sub, actor=personas.owner)
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert [json.loads(r.body)["event"] for r in receiver.requests] == ["webhook.test"]
    assert receiver.requests[0].path == "/hooks/smm"
    assert (
        AuditLog.objects.filter(
            action="webhook.test_sent", target_id=str(sub.pk), actor=personas.owner
        ).count()
        == 1
    )


def test_redeliver_sends_same_event_as_new_delivery(
    personas, receiver, allow_loopback, django_capture_on_commit_callbacks
):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url=receiver.url())
    original = WebhookDeliveryFactory(subscription=sub, status="failed", attempts=8)
    with django_capture_on_commit_callbacks(execute=True):
        copy = services.delivery_redeliver(delivery=original, actor=personas.owner)
    copy.refresh_from_db()
    original.refresh_from_db()
    assert (copy.status, copy.attempts, copy.event_id, copy.redelivery_of_id) == (
        "succeeded",
        1,
        original.event_id,
        original.pk,
    )
    assert (original.status, original.attempts) == ("failed", 8)
    assert json.loads(receiver.requests[0].body) == original.payload


def test_redeliver_refuses_delivery_still_pending(personas):
    from smm_platform.errors import AppError

    delivery = WebhookDeliveryFactory(
        subscription=WebhookSubscriptionFactory(workspace=personas.workspace), status="pending"
    )
    with pytest.raises(AppError) as exc:
        services.delivery_redeliver(delivery=delivery, actor=personas.owner)
    assert exc.value.status_code == 409
    assert WebhookDelivery.objects.count() == 1


def test_subscription_create_validates_url_and_events(personas, settings):
    from smm_platform.errors import AppError

    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(AppError) as exc:
        services.subscription_create(
            workspace=personas.workspace,
            url="http://127.0.0.1/x",
            events=["nope", "webhook.test"],
            actor=personas.owner,
        )
    assert set(exc.value.errors) == {"url", "events"}
    sub = services.subscription_create(
        workspace=personas.workspace,
        url=" https://crm.example.com/in ",
        events=["report.completed", "mention.created", "mention.created"],
        actor=personas.owner,
    )
    assert (sub.url, sub.events, sub.is_active) == (
        "https://crm.example.com/in",
        ["mention.created", "report.completed"],
        True,
    )
    assert sub.secret.startswith("whsec_") and len(sub.secret) == 54
    entry = AuditLog.objects.get(action="webhook.created")
    assert entry.changes == {
        "url": "https://crm.example.com/in",
        "events": ["mention.created", "report.completed"],
    }
