"""Partner directory, channels, the pipeline, negotiation log, deals with deliverables and imports.

``Partner.topic_terms``, ``min_price``, ``audience_total``, ``engagement_avg`` and
``platform_audience`` are derived by the services from ``topics``, ``price_list`` and the channels
(lemmas, the cheapest price, audience totals); ``features`` packs audience per platform and topic
codes into one fixed-width numeric vector (``rules.feature_vector``) so the shortlist scores 50,000
partners from one table scan with numpy, without JSON, text or joins per partner.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.tenancy import WorkspaceScopedModel
from campaigns.enums import Channel

from .enums import (
    Currency,
    DealStatus,
    DeliverableKind,
    DeliverableStatus,
    ImportStatus,
    NegotiationKind,
    PartnerKind,
    PaymentStatus,
    Stage,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class Partner(WorkspaceScopedModel):
    """A blogger, medium, community admin, co-marketing brand or agency we may work with.

    ``price_list``: ``[{"item": "post", "price": "15000", "currency": "RUB"}]``; ``contacts``:
    ``{"email", "phone", "telegram", "person"}``; ``demographics``: e.g. ``{"female": 0.7,
    "age_25_34": 0.4}``; ``geography``: cities or regions.
    """

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    topic_terms = models.JSONField(default=list, blank=True, editable=False)
    geography = models.JSONField(_("audience geography"), default=list, blank=True)
    demographics = models.JSONField(_("audience demographics"), default=dict, blank=True)
    price_list = models.JSONField(_("price list"), default=list, blank=True)
    min_price = models.DecimalField(null=True, blank=True, editable=False, **MONEY)
    contacts = models.JSONField(_("contacts"), default=dict, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    audience_total = models.PositiveBigIntegerField(_("audience"), default=0, editable=False)
    engagement_avg = models.DecimalField(
        _("engagement rate, %"), max_digits=6, decimal_places=2, default=Decimal("0"), editable=False
    )
    platform_audience = models.JSONField(default=dict, blank=True, editable=False)
    features = models.BinaryField(default=b"", blank=True, editable=False)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.PROSPECT)
    rating = models.DecimalField(
        _("rating"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=0) & Q(rating__lte=5)),
                name="partner_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["workspace", "stage"], name="partner_ws_stage")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        for field in ("topics", "geography", "tags", "price_list"):
            if not isinstance(getattr(self, field), list):
                errors[field] = _("Must be a list.")
        for field in ("demographics", "contacts"):
            if not isinstance(getattr(self, field), dict):
                errors[field] = _("Must be an object.")
        if isinstance(self.price_list, list):
            for i, entry in enumerate(self.price_list):
                try:
                    price = Decimal(str(entry.get("price")))
                except Exception:
                    errors["price_list"] = _("Row %(n)s: the price is not a number.") % {"n": i + 1}
                    break
                if not price.is_finite() or price < 0:
                    errors["price_list"] = _("Row %(n)s: the price must not be negative.") % {"n": i + 1}
                    break
        if errors:
            raise ValidationError(errors)


class PartnerChannel(WorkspaceScopedModel):
    """Where a partner publishes: platform, link, handle, audience and engagement rate (%)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="channels")
    platform = models.CharField(_("platform"), max_length=20, choices=Channel.choices)
    url = models.URLField(_("link"), blank=True, max_length=500)
    handle = models.CharField(_("handle"), max_length=120, blank=True)
    audience_size = models.PositiveBigIntegerField(_("audience size"), default=0)
    engagement_rate = models.DecimalField(
        _("engagement rate, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        ordering = ["partner_id", "-audience_size", "id"]
        verbose_name = _("partner channel")
        verbose_name_plural = _("partner channels")
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement_rate__gte=0) & Q(engagement_rate__lte=100), name="channel_er_range"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "url"], name="pchannel_ws_url"),
            models.Index(fields=["workspace", "handle"], name="pchannel_ws_handle"),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()}: {self.handle or self.url}"

    def clean(self) -> None:
        if not self.url and not self.handle:
            raise ValidationError({"url": _("Give the channel's link or handle.")})


