"""Writes and rules of reports: request a run, generate it (workers only), retry, review,
comment, schedule, email.

Generation steps (``run_generate``): 1. claim the run with a conditional UPDATE (queued, or running
with a stale heartbeat after a worker died); 2. compute the snapshot once (aggregates in SQL via
the section providers) unless an earlier attempt stored it; 3. render every format from the
snapshot and upsert its file by (run, format); 4. mark the run done. Each step beats the heartbeat
and moves the progress bar; an error marks the run failed with its reason.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.emails import header_safe
from accounts.services import audit_record
from smm_platform import formatting
from smm_platform.celery import enqueue_on_commit
from smm_platform.errors import AppError, Conflict
from smm_platform.events import emit

from . import rules
from .enums import CONTENT_TYPES, Frequency, ReportFormat, ReportKind, RunStatus
from .models import ReportComment, ReportFile, ReportRun, ReportSchedule, report_file_path
from .renderers import render
from .sections import ReportContext, compute_sections

logger = logging.getLogger(__name__)

SNAPSHOT_PROGRESS = 30
DONE_PROGRESS = 100


def _validated(instance) -> None:
    from django.core.exceptions import ValidationError

    from smm_platform.errors import django_validation_errors

    try:
        instance.full_clean()
    except ValidationError as exc:
        raise AppError(_("The report cannot be created."), errors=django_validation_errors(exc)) from exc


def _ordered_formats(formats) -> list[str]:
    chosen = list(dict.fromkeys(formats or []))
    return [f for f in ReportFormat.values if f in chosen] + [
        f for f in chosen if f not in ReportFormat.values
    ]


# --- requesting -------------------------------------------------------------------------------


def run_request(
    *,
    workspace,
    actor,
    kind: str,
    period_start: date,
    period_end: date,
    formats: list[str],
    campaign=None,
    schedule: ReportSchedule | None = None,
    language: str | None = None,
    token=None,
) -> ReportRun:
    """Queue a report run; a worker generates it after the transaction commits."""
    if campaign is not None and campaign.workspace_id != workspace.pk:
        raise AppError(_("The report cannot be created."), errors={"campaign": [_("Unknown campaign.")]})
    run = ReportRun(
        workspace=workspace,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        formats=_ordered_formats(formats),
        campaign=campaign,
        schedule=schedule,
        language=language or getattr(actor, "language", "") or translation.get_language() or "ru",
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    _validated(run)
    with transaction.atomic():
        run.save()
        audit_record(
            workspace=workspace,
            actor=actor,
            token=token,
            action="report.requested",
            target=run,
            changes={"kind": kind, "formats": run.formats, "period": [str(period_start), str(period_end)]},
        )
    from .tasks import generate_run

    enqueue_on_commit(generate_run, run_id=run.pk)
    return run


def case_deck_request(*, workspace, actor, campaign) -> ReportRun:
    """One click: a PPTX "case" deck of a campaign that met its goals, over its whole period."""
    from campaigns import figures
    from campaigns.models import KPI

    end = min(campaign.ends_on, timezone.localdate())
    if end < campaign.starts_on:
        raise AppError(_("The campaign has not started yet."))
    # the figures the deck itself shows (campaigns.figures: CRM conversions are the truth for
    # leads and sales where the campaign has any), so the gate and the deck cannot disagree
    results = figures.Results.total(
        figures.period_results(
            workspace=workspace, start=campaign.starts_on, end=end, campaign=campaign
        ).values()
    )
    kpis = []
    for k in KPI.objects.for_workspace(workspace).filter(campaign=campaign):
        actual = results.value(k.metric)
        kpis.append((k.metric, None if actual is None else float(actual), float(k.target_value)))
    if not rules.campaign_met_goals(kpis, campaign.alignment_verdict):
        raise AppError(
            _("Only a campaign that met its goals becomes a case: some KPI targets are not reached yet."),
            errors={"campaign": [_("The campaign has not met its goals.")]},
        )
    return run_request(
        workspace=workspace,
        actor=actor,
        kind=ReportKind.CASE,
        period_start=campaign.starts_on,
        period_end=end,
        formats=[ReportFormat.PPTX],
        campaign=campaign,
    )


def run_retry(*, run: ReportRun, actor) -> ReportRun:
    """Queue a failed run again (its partial files and snapshot are kept and reused)."""
    with transaction.atomic():
        changed = ReportRun.objects.filter(pk=run.pk, status=RunStatus.FAILED).update(
            status=RunStatus.QUEUED, error="", progress=0
        )
        if not changed:
            raise Conflict(_("Only a failed report can be retried."))
        audit_record(workspace=run.workspace, actor=actor, action="report.retried", target=run)
    from .tasks import generate_run

    enqueue_on_commit(generate_run, run_id=run.pk)
    run.refresh_from_db()
    return run


def run_mark_reviewed(*, run: ReportRun, actor) -> tuple[ReportRun, bool]:
    """A manager marks a finished run reviewed; ``(run, False)`` when it already was."""
    if run.status != RunStatus.DONE:
        raise Conflict(_("Only a finished report can be marked reviewed."))
    with transaction.atomic():
        changed = ReportRun.objects.filter(pk=run.pk, reviewed_at__isnull=True).update(
            reviewed_by=actor, reviewed_at=timezone.now()
        )
        if changed:
            audit_record(workspace=run.workspace, actor=actor, action="report.reviewed", target=run)
    run.refresh_from_db()
    return run, bool(changed)


def comment_add(*, run: ReportRun, actor, text: str) -> ReportComment:
    comment = ReportComment(workspace=run.workspace, run=run, author=actor, text=(text or "").strip())
    if not comment.text:
        raise AppError(_("Write a comment first."), errors={"text": [_("This field is required.")]})
    _validated(comment)
    with transaction.atomic():
        comment.save()
        audit_record(workspace=run.workspace, actor=actor, action="report.commented", target=run)
    return comment


# --- generating (workers only) ----------------------------------------------------------------


def run_claim(*, run_id: int) -> bool:
    """Take the run for this worker: queued, or running whose worker stopped beating (died).
    One conditional UPDATE, so two workers never generate the same run at once."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)
    return bool(
        ReportRun.objects.filter(pk=run_id)
        .filter(Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, heartbeat_at__lt=stale))
        .update(status=RunStatus.RUNNING, heartbeat_at=now, started_at=now, attempts=F("attempts") + 1)
    )


