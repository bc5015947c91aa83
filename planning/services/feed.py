"""The calendar (iCalendar) feed: the secret address of an owner's or manager's feed, its rotation
and resolution."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef
from django.utils.translation import gettext as _

from accounts import permissions as perms
from accounts.enums import Role
from accounts.models import Membership
from accounts.services import audit_record

from ..models import CalendarFeed
from ._common import Forbidden


def _feed_digest(feed: CalendarFeed) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"calendar-feed:{feed.pk}:{feed.nonce}".encode(), hashlib.sha256
    ).hexdigest()[:40]


def calendar_feed_token(feed: CalendarFeed) -> str:
    return f"{feed.pk}-{_feed_digest(feed)}"


def calendar_feed_get(*, workspace, user) -> CalendarFeed:
    """``user``'s feed of ``workspace``. Only owners and managers hold one (the URL is a secret
    that shows the whole plan): anyone else is refused."""
    _feed_holder_check(workspace=workspace, user=user)
    feed, _created = CalendarFeed.objects.get_or_create(
        workspace=workspace, created_by=user, defaults={"nonce": secrets.token_hex(16)}
    )
    return feed


def _feed_holder_check(*, workspace, user) -> None:
    role = Membership.objects.filter(workspace=workspace, user=user).values_list("role", flat=True).first()
    if not perms.can_approve(role):
        raise Forbidden(_("Only owners and managers get the calendar feed address."))


def calendar_feed_rotate(*, workspace, actor, token=None) -> CalendarFeed:
    """A new secret for ``actor``'s feed: the old URL stops working at once."""
    with transaction.atomic():
        feed = calendar_feed_get(workspace=workspace, user=actor)
        feed.nonce = secrets.token_hex(16)
        feed.save()
        audit_record(workspace=workspace, actor=actor, token=token, action="calendar_feed.rotate")
    return feed


def calendar_feed_resolve(*, workspace_slug: str, secret: str) -> CalendarFeed | None:
    """The feed behind ``secret``, or None: a wrong or rotated secret, or a feed whose creator is
    no longer an owner or manager of the workspace (left, was removed or demoted)."""
    pk, _sep, digest = (secret or "").partition("-")
    if not pk.isdigit() or not digest or len(pk) > 18:
        return None
    feed = (
        CalendarFeed.objects.select_related("workspace")
        .filter(
            pk=int(pk),
            workspace__slug=workspace_slug,
            created_by__in=Membership.objects.filter(
                workspace_id=OuterRef("workspace_id"), role__in=[Role.OWNER, Role.MANAGER]
            ).values("user_id"),
        )
        .first()
    )
    if feed is None or not hmac.compare_digest(_feed_digest(feed), digest):
        return None
    return feed
