"""Mentions inbox: authors, mentions and their classification, incidents (attacks), reply
playbooks, routing rules, SLA policies, corrections and the per-workspace classifier versions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Workspace
from accounts.tenancy import WorkspaceScopedModel

from .enums import (
    Category,
    ClassifierStatus,
    IncidentKind,
    IncidentStatus,
    MentionStatus,
    Outcome,
    Priority,
    ReplyStatus,
    Sentiment,
    Topic,
    source_label,
)


class Author(WorkspaceScopedModel):
    """Who wrote mentions on one source; history counts are kept up to date on ingest."""

    #: No index of its own: ``neg_author_unique_handle`` (workspace, source, handle) serves every
    #: lookup by workspace, and each index costs every ingest write of the row (on PostgreSQL the
    #: table leaves room on each page, so ingest's count updates stay in place).
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)

    source = models.CharField(_("source"), max_length=40)
    handle = models.CharField(pgettext_lazy("author handle", "handle"), max_length=150)
    name = models.CharField(_("name"), max_length=150, blank=True)
    account_created_at = models.DateTimeField(_("account created"), null=True, blank=True)
    followers = models.PositiveIntegerField(_("followers"), null=True, blank=True)
    mentions_count = models.PositiveIntegerField(_("mentions"), default=0)
    negative_count = models.PositiveIntegerField(_("negative mentions"), default=0)
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "source", "handle"], name="neg_author_unique_handle")
        ]

    def __str__(self) -> str:
        return f"{self.handle} ({source_label(self.source)})"


class Incident(WorkspaceScopedModel):
    """What attack detection found: a coordinated attack, a burst from new accounts (their
    mentions are ordered negativity) or a crisis of genuine complaints (natural, for support)."""

    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    confidence = models.FloatField(
        _("confidence"), validators=[MinValueValidator(0.0), MaxValueValidator(1.0)], default=0.0
    )
    opened_at = models.DateTimeField(_("opened"))
    first_mention_at = models.DateTimeField(_("first mention"), null=True, blank=True)
    last_mention_at = models.DateTimeField(_("last mention"), null=True, blank=True)
    shared_phrases = models.JSONField(_("shared phrases"), default=list, blank=True)
    signals = models.JSONField(_("signals"), default=dict, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    mention_count = models.PositiveIntegerField(_("mentions"), default=0)
    closed_at = models.DateTimeField(pgettext_lazy("incident", "closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="neg_incident_confidence",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Mention(WorkspaceScopedModel):
    """One post, comment or review about the brand, with its classification and triage state.

    Indexes: each costs every ingest write, so the workspace has none of its own (the unique
    (workspace, source, external_id) and the queue and timeline indexes lead with it) and the
    assignee, campaign and incident indexes hold only the mentions that have one (they are
    looked up by value; a new mention has none of them)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    source = models.CharField(_("source"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=200)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="mentions", verbose_name=_("author")
    )
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True)
    likes = models.PositiveIntegerField(_("likes"), null=True, blank=True)
    replies = models.PositiveIntegerField(_("replies"), null=True, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
        verbose_name=_("campaign"),
        db_index=False,
    )

    language = models.CharField(_("language"), max_length=5, blank=True)
    sentiment = models.CharField(_("sentiment"), max_length=10, choices=Sentiment.choices, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices, blank=True)
    category_confidence = models.FloatField(_("category confidence"), default=0.0)
    # What the text model said; ``category`` becomes ordered while the mention belongs to a
    # detected attack and returns to this when the incident is dismissed.
    text_category = models.CharField(
        _("category from the text"), max_length=10, choices=Category.choices, blank=True
    )
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices, blank=True)
    risk = models.PositiveSmallIntegerField(
        _("risk"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    explanation = models.JSONField(_("why"), default=list, blank=True)
    classifier_version = models.CharField(_("classifier version"), max_length=40, blank=True)
    corrected = models.BooleanField(_("corrected by a person"), default=False)

    status = models.CharField(
        _("status"), max_length=12, choices=MentionStatus.choices, default=MentionStatus.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assignee"),
        db_index=False,
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    incident = models.ForeignKey(
        Incident,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
        verbose_name=_("incident"),
        db_index=False,
    )
    sla_deadline = models.DateTimeField(_("SLA deadline"), null=True, blank=True)
    sla_escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "source", "external_id"], name="neg_mention_unique_external"
            ),
            models.CheckConstraint(condition=models.Q(risk__lte=100), name="neg_mention_risk_range"),
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "-risk", "sla_deadline"], name="neg_mention_queue"),
            models.Index(fields=["workspace", "published_at"], name="neg_mention_published"),
            models.Index(
                fields=["assignee"], name="neg_mention_assignee", condition=models.Q(assignee__isnull=False)
            ),
            models.Index(
                fields=["campaign"], name="neg_mention_campaign", condition=models.Q(campaign__isnull=False)
            ),
            models.Index(
                fields=["incident"], name="neg_mention_incident", condition=models.Q(incident__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{source_label(self.source)}: {self.external_id}"


class DetectionState(WorkspaceScopedModel):
    """Per workspace: since when new mentions wait for attack detection (NULL: none wait).
    Ingest sets it with one conditional UPDATE; the debounced task takes it off before running."""

    dirty_since = models.DateTimeField(_("waiting since"), null=True, blank=True)

    class Meta:
        verbose_name = _("attack detection state")
        verbose_name_plural = _("attack detection states")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="neg_detection_one_per_workspace")]


