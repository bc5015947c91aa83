"""Dashboard forms of the campaigns area. They validate input; the views hand the cleaned data to
the services (never ``form.save()``)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.views_base import WorkspaceFormMixin
from smm_platform import tabular

from .enums import Channel, KpiMetric
from .models import AlignmentSettings, AudienceSegment, BusinessGoal, Campaign, Trend

User = get_user_model()
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembersOnlyMixin(WorkspaceFormMixin):
    """Limits ``owner`` to members of the workspace."""

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, workspace=workspace, **kwargs)
        if "owner" in self.fields:
            self.fields["owner"].queryset = (
                User.objects.filter(memberships__workspace=workspace).order_by("full_name", "email")
                if workspace
                else User.objects.none()
            )
            self.fields["owner"].label_from_instance = lambda u: u.display_name
        if workspace is not None and hasattr(self, "instance") and self.instance.workspace_id is None:
            self.instance.workspace = workspace


class GoalForm(MembersOnlyMixin, forms.ModelForm):
    class Meta:
        model = BusinessGoal
        fields = [
            "name",
            "kind",
            "target_metric",
            "target_value",
            "starts_on",
            "ends_on",
            "owner",
            "parent",
            "max_cost_per_result",
            "description",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "max_cost_per_result": _(
                "The goal's economics: what one sale, lead or 1,000 people reached may cost."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(pk=self.instance.pk)


class CampaignForm(MembersOnlyMixin, forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=True
    )

    class Meta:
        model = Campaign
        fields = [
            "name",
            "objective",
            "goal",
            "channels",
            "budget",
            "starts_on",
            "ends_on",
            "segments",
            "utm_campaign",
            "owner",
            "description",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "segments": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"utm_campaign": _("CRM conversions carrying this utm_campaign are attributed here.")}


class KPIForm(forms.Form):
    metric = forms.ChoiceField(
        label=_("KPI"),
        choices=[("", "—"), *KpiMetric.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    target_value = forms.DecimalField(
        label=_("Target"),
        min_value=Decimal("0"),
        max_digits=14,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.01"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("metric") and data.get("target_value") is None:
            raise ValidationError(_("Give the KPI a target."))
        return data


KPIFormSet = forms.formset_factory(KPIForm, extra=2, max_num=len(KpiMetric.choices))


class SegmentForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label=_("Channels"), choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = AudienceSegment
        fields = [
            "name",
            "description",
            "needs",
            "pains",
            "objections",
            "channels",
            "content_preferences",
            "size_estimate",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in ("description", "needs", "pains", "objections", "content_preferences")
        }

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace


class HttpsURLField(forms.URLField):
    """A link typed without a scheme ("example.com") is taken as https, as Django 6 will."""

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class TrendForm(forms.ModelForm):
    class Meta:
        model = Trend
        fields = ["name", "platform", "source_url", "status", "noticed_on", "description"]
        field_classes = {"source_url": HttpsURLField}
        widgets = {"noticed_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace


class TrendTrialForm(WorkspaceFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE, required=False)
    metric = forms.ChoiceField(
        label=_("Metric"), choices=KpiMetric.choices, initial=KpiMetric.ENGAGEMENT_RATE
    )
    observed_effect = forms.CharField(
        label=_("What we saw"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TemplateStartForm(WorkspaceFormMixin, forms.Form):
    name = forms.CharField(label=_("Campaign name"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DATE)
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DATE,
        required=False,
        help_text=_("Leave empty to keep the template's duration; the plan is scaled to fit."),
    )
    goal = forms.ModelChoiceField(label=_("Goal it serves"), queryset=BusinessGoal.objects.all())
    budget = forms.DecimalField(
        label=_("Budget"), min_value=Decimal("0"), max_digits=14, decimal_places=2, required=False
    )


class AlignmentSettingsForm(forms.ModelForm):
    class Meta:
        model = AlignmentSettings
        fields = [
            "min_data_days",
            "dead_no_posts_days",
            "dead_min_engagement_rate",
            "dead_followers_window_days",
            "dead_reach_per_follower_drop_pct",
            "zero_effect_grace_days",
            "zero_effect_min_spend",
            "vanity_growth_pct",
            "pace_at_risk_ratio",
            "pace_misaligned_ratio",
            "cost_tolerance_pct",
        ]

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace


class MetricsUploadForm(WorkspaceFormMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Russian or English headers: campaign (id, name or utm tag), channel, date, impressions, "
            "reach, clicks, engagements, followers, posts, leads, sales, revenue, spend. UTF-8 or "
            "Windows-1251, comma or semicolon; XLSX from Excel."
        ),
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign for rows without a campaign column"),
        queryset=Campaign.objects.all(),
        required=False,
    )

    MAX_BYTES = tabular.MAX_BYTES

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            return tabular.read_table(upload, max_bytes=self.MAX_BYTES, max_rows=tabular.MAX_ROWS)
        except tabular.TableError as exc:
            raise ValidationError(exc.message) from None
