"""What the campaigns pages share: the section mixin and the verdict colours."""

from __future__ import annotations

from django.urls import reverse

from accounts.views_base import WorkspaceViewMixin

from ..enums import Verdict

VERDICT_STYLE = {
    Verdict.ALIGNED: "success",
    Verdict.AT_RISK: "warning",
    Verdict.MISALIGNED: "danger",
    Verdict.INSUFFICIENT_DATA: "secondary",
}


class CampaignsSection(WorkspaceViewMixin):
    section = "campaigns"

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"campaigns:{name}", kwargs={"workspace_slug": self.workspace.slug, **kwargs})
