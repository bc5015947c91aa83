"""Outbound webhooks listen to every domain event (``smm_platform.events.domain_event``)."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from smm_platform.events import domain_event

from . import services

logger = logging.getLogger(__name__)


@receiver(domain_event, dispatch_uid="integrations.webhooks")
def queue_webhook_deliveries(sender, *, workspace, event, payload, **kwargs) -> None:
    """One delivery per matching active subscription; the emitter's work is already committed,
    so a failure here is logged, never raised back into it."""
    try:
        services.deliveries_create_for_event(workspace=workspace, event=event, payload=payload)
    except Exception:
        logger.exception("could not queue webhook deliveries for %s in %s", event, workspace.pk)
