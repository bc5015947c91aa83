"""Report runs (an immutable snapshot of numbers plus the files rendered from it), their files,
managers' comments, and schedules that queue runs weekly or monthly and email the files.

A run moves queued -> running -> done | failed. Only a Celery worker computes it (claimed with a
conditional UPDATE, see ``services.run_claim``); once done its ``snapshot`` and files never change
(``snapshot_sha256`` and each file's ``sha256`` let anyone check that).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.tenancy import WorkspaceScopedModel
from smm_platform.formatting import format_date

from .enums import Frequency, ReportFormat, ReportKind, RunStatus


def report_file_path(instance: ReportFile, filename: str) -> str:
    return f"reports/{instance.workspace_id}/{instance.run_id}/{filename}"


class ReportSchedule(WorkspaceScopedModel):
    """Queue a report every week or month for the period just ended and email it to recipients.
    ``periodic_task`` is the django-celery-beat entry that fires ``reports.run_schedule``."""

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    formats = models.JSONField(_("formats"), default=list)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipients = models.JSONField(_("recipients"), default=list)
    language = models.CharField(_("language"), max_length=8, default="ru")
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")

    def __str__(self) -> str:
        return self.name


class ReportRun(WorkspaceScopedModel):
    """One report for one period in the chosen formats, computed once by a worker."""

    #: Choices of list fields, for the audit log's labels (``AuditLog.readable_changes``).
    AUDIT_CHOICES = {"formats": ReportFormat.choices}

    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    formats = models.JSONField(_("formats"), default=list)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=8, default="ru")
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    error = models.TextField(_("failure reason"), blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    snapshot_sha256 = models.CharField(_("snapshot checksum"), max_length=64, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    schedule = models.ForeignKey(
        ReportSchedule, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="report_run_period_ordered"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_max_100"),
        ]
        indexes = [models.Index(fields=["workspace", "status"], name="report_run_ws_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {format_date(self.period_start)}–{format_date(self.period_end)}"

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The end of the period must not be before its start.")
        bad = [f for f in self.formats or [] if f not in ReportFormat.values]
        if not isinstance(self.formats, list) or not self.formats or bad:
            errors["formats"] = _("Choose at least one of: pdf, xlsx, pptx, csv.")
        if self.kind in (ReportKind.CAMPAIGN, ReportKind.CASE) and not self.campaign_id:
            errors["campaign"] = _("Choose the campaign of this report.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ReportFile(WorkspaceScopedModel):
    """One rendered format of a run: exactly one per (run, format), whatever the redeliveries."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=10, choices=ReportFormat.choices)
    file = models.FileField(_("file"), upload_to=report_file_path, max_length=300)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["run_id", "format"]
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        constraints = [models.UniqueConstraint(fields=["run", "format"], name="report_file_one_per_format")]

    def __str__(self) -> str:
        return f"{self.run_id}.{self.format}"

    @property
    def filename(self) -> str:
        return f"report-{self.run_id}.{self.format}"


class ReportComment(WorkspaceScopedModel):
    """A manager's (or the marketer's) note on a run."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")

    def __str__(self) -> str:
        return self.text[:50]
