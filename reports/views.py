"""Dashboard pages of reports: the workspace home, the run list with the new-run form, a run's
page (progress polled by htmx, downloads, checksum, failure and retry, comments, review), file
downloads for members, schedules and the one-click case deck."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts import permissions as perms
from accounts.views_base import WorkspaceViewMixin
from campaigns.models import Campaign
from smm_platform.errors import AppError
from smm_platform.files import private_file_response

from . import agenda, home, selectors, services
from .enums import CONTENT_TYPES
from .forms import CommentForm, RunForm, ScheduleForm
from .models import ReportFile, ReportRun, ReportSchedule


class HomeView(WorkspaceViewMixin, TemplateView):
    template_name = "reports/home.html"
    section = "home"

    def get_context_data(self, **kwargs):
        today = agenda.agenda(workspace=self.workspace, user=self.request.user, role=self.ctx.role)
        return super().get_context_data(
            summary=home.summary(self.workspace),
            agenda=today,
            agenda_empty=not any(lst.entries for lst in today),
            **kwargs,
        )


class RunListView(WorkspaceViewMixin, ListView):
    """The runs, newest first, and the form to queue a new one (POST)."""

    model = ReportRun
    template_name = "reports/index.html"
    section = "reports"
    paginate_by = 25
    context_object_name = "runs"

    def get_queryset(self):
        return selectors.run_list_light(workspace=self.workspace)

    def get_context_data(self, **kwargs):
        form = kwargs.pop("form", None) or RunForm(workspace=self.workspace)
        campaigns = Campaign.objects.for_workspace(self.workspace).order_by("name")
        return super().get_context_data(form=form, case_campaigns=campaigns, **kwargs)

    def post(self, request, *args, **kwargs):
        form = RunForm(request.POST, workspace=self.workspace)
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = services.run_request(
                    workspace=self.workspace,
                    actor=request.user,
                    kind=data["kind"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    formats=data["formats"],
                    campaign=data["campaign"],
                )
            except AppError as exc:
                for field, errors in exc.errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, str(error))
            else:
                messages.success(request, _("The report is queued."))
                return redirect("reports:run", workspace_slug=self.workspace.slug, pk=run.pk)
        self.object_list = self.get_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RunDetailView(WorkspaceViewMixin, DetailView):
    model = ReportRun
    template_name = "reports/run.html"
    section = "reports"
    context_object_name = "run"

    def get_queryset(self):
        return selectors.runs_for(workspace=self.workspace)

    def get_context_data(self, **kwargs):
        run = self.object
        return super().get_context_data(
            comments=selectors.comments_for(run=run),
            comment_form=CommentForm(),
            sections=run.snapshot.get("sections", []),
            **kwargs,
        )


class RunProgressView(RunDetailView):
    """The htmx partial polled every 2 s while the run is queued or running."""

    template_name = "reports/includes/progress.html"

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.object.is_finished and self.request.htmx:
            # The finished page shows downloads, snapshot and comments: reload it once.
            response["HX-Refresh"] = "true"
        return response

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "polling": True}


class RunActionView(WorkspaceViewMixin, View):
    """Base of the POST-only actions on one run."""

    model = ReportRun

    def get_run(self) -> ReportRun:
        return get_object_or_404(ReportRun.objects.for_workspace(self.workspace), pk=self.kwargs["pk"])

    def back(self, run) -> HttpResponseRedirect:
        return redirect("reports:run", workspace_slug=self.workspace.slug, pk=run.pk)


class RunRetryView(RunActionView):
    def post(self, request, *args, **kwargs):
        run = self.get_run()
        try:
            services.run_retry(run=run, actor=request.user)
            messages.success(request, _("The report is queued again."))
        except AppError as exc:
            messages.error(request, exc.message)
        return self.back(run)


class RunReviewView(RunActionView):
    write_permission = perms.APPROVE

    def post(self, request, *args, **kwargs):
        run = self.get_run()
        try:
            _run, changed = services.run_mark_reviewed(run=run, actor=request.user)
            messages.success(
                request, _("Marked reviewed.") if changed else _("The report was already reviewed.")
            )
        except AppError as exc:
            messages.error(request, exc.message)
        return self.back(run)


class RunCommentView(RunActionView):
    def post(self, request, *args, **kwargs):
        run = self.get_run()
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                services.comment_add(run=run, actor=request.user, text=form.cleaned_data["text"])
                messages.success(request, _("Comment added."))
            except AppError as exc:
                messages.error(request, exc.message)
        else:
            messages.error(request, _("Write a comment first."))
        return self.back(run)


class FileDownloadView(WorkspaceViewMixin, View):
    """Streams a run's file to members of its workspace (404 for everyone else)."""

    model = ReportFile

    def get(self, request, *args, **kwargs):
        report_file = get_object_or_404(ReportFile.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        response = private_file_response(
            report_file.file,
            filename=report_file.filename,
            content_type=CONTENT_TYPES.get(report_file.format),
        )
        response["X-Checksum-SHA256"] = report_file.sha256
        return response


class CaseDeckView(WorkspaceViewMixin, View):
    """One click: queue the PPTX case deck of the campaign posted in ``campaign``."""

    def post(self, request, *args, **kwargs):
        campaign = (
            Campaign.objects.for_workspace(self.workspace)
            .filter(pk=request.POST.get("campaign") or 0)
            .first()
        )
        if campaign is None:
            raise Http404
        try:
            run = services.case_deck_request(workspace=self.workspace, actor=request.user, campaign=campaign)
        except AppError as exc:
            messages.error(request, exc.message)
            return redirect("reports:index", workspace_slug=self.workspace.slug)
        messages.success(request, _("The case deck is queued."))
        return redirect("reports:run", workspace_slug=self.workspace.slug, pk=run.pk)


class ScheduleListView(WorkspaceViewMixin, FormView):
    template_name = "reports/schedules.html"
    section = "reports"
    form_class = ScheduleForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(schedules=selectors.schedules_for(workspace=self.workspace), **kwargs)

    def form_valid(self, form):
        try:
            services.schedule_create(workspace=self.workspace, actor=self.request.user, **form.cleaned_data)
        except AppError as exc:
            return self.app_error(exc, form)
        messages.success(self.request, _("The schedule is saved."))
        return redirect("reports:schedules", workspace_slug=self.workspace.slug)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ScheduleDeleteView(WorkspaceViewMixin, View):
    model = ReportSchedule

    def post(self, request, *args, **kwargs):
        schedule = get_object_or_404(ReportSchedule.objects.for_workspace(self.workspace), pk=kwargs["pk"])
        services.schedule_delete(schedule=schedule, actor=request.user)
        messages.success(request, _("The schedule is deleted."))
        return redirect(reverse("reports:schedules", kwargs={"workspace_slug": self.workspace.slug}))
