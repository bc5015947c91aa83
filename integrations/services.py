"""Writes and rules of integrations: webhook subscriptions, deliveries, idempotency records.

Delivery life cycle: ``pending`` -> (claimed by a conditional UPDATE) ``sending`` ->
``succeeded`` | ``retrying`` (with ``next_attempt_at``, exponential backoff) | ``failed``
(a final answer, or ``WEBHOOK_MAX_ATTEMPTS`` used up). Only a row in ``pending``/``retrying``
whose time has come can be claimed, so a task run twice (late acks, the beat sweep and a
countdown both firing) never sends a delivery twice, and a succeeded delivery never again.
"""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User, Workspace
from accounts.services import audit_record
from smm_platform.celery import enqueue_on_commit
from smm_platform.errors import AppError
from smm_platform.events import EVENTS

from . import http, rules
from .enums import DeliveryStatus
from .models import IdempotencyRecord, WebhookDelivery, WebhookSubscription

logger = logging.getLogger(__name__)

TEST_EVENT = "webhook.test"
SECRET_PREFIX = "whsec_"
CLAIMABLE = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING)


def subscribable_events() -> list[str]:
    """Event names a subscription may list (the test event goes only to the one it is sent to)."""
    return [name for name in EVENTS if name != TEST_EVENT]


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_hex(24)


# --- subscriptions ----------------------------------------------------------------------------


def _clean_subscription_input(*, url: str, events: list[str]) -> tuple[str, list[str]]:
    errors: dict[str, list[str]] = {}
    url = (url or "").strip()
    try:
        http.check_url(url, resolve=False)
    except http.BlockedAddress as exc:
        errors["url"] = [str(exc)]
    events = list(dict.fromkeys(events or []))
    allowed = subscribable_events()
    unknown = [e for e in events if e not in allowed]
    if not events:
        errors["events"] = [_("Choose at least one event.")]
    elif unknown:
        errors["events"] = [_("Unknown events: %(events)s.") % {"events": ", ".join(map(str, unknown))}]
    if errors:
        raise AppError(_("The webhook cannot be saved."), errors=errors)
    return url, sorted(events)


def _full_clean(subscription: WebhookSubscription) -> None:
    try:
        subscription.full_clean()
    except ValidationError as exc:
        raise AppError(_("The webhook cannot be saved."), errors=exc.message_dict) from exc


