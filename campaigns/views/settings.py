"""Thresholds of the alignment engine."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import selectors, services
from ..forms import AlignmentSettingsForm
from ._common import CampaignsSection


class AlignmentSettingsView(CampaignsSection, FormView):
    """Thresholds of the alignment engine; managers change them."""

    form_class = AlignmentSettingsForm
    template_name = "campaigns/form_page.html"
    write_permission = perms.APPROVE

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": selectors.alignment_settings_for(workspace=self.workspace),
        }

    def form_valid(self, form):
        try:
            services.alignment_settings_update(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Thresholds saved; running campaigns will be re-checked."))
        return redirect(self.url("alignment-settings"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Alignment thresholds"),
            back=self.url("index"),
            readonly=not self.ctx.allows(perms.APPROVE),
            **kwargs,
        )
