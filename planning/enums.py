from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    POST = "post", _("Post")
    STORY = "story", _("Story")
    VIDEO = "video", _("Video")
    ARTICLE = "article", _("Article")
    AD = "ad", _("Ad")
    PARTNER_PUBLICATION = "partner_publication", _("Partner publication")
    EVENT = "event", _("Event")
    DEADLINE = "deadline", _("Deadline")


class ItemStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", pgettext_lazy("planning status", "Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")
    MISSED = "missed", _("Missed")


class ClientDecisionKind(models.TextChoices):
    APPROVED = "approved", _("Approved by client")
    REJECTED = "rejected", _("Rejected by client")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("To do")
    DOING = "doing", _("Doing")
    REVIEW = "review", _("Review")
    DONE = "done", _("Done")


class BrainstormPhase(models.TextChoices):
    COLLECTING = "collecting", _("Collecting ideas")
    VOTING = "voting", _("Voting")
    CLOSED = "closed", _("Closed")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", pgettext_lazy("planning status", "Approved")
    REJECTED = "rejected", _("Rejected")


class ProposalEventKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", pgettext_lazy("planning status", "Approved")
    REJECTED = "rejected", _("Rejected")


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Assignment")
    REVIEW_REQUESTED = "review_requested", _("Review requested")
    DECISION = "decision", _("Decision")
    DUE = "due", _("Due date")
    OVERDUE = "overdue", _("Overdue")
