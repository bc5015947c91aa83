"""The one tenancy mechanism.

* ``WorkspaceScopedModel``: the base of every model that belongs to a workspace; its manager has
  ``for_workspace()``, the only way views and endpoints start a query.
* ``resolve_workspace()``: turns a workspace slug from the URL into a ``WorkspaceContext`` for the
  request's principal, or raises ``Http404`` when the principal is not a member (an object of
  another workspace answers 404, never 403).
* ``WorkspaceViewMixin`` (dashboard, in ``accounts.views_base``) and ``WorkspaceViewSet`` (API, in
  ``accounts.api_base``) call it and scope their querysets with it;
  ``accounts.filtering.WorkspaceFilterBackend`` scopes foreign-key query filters the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import Http404

from . import permissions
from .models import ApiToken, Membership, Workspace, WorkspaceQuerySet


class WorkspaceScopedModel(models.Model):
    """Abstract base: a row that belongs to exactly one workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True


@dataclass(frozen=True)
class WorkspaceContext:
    """Who is acting in which workspace, with which role (members) or token (integrations)."""

    workspace: Workspace
    user: object | None
    membership: Membership | None
    token: ApiToken | None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def actor(self):
        """The user to record in the audit log (None for integration tokens)."""
        return self.membership.user if self.membership else None

    def allows(self, permission: str, *, scope: str | None = None) -> bool:
        return permissions.allows(self, permission, scope=scope)


def resolve_workspace(*, user, token: ApiToken | None, slug: str) -> WorkspaceContext:
    """The context for ``slug``; ``Http404`` unless the user is a member or the integration
    token belongs to that workspace."""
    if token is not None and token.kind == "integration":
        if token.workspace.slug != slug:
            raise Http404
        return WorkspaceContext(workspace=token.workspace, user=None, membership=None, token=token)
    if user is None or not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.select_related("workspace", "user").filter(workspace__slug=slug, user=user).first()
    )
    if membership is None:
        raise Http404
    return WorkspaceContext(workspace=membership.workspace, user=user, membership=membership, token=token)
