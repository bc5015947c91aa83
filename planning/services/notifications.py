"""Notifications of planning through the shared notification centre, and who receives them."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import lazy

from accounts import services as accounts_services
from accounts.enums import Role
from accounts.models import Membership


def _notify(*, workspace, recipient, kind: str, message, url: str = "", email: bool = True) -> None:
    """Notify ``recipient`` through the shared notification centre (``accounts.services.notify``)
    with kind ``planning.<kind>``. ``message`` is a callable returning the text; wrapped in a lazy
    proxy it runs under the recipient's language."""
    if recipient is None:
        return
    accounts_services.notify(
        workspace=workspace,
        users=[recipient],
        kind=f"planning.{kind}",
        title=lazy(message, str)(),
        url=url,
        email=email,
    )


def _approvers(workspace):
    return [
        m.user
        for m in Membership.objects.select_related("user").filter(
            workspace=workspace, role__in=[Role.MANAGER, Role.OWNER]
        )
    ]


def _item_url(item) -> str:
    return reverse("planning:item", kwargs={"workspace_slug": item.workspace.slug, "pk": item.pk})
