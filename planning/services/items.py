"""Plan items: create, edit, move, the approval workflow (honesty flags acknowledged), publish,
comments, attachments and the missed sweep."""

from __future__ import annotations

import os
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Workspace
from accounts.services import audit_record
from smm_platform import formatting
from smm_platform.errors import AppError, Conflict
from smm_platform.events import emit

from .. import workflow
from ..enums import ItemStatus, NotificationKind
from ..honesty import FLAG_LABELS, flag_codes, honesty_flags
from ..models import (
    ATTACHMENT_EXTENSIONS,
    HonestyAcknowledgement,
    PlanItem,
    PlanItemAttachment,
    PlanItemComment,
)
from ._common import Forbidden, _validate
from .notifications import _approvers, _item_url, _item_url_of, _notify, _review_answered, _reviews_answered

ITEM_FIELDS = ["title", "kind", "channel", "scheduled_at", "campaign", "assignee", "brief", "text", "erid"]
# What an approval covers: changing any of these sends an approved item back through approval.
CONTENT_FIELDS = {"title", "kind", "text", "erid", "channel", "scheduled_at"}
# Statuses that no longer carry an approval: moving an item into one of them forgets it.
UNAPPROVED = {ItemStatus.IDEA, ItemStatus.DRAFT, ItemStatus.IN_REVIEW}


def item_flags(item: PlanItem) -> list:
    return honesty_flags(item.text, kind=item.kind, erid=item.erid, title=item.title)


def plan_item_create(*, workspace, actor, token=None, **data) -> PlanItem:
    """Create a plan item (status ``draft`` unless ``idea`` is asked); notify the assignee."""
    status = data.pop("status", ItemStatus.DRAFT) or ItemStatus.DRAFT
    if status not in (ItemStatus.IDEA, ItemStatus.DRAFT):
        raise AppError(
            _("A new item starts as an idea or a draft."),
            errors={"status": [_("Use the transition action to move it further.")]},
        )
    unknown = set(data) - set(ITEM_FIELDS) - {"source_kind", "source_ref"}
    if unknown:
        raise AppError(_("The request is invalid."), errors={f: [_("Unknown field.")] for f in unknown})
    item = PlanItem(workspace=workspace, status=status, created_by=actor, **data)
    _validate(item)
    with transaction.atomic():
        item.save()
        audit_record(workspace=workspace, actor=actor, token=token, action="plan_item.create", target=item)
        if item.assignee_id and item.assignee != actor:
            _notify_assigned(item)
    return item


def _notify_assigned(item: PlanItem) -> None:
    _notify(
        workspace=item.workspace,
        recipient=item.assignee,
        kind=NotificationKind.ASSIGNED,
        message=lambda: _("You were assigned “%(title)s” on %(when)s.")
        % {"title": item.title, "when": formatting.format_datetime(item.scheduled_at)},
        url=_item_url(item),
    )


def plan_item_update(*, item: PlanItem, actor, token=None, **data) -> PlanItem:
    """Change an item's fields. Changing the content of an approved or scheduled item sends it
    back to review (the approval covered the old text). Published items are frozen."""
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("A published item cannot be changed."))
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise AppError(_("The request is invalid."), errors={f: [_("Unknown field.")] for f in unknown})
    before = {f: getattr(item, f"{f}_id" if f in ("campaign", "assignee") else f) for f in data}
    old_assignee = item.assignee_id
    for field, value in data.items():
        setattr(item, field, value)
    changed = {
        f: [str(before[f]), str(getattr(item, f"{f}_id" if f in ("campaign", "assignee") else f))]
        for f in data
        if before[f] != getattr(item, f"{f}_id" if f in ("campaign", "assignee") else f)
    }
    if not changed:
        return item
    if CONTENT_FIELDS & set(changed):
        changed.update(_forget_approval(item))
    _validate(item)
    with transaction.atomic():
        item.save()
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.update",
            target=item,
            changes=changed,
        )
        if item.assignee_id and item.assignee_id != old_assignee and item.assignee != actor:
            _notify_assigned(item)
    return item


def _forget_approval(item: PlanItem) -> dict:
    """The approval covered the old content and date: drop it, and send an approved, scheduled
    or missed item back to review. Returns the audit changes."""
    changes: dict = {}
    if item.approved_at is not None or item.approved_by_id is not None:
        changes["approved_at"] = [str(item.approved_at), "None"]
        item.approved_by = None
        item.approved_at = None
    if item.status in workflow.LOCKED_FOR_APPROVAL | {ItemStatus.MISSED}:
        changes["status"] = [item.status, ItemStatus.IN_REVIEW]
        item.status = ItemStatus.IN_REVIEW
    return changes


