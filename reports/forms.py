"""Dashboard forms of reports (choices limited to the workspace)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.views_base import WorkspaceFormMixin
from campaigns.models import Campaign
from smm_platform.widgets import IsoDateInput

from .enums import Frequency, ReportFormat, ReportKind

RUN_KINDS = [c for c in ReportKind.choices if c[0] != ReportKind.CASE]


DateInput = IsoDateInput


class RunForm(WorkspaceFormMixin, forms.Form):
    # The workspace summary needs nothing but dates: the form as it comes is one click away from a
    # report (the campaign report first asked for a campaign the form had not chosen).
    kind = forms.ChoiceField(label=_("Report"), choices=RUN_KINDS, initial=ReportKind.WORKSPACE)
    campaign = forms.ModelChoiceField(
        label=_("Campaign"),
        queryset=Campaign.objects.all(),
        required=False,
        empty_label="—",
        help_text=_("Needed for a campaign performance report."),
    )
    period_start = forms.DateField(label=_("From"), widget=DateInput)
    period_end = forms.DateField(label=_("To"), widget=DateInput)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ReportFormat.PDF, ReportFormat.XLSX],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period_end"].initial = today
        self.fields["period_start"].initial = today - timedelta(days=29)
        self.fields["campaign"].queryset = self.fields["campaign"].queryset.order_by("name")


class ScheduleForm(WorkspaceFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Report"), choices=RUN_KINDS)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(), required=False)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    formats = forms.MultipleChoiceField(
        label=_("Formats"),
        choices=ReportFormat.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ReportFormat.PDF],
    )
    recipients = forms.CharField(
        label=_("Recipients"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Email addresses, separated by commas or new lines."),
    )

    def clean_recipients(self) -> list[str]:
        raw = self.cleaned_data["recipients"].replace(";", ",").replace("\n", ",")
        return [part.strip() for part in raw.split(",") if part.strip()]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