def _beat(run: ReportRun, progress: int) -> None:
    run.progress = progress
    ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
        progress=progress, heartbeat_at=timezone.now()
    )
    pause = settings.REPORTS_STEP_PAUSE_SECONDS
    if pause:
        time.sleep(pause)


def snapshot_checksum(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def snapshot_compute(run: ReportRun) -> dict:
    """The run's numbers: every section of its kind, in the run's language."""
    if run.kind in (ReportKind.CAMPAIGN, ReportKind.CASE) and run.campaign is None:
        with translation.override(run.language):
            raise AppError(_("The campaign of this report was deleted."))
    with translation.override(run.language):
        ctx = ReportContext(
            workspace=run.workspace,
            period_start=run.period_start,
            period_end=run.period_end,
            campaign=run.campaign,
        )
        sections = compute_sections(run.kind, ctx)
        title = run.get_kind_display()
        if run.campaign is not None:
            title = f"{title}: {run.campaign.name}"
        now = timezone.now()
        return {
            "meta": {
                "title": str(title),
                "kind": run.kind,
                "workspace": run.workspace.name,
                "campaign": run.campaign.name if run.campaign else None,
                "period_start": run.period_start.isoformat(),
                "period_end": run.period_end.isoformat(),
                "period_label": _("Period: %(start)s – %(end)s")
                % {
                    "start": formatting.format_date(run.period_start),
                    "end": formatting.format_date(run.period_end),
                },
                "generated_at": now.isoformat(),
                "generated_label": _("Generated %(when)s") % {"when": formatting.format_datetime(now)},
                "summary_label": pgettext("report section", "Summary"),
                "language": run.language,
            },
            "sections": sections,
        }


def _store_file(run: ReportRun, fmt: str, content: bytes) -> ReportFile:
    """Write the file under its fixed name and upsert its row by (run, format)."""
    existing = ReportFile.objects.filter(run=run, format=fmt).first()
    probe = ReportFile(workspace_id=run.workspace_id, run=run, format=fmt)
    name = report_file_path(probe, probe.filename)
    if default_storage.exists(name):
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(content))
    values = {"file": stored, "size": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    if existing is not None:
        ReportFile.objects.filter(pk=existing.pk).update(**values)
        existing.refresh_from_db()
        return existing
    report_file, _created = ReportFile.objects.update_or_create(
        run=run, format=fmt, defaults={**values, "workspace_id": run.workspace_id}
    )
    return report_file


def run_generate(*, run_id: int) -> str:
    """Generate the run if this worker can claim it; returns what happened (for logs and tests)."""
    if not run_claim(run_id=run_id):
        status = ReportRun.objects.filter(pk=run_id).values_list("status", flat=True).first()
        logger.info("report run %s not claimed (status %s)", run_id, status)
        return "skipped"
    run = ReportRun.objects.select_related("workspace", "campaign").get(pk=run_id)
    try:
        if not run.snapshot:
            snapshot = snapshot_compute(run)
            run.snapshot, run.snapshot_sha256 = snapshot, snapshot_checksum(snapshot)
            ReportRun.objects.filter(pk=run.pk).update(snapshot=snapshot, snapshot_sha256=run.snapshot_sha256)
        _beat(run, SNAPSHOT_PROGRESS)
        done_formats = set(ReportFile.objects.filter(run=run).values_list("format", flat=True))
        step = (95 - SNAPSHOT_PROGRESS) / max(len(run.formats), 1)
        for i, fmt in enumerate(run.formats, start=1):
            if fmt not in done_formats:
                _store_file(run, fmt, render(fmt, run.snapshot))
            _beat(run, int(SNAPSHOT_PROGRESS + step * i))
    except Exception as exc:  # a failed run shows its reason and can be retried
        logger.exception("report run %s failed", run_id)
        reason = f"{type(exc).__name__}: {exc}"[:2000]
        with transaction.atomic():
            ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
                status=RunStatus.FAILED, error=reason, finished_at=timezone.now()
            )
            audit_record(
                workspace=run.workspace,
                actor=None,
                action="report.failed",
                target=run,
                changes={"error": reason},
            )
        return "failed"
    with transaction.atomic():
        finished = ReportRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).update(
            status=RunStatus.DONE,
            progress=DONE_PROGRESS,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
        )
        if finished:
            audit_record(workspace=run.workspace, actor=None, action="report.completed", target=run)
            emit(
                workspace=run.workspace,
                event="report.completed",
                payload={"id": run.pk, "kind": run.kind, "formats": run.formats},
            )
            if run.schedule_id:
                from .tasks import email_run

                enqueue_on_commit(email_run, run_id=run.pk)
    return "done" if finished else "skipped"


