"""Calendar plan items, project tasks and milestones, brainstorms, concept proposals, client share
links and the workspace's iCalendar feed secret.

Partners link deal deliverables to plan items with ``source_kind``/``source_ref`` (plain values,
so planning never imports partners: apps depend one way).
"""

from __future__ import annotations

import os
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
from campaigns.models import AudienceSegment, BusinessGoal, Campaign

from .enums import (
    BrainstormPhase,
    ClientDecisionKind,
    ItemKind,
    ItemStatus,
    ProposalEventKind,
    ProposalStatus,
    TaskStatus,
)

USER = settings.AUTH_USER_MODEL
MONEY = {"max_digits": 14, "decimal_places": 2}
ATTACHMENT_EXTENSIONS = {
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".gif": "image",
    ".webp": "image",
    ".mp4": "video",
    ".mov": "video",
    ".webm": "video",
    ".pdf": "document",
    ".docx": "document",
}


def _user_fk(verbose: str, related_name: str = "+"):
    return models.ForeignKey(
        USER,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class PlanItem(WorkspaceScopedModel):
    """One entry of the calendar plan: a post, story, video, article, ad, partner publication,
    event or deadline on a channel at a date and time.

    Workflow: idea -> draft -> in_review -> approved -> scheduled -> published; an item whose time
    passed unpublished becomes ``missed`` (rules in ``planning.workflow``)."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=ItemKind.choices, default=ItemKind.POST)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    scheduled_at = models.DateTimeField(_("date and time"))
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_items",
    )
    assignee = _user_fk(_("assignee"))
    brief = models.TextField(_("brief"), blank=True)
    text = models.TextField(_("text"), blank=True)
    published_url = models.URLField(_("post URL"), blank=True, max_length=500)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    erid = models.CharField(_("ad marking (erid)"), max_length=64, blank=True)
    source_kind = models.CharField(_("source"), max_length=40, blank=True)
    source_ref = models.PositiveBigIntegerField(_("source id"), null=True, blank=True)
    approved_by = _user_fk(_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    client_decision = models.CharField(
        _("client decision"), max_length=10, choices=ClientDecisionKind.choices, blank=True
    )
    client_decision_by = models.CharField(_("client name"), max_length=120, blank=True)
    client_decision_at = models.DateTimeField(_("client decided"), null=True, blank=True)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["scheduled_at", "id"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        indexes = [
            models.Index(fields=["workspace", "scheduled_at"], name="planitem_ws_when"),
            models.Index(fields=["workspace", "status", "scheduled_at"], name="planitem_ws_status_when"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | ~Q(published_url=""), name="planitem_published_has_url"
            ),
            models.UniqueConstraint(
                fields=["workspace", "source_kind", "source_ref"],
                condition=Q(source_ref__isnull=False),
                name="planitem_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.campaign_id and self.workspace_id and self.campaign.workspace_id != self.workspace_id:
            raise ValidationError({"campaign": _("The campaign belongs to another workspace.")})


class HonestyAcknowledgement(WorkspaceScopedModel):
    """A reviewer saw these honesty flags on an item and approved it anyway (kept as history)."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="acknowledgements")
    codes = models.JSONField(_("flag codes"), default=list)
    user = _user_fk(_("reviewer"))
    created_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("honesty flag acknowledgement")
        verbose_name_plural = _("honesty flag acknowledgements")


class PlanItemComment(WorkspaceScopedModel):
    """A comment on a plan item, by a member or by a client through a share link."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="comments")
    author = _user_fk(_("author"))
    author_name = models.CharField(_("name"), max_length=120, blank=True)
    body = models.TextField(_("comment"), max_length=5000)
    via_share_link = models.ForeignKey(
        "ShareLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.body[:60]

    @property
    def display_author(self) -> str:
        if self.author_id:
            return self.author.display_name
        return self.author_name


def attachment_path(instance: PlanItemAttachment, filename: str) -> str:
    return f"planning/{instance.workspace_id}/{instance.item_id}/{os.path.basename(filename)}"


def validate_attachment(file) -> None:
    """Only images, videos and documents of known types, at most PLANNING_ATTACHMENT_MAX_MB."""
    ext = os.path.splitext(file.name)[1].lower()
    if ext not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("This file type is not allowed. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(ATTACHMENT_EXTENSIONS))}
        )
    limit = settings.PLANNING_ATTACHMENT_MAX_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": settings.PLANNING_ATTACHMENT_MAX_MB}
        )


class PlanItemAttachment(WorkspaceScopedModel):
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[validate_attachment])
    media_type = models.CharField(_("type"), max_length=10, editable=False)
    size = models.PositiveBigIntegerField(_("size, bytes"), editable=False, default=0)
    uploaded_by = _user_fk(_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return os.path.basename(self.file.name)


class Milestone(WorkspaceScopedModel):
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="milestones",
    )
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Task(WorkspaceScopedModel):
    """A piece of project work on the kanban board (to do, doing, review, done)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    milestone = models.ForeignKey(
        Milestone,
        verbose_name=_("milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    assignee = _user_fk(_("assignee"))
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.TODO)
    depends_on = models.ManyToManyField(
        "self", verbose_name=_("depends on"), symmetrical=False, blank=True, related_name="blocks"
    )
    overdue_notified_on = models.DateField(null=True, blank=True, editable=False)
    due_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["workspace", "status", "due_on"], name="task_ws_status_due")]

    def __str__(self) -> str:
        return self.title