class ResponseTemplate(WorkspaceScopedModel):
    """A playbook for a category: the steps to follow and a reply text with {variables}."""

    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    name = models.CharField(_("name"), max_length=120)
    steps = models.TextField(_("steps"), help_text=_("One step per line."))
    body = models.TextField(
        _("reply text"),
        help_text=_("Variables: {author}, {order_number}, {brand}, {topic}, {manager}."),
    )
    language = models.CharField(_("language"), max_length=5, default="ru")
    is_default = models.BooleanField(_("seeded default"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "category", "name"], name="neg_template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(WorkspaceScopedModel):
    """How fast a mention of a category must be handled; the highest matching min_risk wins."""

    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    min_risk = models.PositiveSmallIntegerField(
        _("from risk"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    minutes = models.PositiveIntegerField(_("minutes to handle"), validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["category", "min_risk"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "category", "min_risk"], name="neg_sla_unique")
        ]

    def __str__(self) -> str:
        return f"{self.category} ≥{self.min_risk}: {self.minutes} min"


class RoutingRule(WorkspaceScopedModel):
    """Applied on arrival, in ``position`` order: when every condition holds, run the actions."""

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    actions = models.JSONField(_("actions"), default=list)
    stop_processing = models.BooleanField(_("stop after this rule"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return self.name


class RoutingLog(WorkspaceScopedModel):
    """Which rule did what to which mention."""

    rule = models.ForeignKey(RoutingRule, null=True, on_delete=models.SET_NULL, related_name="logs")
    rule_name = models.CharField(_("rule"), max_length=120)
    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="routing_logs")
    actions = models.JSONField(_("actions"), default=list)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("routing log entry")
        verbose_name_plural = _("routing log")


class ClassificationCorrection(WorkspaceScopedModel):
    """A person's verdict on a mention's category (and topic): training data for retraining."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="corrections")
    previous_category = models.CharField(_("was"), max_length=10, choices=Category.choices, blank=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    previous_topic = models.CharField(_("topic was"), max_length=10, choices=Topic.choices, blank=True)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices, blank=True)
    text = models.TextField(_("text"))
    author_features = models.JSONField(default=dict, blank=True)
    corrected_by = models.ForeignKey(  # null: an integration token corrected it
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("classification correction")
        verbose_name_plural = _("classification corrections")


class ClassifierModel(WorkspaceScopedModel):
    """A version of the workspace's classifier (starter corpus + its corrections), pickled."""

    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=ClassifierStatus.choices, default=ClassifierStatus.TRAINING
    )
    is_active = models.BooleanField(_("active"), default=False)
    blob = models.BinaryField(_("model"), null=True, blank=True, editable=False)
    corrections_used = models.PositiveIntegerField(_("corrections used"), default=0)
    training_size = models.PositiveIntegerField(_("training examples"), default=0)
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    trained_at = models.DateTimeField(_("trained"), null=True, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("classifier version")
        verbose_name_plural = _("classifier versions")
        constraints = [
            models.UniqueConstraint(fields=["workspace", "version"], name="neg_classifier_unique_version")
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class Reply(WorkspaceScopedModel):
    """A reply drafted from a playbook; a high-risk mention's reply needs a manager's approval."""

    mention = models.ForeignKey(Mention, on_delete=models.CASCADE, related_name="reply_drafts")
    template = models.ForeignKey(
        ResponseTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReplyStatus.choices, default=ReplyStatus.DRAFT
    )
    needs_approval = models.BooleanField(_("needs approval"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")


class WebhookSecret(WorkspaceScopedModel):
    """The per-workspace secret that signs inbound webhook calls (HMAC-SHA256)."""

    secret = models.CharField(_("secret"), max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("inbound webhook secret")
        verbose_name_plural = _("inbound webhook secrets")
        constraints = [models.UniqueConstraint(fields=["workspace"], name="neg_webhook_one_per_workspace")]
