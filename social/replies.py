"""Replies out: an inbox reply to a mention that came from a connected account is sent through
the network (VK ``wall.createComment`` with ``reply_to_comment``; Telegram ``sendMessage`` with
``reply_to_message_id``), exactly once: the ``SocialReply`` row is the claim. The sent reply's id
and link are kept on the mention's link.

``reply_deliver`` is registered in ``negativity.hooks.reply_senders``: negativity calls it when
a reply is marked sent (and when an approved reply of such a mention goes out by itself).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import can_approve
from accounts.services import audit_record
from negativity import services as negativity_services
from negativity.enums import ReplyStatus
from smm_platform.errors import AppError, Conflict

from .enums import ReplyDelivery
from .models import MentionLink, SocialReply
from .providers import ProviderError, provider_for


class NetworkRefused(AppError):
    status_code = 502


def link_of(mention) -> MentionLink | None:
    return MentionLink.objects.filter(mention=mention).select_related("account", "post").first()


def mention_is_social(mention) -> bool:
    return MentionLink.objects.filter(mention=mention).exists()


def reply_deliver(*, reply, actor) -> bool:
    """Send ``reply`` through the network if its mention came from a connected account."""
    link = link_of(reply.mention)
    if link is None:
        return False
    if not reply.text.strip():
        raise AppError(_("The reply is empty."), errors={"text": [_("This field is required.")]})
    try:
        with transaction.atomic():
            delivery = SocialReply.objects.create(workspace=reply.workspace, reply=reply, link=link)
    except IntegrityError:
        delivery = SocialReply.objects.get(reply=reply)
        if delivery.state == ReplyDelivery.SENT:
            return True
        retried = SocialReply.objects.filter(pk=delivery.pk, state=ReplyDelivery.FAILED).update(
            state=ReplyDelivery.SENDING, error=""
        )
        if not retried:
            raise Conflict(_("This reply is being sent right now.")) from None
    try:
        sent = provider_for(link.account.network).send_reply(link.account, link, reply.text.strip())
    except ProviderError as exc:
        SocialReply.objects.filter(pk=delivery.pk).update(state=ReplyDelivery.FAILED, error=str(exc))
        raise NetworkRefused(
            _("%(network)s did not take the reply: %(reason)s")
            % {"network": link.account.get_network_display(), "reason": exc.message},
            errors={"network": [exc.code]},
        ) from exc
    now = timezone.now()
    with transaction.atomic():
        SocialReply.objects.filter(pk=delivery.pk).update(
            state=ReplyDelivery.SENT, external_id=sent.external_id, url=sent.url, sent_at=now, error=""
        )
        MentionLink.objects.filter(pk=link.pk).update(
            reply_external_id=sent.external_id, reply_url=sent.url, replied_at=now
        )
        audit_record(
            workspace=reply.workspace,
            actor=actor,
            action="reply.delivered",
            target=reply,
            changes={"network": link.account.network, "external_id": sent.external_id, "url": sent.url},
        )
    return True


def mention_reply(*, workspace, mention, text: str, actor, role: str | None) -> dict:
    """The API's reply: sent at once when the caller may approve it (owner, manager), else
    queued for approval. Answers ``{"status": "sent"|"pending_approval", "reply", ...}``."""
    text = (text or "").strip()
    if not text:
        raise AppError(_("Write the reply."), errors={"text": [_("This field is required.")]})
    link = link_of(mention)
    if link is None:
        raise Conflict(
            _("This mention did not come from a connected account; reply on its site."),
            errors={"mention": [_("Not from a connected account.")]},
        )
    approver = can_approve(role)
    reply = negativity_services.reply_draft(
        workspace=workspace, mention=mention, text=text, actor=actor, needs_approval=not approver
    )
    if not approver:
        return {"status": ReplyStatus.PENDING_APPROVAL.value, "reply": reply.pk}
    reply = negativity_services.reply_mark_sent(workspace=workspace, reply=reply, actor=actor)
    delivery = SocialReply.objects.get(reply=reply)
    return {
        "status": ReplyStatus.SENT.value,
        "reply": reply.pk,
        "external_id": delivery.external_id,
        "url": delivery.url,
    }