class Deal(WorkspaceScopedModel):
    """Agreed work with a partner for a campaign: price, terms, payment, ad marking and the
    ``utm_campaign`` that attributes CRM conversions to this deal."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="deals")
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.RESTRICT,
        related_name="partner_deals",
    )
    title = models.CharField(_("title"), max_length=200)
    price = models.DecimalField(_("price"), validators=NON_NEGATIVE, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB)
    terms = models.TextField(_("terms"), blank=True)
    payment_status = models.CharField(
        _("payment"), max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.UNPAID
    )
    erid = models.CharField(_("ad marking (erid)"), max_length=64, blank=True)
    landing_url = models.URLField(_("landing page"), blank=True, max_length=500)
    utm_campaign = models.CharField(_("utm_campaign"), max_length=100)
    status = models.CharField(
        _("status"), max_length=20, choices=DealStatus.choices, default=DealStatus.SIGNED
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    result_roi = models.DecimalField(null=True, blank=True, max_digits=10, decimal_places=2, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="deal_price_non_negative"),
            models.UniqueConstraint(
                fields=["workspace", "utm_campaign"], name="deal_utm_unique_per_workspace"
            ),
        ]
        indexes = [models.Index(fields=["workspace", "status"], name="deal_ws_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def tracking_url(self) -> str:
        """The landing page with the deal's UTM tags merged into the parameters it already has
        (ours replace a ``utm_source``/``utm_medium``/``utm_campaign`` it carries; no duplicates);
        empty without a landing page."""
        if not self.landing_url:
            return ""
        from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

        parts = urlsplit(self.landing_url)
        ours = {"utm_source": "partner", "utm_medium": "influencer", "utm_campaign": self.utm_campaign}
        kept = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
        return urlunsplit(parts._replace(query=urlencode([*kept, *ours.items()])))


class Deliverable(WorkspaceScopedModel):
    """One publication owed under a deal, with its due time, channel, marking and results."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DeliverableKind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    due_at = models.DateTimeField(_("due"))
    status = models.CharField(
        _("status"), max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    erid = models.CharField(_("ad marking (erid)"), max_length=64, blank=True)
    published_url = models.URLField(_("published at"), blank=True, max_length=500)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reach = models.PositiveBigIntegerField(_("reach"), default=0)
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return self.title


class Negotiation(WorkspaceScopedModel):
    """One step of talking to a partner: a call, email, meeting, message, offer or counter-offer,
    with the amount and terms on the table and the agreed next step."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="negotiations")
    deal = models.ForeignKey(
        Deal, null=True, blank=True, on_delete=models.SET_NULL, related_name="negotiations"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NegotiationKind.choices)
    happened_at = models.DateTimeField(_("when"))
    summary = models.TextField(_("summary"))
    amount = models.DecimalField(_("amount"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB)
    terms = models.TextField(_("terms"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next step done"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-happened_at", "-id"]
        verbose_name = _("negotiation step")
        verbose_name_plural = _("negotiation steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="negotiation_amount_non_negative"
            ),
        ]
        indexes = [models.Index(fields=["next_step_done", "next_step_due"], name="negotiation_next_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.happened_at:%Y-%m-%d}"

    def clean(self) -> None:
        if self.kind in (NegotiationKind.OFFER, NegotiationKind.COUNTER_OFFER) and self.amount is None:
            raise ValidationError({"amount": _("An offer needs an amount.")})
        if self.next_step_due and not self.next_step:
            raise ValidationError({"next_step": _("Say what the next step is.")})


class PartnerImport(WorkspaceScopedModel):
    """An uploaded CSV/XLSX of candidate partners: the file, its column mapping, the rows it gives,
    per-row errors and duplicates are kept for the preview; applying creates every valid,
    non-duplicate row at once."""

    file_name = models.CharField(_("file"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    #: The file as it was read (``smm_platform.tabular.Table.as_stash``) and the column each of its
    #: cells is imported as; the person can change the mapping in the preview.
    table = models.JSONField(default=dict, blank=True)
    mapping = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list)
    errors = models.JSONField(default=dict)
    duplicates = models.JSONField(default=dict)
    created_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner import")
        verbose_name_plural = _("partner imports")

    def __str__(self) -> str:
        return self.file_name