class BrainstormSession(WorkspaceScopedModel):
    """Collect ideas, then dot-vote (N votes per participant), then close with a ranked shortlist."""

    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    participants = models.ManyToManyField(USER, verbose_name=_("participants"), blank=True, related_name="+")
    ends_at = models.DateTimeField(_("time box ends"))
    phase = models.CharField(
        _("phase"), max_length=12, choices=BrainstormPhase.choices, default=BrainstormPhase.COLLECTING
    )
    votes_per_participant = models.PositiveSmallIntegerField(
        _("votes per participant"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    anonymous_until_vote = models.BooleanField(_("authors hidden until the vote ends"), default=True)
    shortlist_size = models.PositiveSmallIntegerField(
        _("shortlist size"), default=3, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    created_by = _user_fk(_("facilitator"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("brainstorm")
        verbose_name_plural = _("brainstorms")

    def __str__(self) -> str:
        return self.topic


class Idea(WorkspaceScopedModel):
    session = models.ForeignKey(BrainstormSession, on_delete=models.CASCADE, related_name="ideas")
    text = models.TextField(_("idea"), max_length=2000)
    author = _user_fk(_("author"))
    votes_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    rank = models.PositiveSmallIntegerField(_("rank in the shortlist"), null=True, blank=True, editable=False)
    converted_kind = models.CharField(_("converted to"), max_length=16, blank=True, editable=False)
    converted_ref = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.text[:80]


class Vote(WorkspaceScopedModel):
    """One dot. ``slot`` numbers a participant's dots 1..N in a session: the unique constraint
    makes a race to spend the same dot fail, the service refuses a slot above N."""

    session = models.ForeignKey(BrainstormSession, on_delete=models.CASCADE, related_name="votes")
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "voter", "slot"], name="vote_unique_slot"),
            models.CheckConstraint(condition=Q(slot__gte=1), name="vote_slot_positive"),
        ]


class Proposal(WorkspaceScopedModel):
    """A concept defended before management: problem, segment, idea, the expected effect on a named
    business goal in numbers, budget and risks. Managers and owners decide."""

    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("problem"))
    segment = models.ForeignKey(
        AudienceSegment,
        verbose_name=_("audience segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    idea = models.TextField(_("idea"))
    source_idea = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    goal = models.ForeignKey(
        BusinessGoal, verbose_name=_("business goal"), on_delete=models.PROTECT, related_name="+"
    )
    expected_effect = models.DecimalField(
        _("expected effect on the goal"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )
    expected_effect_note = models.CharField(_("how the effect is estimated"), max_length=500, blank=True)
    budget = models.DecimalField(_("budget"), validators=[MinValueValidator(Decimal("0"))], **MONEY)
    risks = models.TextField(_("risks"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    current_version = models.PositiveIntegerField(_("version"), default=1)
    author = _user_fk(_("author"))
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # The campaign an approved proposal became (``proposal_to_campaign``): one at most, and the
    # campaign's way back to the proposal (``campaign.source_proposal``).
    campaign = models.OneToOneField(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_proposal",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    VERSIONED_FIELDS = [
        "title",
        "problem",
        "segment_id",
        "idea",
        "goal_id",
        "expected_effect",
        "expected_effect_note",
        "budget",
        "risks",
    ]

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(expected_effect__gte=0), name="proposal_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalVersion(WorkspaceScopedModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    created_by = _user_fk(_("author"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["proposal", "number"], name="proposal_version_unique")]


class ProposalEvent(WorkspaceScopedModel):
    """The review history: comments, submissions and decisions, each on a version."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalEventKind.choices)
    version = models.PositiveIntegerField(_("version"))
    author = _user_fk(_("author"))
    body = models.TextField(_("comment"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ShareLink(WorkspaceScopedModel):
    """A client's view of a campaign's items for a period, behind a secret token (stored hashed),
    expiring and revocable."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="+"
    )
    starts_on = models.DateField(pgettext_lazy("valid from", "from"))
    ends_on = models.DateField(_("to"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sharelink_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.starts_on}..{self.ends_on}"


class ClientDecision(WorkspaceScopedModel):
    share_link = models.ForeignKey(ShareLink, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="client_decisions")
    decision = models.CharField(_("decision"), max_length=10, choices=ClientDecisionKind.choices)
    client_name = models.CharField(_("name"), max_length=120)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class CalendarFeed(WorkspaceScopedModel):
    """An owner's or manager's iCalendar feed secret of the workspace: the URL token is an HMAC of
    ``nonce`` with the SECRET_KEY (the database alone never reveals it); rotating changes the
    nonce. The feed answers only while its creator is still an owner or manager there."""

    created_by = models.ForeignKey(USER, null=True, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    rotated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "created_by"], name="calendarfeed_one_per_member")
        ]
