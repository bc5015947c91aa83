from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NATURAL = "natural", _("Natural negativity")
    TROLLING = "trolling", _("Trolling")
    ORDERED = "ordered", _("Ordered attack")


NEGATIVE_CATEGORIES = (Category.NATURAL, Category.TROLLING, Category.ORDERED)


class MentionSource(models.TextChoices):
    """The sources mentions commonly come from (a mention's ``source`` is free text: one not
    listed here reads as its code)."""

    VK = "vk", _("VK")
    TELEGRAM = "telegram", _("Telegram")
    OK = "ok", _("Odnoklassniki")
    DZEN = "dzen", _("Dzen")
    YOUTUBE = "youtube", _("YouTube")
    RUTUBE = "rutube", _("Rutube")
    VK_VIDEO = "vk_video", _("VK Video")
    INSTAGRAM = "instagram", _("Instagram")
    YANDEX_MAPS = "yandex_maps", _("Yandex Maps")
    TWOGIS = "2gis", _("2GIS")
    GOOGLE_MAPS = "google_maps", _("Google Maps")
    OTZOVIK = "otzovik", _("Otzovik")
    IRECOMMEND = "irecommend", _("IRecommend")
    WEBSITE = "website", _("Website / blog")
    EMAIL = "email", _("Email newsletter")
    OTHER = "other", _("Other")


def source_label(code) -> str:
    """A mention's source by its name in the active language (an unknown one as its code)."""
    return str(dict(MentionSource.choices).get(code, "" if code is None else code))


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEUTRAL = "neutral", _("Neutral")
    NEGATIVE = "negative", _("Negative")


class Topic(models.TextChoices):
    DELIVERY = "delivery", _("Delivery")
    QUALITY = "quality", _("Product quality")
    PRICE = "price", _("Price")
    SUPPORT = "support", _("Customer support")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


class MentionStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", pgettext_lazy("mention status", "In progress")
    WAITING = "waiting", _("Waiting for the author")
    RESOLVED = "resolved", _("Resolved")
    HIDDEN = "hidden", _("Hidden")


OPEN_STATUSES = (MentionStatus.NEW, MentionStatus.IN_PROGRESS, MentionStatus.WAITING)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Outcome(models.TextChoices):
    ANSWERED = "answered", _("Answered publicly")
    MOVED_PRIVATE = "moved_private", _("Taken to a private channel")
    CAUSE_FIXED = "cause_fixed", _("Cause fixed")
    REPORTED = "reported", _("Reported to the platform")
    IGNORED = "ignored", _("Left without an answer")
    FALSE_ALARM = "false_alarm", _("Not negativity")


class IncidentKind(models.TextChoices):
    COORDINATED = "coordinated", _("Coordinated attack")
    BURST = "burst", _("Burst from new accounts")
    CRISIS = "crisis", _("Crisis: a wave of genuine complaints")


# Incidents whose members are ordered negativity (a crisis is genuine customers: natural).
ATTACK_KINDS = (IncidentKind.COORDINATED, IncidentKind.BURST)


class IncidentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident status", "Open")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")
    CLOSED = "closed", pgettext_lazy("incident status", "Closed")


class ReplyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    APPROVED = "approved", pgettext_lazy("reply status", "Approved")
    REJECTED = "rejected", pgettext_lazy("reply status", "Rejected")
    SENT = "sent", _("Sent")


class RuleField(models.TextChoices):
    SOURCE = "source", _("Source")
    CATEGORY = "category", _("Category")
    TOPIC = "topic", _("Topic")
    RISK_AT_LEAST = "risk_at_least", _("Risk at least")
    KEYWORD = "keyword", _("Text contains")


class RuleAction(models.TextChoices):
    ASSIGN = "assign", _("Assign to")
    PRIORITY = "priority", _("Set priority")
    TAG = "tag", _("Add tag")
    HIDE = "hide", _("Hide from the queue")


class ClassifierStatus(models.TextChoices):
    TRAINING = "training", _("Training")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def condition_choices(field: str):
    """The choices a routing rule's condition value is a code of (``None``: the user's own words,
    a risk number or keywords)."""
    return {RuleField.CATEGORY: Category, RuleField.TOPIC: Topic, RuleField.SOURCE: MentionSource}.get(field)
