from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.views_base import WorkspaceFormMixin
from campaigns.enums import Channel
from campaigns.models import AudienceSegment, BusinessGoal, Campaign

from .enums import ItemStatus, TaskStatus
from .models import BrainstormSession, Milestone, PlanItem, Proposal, Task

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembersMixin(WorkspaceFormMixin):
    """Limits user choices to the workspace's members."""

    member_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        members = (
            User.objects.filter(memberships__workspace=self.workspace)
            if self.workspace
            else User.objects.none()
        )
        for name in self.member_fields:
            if name in self.fields:
                self.fields[name].queryset = members.order_by("full_name", "email")
                self.fields[name].label_from_instance = lambda u: u.display_name


class CalendarFilterForm(MembersMixin, forms.Form):
    member_fields = ("assignee",)
    campaign = forms.ModelChoiceField(
        Campaign.objects.all(), required=False, label=_("Campaign"), empty_label=_("All campaigns")
    )
    channel = forms.ChoiceField(
        choices=[("", _("All channels")), *Channel.choices], required=False, label=_("Channel")
    )
    assignee = forms.ModelChoiceField(
        User.objects.all(), required=False, label=_("Assignee"), empty_label=_("Everyone")
    )
    status = forms.ChoiceField(
        choices=[("", _("All statuses")), *ItemStatus.choices], required=False, label=_("Status")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"


class PlanItemForm(MembersMixin, forms.ModelForm):
    member_fields = ("assignee",)

    class Meta:
        model = PlanItem
        fields = ["title", "kind", "channel", "scheduled_at", "campaign", "assignee", "brief", "text", "erid"]
        widgets = {
            "scheduled_at": DATETIME,
            "brief": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 4}),
        }


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class PublishForm(forms.Form):
    url = forms.URLField(label=_("Post URL"), max_length=500, assume_scheme="https")


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class TaskForm(MembersMixin, forms.ModelForm):
    member_fields = ("assignee",)

    class Meta:
        model = Task
        fields = ["title", "campaign", "milestone", "assignee", "due_on", "depends_on", "description"]
        widgets = {"due_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["depends_on"].queryset = self.fields["depends_on"].queryset.exclude(
            status=TaskStatus.DONE
        )


class MilestoneForm(WorkspaceFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "campaign"]
        widgets = {"due_on": DATE}


class BrainstormForm(MembersMixin, forms.ModelForm):
    member_fields = ("participants",)

    class Meta:
        model = BrainstormSession
        fields = [
            "topic",
            "description",
            "campaign",
            "participants",
            "ends_at",
            "votes_per_participant",
            "shortlist_size",
            "anonymous_until_vote",
        ]
        widgets = {
            "ends_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.CheckboxSelectMultiple,
        }


class IdeaForm(forms.Form):
    text = forms.CharField(label=_("Your idea"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ProposalForm(WorkspaceFormMixin, forms.ModelForm):
    goal = forms.ModelChoiceField(BusinessGoal.objects.all(), label=_("Business goal"))
    segment = forms.ModelChoiceField(
        AudienceSegment.objects.all(), required=False, label=_("Audience segment")
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "problem",
            "segment",
            "idea",
            "goal",
            "expected_effect",
            "expected_effect_note",
            "budget",
            "risks",
        ]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in ("problem", "idea", "risks")}


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ShareLinkForm(WorkspaceFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(Campaign.objects.all(), label=_("Campaign"))
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    days = forms.IntegerField(label=_("Valid for, days"), min_value=1, max_value=90, initial=14)


class ClientDecisionForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    client_name = forms.CharField(label=_("Your name"), max_length=120)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    decision = forms.ChoiceField(
        choices=[("approved", _("Approve")), ("rejected", _("Reject")), ("comment", _("Comment only"))]
    )
