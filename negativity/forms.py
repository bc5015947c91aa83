from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.enums import Language
from accounts.views_base import WorkspaceFormMixin
from smm_platform.widgets import IsoDateInput

from .enums import (
    Category,
    IncidentStatus,
    MentionStatus,
    Outcome,
    Priority,
    RuleAction,
    RuleField,
    Topic,
    condition_choices,
)
from .models import ResponseTemplate

EMPTY = [("", "—")]


class InboxFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=EMPTY + Category.choices, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", pgettext_lazy("mention filter", "Open")), ("all", _("All")), *MentionStatus.choices],
        required=False,
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=EMPTY + Topic.choices, required=False)
    source = forms.CharField(
        label=_("Source"), required=False, max_length=40, help_text=_("By its name or code, e.g. 2GIS or vk")
    )
    risk_min = forms.IntegerField(label=_("Risk from"), required=False, min_value=0, max_value=100)
    risk_max = forms.IntegerField(label=_("Risk to"), required=False, min_value=0, max_value=100)
    published_after = forms.DateField(label=_("Published from"), required=False, widget=IsoDateInput())
    published_before = forms.DateField(label=_("Published to"), required=False, widget=IsoDateInput())
    sla = forms.ChoiceField(label=_("SLA"), choices=[("", "—"), ("breached", _("Breached"))], required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    one_by_one = forms.BooleanField(label=_("Attack posts one by one"), required=False)

    def clean_source(self) -> str:
        """A source as typed ("2ГИС", "Instagram", "vk"), as the code mentions carry."""
        return condition_code(RuleField.SOURCE, self.cleaned_data.get("source") or "").lower()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs["class"] = "form-select form-select-sm"
            else:
                widget.attrs["class"] = "form-control form-control-sm"


class BulkActionForm(forms.Form):
    """What the inbox's bulk bar (and the mention page's triage buttons) post. Nothing is
    preselected: the action and, except for hiding, its value must be chosen; ``none`` is the
    explicit "nobody" of an assignment (an empty value means "not chosen")."""

    NOBODY = "none"
    ACTIONS = [
        ("assign", _("Assign to")),
        ("status", _("Set status")),
        ("priority", _("Set priority")),
        ("hide", _("Hide")),
    ]

    ids = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": _("Select at least one mention.")}
    )
    action = forms.ChoiceField(
        choices=[("", _("Choose an action")), *ACTIONS],
        error_messages={"required": _("Choose an action.")},
    )
    value = forms.CharField(required=False)
    next = forms.CharField(required=False)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(str(i), str(i)) for i in ids]

    def clean(self):
        data = super().clean()
        action, value = data.get("action"), (data.get("value") or "").strip()
        if action in ("assign", "status", "priority") and not value:
            self.add_error("value", _("Choose a value for this action."))
        elif action == "assign" and value == self.NOBODY:
            value = ""
        data["value"] = value
        return data


class CorrectionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    topic = forms.ChoiceField(label=_("Topic"), choices=EMPTY + Topic.choices, required=False)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ReplyForm(WorkspaceFormMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Playbook"), queryset=ResponseTemplate.objects.all(), required=False
    )
    text = forms.CharField(
        label=_("Reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text=_("Leave empty to fill it from the playbook with the mention's variables."),
    )

    def __init__(self, *args, preferred=None, others=None, **kwargs):
        """``preferred``/``others``: the mention's playbooks split by language
        (``selectors.split_by_language``); the preferred ones are listed first, the first of
        them preselected, the others under "Other languages"."""
        super().__init__(*args, **kwargs)
        if preferred is None and others is None:
            return
        preferred, others = list(preferred or []), list(others or [])
        field = self.fields["template"]
        field.queryset = field.queryset.filter(pk__in=[p.pk for p in preferred + others])
        choices = [("", "—"), *((p.pk, p.name) for p in preferred)]
        if others:
            choices.append(
                (_("Other languages"), [(p.pk, f"{p.name} ({p.language.upper()})") for p in others])
            )
        field.widget.choices = choices
        if preferred and not self.is_bound:
            self.initial.setdefault("template", preferred[0].pk)

    def clean(self):
        data = super().clean()
        if not data.get("template") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Choose a playbook or write the reply."))
        return data


class IncidentStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=IncidentStatus.choices)


