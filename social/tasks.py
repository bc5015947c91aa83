"""Thin Celery tasks of connected accounts: load by id, call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from . import ingest, services
from .enums import AccountState
from .models import SocialAccount

logger = logging.getLogger(__name__)


@shared_task(name="social.publish_due", acks_late=True)
def publish_due() -> int:
    """The beat's minute: one task per due delivery (each claims its post, so overlap is harmless)."""
    ids = services.posts_due()
    for post_id in ids:
        publish_post.delay(post_id=post_id)
    return len(ids)


@shared_task(name="social.publish_post", acks_late=True)
def publish_post(*, post_id: int) -> None:
    services.post_publish(post_id=post_id)


@shared_task(name="social.sync_account", acks_late=True)
def sync_account(*, account_id: int) -> None:
    account = SocialAccount.objects.filter(pk=account_id).first()
    if account is None:
        logger.info("social account %s is gone", account_id)
        return
    ingest.account_sync(account=account)


@shared_task(name="social.sync_all", acks_late=True)
def sync_all() -> int:
    ids = list(SocialAccount.objects.filter(state=AccountState.CONNECTED).values_list("pk", flat=True))
    for account_id in ids:
        sync_account.delay(account_id=account_id)
    return len(ids)
