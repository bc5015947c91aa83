"""Playbooks (response templates) and the SLA policies shown beside them."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import selectors, services
from ..forms import ResponseTemplateForm
from ..models import Mention, ResponseTemplate
from ._common import InboxSection


class PlaybookListView(InboxSection, TemplateView):
    template_name = "negativity/playbooks.html"
    tab = "playbooks"
    model = ResponseTemplate

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ResponseTemplateForm(workspace=self.workspace))
        context["playbooks"], context["other_playbooks"] = selectors.split_by_language(
            list(selectors.playbooks_for(workspace=self.workspace)),
            selectors.playbook_languages(workspace=self.workspace),
        )
        context["sla_policies"] = list(selectors.sla_policies_for(workspace=self.workspace))
        return context

    def post(self, request, *args, **kwargs):
        form = ResponseTemplateForm(request.POST)
        if form.is_valid():
            try:
                services.response_template_save(
                    workspace=self.workspace, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Playbook saved."))
                return redirect(self.url("playbooks"))
            except AppError as exc:
                for field, errs in exc.errors.items():
                    for e in errs if isinstance(errs, list) else [errs]:
                        form.add_error(field if field in form.fields else None, str(e))
        return self.render_to_response(self.get_context_data(form=form))


class PlaybookEditView(InboxSection, TemplateView):
    template_name = "negativity/playbook_edit.html"
    tab = "playbooks"
    model = ResponseTemplate

    def get_object(self) -> ResponseTemplate:
        return get_object_or_404(ResponseTemplate.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        playbook = self.get_object()
        context.setdefault("form", ResponseTemplateForm(instance=playbook))
        context["playbook"] = playbook
        return context

    def post(self, request, *args, **kwargs):
        playbook = self.get_object()
        if request.POST.get("delete"):
            services.response_template_delete(workspace=self.workspace, template=playbook, actor=request.user)
            messages.success(request, _("Playbook deleted."))
            return redirect(self.url("playbooks"))
        form = ResponseTemplateForm(request.POST, instance=ResponseTemplate.objects.get(pk=playbook.pk))
        if form.is_valid():
            try:
                services.response_template_save(
                    workspace=self.workspace, template=playbook, actor=request.user, **form.cleaned_data
                )
                messages.success(request, _("Playbook saved."))
                return redirect(self.url("playbooks"))
            except AppError as exc:
                form.add_error(None, exc.message)
        return self.render_to_response(self.get_context_data(form=form))


class SlaView(InboxSection, View):
    model = Mention
    write_permission = perms.APPROVE

    def post(self, request, *args, **kwargs):
        minutes = {}
        for key, value in request.POST.items():
            if key.startswith("sla-") and key[4:].isdigit() and value.strip().isdigit() and int(value) > 0:
                minutes[int(key[4:])] = int(value)
        changed = services.sla_policies_save(workspace=self.workspace, minutes=minutes, actor=request.user)
        messages.success(request, _("%(n)s SLA policies changed.") % {"n": changed})
        return redirect(self.url("playbooks"))