def runs_reclaim(*, now=None) -> list[int]:
    """Queue again the runs whose worker died (stale heartbeat) or whose message was lost (queued
    for longer than the stale period). The claim decides who actually works on them."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=settings.REPORTS_STALE_AFTER_SECONDS)
    ids = list(
        ReportRun.objects.filter(
            Q(status=RunStatus.RUNNING, heartbeat_at__lt=stale)
            | Q(status=RunStatus.QUEUED, created_at__lt=stale)
        ).values_list("pk", flat=True)
    )
    from .tasks import generate_run

    for run_id in ids:
        enqueue_on_commit(generate_run, run_id=run_id)
    return ids


# --- schedules and email ----------------------------------------------------------------------


def _crontab(frequency: str):
    from django_celery_beat.models import CrontabSchedule

    fields = {"minute": "0", "hour": "7", "month_of_year": "*", "timezone": settings.TIME_ZONE}
    if frequency == Frequency.WEEKLY:
        fields.update(day_of_week="1", day_of_month="*")
    else:
        fields.update(day_of_week="*", day_of_month="1")
    schedule, _created = CrontabSchedule.objects.get_or_create(**fields)
    return schedule


def schedule_create(
    *,
    workspace,
    actor,
    name: str,
    kind: str,
    frequency: str,
    formats: list[str],
    recipients: list[str],
    campaign=None,
) -> ReportSchedule:
    """A weekly (Mondays 07:00) or monthly (the 1st, 07:00) report emailed to ``recipients``."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django_celery_beat.models import PeriodicTask

    bad = []
    for email in recipients:
        try:
            validate_email(email)
        except ValidationError:
            bad.append(email)
    if not recipients or bad:
        raise AppError(
            _("Check the recipients."),
            errors={
                "recipients": [_("Enter valid email addresses: %(bad)s") % {"bad": ", ".join(bad) or "—"}]
            },
        )
    schedule = ReportSchedule(
        workspace=workspace,
        name=name.strip(),
        kind=kind,
        frequency=frequency,
        formats=_ordered_formats(formats),
        recipients=list(dict.fromkeys(r.strip().lower() for r in recipients)),
        campaign=campaign,
        language=getattr(actor, "language", "") or "ru",
        created_by=actor,
    )
    _validated(schedule)
    probe = ReportRun(
        workspace=workspace,
        kind=kind,
        period_start=timezone.localdate(),
        period_end=timezone.localdate(),
        formats=schedule.formats,
        campaign=campaign,
    )
    _validated(probe)
    with transaction.atomic():
        schedule.save()
        schedule.periodic_task = PeriodicTask.objects.create(
            name=f"reports: schedule {schedule.pk} ({workspace.slug})",
            task="reports.run_schedule",
            crontab=_crontab(frequency),
            kwargs=json.dumps({"schedule_id": schedule.pk}),
        )
        schedule.save(update_fields=["periodic_task"])
        audit_record(workspace=workspace, actor=actor, action="report_schedule.created", target=schedule)
    return schedule


