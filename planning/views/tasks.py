"""The kanban board: tasks, their status and milestones."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.views_base import WorkspaceViewMixin
from smm_platform.errors import AppError

from .. import selectors, services, workflow
from ..enums import TaskStatus
from ..forms import MilestoneForm, TaskForm
from ..models import Task
from .common import ActionView


# --- kanban board -------------------------------------------------------------------------------
class BoardView(WorkspaceViewMixin, TemplateView):
    template_name = "planning/board.html"
    section = "calendar"
    model = Task

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tasks = selectors.tasks_for(workspace=self.workspace)
        campaign = self.request.GET.get("campaign")
        if campaign and campaign.isdigit():
            tasks = tasks.filter(campaign_id=int(campaign))
        columns = {s: [] for s in workflow.TASK_STATUSES}
        for task in tasks:
            columns[task.status].append(task)
        context.update(
            columns=[(s, TaskStatus(s).label, columns[s]) for s in workflow.TASK_STATUSES],
            statuses=TaskStatus.choices,
            progress=selectors.campaign_progress(workspace=self.workspace),
            milestones=self.workspace and selectors.milestones_for(workspace=self.workspace),
            task_form=TaskForm(workspace=self.workspace),
            milestone_form=MilestoneForm(workspace=self.workspace),
            today=timezone.localdate(),
        )
        return context


class TaskCreateView(WorkspaceViewMixin, View):
    http_method_names = ["post"]
    model = Task

    def post(self, request, *args, **kwargs):
        form = TaskForm(request.POST, workspace=self.workspace)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.task_create(
                    workspace=self.workspace,
                    actor=request.user,
                    depends_on=list(data.pop("depends_on")),
                    **data,
                )
                messages.success(request, _("Task created."))
            except AppError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(
                request,
                "; ".join(
                    f"{form.fields[k].label if k in form.fields else ''}: {' '.join(v)}"
                    for k, v in form.errors.items()
                ),
            )
        return redirect("planning:board", workspace_slug=self.workspace.slug)


class MilestoneCreateView(WorkspaceViewMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = MilestoneForm(request.POST, workspace=self.workspace)
        if form.is_valid():
            services.milestone_create(workspace=self.workspace, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Milestone added."))
        else:
            messages.error(request, _("The request is invalid."))
        return redirect("planning:board", workspace_slug=self.workspace.slug)


class TaskStatusView(ActionView):
    """Move a task on the board (``services.task_move``). The card's "Move to" form posts here
    without JavaScript and returns to the board with a note; a drop of a dragged card posts
    here asking for JSON (``Accept: application/json``) and gets the new status or the error
    with its 4xx status. Another workspace's task is 404, a viewer 403 (the mixin)."""

    model = Task

    def post(self, request, *args, **kwargs):
        if "application/json" not in request.headers.get("Accept", ""):
            return super().post(request, *args, **kwargs)
        task = self.get_object()
        try:
            task = services.task_move(task=task, status=request.POST.get("status", ""), **self.svc())
        except AppError as exc:
            return JsonResponse({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
        return JsonResponse({"id": task.pk, "status": task.status, "status_label": task.get_status_display()})

    def act(self, task):
        services.task_move(task=task, status=self.request.POST.get("status", ""), **self.svc())
        return _("Task moved.")

    def fallback(self, task):
        return reverse("planning:board", kwargs={"workspace_slug": self.workspace.slug})
