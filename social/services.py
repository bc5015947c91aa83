"""Writes and business rules of connected accounts and of publishing plan items through them.

Publishing (``post_publish``), for one plan item with a connected account:
1. claim: a conditional UPDATE ``waiting|retry -> sending`` (only if its time came, the item is
   approved or scheduled and the wait before a retry passed); no row changed, nothing to do;
2. send through the account's provider;
3. record the network's post id and URL (``sending -> sent``) in its own commit, before anything
   else, so a crash afterwards never sends the post twice;
4. mark the plan item published with the URL (planning's ``plan_item_publish``).
A transient error (VK 6, 9, 10; Telegram 429, 5xx) goes back to ``retry`` with backoff, never
sooner than the network's own wait; a permanent one (VK 5, 15, 214; Telegram 400, 403; or
attempts used up) fails the delivery with the network's reason and notifies the assignee. A send
that never reported back stays failed for a person to check: it is never resent by itself.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import services as accounts_services
from accounts.services import audit_record
from planning import services as planning_services
from planning.enums import ItemStatus
from planning.models import PlanItem
from smm_platform.celery import enqueue_on_commit
from smm_platform.errors import AppError, Conflict

from .enums import AccountState, Network, PostState
from .models import SocialAccount, SocialPost
from .providers import ProviderError, provider_for

logger = logging.getLogger(__name__)

ACCOUNT_FIELDS = ["network", "external_id", "name"]
SENDABLE = [ItemStatus.APPROVED, ItemStatus.SCHEDULED]


def _invalid(field: str, message: str) -> AppError:
    return AppError(_("The request is invalid."), errors={field: [message]})


def normalize_external_id(network: str, value: str) -> str:
    """VK: the community's digits (``club123``, ``-123``, ``vk.com/club123`` accepted);
    Telegram: ``@channel`` (``t.me/channel`` accepted) or a numeric chat id."""
    value = (value or "").strip()
    if network == Network.VK:
        value = re.sub(r"^(https?://)?(m\.)?vk\.com/", "", value)
        value = re.sub(r"^(club|public|event)", "", value).lstrip("-")
        if not value.isdigit():
            raise _invalid("external_id", _("Give the community's numeric id (e.g. 123456 or club123456)."))
        return value
    if network == Network.TELEGRAM:
        value = re.sub(r"^(https?://)?t\.me/", "", value)
        if re.fullmatch(r"-?\d+", value):
            return value
        value = "@" + value.lstrip("@")
        if not re.fullmatch(r"@[A-Za-z0-9_]{4,64}", value):
            raise _invalid("external_id", _("Give the channel as @name or its numeric chat id."))
        return value
    raise _invalid("network", _("Unknown network."))


# --- connected accounts -------------------------------------------------------------------------
def account_create(
    *, workspace, actor, network: str, external_id: str, access_token: str, name: str = "", token=None
) -> SocialAccount:
    if network not in Network.values:
        raise _invalid("network", _("Unknown network."))
    if not (access_token or "").strip():
        raise _invalid("access_token", _("This field is required."))
    normalized = normalize_external_id(network, external_id)
    account = SocialAccount(
        workspace=workspace,
        network=network,
        external_id=normalized,
        name=(name or "").strip() or normalized,
        created_by=actor,
    )
    account.set_access_token(access_token.strip())
    if (
        SocialAccount.objects.for_workspace(workspace)
        .filter(network=account.network, external_id=account.external_id)
        .exists()
    ):
        raise Conflict(
            _("This community is already connected."), errors={"external_id": [_("Already connected.")]}
        )
    with transaction.atomic():
        account.full_clean(exclude=["token_encrypted"])
        account.save()
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="social_account.connect",
            target=account,
            changes={"network": account.network, "external_id": account.external_id},
        )
    return account


def account_update(*, account: SocialAccount, actor, token=None, **data) -> SocialAccount:
    """Rename, point at another community or replace the token (which needs a new check)."""
    changes = {}
    if "external_id" in data or "network" in data:
        network = data.get("network", account.network)
        external_id = normalize_external_id(network, data.get("external_id", account.external_id))
        if (network, external_id) != (account.network, account.external_id):
            if account.posts.exists():
                raise Conflict(_("Posts were published through this account: connect another one instead."))
            changes["external_id"] = [account.external_id, external_id]
            account.network, account.external_id = network, external_id
            account.state, account.meta = AccountState.UNCHECKED, {}
    if data.get("name"):
        account.name = data["name"].strip()
    if data.get("access_token"):
        account.set_access_token(data["access_token"].strip())
        account.state = AccountState.UNCHECKED
        changes["access_token"] = "replaced"
    with transaction.atomic():
        try:
            account.full_clean(exclude=["token_encrypted"])
            account.save()
        except IntegrityError as exc:
            raise Conflict(_("This community is already connected.")) from exc
        audit_record(
            workspace=account.workspace,
            actor=actor,
            token=token,
            action="social_account.update",
            target=account,
            changes=changes,
        )
    return account


def account_delete(*, account: SocialAccount, actor, token=None) -> None:
    if account.posts.filter(state=PostState.SENDING).exists():
        raise Conflict(_("A post is being sent through this account right now; try again in a minute."))
    with transaction.atomic():
        audit_record(
            workspace=account.workspace,
            actor=actor,
            token=token,
            action="social_account.disconnect",
            target=account,
            changes={"network": account.network, "external_id": account.external_id},
        )
        account.delete()


def account_check(*, account: SocialAccount, actor=None, token=None) -> SocialAccount:
    """Verify the token against the network (VK ``groups.getById``; Telegram ``getMe`` +
    ``getChat``); the state becomes ``connected`` or ``error`` with the network's message."""
    now = timezone.now()
    try:
        info = provider_for(account.network).check(account)
    except ProviderError as exc:
        account.state, account.state_message = AccountState.ERROR, str(exc)
    else:
        account.state, account.state_message = AccountState.CONNECTED, ""
        account.followers = info.followers
        account.meta = {**account.meta, **info.meta}
        if not account.name or account.name == account.external_id:
            account.name = info.name or account.name
    account.checked_at = now
    account.save(
        update_fields=["state", "state_message", "followers", "meta", "name", "checked_at", "updated_at"]
    )
    audit_record(
        workspace=account.workspace,
        actor=actor,
        token=token,
        action="social_account.check",
        target=account,
        changes={"state": account.state, "message": account.state_message[:200]},
    )
    return account


