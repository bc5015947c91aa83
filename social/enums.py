from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Network(models.TextChoices):
    VK = "vk", _("VK")
    TELEGRAM = "telegram", _("Telegram")


class AccountState(models.TextChoices):
    UNCHECKED = "unchecked", pgettext_lazy("social account state", "Not checked yet")
    CONNECTED = "connected", pgettext_lazy("social account state", "Connected")
    ERROR = "error", pgettext_lazy("social account state", "Error")


class PostState(models.TextChoices):
    """Delivery of one plan item to its connected account."""

    WAITING = "waiting", pgettext_lazy("social post state", "Waiting for its time")
    SENDING = "sending", pgettext_lazy("social post state", "Sending")
    RETRY = "retry", pgettext_lazy("social post state", "Will retry")
    SENT = "sent", pgettext_lazy("social post state", "Sent")
    FAILED = "failed", pgettext_lazy("social post state", "Failed")


class ReplyDelivery(models.TextChoices):
    SENDING = "sending", pgettext_lazy("social post state", "Sending")
    SENT = "sent", pgettext_lazy("social post state", "Sent")
    FAILED = "failed", pgettext_lazy("social post state", "Failed")
