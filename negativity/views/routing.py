"""Routing rules: the list with the routing log, and one rule's edit page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import selectors, services
from ..forms import RoutingRuleForm
from ..models import RoutingRule
from ._common import InboxSection


def _save_rule(view, form: RoutingRuleForm, *, rule: RoutingRule | None = None) -> HttpResponse:
    """Save the posted rule (a new one when `rule` is None) and go back to the list.

    A form that does not validate, or a rule the service refuses, is shown again on the same page
    with the service's reasons as the form's own errors.
    """
    if form.is_valid():
        try:
            services.routing_rule_save(
                workspace=view.workspace, rule=rule, actor=view.request.user, **form.to_rule()
            )
        except AppError as exc:
            for errs in exc.errors.values():
                for e in errs:
                    form.add_error(None, str(e))
        else:
            messages.success(view.request, _("Routing rule saved."))
            return redirect(view.url("rules"))
    return view.render_to_response(view.get_context_data(form=form))


class RoutingRuleListView(InboxSection, TemplateView):
    template_name = "negativity/rules.html"
    tab = "rules"
    model = RoutingRule
    write_permission = perms.APPROVE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = selectors.members_for(workspace=self.workspace)
        context.setdefault("form", RoutingRuleForm(members=members))
        context.update(
            rules=list(selectors.routing_rules_for(workspace=self.workspace)),
            log=selectors.routing_log_for(workspace=self.workspace),
            member_names={str(u.pk): u.display_name for u in members},
        )
        return context

    def post(self, request, *args, **kwargs):
        members = selectors.members_for(workspace=self.workspace)
        return _save_rule(self, RoutingRuleForm(request.POST, members=members))


class RoutingRuleEditView(InboxSection, TemplateView):
    template_name = "negativity/rule_edit.html"
    tab = "rules"
    model = RoutingRule
    write_permission = perms.APPROVE

    def get_object(self) -> RoutingRule:
        return get_object_or_404(RoutingRule.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = self.get_object()
        context.setdefault(
            "form",
            RoutingRuleForm(
                initial=RoutingRuleForm.initial_from(rule),
                members=selectors.members_for(workspace=self.workspace),
            ),
        )
        context["rule"] = rule
        return context

    def post(self, request, *args, **kwargs):
        rule = self.get_object()
        if request.POST.get("delete"):
            services.routing_rule_delete(workspace=self.workspace, rule=rule, actor=request.user)
            messages.success(request, _("Routing rule deleted."))
            return redirect(self.url("rules"))
        form = RoutingRuleForm(request.POST, members=selectors.members_for(workspace=self.workspace))
        return _save_rule(self, form, rule=rule)
