"""Alerts to a workspace's managers through the one notification centre."""

from __future__ import annotations

from accounts.enums import Role
from accounts.models import Membership, Workspace
from accounts.services import notify as accounts_notify


# --- notifications -----------------------------------------------------------------------------
def notify_managers(*, workspace: Workspace, kind: str, title, body, params: dict, link: str) -> int:
    """Alert the workspace's managers and owners in-app and by email (the one notification
    centre, ``accounts.services.notify``), each in their own language."""
    users = [
        m.user
        for m in Membership.objects.filter(
            workspace=workspace, role__in=[Role.MANAGER, Role.OWNER]
        ).select_related("user")
    ]
    return len(
        accounts_notify(
            workspace=workspace,
            users=users,
            kind=f"negativity.{kind}",
            title=title,
            body=body,
            params=params,
            url=link,
            email=True,
        )
    )
