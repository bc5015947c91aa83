"""Shared pieces of the planning pages: the POST-one-service action view."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError


class ActionView(WorkspaceViewMixin, View):
    """A POST that calls one service and returns to ``next`` (or the object's page) with a note."""

    http_method_names = ["post"]
    model = None

    def get_object(self):
        return get_object_or_404(self.model.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def back(self, fallback: str):
        target = self.request.POST.get("next") or fallback
        if not target.startswith("/") or target.startswith("//"):
            target = fallback
        return redirect(target)

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        try:
            note = self.act(obj)
        except AppError as exc:
            messages.error(
                request,
                exc.message
                + (
                    " " + ", ".join(map(str, _flatten(exc.errors)))
                    if exc.errors and "acknowledge_flags" not in exc.errors  # codes: the message names them
                    else ""
                ),
            )
        else:
            if note:
                messages.success(request, note)
        return self.back(self.fallback(obj))

    def svc(self, **kwargs):
        return {"actor": self.request.user, **kwargs}


def _flatten(errors: dict) -> list:
    out = []
    for value in errors.values():
        out += value if isinstance(value, list) else [value]
    return out
