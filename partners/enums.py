"""Choices of the partners area. Codes are API values: never rename them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerKind(models.TextChoices):
    BLOGGER = "blogger", _("Blogger / influencer")
    MEDIA = "media", _("Media")
    COMMUNITY_ADMIN = "community_admin", _("Community admin")
    BRAND = "brand", _("Brand (co-marketing)")
    AGENCY = "agency", _("Agency")


class Stage(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    CONTACTED = "contacted", _("Contacted")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    DECLINED = "declined", _("Declined")


class NegotiationKind(models.TextChoices):
    CALL = "call", _("Call")
    EMAIL = "email", pgettext_lazy("negotiation kind", "Email")
    MEETING = "meeting", _("Meeting")
    MESSAGE = "message", _("Message")
    OFFER = "offer", _("Offer")
    COUNTER_OFFER = "counter_offer", _("Counter-offer")


class Currency(models.TextChoices):
    RUB = "RUB", _("Rouble")
    USD = "USD", _("US dollar")
    EUR = "EUR", _("Euro")


class PaymentStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PREPAID = "prepaid", _("Prepaid")
    PAID = "paid", _("Paid")
    REFUNDED = "refunded", _("Refunded")


class DealStatus(models.TextChoices):
    SIGNED = "signed", _("Signed")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class DeliverableKind(models.TextChoices):
    POST = "post", _("Post")
    STORY = "story", _("Story")
    VIDEO = "video", _("Video")
    STREAM = "stream", _("Live stream")
    ARTICLE = "article", _("Article")
    GIVEAWAY = "giveaway", _("Giveaway")
    MENTION = "mention", _("Mention")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PUBLISHED = "published", _("Published")
    ACCEPTED = "accepted", _("Accepted")
    MISSED = "missed", _("Missed")


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    APPLIED = "applied", _("Applied")
    REJECTED = "rejected", _("Rejected")


class Verdict(models.TextChoices):
    YES = "yes", _("Work again")
    MAYBE = "maybe", _("Maybe, renegotiate")
    NO = "no", _("Do not work again")
    INSUFFICIENT_DATA = "insufficient_data", _("Not enough data")


class ContactKind(models.TextChoices):
    """The keys of ``Partner.contacts``, shown by their labels."""

    EMAIL = "email", pgettext_lazy("contact", "Email")
    PHONE = "phone", _("Phone")
    TELEGRAM = "telegram", _("Telegram")
    PERSON = "person", _("Contact person")
