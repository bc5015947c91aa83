"""Reads of reports, always scoped to a workspace, with a constant number of queries."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from .models import ReportComment, ReportFile, ReportRun, ReportSchedule


def runs_for(*, workspace) -> QuerySet[ReportRun]:
    """Runs newest first with requester, campaign, files and the comment count (3 queries)."""
    return (
        ReportRun.objects.for_workspace(workspace)
        .select_related("requested_by", "reviewed_by", "campaign")
        .prefetch_related(Prefetch("files", queryset=ReportFile.objects.order_by("format")))
        .annotate(comment_count=Count("comments", distinct=True))
        .order_by("-created_at", "-id")
    )


def run_list_light(*, workspace) -> QuerySet[ReportRun]:
    """The run list without the (possibly large) snapshot column."""
    return runs_for(workspace=workspace).defer("snapshot")


def comments_for(*, run: ReportRun) -> QuerySet[ReportComment]:
    return ReportComment.objects.for_workspace(run.workspace_id).filter(run=run).select_related("author")


def files_for(*, workspace) -> QuerySet[ReportFile]:
    return ReportFile.objects.for_workspace(workspace).select_related("run")


def schedules_for(*, workspace) -> QuerySet[ReportSchedule]:
    return ReportSchedule.objects.for_workspace(workspace).select_related("campaign").order_by("name", "id")
