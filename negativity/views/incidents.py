"""Incidents (attacks and crises): the list, one incident with its mentions and timeline, its status."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from .. import selectors, services
from ..enums import Category, IncidentKind
from ..forms import IncidentStatusForm
from ..models import Incident
from ._common import InboxSection


class IncidentListView(InboxSection, TemplateView):
    template_name = "negativity/incidents.html"
    tab = "incidents"
    model = Incident

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(selectors.incidents_for(workspace=self.workspace), 30).get_page(
            self.request.GET.get("page")
        )
        context.update(page_obj=page, incidents=page.object_list)
        return context


class IncidentDetailView(InboxSection, TemplateView):
    template_name = "negativity/incident.html"
    tab = "incidents"
    model = Incident

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = get_object_or_404(selectors.incidents_for(workspace=self.workspace), pk=kwargs["pk"])
        mentions = Paginator(
            selectors.mentions_for(workspace=self.workspace)
            .filter(incident=incident)
            .order_by("published_at", "pk"),
            50,
        ).get_page(self.request.GET.get("page"))
        context.update(
            incident=incident,
            page_obj=mentions,
            mentions=mentions.object_list,
            timeline=selectors.incident_timeline(workspace=self.workspace, incident=incident),
            status_form=IncidentStatusForm(initial={"status": incident.status}),
        )
        context["playbooks"], context["other_playbooks"] = selectors.split_by_language(
            list(
                selectors.playbooks_for(
                    workspace=self.workspace,
                    category=Category.NATURAL if incident.kind == IncidentKind.CRISIS else Category.ORDERED,
                )
            ),
            selectors.playbook_languages(workspace=self.workspace),
        )
        return context


class IncidentStatusView(InboxSection, View):
    model = Incident

    def post(self, request, *args, **kwargs):
        incident = get_object_or_404(Incident.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        form = IncidentStatusForm(request.POST)
        if form.is_valid():
            services.incident_set_status(
                workspace=self.workspace,
                incident=incident,
                status=form.cleaned_data["status"],
                actor=request.user,
            )
            messages.success(request, _("Incident status changed."))
        return redirect(self.url("incident", pk=incident.pk))