def subscription_create(
    *,
    workspace: Workspace,
    url: str,
    events: list[str],
    description: str = "",
    is_active: bool = True,
    actor: User | None,
    token: ApiToken | None = None,
) -> WebhookSubscription:
    """Subscribe ``url`` to ``events``; a signing secret is generated and returned with it."""
    url, events = _clean_subscription_input(url=url, events=events)
    subscription = WebhookSubscription(
        workspace=workspace,
        url=url,
        events=events,
        description=(description or "").strip(),
        is_active=is_active,
        secret=new_secret(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _full_clean(subscription)
    with transaction.atomic():
        subscription.save()
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="webhook.created",
            target=subscription,
            changes={"url": url, "events": events},
        )
    return subscription


def subscription_update(
    *,
    subscription: WebhookSubscription,
    actor: User | None,
    token: ApiToken | None = None,
    **fields: Any,
) -> WebhookSubscription:
    """Change ``url``, ``events``, ``description`` or ``is_active`` (only those given)."""
    allowed = {"url", "events", "description", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Unknown fields {sorted(unknown)}")
    url, events = _clean_subscription_input(
        url=fields.get("url", subscription.url), events=fields.get("events", subscription.events)
    )
    changes: dict[str, list[Any]] = {}
    new_values = {
        "url": url,
        "events": events,
        "description": (fields.get("description", subscription.description) or "").strip(),
        "is_active": bool(fields.get("is_active", subscription.is_active)),
    }
    for name, value in new_values.items():
        if getattr(subscription, name) != value:
            changes[name] = [getattr(subscription, name), value]
            setattr(subscription, name, value)
    if not changes:
        return subscription
    _full_clean(subscription)
    with transaction.atomic():
        subscription.save()
        audit_record(
            workspace=subscription.workspace,
            actor=actor,
            token=token,
            action="webhook.updated",
            target=subscription,
            changes=changes,
        )
    return subscription


def secret_overlap_hours() -> int:
    return int(getattr(settings, "WEBHOOK_SECRET_OVERLAP_HOURS", 24))


def signing_secrets(subscription: WebhookSubscription, *, now=None) -> tuple[str, ...]:
    """The secrets that sign a delivery now: the current one, then the previous one while its
    overlap after a rotation lasts."""
    now = now or timezone.now()
    expires = subscription.previous_secret_expires_at
    if subscription.previous_secret and expires is not None and expires > now:
        return (subscription.secret, subscription.previous_secret)
    return (subscription.secret,)


def subscription_rotate_secret(
    *, subscription: WebhookSubscription, actor: User | None, token: ApiToken | None = None
) -> WebhookSubscription:
    """A new signing secret. For ``WEBHOOK_SECRET_OVERLAP_HOURS`` (24) the old one keeps signing
    too: every delivery carries both signatures (``v1=<new>,v1=<old>``), so the receiving side
    can switch at its own pace; a second rotation ends the first one's overlap."""
    with transaction.atomic():
        subscription.previous_secret = subscription.secret
        subscription.previous_secret_expires_at = timezone.now() + timedelta(hours=secret_overlap_hours())
        subscription.secret = new_secret()
        subscription.save(
            update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
        )
        audit_record(
            workspace=subscription.workspace,
            actor=actor,
            token=token,
            action="webhook.secret_rotated",
            target=subscription,
        )
    return subscription


def subscription_delete(
    *, subscription: WebhookSubscription, actor: User | None, token: ApiToken | None = None
) -> None:
    """Delete the subscription and its delivery log."""
    with transaction.atomic():
        audit_record(
            workspace=subscription.workspace,
            actor=actor,
            token=token,
            action="webhook.deleted",
            target=subscription,
            changes={"url": subscription.url},
        )
        subscription.delete()


# --- deliveries -------------------------------------------------------------------------------


def _envelope(*, workspace: Workspace, event: str, event_id: uuid.UUID, payload: dict[str, Any]) -> dict:
    return {
        "id": str(event_id),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "workspace": workspace.slug,
        "data": payload,
    }


def _enqueue(delivery_id: int, *, countdown: int | None = None) -> None:
    from .tasks import deliver_webhook

    if countdown:
        transaction.on_commit(
            lambda: deliver_webhook.apply_async(kwargs={"delivery_id": delivery_id}, countdown=countdown)
        )
    else:
        enqueue_on_commit(deliver_webhook, delivery_id=delivery_id)


#: How long a workspace's active subscriptions stay cached (changes also clear the cache).
SUBSCRIPTIONS_CACHE_SECONDS = 300


def _subscriptions_cache_key(workspace_id: int) -> str:
    return f"integrations:webhook-subscriptions:{workspace_id}"


def subscriptions_cache_forget(*, workspace_id: int) -> None:
    cache.delete(_subscriptions_cache_key(workspace_id))


def active_subscriptions(*, workspace: Workspace) -> list[tuple[int, frozenset[str]]]:
    """``(id, events)`` of the workspace's active subscriptions, from the cache (Redis in
    production) when it has them: an event with no subscriber costs no query."""
    key = _subscriptions_cache_key(workspace.pk)
    found = cache.get(key)
    if found is None:
        found = [
            (pk, list(events or []))
            for pk, events in WebhookSubscription.objects.for_workspace(workspace)
            .filter(is_active=True)
            .order_by("pk")
            .values_list("pk", "events")
        ]
        cache.set(key, found, SUBSCRIPTIONS_CACHE_SECONDS)
    return [(pk, frozenset(events)) for pk, events in found]


def deliveries_create_for_event(
    *, workspace: Workspace, event: str, payload: dict[str, Any]
) -> list[WebhookDelivery]:
    """One pending delivery per active subscription of ``workspace`` listening to ``event``."""
    return deliveries_create_for_events(workspace=workspace, event=event, payloads=[payload])


def deliveries_create_for_events(
    *, workspace: Workspace, event: str, payloads: list[dict[str, Any]]
) -> list[WebhookDelivery]:
    """For each payload, one pending delivery per active subscription of ``workspace`` listening
    to ``event`` (one INSERT for the batch), each queued for sending after commit. The deliveries
    of one payload share one event id (receivers deduplicate by it)."""
    listening = [pk for pk, events in active_subscriptions(workspace=workspace) if event in events]
    if not listening or not payloads:
        return []
    rows = []
    for payload in payloads:
        event_id = uuid.uuid4()
        body = _envelope(workspace=workspace, event=event, event_id=event_id, payload=payload)
        rows += [
            WebhookDelivery(
                workspace=workspace, subscription_id=pk, event=event, event_id=event_id, payload=body
            )
            for pk in listening
        ]
    with transaction.atomic():
        deliveries = WebhookDelivery.objects.bulk_create(rows, batch_size=1000)
        for delivery in deliveries:
            _enqueue(delivery.pk)
    return deliveries


def webhook_send_test(
    *, subscription: WebhookSubscription, actor: User | None, token: ApiToken | None = None
) -> WebhookDelivery:
    """Queue a ``webhook.test`` event to this one subscription (active or not)."""
    event_id = uuid.uuid4()
    body = _envelope(
        workspace=subscription.workspace,
        event=TEST_EVENT,
        event_id=event_id,
        payload={
            "message": "Test event from the SMM platform.",
            "subscription": subscription.pk,
            "sent_by": getattr(actor, "email", None) or (token.name if token else None),
        },
    )
    delivery = WebhookDelivery(
        workspace=subscription.workspace,
        subscription=subscription,
        event=TEST_EVENT,
        event_id=event_id,
        payload=body,
    )
    delivery.full_clean()
    with transaction.atomic():
        delivery.save()
        audit_record(
            workspace=subscription.workspace,
            actor=actor,
            token=token,
            action="webhook.test_sent",
            target=subscription,
            changes={"delivery": delivery.pk},
        )
        _enqueue(delivery.pk)
    return delivery


def delivery_redeliver(
    *, delivery: WebhookDelivery, actor: User | None, token: ApiToken | None = None
) -> WebhookDelivery:
    """Send the same event (same id and body) again as a new delivery. The original row keeps its
    history; a delivery still waiting for its turn is refused."""
    if delivery.status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING):
        raise AppError(
            _("This delivery is still being sent; wait for its outcome."),
            errors={"status": [delivery.status]},
            status_code=409,
        )
    copy = WebhookDelivery(
        workspace=delivery.workspace,
        subscription=delivery.subscription,
        event=delivery.event,
        event_id=delivery.event_id,
        payload=delivery.payload,
        redelivery_of=delivery,
    )
    copy.full_clean()
    with transaction.atomic():
        copy.save()
        audit_record(
            workspace=delivery.workspace,
            actor=actor,
            token=token,
            action="webhook.redelivered",
            target=delivery.subscription,
            changes={"delivery": delivery.pk, "redelivery": copy.pk},
        )
        _enqueue(copy.pk)
    return copy


def delivery_claim(*, delivery_id: int, now=None) -> bool:
    """Take a due delivery for sending: one conditional UPDATE, so exactly one caller wins."""
    now = now or timezone.now()
    claimed = (
        WebhookDelivery.objects.filter(pk=delivery_id, status__in=CLAIMABLE)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now, next_attempt_at=None
        )
    )
    return claimed == 1