class ResponseTemplateForm(WorkspaceFormMixin, forms.ModelForm):
    class Meta:
        model = ResponseTemplate
        fields = ["category", "language", "name", "steps", "body"]
        widgets = {"steps": forms.Textarea(attrs={"rows": 4}), "body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, workspace=workspace, **kwargs)
        self.fields["language"] = forms.ChoiceField(
            label=_("Language"),
            choices=Language.choices,
            initial=workspace.language if workspace is not None else None,
            help_text=_("Playbooks in the workspace's language are offered first."),
        )


def condition_code(field: str, text: str) -> str:
    """What a person typed for a condition, as the code rules compare: a category, topic or
    source is taken by its name in Russian or English ("Доставка", "delivery" -> ``delivery``)."""
    from django.utils import translation

    text = (text or "").strip()
    choices = condition_choices(field)
    if choices is None:
        return text
    wanted = text.casefold()
    for value, label in choices.choices:
        names = {value.casefold(), str(label).casefold()}
        with translation.override("en"):
            names.add(str(label).casefold())
        if wanted in names:
            return value
    return text


def condition_label(field: str, value) -> str:
    """A stored condition value as the person reads it in the form."""
    choices = condition_choices(field)
    return str(dict(choices.choices).get(value, value)) if choices and value else (value or "")


class RoutingRuleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    position = forms.IntegerField(label=_("Order"), min_value=0, initial=10)
    is_active = forms.BooleanField(label=pgettext_lazy("switched on", "Active"), required=False, initial=True)
    stop_processing = forms.BooleanField(label=_("Stop after this rule"), required=False)
    condition_field = forms.ChoiceField(label=_("When"), choices=RuleField.choices)
    condition_value = forms.CharField(
        label=_("equals / contains"),
        max_length=200,
        help_text=_("A category, topic or source by its name; a risk number; keywords separated by commas."),
    )
    condition2_field = forms.ChoiceField(
        label=_("And when"), choices=EMPTY + RuleField.choices, required=False
    )
    condition2_value = forms.CharField(label=_("equals / contains"), max_length=200, required=False)
    action = forms.ChoiceField(label=_("Then"), choices=RuleAction.choices)
    action_value = forms.CharField(
        label=_("Value"),
        max_length=120,
        required=False,
        help_text=_("A tag to add; a member and a priority are chosen in their own fields."),
    )
    assignee = forms.ChoiceField(label=_("Member"), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=EMPTY + Priority.choices, required=False)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].choices = EMPTY + [(str(u.pk), u.display_name) for u in members]

    def to_rule(self) -> dict:
        d = self.cleaned_data
        conditions = [
            {
                "field": d["condition_field"],
                "value": condition_code(d["condition_field"], d["condition_value"]),
            }
        ]
        if d.get("condition2_field"):
            field = d["condition2_field"]
            conditions.append(
                {"field": field, "value": condition_code(field, d.get("condition2_value") or "")}
            )
        value = d.get("action_value", "").strip()
        if d["action"] == "assign":
            value = d.get("assignee") or value
        elif d["action"] == "priority":
            value = d.get("priority") or value
        return {
            "name": d["name"],
            "position": d["position"],
            "is_active": d["is_active"],
            "stop_processing": d["stop_processing"],
            "conditions": conditions,
            "actions": [{"action": d["action"], "value": value}],
        }

    @classmethod
    def initial_from(cls, rule) -> dict:
        initial = {
            "name": rule.name,
            "position": rule.position,
            "is_active": rule.is_active,
            "stop_processing": rule.stop_processing,
        }
        if rule.conditions:
            initial.update(
                condition_field=rule.conditions[0].get("field"),
                condition_value=condition_label(
                    rule.conditions[0].get("field"), rule.conditions[0].get("value")
                ),
            )
        if len(rule.conditions) > 1:
            initial.update(
                condition2_field=rule.conditions[1].get("field"),
                condition2_value=condition_label(
                    rule.conditions[1].get("field"), rule.conditions[1].get("value")
                ),
            )
        if rule.actions:
            first = rule.actions[0]
            initial.update(action=first.get("action"), action_value=first.get("value"))
            if first.get("action") == "assign":
                initial["assignee"] = first.get("value")
            if first.get("action") == "priority":
                initial["priority"] = first.get("value")
        return initial


class UploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, **kwargs):
        from .imports import COLUMNS

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns, headed in Russian or English (the preview lets you fix the mapping): %(columns)s."
        ) % {"columns": ", ".join(str(c.label) for c in COLUMNS)}
