"""Dashboard forms of partners, and the form that validates one import row."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.views_base import WorkspaceFormMixin
from campaigns.enums import Channel
from campaigns.models import Campaign
from smm_platform.widgets import IsoDateInput

from .enums import (
    Currency,
    DeliverableKind,
    DeliverableStatus,
    NegotiationKind,
    PartnerKind,
    PaymentStatus,
    Stage,
)

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000


def split_list(value: str) -> list[str]:
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


class PartnerRowForm(forms.Form):
    """One flat row of an import (CSV/XLSX column names = these field names)."""

    name = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=PartnerKind.choices)
    platform = forms.ChoiceField(choices=Channel.choices)
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")
    handle = forms.CharField(required=False, max_length=120)
    audience_size = forms.IntegerField(min_value=0)
    engagement_rate = forms.DecimalField(
        required=False, max_digits=6, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("100")
    )
    topics = forms.CharField(required=False)
    geography = forms.CharField(required=False)
    tags = forms.CharField(required=False)
    price = forms.DecimalField(required=False, max_digits=14, decimal_places=2, min_value=Decimal("0"))
    currency = forms.ChoiceField(choices=Currency.choices, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(required=False, max_length=40)
    telegram = forms.CharField(required=False, max_length=120)
    notes = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("handle") and not self.errors:
            raise forms.ValidationError(_("Give the channel's link or handle."))
        return data

    def to_partner_data(self) -> dict:
        from .services import normalize_handle, normalize_url

        d = self.cleaned_data
        price_list = []
        if d.get("price") is not None:
            price_list.append(
                {"item": "post", "price": str(d["price"]), "currency": d.get("currency") or "RUB"}
            )
        contacts = {k: d[k] for k in ("email", "phone", "telegram") if d.get(k)}
        return {
            "name": d["name"],
            "kind": d["kind"],
            "topics": split_list(d.get("topics")),
            "geography": split_list(d.get("geography")),
            "tags": split_list(d.get("tags")),
            "price_list": price_list,
            "contacts": contacts,
            "notes": d.get("notes") or "",
            "channels": [
                {
                    "platform": d["platform"],
                    "url": normalize_url(d.get("url") or ""),
                    "handle": normalize_handle(d.get("handle") or ""),
                    "audience_size": d["audience_size"],
                    "engagement_rate": d.get("engagement_rate") or Decimal("0"),
                }
            ],
        }


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=PartnerKind.choices)
    topics = forms.CharField(label=_("Topics"), required=False, help_text=_("Comma-separated"))
    geography = forms.CharField(label=_("Audience geography"), required=False, help_text=_("Comma-separated"))
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Comma-separated"))
    price = forms.DecimalField(label=_("Price of a post"), required=False, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.RUB)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    telegram = forms.CharField(label=_("Telegram"), required=False, max_length=120)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_price(self):
        price = self.cleaned_data.get("price")
        if price is not None and price < 0:
            raise forms.ValidationError(_("The price must not be negative."))
        return price

    def to_data(self) -> dict:
        d = self.cleaned_data
        price_list = (
            [{"item": "post", "price": str(d["price"]), "currency": d["currency"]}]
            if d.get("price") is not None
            else []
        )
        return {
            "name": d["name"],
            "kind": d["kind"],
            "topics": split_list(d["topics"]),
            "geography": split_list(d["geography"]),
            "tags": split_list(d["tags"]),
            "price_list": price_list,
            "contacts": {k: d[k] for k in ("email", "phone", "telegram") if d.get(k)},
            "notes": d["notes"],
        }

    @classmethod
    def initial_for(cls, partner) -> dict:
        price = partner.price_list[0] if partner.price_list else {}
        return {
            "name": partner.name,
            "kind": partner.kind,
            "topics": ", ".join(partner.topics),
            "geography": ", ".join(partner.geography),
            "tags": ", ".join(partner.tags),
            "price": price.get("price"),
            "currency": price.get("currency", "RUB"),
            "notes": partner.notes,
            **{k: partner.contacts.get(k, "") for k in ("email", "phone", "telegram")},
        }


class ChannelForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Channel.choices)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    handle = forms.CharField(label=_("Handle"), required=False, max_length=120)
    audience_size = forms.IntegerField(label=_("Audience size"), min_value=0)
    engagement_rate = forms.DecimalField(
        label=_("Engagement rate, %"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)


class NegotiationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NegotiationKind.choices)
    summary = forms.CharField(
        label=pgettext_lazy("negotiation", "Summary"), widget=forms.Textarea(attrs={"rows": 2})
    )
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.RUB)
    terms = forms.CharField(label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_step = forms.CharField(label=_("Next step"), required=False, max_length=300)
    next_step_due = forms.DateField(label=_("Next step due"), required=False, widget=IsoDateInput())

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)


class DealForm(WorkspaceFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    price = forms.DecimalField(label=_("Price"), max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices, initial=Currency.RUB)
    payment_status = forms.ChoiceField(label=_("Payment"), choices=PaymentStatus.choices)
    erid = forms.CharField(label=_("Ad marking (erid)"), required=False, max_length=64)
    landing_url = forms.URLField(
        label=_("Landing page"), required=False, max_length=500, assume_scheme="https"
    )
    terms = forms.CharField(label=_("Terms"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DeliverableForm(forms.Form):
    title = forms.CharField(label=_("Deliverable"), max_length=200)
    # A blank first choice keeps untouched extra rows unchanged (and so skipped).
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *DeliverableKind.choices])
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices])
    due_at = forms.DateTimeField(
        label=_("Due"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )


DeliverableFormSet = forms.formset_factory(DeliverableForm, extra=3, min_num=1, validate_min=True)


class DeliverableProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=DeliverableStatus.choices)
    published_url = forms.URLField(
        label=_("Link to the publication"), required=False, max_length=500, assume_scheme="https"
    )
    erid = forms.CharField(label=_("Ad marking (erid)"), required=False, max_length=64)
    reach = forms.IntegerField(label=_("Reach"), min_value=0, required=False)
    clicks = forms.IntegerField(label=_("Clicks"), min_value=0, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ShortlistForm(WorkspaceFormMixin, forms.Form):
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all())
