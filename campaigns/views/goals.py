"""The goal tree (goal -> campaigns -> KPIs, with progress) and goal forms."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from accounts import permissions as perms
from smm_platform.errors import AppError

from .. import figures, selectors, services
from ..forms import GoalForm
from ..models import BusinessGoal, Campaign
from ._common import VERDICT_STYLE, CampaignsSection


class GoalTreeView(CampaignsSection, TemplateView):
    """Goal -> campaigns -> KPIs, with progress toward each goal's target."""

    template_name = "campaigns/goal_tree.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        goals = list(selectors.goals_for(workspace=self.workspace).prefetch_related("campaigns__kpis"))
        found = figures.goal_figures(workspace=self.workspace, goals=goals)
        by_parent = defaultdict(list)
        for goal in goals:
            goal.figure = found[goal.pk]
            by_parent[goal.parent_id].append(goal)

        def tree(parent_id, depth=0):
            nodes = []
            for goal in by_parent.get(parent_id, []):
                nodes.append({"goal": goal, "depth": depth})
                nodes += tree(goal.pk, depth + 1)
            return nodes

        context.update(
            nodes=tree(None),
            verdict_style=VERDICT_STYLE,
            unassigned=Campaign.objects.for_workspace(self.workspace).filter(goal__isnull=True).count(),
        )
        return context


class GoalCreateView(CampaignsSection, FormView):
    permission = perms.EDIT
    form_class = GoalForm
    template_name = "campaigns/form_page.html"

    def form_valid(self, form):
        try:
            goal = services.goal_create(
                workspace=self.workspace, actor=self.request.user, **form.cleaned_data
            )
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Goal “%(name)s” saved.") % {"name": goal.name})
        return redirect(self.url("goals"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("New business goal"), back=self.url("goals"), **kwargs)


class GoalUpdateView(CampaignsSection, FormView):
    permission = perms.EDIT
    model = BusinessGoal
    form_class = GoalForm
    template_name = "campaigns/form_page.html"

    def get_object(self):
        return get_object_or_404(BusinessGoal.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def form_valid(self, form):
        goal = BusinessGoal.objects.for_workspace(self.workspace).get(pk=self.kwargs["pk"])
        try:
            services.goal_update(goal=goal, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("Goal “%(name)s” saved.") % {"name": goal.name})
        return redirect(self.url("goals"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit business goal"), back=self.url("goals"), **kwargs)
