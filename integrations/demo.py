"""Demo data of integrations: the bakery's CRM receives events by webhook; its delivery log shows
successes, a retry in progress, a failure and a redelivery. Deterministic, dates relative to now.
Nothing is sent while seeding: the rows are written as a log of what already happened."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.services import audit_record

from . import services
from .enums import DeliveryStatus
from .models import WebhookDelivery, WebhookSubscription

# A reserved .example host: the demo never sends anything to a real third party.
CRM_URL = "https://crm.kolosok.example/amocrm/smm-webhooks"
NAMESPACE = uuid.UUID("6f1c3a52-9a1e-4f0a-8f4e-2d7b8c1e0a11")

# (minutes ago, event, data, status, attempts, last status, response ms, error)
LOG = [
    (
        2 * 24 * 60,
        "report.completed",
        {
            "report": {
                "id": 12,
                "kind": "campaign",
                "title": "Итоги кампании «Хлеб к завтраку»",
                "formats": ["pdf", "xlsx"],
            }
        },
        DeliveryStatus.SUCCEEDED,
        1,
        200,
        184,
        "",
    ),
    (
        26 * 60,
        "mention.created",
        {
            "mention": {
                "id": 311,
                "source": "vk",
                "author": "@olga_spb",
                "text": "Круассаны в «Колоске» на Невском — лучшие в городе!",
                "category": "positive",
                "risk": 3,
            }
        },
        DeliveryStatus.SUCCEEDED,
        1,
        204,
        96,
        "",
    ),
    (
        5 * 60,
        "mention.created",
        {
            "mention": {
                "id": 342,
                "source": "telegram",
                "author": "@bread_truth",
                "text": "В «Колоске» опять чёрствый хлеб, не берите!",
                "category": "trolling",
                "risk": 71,
            }
        },
        DeliveryStatus.FAILED,
        8,
        503,
        10012,
        "Сервер CRM ответил 503. Service Unavailable",
    ),
    (
        90,
        "incident.opened",
        {
            "incident": {
                "id": 4,
                "kind": "coordinated_attack",
                "mentions": [342, 343, 344, 345],
                "confidence": 0.87,
            }
        },
        DeliveryStatus.RETRYING,
        2,
        500,
        2310,
        'Сервер CRM ответил 500. {"error": "database locked"}',
    ),
    (
        30,
        "deal.stage_changed",
        {
            "deal": {
                "id": 17,
                "partner": "Кофейня «Зерно»",
                "stage": "signed",
                "price": "45000.00",
                "currency": "RUB",
            }
        },
        DeliveryStatus.SUCCEEDED,
        1,
        200,
        143,
        "",
    ),
]


def seed(*, workspace, people) -> None:
    """A subscription of the bakery's amoCRM to five events and its delivery log.

    The CRM is fictional (a reserved ``.example`` host nobody answers), so the events the other
    apps' demo data emitted while seeding must not become live deliveries that fail and retry
    for minutes: the subscription is written paused and turned on only after those events went
    out at the seed's commit (``transaction.on_commit`` runs callbacks in the order they were
    registered, and this is the last one)."""
    subscription = services.subscription_create(
        workspace=workspace,
        url=CRM_URL,
        description="amoCRM: сделки и упоминания",
        events=[
            "mention.created",
            "incident.opened",
            "report.completed",
            "deal.stage_changed",
            "proposal.decided",
        ],
        is_active=False,
        actor=people.owner,
    )
    transaction.on_commit(lambda: _activate(subscription))
    now = timezone.now()
    rows = []
    for index, (minutes, event, data, status, attempts, code, elapsed, error) in enumerate(LOG):
        created = now - timedelta(minutes=minutes)
        event_id = uuid.uuid5(NAMESPACE, f"{workspace.slug}-{index}")
        rows.append(
            WebhookDelivery(
                workspace=workspace,
                subscription=subscription,
                event=event,
                event_id=event_id,
                payload={
                    "id": str(event_id),
                    "event": event,
                    "created_at": created.isoformat(),
                    "workspace": workspace.slug,
                    "data": data,
                },
                status=status,
                attempts=attempts,
                last_status_code=code,
                last_response_ms=elapsed,
                last_error=error,
                delivered_at=created + timedelta(seconds=1) if status == DeliveryStatus.SUCCEEDED else None,
                next_attempt_at=now + timedelta(minutes=2) if status == DeliveryStatus.RETRYING else None,
            )
        )
    created_rows = WebhookDelivery.objects.bulk_create(rows)
    for row, (minutes, *_rest) in zip(created_rows, LOG, strict=True):
        WebhookDelivery.objects.filter(pk=row.pk).update(created_at=now - timedelta(minutes=minutes))
    # The failed mention was sent again by hand after the CRM came back.
    failed = created_rows[2]
    redelivery = WebhookDelivery.objects.create(
        workspace=workspace,
        subscription=subscription,
        event=failed.event,
        event_id=failed.event_id,
        payload=failed.payload,
        status=DeliveryStatus.SUCCEEDED,
        attempts=1,
        last_status_code=200,
        last_response_ms=121,
        delivered_at=now - timedelta(minutes=3 * 60),
        redelivery_of=failed,
    )
    WebhookDelivery.objects.filter(pk=redelivery.pk).update(created_at=now - timedelta(minutes=3 * 60))
    audit_record(
        workspace=workspace,
        actor=people.owner,
        action="webhook.redelivered",
        target=subscription,
        changes={"delivery": failed.pk, "redelivery": redelivery.pk},
    )


def _activate(subscription) -> None:
    """Turn the demo subscription on (after the seed's own events were sent to no one)."""
    WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=True)
    services.subscriptions_cache_forget(workspace_id=subscription.workspace_id)
