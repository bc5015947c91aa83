"""The API's filter backend: part of the tenancy mechanism (see ``accounts.tenancy``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_filters.filters import ModelChoiceFilter, ModelMultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend

from .tenancy import WorkspaceScopedModel


class WorkspaceFilterBackend(DjangoFilterBackend):
    """Query-string filters on a foreign key (``?goal=``, ``?campaign=``, ``?assignee=``) accept
    only objects of the request's workspace (and only its members for users): another
    workspace's id answers exactly like an id that does not exist, so filters reveal nothing."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        workspace = getattr(request, "workspace", None) if "workspace_slug" in view.kwargs else None
        if filterset is None or workspace is None:
            return filterset
        for flt in filterset.filters.values():
            if not isinstance(flt, ModelChoiceFilter | ModelMultipleChoiceFilter):
                continue
            choices = flt.get_queryset(request)
            model = getattr(choices, "model", None)
            if model is not None and issubclass(model, WorkspaceScopedModel):
                flt.queryset = choices.for_workspace(workspace)
            elif model is not None and issubclass(model, get_user_model()):
                flt.queryset = choices.filter(memberships__workspace=workspace)
        return filterset
