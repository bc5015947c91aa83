from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SUCCEEDED = "succeeded", _("Succeeded")
    RETRYING = "retrying", _("Retrying")
    FAILED = "failed", _("Failed")


class IdempotencyState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


#: What each webhook event means, in words (the subscription form, its page, the audit log).
EVENT_LABELS = {
    "mention.created": _("A mention arrived and was classified (category, risk)"),
    "incident.opened": _("A coordinated attack or crisis was detected"),
    "report.completed": _("A report run finished and its files are ready"),
    "campaign.alignment_changed": _("A campaign's alignment verdict changed"),
    "proposal.decided": _("Management approved or rejected a concept proposal"),
    "deal.stage_changed": _("A partner deal moved to another pipeline stage"),
    "plan_item.published": _("A plan item was published"),
    "webhook.test": _("Test event"),
}
