"""Reads of integrations, always scoped to a workspace."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet

from accounts.models import Workspace

from .enums import DeliveryStatus
from .models import WebhookDelivery, WebhookSubscription


def subscriptions_of(*, workspace: Workspace) -> QuerySet[WebhookSubscription]:
    """Subscriptions with their delivery counts (one query, aggregated in SQL)."""
    return (
        WebhookSubscription.objects.for_workspace(workspace)
        .select_related("created_by")
        .annotate(
            deliveries_total=Count("deliveries"),
            deliveries_failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
            last_delivery_at=Max("deliveries__created_at"),
        )
        .order_by("-created_at", "-id")
    )


def deliveries_of(
    *, workspace: Workspace, subscription: WebhookSubscription | None = None
) -> QuerySet[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.for_workspace(workspace).select_related("subscription")
    if subscription is not None:
        deliveries = deliveries.filter(subscription=subscription)
    return deliveries.order_by("-created_at", "-id")
