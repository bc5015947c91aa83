"""The API half of the tenancy mechanism: every workspace endpoint derives from these.

URLs carry ``workspace_slug``; ``WorkspaceAccess`` resolves it for the caller (404 for a stranger)
and checks the role or token scope; ``WorkspaceViewSet.get_queryset()`` scopes the viewset's
``queryset`` with ``for_workspace()``; ``WorkspaceRelatedField`` accepts only ids of the caller's
workspace, so a foreign id is "does not exist", never a cross-workspace link;
``accounts.filtering.WorkspaceFilterBackend`` does the same for foreign-key query filters.
"""

from __future__ import annotations

from functools import cached_property

from django.urls import NoReverseMatch, reverse
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from . import permissions as perms
from .tenancy import WorkspaceContext, resolve_workspace


class WorkspaceAccess(BasePermission):
    """Members (by role) and integration tokens of this workspace (by scope) only."""

    def has_permission(self, request, view) -> bool:
        ctx: WorkspaceContext = view.workspace_context
        return ctx.allows(view.get_required_permission(), scope=view.get_required_scope())


class WorkspaceAPIMixin:
    """Resolves the workspace of the URL and decides which permission and scope an action needs.

    * ``permission_by_action``: e.g. ``{"approve": perms.APPROVE}``; otherwise reading needs
      ``view`` and writing needs ``edit``.
    * ``token_scope``: the scope an integration token needs to write here (e.g. "metrics:write").
    """

    permission_classes = [IsAuthenticated, WorkspaceAccess]
    permission_by_action: dict[str, str] = {}
    token_scope: str | None = None

    @cached_property
    def workspace_context(self) -> WorkspaceContext:
        request = self.request
        token = request.auth if hasattr(request.auth, "kind") else None
        user = request.user if getattr(request.user, "is_authenticated", False) else None
        ctx = resolve_workspace(user=user, token=token, slug=self.kwargs["workspace_slug"])
        request.workspace = ctx.workspace
        return ctx

    @property
    def workspace(self):
        return self.workspace_context.workspace

    def get_required_permission(self) -> str:
        action = getattr(self, "action", None)
        if action in self.permission_by_action:
            return self.permission_by_action[action]
        return perms.VIEW if self.request.method in SAFE_METHODS else perms.EDIT

    def get_required_scope(self) -> str | None:
        return "read" if self.request.method in SAFE_METHODS else self.token_scope

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if "workspace_slug" in self.kwargs and getattr(self, "request", None) is not None:
            try:
                context["workspace"] = self.workspace
            except Exception:
                context["workspace"] = None
        return context

    @property
    def actor(self):
        """The user to credit in the audit log (None for integration tokens)."""
        return self.workspace_context.actor

    @property
    def token(self):
        return self.workspace_context.token


class WorkspaceViewSet(WorkspaceAPIMixin, viewsets.GenericViewSet):
    """Base viewset: ``queryset`` is declared unscoped and always served scoped."""

    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return super().get_queryset().none()
        return super().get_queryset().for_workspace(self.workspace)

    def get_success_headers(self, data):
        """``Location`` of a created object is its own API URL (DRF would use a ``url`` field,
        which for a webhook is the subscriber's address)."""
        pk = data.get("id") if isinstance(data, dict) else None
        if pk is None or not getattr(self, "basename", None):
            return {}
        try:
            path = reverse(
                f"api:{self.basename}-detail",
                kwargs={"workspace_slug": self.kwargs["workspace_slug"], "pk": pk},
            )
        except (NoReverseMatch, KeyError):
            return {}
        return {"Location": self.request.build_absolute_uri(path)}


class WorkspaceReadOnlyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    pass


class WorkspaceRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary-key field limited to objects of the request's workspace."""

    def get_queryset(self):
        queryset = super().get_queryset()
        workspace = self.context.get("workspace")
        if workspace is None:
            return queryset.none()
        return queryset.for_workspace(workspace)
