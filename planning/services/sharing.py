"""Share links with clients: a secret link to a campaign's plan, and the client's decisions and
comments through it."""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_record, hash_secret
from smm_platform.errors import AppError

from ..enums import ClientDecisionKind, NotificationKind
from ..models import ClientDecision, PlanItem, PlanItemComment, ShareLink
from ._common import _validate
from .notifications import _item_url, _notify


def share_link_create(
    *, workspace, actor, campaign, starts_on: date, ends_on: date, days: int | None = None, token=None
) -> tuple[ShareLink, str]:
    """A secret link to the campaign's items in the period; returns (link, the token shown once)."""
    secret = secrets.token_urlsafe(24)
    link = ShareLink(
        workspace=workspace,
        campaign=campaign,
        starts_on=starts_on,
        ends_on=ends_on,
        token_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=days or settings.PLANNING_SHARE_LINK_DAYS),
        created_by=actor,
    )
    if starts_on and ends_on and ends_on < starts_on:
        raise AppError(
            _("The end date must not be before the start date."), errors={"ends_on": [_("Before the start.")]}
        )
    _validate(link)
    with transaction.atomic():
        link.save()
        audit_record(workspace=workspace, actor=actor, token=token, action="share_link.create", target=link)
    return link, secret


def share_link_revoke(*, link: ShareLink, actor, token=None) -> ShareLink:
    with transaction.atomic():
        if ShareLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
            audit_record(
                workspace=link.workspace, actor=actor, token=token, action="share_link.revoke", target=link
            )
    link.refresh_from_db()
    return link


class LinkGone(AppError):
    status_code = 410


def share_link_resolve(*, secret: str) -> ShareLink:
    """The open link for ``secret``: 404 when unknown, 410 when expired or revoked."""
    from django.http import Http404

    link = (
        ShareLink.objects.select_related("workspace", "campaign")
        .filter(token_hash=hash_secret(secret))
        .first()
    )
    if link is None:
        raise Http404
    if link.revoked_at is not None or link.expires_at <= timezone.now():
        raise LinkGone(_("This link has expired or was revoked."))
    return link


def share_link_items(link: ShareLink):
    start = timezone.make_aware(datetime.combine(link.starts_on, time.min))
    end = timezone.make_aware(datetime.combine(link.ends_on + timedelta(days=1), time.min))
    return PlanItem.objects.for_workspace(link.workspace).filter(
        campaign=link.campaign, scheduled_at__gte=start, scheduled_at__lt=end
    )


def client_decide(
    *, link: ShareLink, item_id: int, decision: str, client_name: str, comment: str = ""
) -> ClientDecision:
    """A client (no account) approves or rejects an item of the shared plan with their name."""
    if decision not in ClientDecisionKind.values:
        raise AppError(_("Approve or reject."), errors={"decision": [decision]})
    client_name = (client_name or "").strip()
    if not client_name:
        raise AppError(_("Give your name."), errors={"client_name": [_("Required.")]})
    item = share_link_items(link).filter(pk=item_id).first()
    if item is None:
        from django.http import Http404

        raise Http404
    with transaction.atomic():
        record = ClientDecision(
            workspace=link.workspace,
            share_link=link,
            item=item,
            decision=decision,
            client_name=client_name[:120],
            comment=(comment or "").strip()[:2000],
        )
        _validate(record)
        record.save()
        PlanItem.objects.filter(pk=item.pk).update(
            client_decision=decision, client_decision_by=record.client_name, client_decision_at=timezone.now()
        )
        if record.comment:
            PlanItemComment.objects.create(
                workspace=link.workspace,
                item=item,
                author_name=record.client_name,
                body=record.comment,
                via_share_link=link,
            )
        audit_record(
            workspace=link.workspace,
            actor=None,
            action=f"plan_item.client_{decision}",
            target=item,
            changes={"client": record.client_name, "share_link": link.pk},
        )
        recipient = item.assignee or link.created_by
        if recipient is not None:
            _notify(
                workspace=link.workspace,
                recipient=recipient,
                kind=NotificationKind.DECISION,
                message=lambda: _("%(name)s (client): %(decision)s “%(title)s”.")
                % {
                    "name": record.client_name,
                    "decision": ClientDecisionKind(decision).label,
                    "title": item.title,
                },
                url=_item_url(item),
            )
    return record


def client_comment(*, link: ShareLink, item_id: int, client_name: str, body: str) -> PlanItemComment:
    client_name, body = (client_name or "").strip(), (body or "").strip()
    errors = {}
    if not client_name:
        errors["client_name"] = [_("Required.")]
    if not body:
        errors["body"] = [_("Required.")]
    if errors:
        raise AppError(_("The request is invalid."), errors=errors)
    item = share_link_items(link).filter(pk=item_id).first()
    if item is None:
        from django.http import Http404

        raise Http404
    comment = PlanItemComment(
        workspace=link.workspace, item=item, author_name=client_name[:120], body=body, via_share_link=link
    )
    _validate(comment)
    with transaction.atomic():
        comment.save()
        audit_record(
            workspace=link.workspace,
            actor=None,
            action="plan_item.client_comment",
            target=item,
            changes={"client": client_name},
        )
    return comment