def schedule_delete(*, schedule: ReportSchedule, actor) -> None:
    with transaction.atomic():
        audit_record(
            workspace=schedule.workspace, actor=actor, action="report_schedule.deleted", target=schedule
        )
        if schedule.periodic_task_id:
            schedule.periodic_task.delete()
        schedule.delete()


def schedule_fire(*, schedule_id: int, today: date | None = None) -> ReportRun | None:
    """Queue the scheduled report for the week or month that just ended."""
    schedule = ReportSchedule.objects.select_related("workspace", "campaign").filter(pk=schedule_id).first()
    if schedule is None or not schedule.is_active:
        return None
    start, end = rules.previous_period(schedule.frequency, today or timezone.localdate())
    return run_request(
        workspace=schedule.workspace,
        actor=None,
        kind=schedule.kind,
        period_start=start,
        period_end=end,
        formats=schedule.formats,
        campaign=schedule.campaign,
        schedule=schedule,
        language=schedule.language,
    )


def run_email(*, run_id: int) -> int:
    """Email a finished scheduled run's files to the schedule's recipients; returns mails sent."""
    run = ReportRun.objects.select_related("schedule", "workspace").filter(pk=run_id).first()
    if run is None or run.status != RunStatus.DONE or run.schedule is None or not run.schedule.recipients:
        return 0
    with translation.override(run.language):
        message = EmailMessage(
            subject=header_safe(
                _("%(title)s — %(workspace)s")
                % {"title": run.snapshot.get("meta", {}).get("title", ""), "workspace": run.workspace.name}
            ),
            body=_("The scheduled report is attached. Period: %(start)s – %(end)s.")
            % {
                "start": formatting.format_date(run.period_start),
                "end": formatting.format_date(run.period_end),
            },
            to=run.schedule.recipients,
        )
        for report_file in run.files.all():
            with report_file.file.open("rb") as handle:
                message.attach(report_file.filename, handle.read(), CONTENT_TYPES.get(report_file.format))
        return message.send()
