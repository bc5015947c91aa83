"""Replies: drafting from playbooks, editing before sending, approval by a manager, and sending."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User, Workspace
from accounts.permissions import can_approve
from accounts.services import audit_record
from smm_platform.errors import AppError, Conflict

from .. import hooks, rules
from ..enums import MentionStatus, ReplyStatus
from ..ml import features
from ..models import Mention, Reply, ResponseTemplate
from .notifications import notify_managers


# --- replies -----------------------------------------------------------------------------------
def reply_variables(*, mention: Mention, actor: User | None, workspace: Workspace) -> dict[str, str]:
    author = mention.author
    return {
        "author": author.name or author.handle,
        "order_number": features.order_number(mention.text),
        "brand": workspace.name,
        "topic": mention.get_topic_display() if mention.topic else "",
        "manager": getattr(actor, "display_name", "") if actor else "",
    }


def reply_draft(
    *,
    workspace: Workspace,
    mention: Mention,
    text: str = "",
    template: ResponseTemplate | None = None,
    actor: User | None,
    needs_approval: bool | None = None,
) -> Reply:
    """Draft a reply (from a playbook's text with variables filled when no text is given).
    A reply to a high-risk mention waits for a manager's approval; ``needs_approval`` decides
    it explicitly (True: queue it for approval, False: the author may approve it)."""
    if template is not None and template.workspace_id != workspace.pk:
        raise AppError(_("Unknown playbook."), errors={"template": [_("Unknown playbook.")]})
    if not text.strip() and template is not None:
        text = rules.render_template(
            template.body, reply_variables(mention=mention, actor=actor, workspace=workspace)
        )
    if needs_approval is None:
        needs_approval = mention.risk >= rules.HIGH_RISK
    reply = Reply(
        workspace=workspace,
        mention=mention,
        template=template,
        text=text.strip(),
        needs_approval=needs_approval,
        status=ReplyStatus.PENDING_APPROVAL if needs_approval else ReplyStatus.DRAFT,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    with transaction.atomic():
        reply.full_clean()
        reply.save()
        Mention.objects.filter(pk=mention.pk, status=MentionStatus.NEW).update(
            status=MentionStatus.IN_PROGRESS
        )
        audit_record(
            workspace=workspace,
            actor=actor,
            action="reply.drafted",
            target=reply,
            changes={"mention": mention.pk, "needs_approval": needs_approval},
        )
        if needs_approval:
            link = reverse("negativity:mention", kwargs={"workspace_slug": workspace.slug, "pk": mention.pk})
            notify_managers(
                workspace=workspace,
                kind="approval",
                title=gettext_lazy("A high-risk reply waits for approval"),
                body=gettext_lazy("Mention %(id)s, risk %(risk)s."),
                params={"id": mention.pk, "risk": mention.risk},
                link=link,
            )
    return reply


def reply_decide(
    *, workspace: Workspace, reply: Reply, approve: bool, actor: User, role: str | None
) -> Reply:
    """A manager approves or rejects a reply waiting for approval."""
    if not can_approve(role):
        raise AppError(_("Only managers approve replies."), status_code=403)
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, status=ReplyStatus.PENDING_APPROVAL).update(
            status=ReplyStatus.APPROVED if approve else ReplyStatus.REJECTED,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        if not updated:
            raise Conflict(_("This reply is not waiting for approval."))
        audit_record(
            workspace=workspace,
            actor=actor,
            action="reply.approved" if approve else "reply.rejected",
            target=reply,
        )
    reply.refresh_from_db()
    if approve and hooks.sends_automatically(reply.mention):
        reply = reply_mark_sent(workspace=workspace, reply=reply, actor=actor)
    return reply


REPLY_EDITABLE = [ReplyStatus.DRAFT, ReplyStatus.PENDING_APPROVAL, ReplyStatus.APPROVED]


def reply_edit(
    *, workspace: Workspace, reply: Reply, text: str, actor: User | None, role: str | None = None
) -> Reply:
    """Change a reply's text before it is sent (audited, old and new text). An approved reply
    that needs approval goes back to waiting for it when someone who cannot approve edits it:
    the manager approved the words, not the reply."""
    if reply.workspace_id != workspace.pk:
        raise AppError(_("Unknown reply."), status_code=404)
    text = (text or "").strip()
    if not text:
        raise AppError(_("Write the reply."), errors={"text": [_("Write the reply.")]})
    if len(text) > settings.NEGATIVITY_MAX_TEXT:
        message = _("A reply is at most %(n)s characters.") % {"n": settings.NEGATIVITY_MAX_TEXT}
        raise AppError(message, errors={"text": [message]})
    if text == reply.text and reply.status in REPLY_EDITABLE:
        return reply
    back_to_approval = reply.needs_approval and reply.status == ReplyStatus.APPROVED and not can_approve(role)
    changes = {"text": text}
    if back_to_approval:
        changes.update(status=ReplyStatus.PENDING_APPROVAL, decided_by=None, decided_at=None)
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, workspace=workspace, status__in=REPLY_EDITABLE).update(
            **changes
        )
        if not updated:
            raise Conflict(_("This reply was already sent or rejected; it cannot be edited."))
        audit_record(
            workspace=workspace,
            actor=actor,
            action="reply.edited",
            target=reply,
            changes={"text": [reply.text[:1000], text[:1000]], "back_to_approval": back_to_approval},
        )
        if back_to_approval:
            notify_managers(
                workspace=workspace,
                kind="approval",
                title=gettext_lazy("An edited reply waits for approval again"),
                body=gettext_lazy("Mention %(id)s, risk %(risk)s."),
                params={"id": reply.mention_id, "risk": reply.mention.risk},
                link=reverse(
                    "negativity:mention", kwargs={"workspace_slug": workspace.slug, "pk": reply.mention_id}
                ),
            )
    reply.refresh_from_db()
    return reply


def reply_mark_sent(
    *,
    workspace: Workspace,
    reply: Reply,
    actor: User | None,
    text: str | None = None,
    role: str | None = None,
) -> Reply:
    """Record that the reply was published; a reply needing approval must be approved first.
    ``text``: the reply as edited just before sending (``reply_edit``, audited); the sent
    reply records it. A reply to a mention from a connected account is sent through the
    network first (``hooks.reply_senders``); if the network refuses, nothing is recorded."""
    if text is not None:
        reply = reply_edit(workspace=workspace, reply=reply, text=text, actor=actor, role=role)
    allowed = [ReplyStatus.APPROVED] if reply.needs_approval else [ReplyStatus.DRAFT, ReplyStatus.APPROVED]
    if reply.status in allowed:
        hooks.send_reply(reply=reply, actor=actor)
    with transaction.atomic():
        updated = Reply.objects.filter(pk=reply.pk, status__in=allowed).update(status=ReplyStatus.SENT)
        if not updated:
            raise Conflict(
                _("This reply needs a manager's approval first.")
                if reply.needs_approval
                else _("This reply was already sent.")
            )
        Mention.objects.filter(
            pk=reply.mention_id, status__in=[MentionStatus.NEW, MentionStatus.IN_PROGRESS]
        ).update(status=MentionStatus.WAITING)
        audit_record(workspace=workspace, actor=actor, action="reply.sent", target=reply)
    reply.refresh_from_db()
    return reply