def delivery_attempt(*, delivery_id: int) -> str | None:
    """Claim, sign and POST one delivery, then record the outcome. Returns the new status, or
    None when there was nothing to do (gone, already sent, not due, claimed by someone else).

    Steps: 1. claim (conditional UPDATE); 2. refuse if the subscription was switched off;
    3. sign the stored body with the subscription's current secret and POST it through the
    ``integrations.http`` seam; 4. record status, response time and error; schedule a retry
    with exponential backoff or give up after ``WEBHOOK_MAX_ATTEMPTS``.
    """
    if not delivery_claim(delivery_id=delivery_id):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None:  # the subscription was deleted meanwhile
        return None
    subscription = delivery.subscription
    if not subscription.is_active and delivery.event != TEST_EVENT:
        return _record(delivery, status=DeliveryStatus.FAILED, error=_("The subscription is switched off."))
    body = rules.encode_body(delivery.payload)
    timestamp = int(time.time())
    headers = {
        rules.SIGNATURE_HEADER: rules.signature_header(
            secret=subscription.secret,
            timestamp=timestamp,
            body=body,
            also=signing_secrets(subscription)[1:],
        ),
        rules.EVENT_HEADER: delivery.event,
        rules.DELIVERY_HEADER: str(delivery.pk),
        "X-SMM-Event-Id": str(delivery.event_id),
    }
    result = http.post(subscription.url, body=body, headers=headers)
    status = rules.next_status(
        status_code=result.status_code,
        attempts=delivery.attempts,
        max_attempts=max_attempts(),
        retryable_error=not result.blocked,
    )
    error = result.error
    if not error and not rules.is_success(result.status_code):
        error = _("The receiver answered %(status)s.") % {"status": result.status_code}
        if result.body_excerpt:
            error = f"{error} {result.body_excerpt}"
    return _record(
        delivery,
        status=status,
        status_code=result.status_code,
        elapsed_ms=result.elapsed_ms,
        error=error,
    )