def plan_item_delete(*, item: PlanItem, actor, token=None) -> None:
    """Remove an unpublished item from the plan (a published one is history: 409)."""
    with transaction.atomic():
        deleted, _rows = PlanItem.objects.filter(pk=item.pk).exclude(status=ItemStatus.PUBLISHED).delete()
        if not deleted:
            raise Conflict(_("A published item cannot be deleted."))
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.delete",
            changes={"id": item.pk, "title": item.title},
        )


def plan_item_move(*, item: PlanItem, actor, day: date, token=None) -> PlanItem:
    """Move an item to another day keeping its time of day (drag and drop in the calendar)."""
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("A published item cannot be moved."))
    local = timezone.localtime(item.scheduled_at)
    target = timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)))
    if target == item.scheduled_at:
        return item
    current = item.status
    changes = {"scheduled_at": [item.scheduled_at.isoformat(), target.isoformat()]}
    changes.update(_forget_approval(item))  # the approval covered the old date
    with transaction.atomic():
        changed = (
            PlanItem.objects.filter(pk=item.pk, status=current)
            .exclude(status=ItemStatus.PUBLISHED)
            .update(
                scheduled_at=target,
                status=item.status,
                approved_by=item.approved_by,
                approved_at=item.approved_at,
                updated_at=timezone.now(),
            )
        )
        if not changed:
            raise Conflict(_("The item was changed by someone else; reload and try again."))
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.move",
            target=item,
            changes=changes,
        )
    item.refresh_from_db()
    return item


def plan_item_transition(
    *, item: PlanItem, actor, target: str, can_approve: bool, acknowledge: list[str] | None = None, token=None
) -> PlanItem:
    """Move an item along the workflow. Approving needs the approve permission and, when the text
    carries honesty flags, their acknowledgement (every flag code in ``acknowledge``)."""
    if target == ItemStatus.PUBLISHED:
        raise AppError(_("Use the publish action: it records the post URL."), errors={"status": [target]})
    if target not in ItemStatus.values:
        raise AppError(_("Unknown status."), errors={"status": [_("Unknown status.")]})
    current = item.status
    if current == target:
        return item
    if not workflow.item_can_move(current, target):
        raise Conflict(
            _("An item cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ItemStatus(current).label, "to": ItemStatus(target).label},
            errors={"status": [target]},
        )
    extra = {}
    flags = []
    if target == ItemStatus.APPROVED:
        if not can_approve:
            raise Forbidden(_("Only managers and owners approve plan items."))
        flags = item_flags(item)
        missing = sorted(set(flag_codes(flags)) - set(acknowledge or []))
        if missing:
            raise AppError(
                _("Acknowledge the honesty flags before approving: %(flags)s.")
                % {"flags": ", ".join(str(FLAG_LABELS.get(code, code)) for code in missing)},
                errors={"acknowledge_flags": missing},
            )
        extra = {"approved_by": actor, "approved_at": timezone.now()}
    elif target in UNAPPROVED:
        # Back to work: the old approval no longer vouches for what will be published.
        extra = {"approved_by": None, "approved_at": None}
    with transaction.atomic():
        changed = PlanItem.objects.filter(pk=item.pk, status=current).update(
            status=target, updated_at=timezone.now(), **extra
        )
        if not changed:
            raise Conflict(_("The item was changed by someone else; reload and try again."))
        if flags:
            HonestyAcknowledgement.objects.create(
                workspace=item.workspace, item=item, codes=flag_codes(flags), user=actor
            )
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.transition",
            target=item,
            changes={"status": [current, target], "acknowledged": flag_codes(flags)},
        )
        item.refresh_from_db()
        if target == ItemStatus.IN_REVIEW:
            for approver in _approvers(item.workspace):
                if approver != actor:
                    _notify(
                        workspace=item.workspace,
                        recipient=approver,
                        kind=NotificationKind.REVIEW_REQUESTED,
                        message=lambda: _("“%(title)s” waits for your review.") % {"title": item.title},
                        url=_item_url(item),
                        supersede=True,
                    )
        elif current == ItemStatus.IN_REVIEW:
            # Decided: the other approvers' "waits for your review" has nothing left to ask.
            _review_answered(workspace=item.workspace, url=_item_url(item))
            if item.assignee_id and item.assignee != actor:
                _notify(
                    workspace=item.workspace,
                    recipient=item.assignee,
                    kind=NotificationKind.DECISION,
                    message=lambda: (
                        _("“%(title)s” was approved.")
                        if target == ItemStatus.APPROVED
                        else _("“%(title)s” was sent back to draft.")
                    )
                    % {"title": item.title},
                    url=_item_url(item),
                )
    return item