# --- which account a plan item is published through ----------------------------------------------
def item_account_set(
    *, item: PlanItem, account: SocialAccount | None, actor, token=None
) -> SocialPost | None:
    """Choose (or clear with None) the connected account a plan item is published through.
    The account's network must be the item's channel; a sent post cannot move."""
    if item.status == ItemStatus.PUBLISHED and account is not None:
        raise Conflict(
            _("The item is already published."), errors={"social_account": [_("Already published.")]}
        )
    current = SocialPost.objects.filter(item=item).select_related("account").first()
    if current is not None and current.account_id == getattr(account, "pk", None):
        return current
    if current is not None and current.state in (PostState.SENT, PostState.SENDING):
        raise Conflict(
            _("The item was already sent to %(account)s.") % {"account": current.account.name},
            errors={"social_account": [_("Already sent.")]},
        )
    if account is not None:
        if account.workspace_id != item.workspace_id:
            raise _invalid("social_account", _("Unknown account."))
        if account.network != item.channel:
            raise _invalid(
                "social_account",
                _("The item goes to %(channel)s; choose an account of that network.")
                % {"channel": item.get_channel_display()},
            )
    with transaction.atomic():
        if current is not None:
            current.delete()
        post = None
        if account is not None:
            post = SocialPost.objects.create(workspace=item.workspace, item=item, account=account)
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.social_account",
            target=item,
            changes={"social_account": getattr(account, "pk", None)},
        )
    if post is not None and item.scheduled_at <= timezone.now():
        from . import tasks

        enqueue_on_commit(tasks.publish_post, post_id=post.pk)
    return post


# --- publishing -----------------------------------------------------------------------------------
def _due_items(now: datetime) -> Q:
    """Items whose time came, approved or scheduled (or missed after approval, within the grace)."""
    grace = now - timedelta(minutes=settings.SOCIAL_PUBLISH_GRACE_MINUTES)
    return Q(item__scheduled_at__lte=now) & (
        Q(item__status__in=SENDABLE)
        | Q(item__status=ItemStatus.MISSED, item__approved_at__isnull=False, item__scheduled_at__gte=grace)
    )


def _due_posts(now: datetime):
    return SocialPost.objects.filter(_due_items(now), state__in=[PostState.WAITING, PostState.RETRY]).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def retry_delay(attempt: int, retry_after: int | None) -> int:
    """Seconds before attempt ``attempt + 1``: exponential backoff, never below the network's wait."""
    backoff = settings.SOCIAL_RETRY_BASE_SECONDS * (2 ** max(attempt - 1, 0))
    return int(min(max(backoff, retry_after or 0), max(settings.SOCIAL_RETRY_MAX_SECONDS, retry_after or 0)))