def _record(
    delivery: WebhookDelivery,
    *,
    status: str,
    status_code: int | None = None,
    elapsed_ms: int | None = None,
    error: str = "",
) -> str:
    now = timezone.now()
    values: dict[str, Any] = {
        "status": status,
        "last_status_code": status_code,
        "last_response_ms": elapsed_ms,
        "last_error": error[:2000],
        "claimed_at": None,
    }
    delay = 0
    if status == DeliveryStatus.SUCCEEDED:
        values["delivered_at"] = now
    elif status == DeliveryStatus.RETRYING:
        delay = rules.retry_delay(delivery.attempts)
        values["next_attempt_at"] = now + timedelta(seconds=delay)
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(**values)
        if status == DeliveryStatus.RETRYING:
            _enqueue(delivery.pk, countdown=delay)
    logger.info(
        "webhook delivery %s %s attempt %s: %s (%s)",
        delivery.pk,
        delivery.event,
        delivery.attempts,
        status,
        status_code,
    )
    return status


def deliveries_requeue_due(*, now=None, stale_after: int = 300) -> int:
    """The beat's sweep: queue every retry whose time has come (its countdown task may be lost)
    and give back deliveries stuck in ``sending`` (a worker died mid-request) as retries."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - timedelta(seconds=stale_after)
    ).update(status=DeliveryStatus.RETRYING, next_attempt_at=now, claimed_at=None)
    due = list(
        WebhookDelivery.objects.filter(status__in=CLAIMABLE)
        .filter(
            Q(next_attempt_at__lte=now)
            | Q(next_attempt_at__isnull=True, created_at__lt=now - timedelta(seconds=60))
        )
        .values_list("pk", flat=True)[:1000]
    )
    for pk in due:
        _enqueue(pk)
    return len(due)


# --- idempotency ------------------------------------------------------------------------------


def idempotency_records_purge(*, now=None) -> int:
    """Forget stored answers older than ``IDEMPOTENCY_TTL_HOURS``."""
    now = now or timezone.now()
    hours = int(getattr(settings, "IDEMPOTENCY_TTL_HOURS", 24))
    deleted, _rows = IdempotencyRecord.objects.filter(created_at__lt=now - timedelta(hours=hours)).delete()
    return deleted