def plan_item_publish(*, item: PlanItem, actor, url: str, token=None) -> PlanItem:
    """Record the publication with the post URL. Only approved (or scheduled, or missed after
    approval) items with their approval in place publish: anything else is a 409 and nothing
    changes."""
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(url or "")
    except ValidationError as exc:
        raise AppError(
            _("Give the URL of the published post."), errors={"url": [_("Enter a valid URL.")]}
        ) from exc
    if item.status == ItemStatus.PUBLISHED:
        raise Conflict(_("The item is already published."))
    with transaction.atomic():
        rows = PlanItem.objects.filter(pk=item.pk, status__in=workflow.PUBLISHABLE, approved_at__isnull=False)
        now = timezone.now()
        changed = rows.update(
            status=ItemStatus.PUBLISHED, published_url=url, published_at=now, updated_at=now
        )
        if not changed:
            raise Conflict(_("Only an approved item can be published."), errors={"status": [item.status]})
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.publish",
            target=item,
            changes={"status": [item.status, ItemStatus.PUBLISHED], "url": url},
        )
        emit(
            workspace=item.workspace,
            event="plan_item.published",
            payload={"id": item.pk, "title": item.title, "url": url, "campaign": item.campaign_id},
        )
    item.refresh_from_db()
    return item


def plan_item_comment(*, item: PlanItem, actor, body: str, token=None) -> PlanItemComment:
    comment = PlanItemComment(workspace=item.workspace, item=item, author=actor, body=(body or "").strip())
    _validate(comment)
    with transaction.atomic():
        comment.save()
        audit_record(
            workspace=item.workspace, actor=actor, token=token, action="plan_item.comment", target=item
        )
        if item.assignee_id and item.assignee != actor:
            _notify(
                workspace=item.workspace,
                recipient=item.assignee,
                kind=NotificationKind.DECISION,
                message=lambda: _("New comment on “%(title)s”.") % {"title": item.title},
                url=_item_url(item),
                email=False,
            )
    return comment


def plan_item_attach(*, item: PlanItem, actor, file, token=None) -> PlanItemAttachment:
    """Attach a media file (type and size validated) to an item."""
    attachment = PlanItemAttachment(workspace=item.workspace, item=item, file=file, uploaded_by=actor)
    attachment.size = getattr(file, "size", 0) or 0
    attachment.media_type = ATTACHMENT_EXTENSIONS.get(os.path.splitext(file.name)[1].lower(), "")
    _validate(attachment)
    with transaction.atomic():
        attachment.save()
        audit_record(
            workspace=item.workspace,
            actor=actor,
            token=token,
            action="plan_item.attach",
            target=item,
            changes={"file": attachment.file.name, "size": attachment.size},
        )
    return attachment


def plan_items_mark_missed(*, now: datetime | None = None) -> int:
    """Every publishable-kind item whose time passed unpublished becomes ``missed`` (idempotent).
    An item missed while in review can no longer be approved, so its approvers' "waits for your
    decision" is read from then on."""
    now = now or timezone.now()
    due = (
        PlanItem.objects.filter(scheduled_at__lt=now, status__in=workflow.MISSABLE)
        .exclude(kind__in=["event", "deadline"])
        .exclude(status=ItemStatus.IDEA)
    )
    with transaction.atomic():
        # Lock the due items first and decide from what the lock sees: an item a concurrent
        # transaction is sending to review is waited for and read in review, so its request is
        # answered with it (an item that becomes due after the lock is the next sweep's).
        locked = list(due.select_for_update(of=("self",)).values_list("pk", "status", "workspace_id"))
        if not locked:
            return 0
        missed = PlanItem.objects.filter(pk__in=[pk for pk, _status, _ws in locked]).update(
            status=ItemStatus.MISSED, updated_at=now
        )
        in_review = [(pk, ws) for pk, status, ws in locked if status == ItemStatus.IN_REVIEW]
        if in_review:
            slugs = dict(
                Workspace.objects.filter(pk__in={ws for _pk, ws in in_review}).values_list("pk", "slug")
            )
            _reviews_answered(
                workspace_ids=set(slugs),
                urls=[_item_url_of(slugs[ws], pk) for pk, ws in in_review],
            )
    return missed
