"""Thin Celery tasks of the campaigns area: load by id, call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from . import services
from .models import Campaign

logger = logging.getLogger(__name__)


@shared_task(name="campaigns.recheck_alignment", acks_late=True)
def recheck_alignment(*, campaign_id: int) -> dict | None:
    """Debounced re-check after new metrics or conversions: only the caller that takes the
    campaign's "new data" flag judges it; later duplicates find the flag gone and return."""
    if not services.alignment_claim_dirty(campaign_id=campaign_id):
        return None
    return services.alignment_check(campaign_ids=[campaign_id])


@shared_task(name="campaigns.check_alignment", acks_late=True)
def check_alignment(*, campaign_id: int) -> dict | None:
    """On-demand check of one campaign (POST alignment/, status changes)."""
    if not Campaign.objects.filter(pk=campaign_id).exists():
        logger.info("campaign %s is gone; nothing to check", campaign_id)
        return None
    return services.alignment_check(campaign_ids=[campaign_id])


@shared_task(name="campaigns.check_running_alignment", acks_late=True)
def check_running_alignment() -> dict:
    """Nightly: judge every running campaign of every workspace."""
    return services.alignment_check_running()
