"""What the negativity pages share: the section mixin that names the tab and builds URLs."""

from __future__ import annotations

from django.urls import reverse

from accounts.views_base import WorkspaceViewMixin


class InboxSection(WorkspaceViewMixin):
    section = "inbox"
    tab = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"negativity:{name}", kwargs={"workspace_slug": self.workspace.slug, **kwargs})
