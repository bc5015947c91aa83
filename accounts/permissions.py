"""Role rules as named predicates: the one place that says who may do what.

Both the dashboard (``WorkspaceViewMixin``) and the API (``WorkspaceAccess``) ask
``allows(ctx, permission)``. Integration tokens hold no role: they are judged by their scopes
(``read`` for reading, ``<area>:write`` for writing) and never approve or administer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .enums import Role

if TYPE_CHECKING:
    from .tenancy import WorkspaceContext

VIEW = "view"
EDIT = "edit"
APPROVE = "approve"
AUDIT = "audit"
ADMIN = "admin"

_RANK = {Role.VIEWER: 0, Role.MARKETER: 1, Role.MANAGER: 2, Role.OWNER: 3}


def _at_least(role: str | None, minimum: Role) -> bool:
    return role is not None and _RANK.get(Role(role), -1) >= _RANK[minimum]


def can_view(role: str | None) -> bool:
    """Every member reads the workspace."""
    return _at_least(role, Role.VIEWER)


def can_edit(role: str | None) -> bool:
    """Marketers and above create and change campaigns, plans, partners and mentions."""
    return _at_least(role, Role.MARKETER)


def can_approve(role: str | None) -> bool:
    """Managers and owners approve proposals, campaigns and reports."""
    return _at_least(role, Role.MANAGER)


def can_audit(role: str | None) -> bool:
    """Managers and owners read the audit log."""
    return _at_least(role, Role.MANAGER)


def can_admin(role: str | None) -> bool:
    """Only owners manage members, invitations and integration tokens."""
    return _at_least(role, Role.OWNER)


ROLE_RULES: dict[str, Callable[[str | None], bool]] = {
    VIEW: can_view,
    EDIT: can_edit,
    APPROVE: can_approve,
    AUDIT: can_audit,
    ADMIN: can_admin,
}


def allows(ctx: WorkspaceContext, permission: str, *, scope: str | None = None) -> bool:
    """True when the request's principal may exercise ``permission`` in its workspace.

    ``scope`` is the token scope an integration token needs for this action (``read`` for
    reading, e.g. ``metrics:write`` for writing metrics); user sessions and user tokens ignore it.
    """
    if permission not in ROLE_RULES:
        raise ValueError(f"Unknown permission {permission!r}")
    if ctx.token is not None and ctx.token.kind == "integration":
        if permission == VIEW:
            return ctx.token.has_scope("read")
        if permission == EDIT and scope:
            return ctx.token.has_scope(scope)
        return False
    return ROLE_RULES[permission](ctx.role)
