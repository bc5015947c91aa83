"""Choices of the reports area. Codes are API values: never rename them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
    QUEUED = "queued", pgettext_lazy("report status", "Queued")
    RUNNING = "running", pgettext_lazy("report status", "Running")
    DONE = "done", pgettext_lazy("report status", "Done")
    FAILED = "failed", pgettext_lazy("report status", "Failed")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


CONTENT_TYPES = {
    ReportFormat.PDF: "application/pdf",
    ReportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ReportFormat.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ReportFormat.CSV: "text/csv; charset=utf-8",
}
