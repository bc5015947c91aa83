"""Notifications of planning through the shared notification centre, and who receives them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy

from accounts import services as accounts_services
from accounts.enums import Role
from accounts.models import Membership, Notification

from ..enums import NotificationKind


def _notify(
    *, workspace, recipient, kind: str, message, url: str = "", email: bool = True, supersede: bool = False
) -> None:
    """Notify ``recipient`` through the shared notification centre (``accounts.services.notify``)
    with kind ``planning.<kind>``. ``message`` is a callable returning the text; wrapped in a lazy
    proxy it runs under the recipient's language. With ``supersede`` the recipient's earlier
    notification of this kind about the same thing (``url``) is replaced, not repeated: a proposal
    submitted again after changes waits for one decision, so it is listed once."""
    if recipient is None:
        return
    if supersede and url:
        Notification.objects.filter(
            workspace=workspace, user=recipient, kind=f"planning.{kind}", url=url
        ).delete()
    accounts_services.notify(
        workspace=workspace,
        users=[recipient],
        kind=f"planning.{kind}",
        title=lazy(message, str)(),
        url=url,
        email=email,
    )


def _review_answered(*, workspace, url: str) -> int:
    """A proposal or plan item at ``url`` was decided: every approver's unread "waits for your
    decision" about it (kind ``planning.review_requested``) is read from now on, since nobody
    needs to act on it any more. Other notifications and other workspaces are left alone.
    Returns how many were marked."""
    return _reviews_answered(workspace_ids=[workspace.pk], urls=[url])


def _reviews_answered(*, workspace_ids, urls) -> int:
    """``_review_answered`` for many things at once (one UPDATE; a link names its workspace)."""
    return Notification.objects.filter(
        workspace_id__in=workspace_ids,
        kind=f"planning.{NotificationKind.REVIEW_REQUESTED.value}",
        url__in=urls,
        read_at__isnull=True,
    ).update(read_at=timezone.now())


def _approvers(workspace):
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(
            workspace=workspace, role__in=[Role.MANAGER, Role.OWNER]
        )
    ]


def _item_url(item) -> str:
    return _item_url_of(item.workspace.slug, item.pk)


def _item_url_of(workspace_slug: str, pk: int) -> str:
    return reverse("planning:item", kwargs={"workspace_slug": workspace_slug, "pk": pk})
