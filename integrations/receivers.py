"""Outbound webhooks listen to every batch of domain events (``smm_platform.events.domain_events``),
and keep the per-workspace subscription cache fresh when a subscription changes."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from smm_platform.events import domain_events

from . import services
from .event_schemas import wrap
from .models import WebhookSubscription

logger = logging.getLogger(__name__)


@receiver(domain_events, dispatch_uid="integrations.webhooks")
def queue_webhook_deliveries(sender, *, workspace, event, payloads, **kwargs) -> None:
    """One delivery per event and matching active subscription; the emitter's work is already
    committed, so a failure here is logged, never raised back into it."""
    try:
        services.deliveries_create_for_events(
            workspace=workspace, event=event, payloads=[wrap(event, p) for p in payloads]
        )
    except Exception:
        logger.exception("could not queue webhook deliveries for %s in %s", event, workspace.pk)


@receiver(post_save, sender=WebhookSubscription, dispatch_uid="integrations.subscriptions_saved")
@receiver(post_delete, sender=WebhookSubscription, dispatch_uid="integrations.subscriptions_deleted")
def forget_cached_subscriptions(sender, instance, **kwargs) -> None:
    """Now, and again after commit (a reader between the two may have cached the old state)."""
    services.subscriptions_cache_forget(workspace_id=instance.workspace_id)
    transaction.on_commit(lambda: services.subscriptions_cache_forget(workspace_id=instance.workspace_id))
