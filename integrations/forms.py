"""Dashboard forms of integrations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import services
from .enums import EVENT_LABELS, DeliveryStatus


def event_choices() -> list[tuple[str, str]]:
    return [(name, f"{name} — {EVENT_LABELS.get(name, name)}") for name in services.subscribable_events()]


class WebhookSubscriptionForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Your CRM's endpoint that accepts POST requests with JSON."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=event_choices, widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(
        label=pgettext_lazy("webhook subscription", "Active"), required=False, initial=True
    )


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *DeliveryStatus.choices]
    )
