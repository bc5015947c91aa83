"""The template library and starting a campaign from a template."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import figures, selectors, services
from ..forms import TemplateStartForm
from ..models import CampaignTemplate
from ._common import CampaignsSection


class TemplateLibraryView(CampaignsSection, ListView):
    model = CampaignTemplate
    template_name = "campaigns/template_library.html"
    context_object_name = "templates"
    paginate_by = 24

    def get_queryset(self):
        return selectors.templates_with_performance(workspace=self.workspace).order_by("name", "id")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = figures.template_results(workspace=self.workspace, templates=context["templates"])
        for template in context["templates"]:
            template.results = found[template.pk]
        return context


class TemplateStartView(CampaignsSection, FormView):
    permission = perms.EDIT
    model = CampaignTemplate
    form_class = TemplateStartForm
    template_name = "campaigns/template_start.html"

    def get_object(self):
        return get_object_or_404(CampaignTemplate.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_initial(self):
        template = self.get_object()
        return {"name": template.name, "starts_on": timezone.localdate(), "budget": template.budget}

    def form_valid(self, form):
        try:
            campaign, plan = services.template_instantiate(
                template=self.get_object(), actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(
            self.request,
            _("Campaign started from the template with %(n)s plan entries shifted to the new dates.")
            % {"n": len(plan)},
        )
        return redirect(self.url("detail", pk=campaign.pk))

    def get_context_data(self, **kwargs):
        return super().get_context_data(template=self.get_object(), **kwargs)
