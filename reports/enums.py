"""Choices of the reports area. Codes are API values: never rename them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign performance")
    WORKSPACE = "workspace", _("Workspace summary")
    PARTNERS = "partners", _("Partner performance")
    NEGATIVITY = "negativity", _("Negativity digest")
    CALENDAR = "calendar", _("Calendar execution")
    CASE = "case", _("Case deck")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "XLSX"
    PPTX = "pptx", "PPTX"
    CSV = "csv", "CSV"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ReportFormat.CSV: "text/csv; charset=utf-8",
}