def posts_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Ids of the deliveries due now (oldest first); fails sends that never reported back."""
    now = now or timezone.now()
    posts_fail_stale(now=now)
    return list(_due_posts(now).order_by("item__scheduled_at", "pk").values_list("pk", flat=True)[:limit])


def posts_publish_due(*, now: datetime | None = None) -> list[int]:
    """Publish every due delivery here and now (each claimed on its own)."""
    now = now or timezone.now()
    ids = posts_due(now=now)
    for post_id in ids:
        post_publish(post_id=post_id, now=now)
    return ids


def post_publish(*, post_id: int, now: datetime | None = None) -> SocialPost | None:
    """Publish one delivery exactly once (steps in the module docstring). None: not claimed."""
    now = now or timezone.now()
    if not _due_posts(now).filter(pk=post_id).exists():
        return None
    # The claim touches only this row's own columns, so a racing worker's UPDATE re-checks it.
    claimed = SocialPost.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=post_id,
        state__in=[PostState.WAITING, PostState.RETRY],
    ).update(state=PostState.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now)
    if not claimed:
        return None
    post = SocialPost.objects.select_related("account", "item", "item__workspace", "item__assignee").get(
        pk=post_id
    )
    text = post.item.text.strip() or post.item.title
    try:
        published = provider_for(post.account.network).publish(post.account, text)
    except ProviderError as exc:
        return _post_failed_attempt(post, exc, now)
    SocialPost.objects.filter(pk=post.pk, state=PostState.SENDING).update(
        state=PostState.SENT,
        external_id=published.external_id,
        url=published.url,
        sent_at=timezone.now(),
        error_code="",
        error_message="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
    post.refresh_from_db()
    try:
        planning_services.plan_item_publish(item=post.item, actor=None, url=published.url)
    except AppError as exc:  # the item changed meanwhile: the post is out, say so on the delivery
        logger.warning("social post %s sent but item %s not marked: %s", post.pk, post.item_id, exc.message)
        SocialPost.objects.filter(pk=post.pk).update(error_message=exc.message)
    return post


def _post_failed_attempt(post: SocialPost, exc: ProviderError, now: datetime) -> SocialPost:
    if exc.transient and post.attempts < settings.SOCIAL_PUBLISH_MAX_ATTEMPTS:
        wait = retry_delay(post.attempts, exc.retry_after)
        SocialPost.objects.filter(pk=post.pk, state=PostState.SENDING).update(
            state=PostState.RETRY,
            next_attempt_at=now + timedelta(seconds=wait),
            error_code=exc.code,
            error_message=exc.message,
            updated_at=now,
        )
    else:
        SocialPost.objects.filter(pk=post.pk, state=PostState.SENDING).update(
            state=PostState.FAILED, error_code=exc.code, error_message=exc.message, updated_at=now
        )
        _notify_failed(post, exc.message)
    post.refresh_from_db()
    audit_record(
        workspace=post.workspace,
        actor=None,
        action="social_post.attempt_failed",
        target=post.item,
        changes={"code": exc.code, "message": exc.message[:200], "state": post.state},
    )
    return post


def _item_url(item: PlanItem) -> str:
    return reverse("planning:item", kwargs={"workspace_slug": item.workspace.slug, "pk": item.pk})


def _notify_failed(post: SocialPost, reason: str) -> None:
    item = post.item
    recipient = item.assignee or item.approved_by or item.created_by
    if recipient is None:
        return
    accounts_services.notify(
        workspace=item.workspace,
        users=[recipient],
        kind="social.publish_failed",
        title=gettext_lazy("“%(title)s” was not published to %(account)s"),
        body=gettext_lazy("The network answered: %(reason)s"),
        params={"title": item.title, "account": post.account.name, "reason": reason},
        url=_item_url(item),
        email=True,
    )


def posts_fail_stale(*, now: datetime | None = None) -> int:
    """A send that never reported back (its worker died) fails for a person to check; it is
    never resent by itself, since the network may have published it."""
    now = now or timezone.now()
    stale = now - timedelta(minutes=settings.SOCIAL_SENDING_STALE_MINUTES)
    return SocialPost.objects.filter(state=PostState.SENDING, claimed_at__lt=stale).update(
        state=PostState.FAILED,
        error_code="unknown",
        error_message=_("The send did not report back; check the community before retrying."),
        updated_at=now,
    )


def post_retry(*, post: SocialPost, actor, token=None) -> SocialPost:
    """Send a failed delivery again (at once when its time has come)."""
    if post.state != PostState.FAILED:
        raise Conflict(_("Only a failed post can be retried."), errors={"state": [post.state]})
    missed_after_approval = post.item.status == ItemStatus.MISSED and post.item.approved_at is not None
    if post.item.status not in SENDABLE and not missed_after_approval:
        raise Conflict(_("Only an approved item is sent; approve it first."))
    with transaction.atomic():
        changed = SocialPost.objects.filter(pk=post.pk, state=PostState.FAILED).update(
            state=PostState.WAITING, attempts=0, next_attempt_at=None, updated_at=timezone.now()
        )
        if not changed:
            raise Conflict(_("Only a failed post can be retried."))
        if post.item.status == ItemStatus.MISSED:
            # a person asked for it: the grace window no longer applies
            PlanItem.objects.filter(pk=post.item_id, status=ItemStatus.MISSED).update(
                status=ItemStatus.SCHEDULED, updated_at=timezone.now()
            )
        audit_record(
            workspace=post.workspace, actor=actor, token=token, action="social_post.retry", target=post.item
        )
        from . import tasks

        enqueue_on_commit(tasks.publish_post, post_id=post.pk)
    post.refresh_from_db()
    return post
