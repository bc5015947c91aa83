"""Business goals, the campaigns that serve them, their KPIs, daily metrics and CRM conversions,
audience segments, the trends radar, campaign templates and the alignment verdict history.

Other apps build on these names (planning: plan items with a ``campaign`` FK; partners: deals with
a ``campaign`` FK): keep them stable.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Workspace
from accounts.tenancy import WorkspaceScopedModel

from .enums import (
    CampaignStatus,
    Channel,
    ConversionKind,
    GoalKind,
    GoalMetric,
    KpiMetric,
    Objective,
    TrendStatus,
    Verdict,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class BusinessGoal(WorkspaceScopedModel):
    """A concrete business result the SMM work must move (e.g. 1,200 cake pre-orders in Q4).

    ``parent`` lets a company goal be broken into sub-goals (the goal tree). ``max_cost_per_result``
    is the goal's economics: what one unit of ``target_metric`` may cost at most (e.g. the
    acceptable acquisition cost of a sale); empty means "budget / target" is used instead.
    """

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=GoalKind.choices)
    target_metric = models.CharField(_("target metric"), max_length=20, choices=GoalMetric.choices)
    target_value = models.DecimalField(_("target value"), validators=NON_NEGATIVE, **MONEY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    max_cost_per_result = models.DecimalField(
        _("max cost per result"), null=True, blank=True, validators=NON_NEGATIVE, **MONEY
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["starts_on", "name", "id"]
        verbose_name = _("business goal")
        verbose_name_plural = _("business goals")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="goal_period_ordered"),
            models.CheckConstraint(condition=Q(target_value__gte=0), name="goal_target_non_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date must not be before the start date.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A goal cannot be its own parent.")})


class AudienceSegment(WorkspaceScopedModel):
    """A persona: who they are, what they need, what hurts, what they object, where they are."""

    #: The audit page reads the stored channel codes by their names.
    AUDIT_CHOICES = {"channels": Channel.choices}

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    description = models.TextField(_("who they are"), blank=True)
    needs = models.TextField(_("needs"), blank=True)
    pains = models.TextField(_("pains"), blank=True)
    objections = models.TextField(_("objections"), blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    content_preferences = models.TextField(_("content they respond to"), blank=True)
    size_estimate = models.PositiveIntegerField(_("estimated size"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("audience segment")
        verbose_name_plural = _("audience segments")

    def __str__(self) -> str:
        return self.name


class CampaignTemplate(WorkspaceScopedModel):
    """A reusable campaign: structure, channels, KPI targets, budget split and the calendar plan
    as day offsets from the start (``plan``: ``[{"day_offset", "title", "kind", "channel", "text"}]``;
    ``kpi_targets``: ``[{"metric", "target_value"}]``; ``budget_split``: ``{channel: share 0..1}``)."""

    #: The audit page reads the stored channel codes by their names.
    AUDIT_CHOICES = {"channels": Channel.choices}

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    objective = models.CharField(_("objective"), max_length=20, choices=Objective.choices)
    goal_kind = models.CharField(_("goal kind"), max_length=20, choices=GoalKind.choices, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    duration_days = models.PositiveIntegerField(_("duration, days"), validators=[MinValueValidator(1)])
    budget = models.DecimalField(_("budget"), validators=NON_NEGATIVE, **MONEY)
    budget_split = models.JSONField(_("budget split"), default=dict, blank=True)
    kpi_targets = models.JSONField(_("KPI targets"), default=list, blank=True)
    plan = models.JSONField(_("calendar plan"), default=list, blank=True)
    source_campaign = models.ForeignKey(
        "Campaign",
        verbose_name=_("saved from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="saved_templates",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("campaign template")
        verbose_name_plural = _("campaign templates")

    def __str__(self) -> str:
        return self.name


class Campaign(WorkspaceScopedModel):
    """An SMM campaign serving one business goal.

    Status workflow: draft -> proposed -> approved (by a manager) -> running <-> paused ->
    completed; cancelled from any open status (rules in ``campaigns.workflow``).
    ``alignment_*`` hold the latest verdict (history in ``AlignmentCheck``); ``alignment_dirty_since``
    marks new metrics or conversions not yet judged: the re-check task claims it with a conditional
    UPDATE, so a burst of batches causes one check.
    """

    #: No index of its own: ``campaign_ws_status`` (workspace, status) serves every lookup by
    #: workspace, and each index costs every write of the row (on PostgreSQL the table leaves
    #: room on each page, so the alignment engine's and the ingest's updates stay in place).
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)

    #: The audit page reads the stored channel codes by their names.
    AUDIT_CHOICES = {"channels": Channel.choices}

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    objective = models.CharField(_("objective"), max_length=20, choices=Objective.choices)
    goal = models.ForeignKey(
        BusinessGoal,
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    channels = models.JSONField(_("channels"), default=list, blank=True)
    budget = models.DecimalField(_("budget"), validators=NON_NEGATIVE, **MONEY)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    segments = models.ManyToManyField(
        AudienceSegment, verbose_name=_("audience segments"), blank=True, related_name="campaigns"
    )
    description = models.TextField(_("description"), blank=True)
    utm_campaign = models.CharField(_("utm_campaign"), max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template = models.ForeignKey(
        CampaignTemplate,
        verbose_name=_("started from template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="campaigns",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    alignment_verdict = models.CharField(
        _("alignment"), max_length=20, choices=Verdict.choices, default=Verdict.INSUFFICIENT_DATA
    )
    alignment_reasons = models.JSONField(_("alignment reasons"), default=list, blank=True)
    alignment_checked_at = models.DateTimeField(_("alignment checked"), null=True, blank=True)
    alignment_dirty_since = models.DateTimeField(null=True, blank=True, editable=False)
    # Fingerprint of everything the latest verdict was judged from (``alignment_facts``): equal
    # inputs give an equal verdict, so an unchanged campaign is not judged or written again.
    alignment_digest = models.CharField(max_length=32, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_period_ordered"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="campaign_budget_non_negative"),
            models.UniqueConstraint(
                fields=["workspace", "utm_campaign"],
                condition=~Q(utm_campaign=""),
                name="campaign_utm_unique_per_workspace",
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "status"], name="campaign_ws_status"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end date must not be before the start date.")
        bad = [c for c in self.channels or [] if c not in Channel.values]
        if not isinstance(self.channels, list) or bad:
            errors["channels"] = _("Unknown channel: %(codes)s.") % {"codes": ", ".join(map(str, bad))}
        if errors:
            raise ValidationError(errors)

    @property
    def channel_labels(self) -> list[str]:
        labels = dict(Channel.choices)
        return [str(labels.get(c, c)) for c in self.channels]


class KPI(WorkspaceScopedModel):
    """A campaign's target on one metric over the campaign period (cost metrics: at most)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="kpis")
    metric = models.CharField(_("metric"), max_length=20, choices=KpiMetric.choices)
    target_value = models.DecimalField(_("target value"), validators=NON_NEGATIVE, **MONEY)

    class Meta:
        ordering = ["campaign_id", "metric"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "metric"], name="kpi_unique_metric_per_campaign"),
            models.CheckConstraint(condition=Q(target_value__gte=0), name="kpi_target_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.target_value}"


class MetricDaily(WorkspaceScopedModel):
    """One day of one campaign on one channel. ``followers`` is the community's size that day
    (a snapshot); every other count is what happened that day. Natural key: campaign+channel+date.

    Every index costs every write of a bulk ingest, so there are three: the primary key, the
    natural key ordered (campaign, date, channel) (it also serves a campaign's date ranges and its
    first/last day) and (workspace, date); the foreign keys get none of their own (those two lead
    with them). On PostgreSQL the table keeps half of each page free (``fillfactor=50``, migration
    0004): a re-sent batch updates rows in place (HOT updates, no index entries written), which
    is what most ingest is; a table without free room doubles after its first re-send anyway.
    """

    # Served by the (workspace, date) index.
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Served by the natural key, which leads with the campaign.
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="metrics", db_index=False)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("date"))
    impressions = models.PositiveBigIntegerField(_("impressions"), default=0)
    reach = models.PositiveBigIntegerField(_("reach"), default=0)
    clicks = models.PositiveBigIntegerField(_("clicks"), default=0)
    engagements = models.PositiveBigIntegerField(_("engagements"), default=0)
    followers = models.PositiveBigIntegerField(_("followers"), default=0)
    posts = models.PositiveIntegerField(_("posts published"), default=0)
    leads = models.PositiveIntegerField(_("leads"), default=0)
    sales = models.PositiveIntegerField(_("sales"), default=0)
    revenue = models.DecimalField(_("revenue"), default=0, validators=NON_NEGATIVE, **MONEY)
    spend = models.DecimalField(_("spend"), default=0, validators=NON_NEGATIVE, **MONEY)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["campaign_id", "date", "channel"]
        verbose_name = _("daily metric")
        verbose_name_plural = _("daily metrics")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "date", "channel"], name="metric_unique_campaign_date_channel"
            ),
            models.CheckConstraint(
                condition=Q(revenue__gte=0) & Q(spend__gte=0), name="metric_money_non_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["workspace", "date"], name="metric_ws_date"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.channel}/{self.date}"


class Conversion(WorkspaceScopedModel):
    """A lead or sale reported by the CRM, attributed to a campaign (by id or ``utm_campaign``).
    Idempotent by ``external_id`` within the workspace."""

    external_id = models.CharField(_("external id"), max_length=120)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="conversions")
    utm_campaign = models.CharField(_("utm_campaign"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ConversionKind.choices)
    amount = models.DecimalField(_("amount"), default=0, validators=NON_NEGATIVE, **MONEY)
    occurred_at = models.DateTimeField(_("occurred at"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("conversion")
        verbose_name_plural = _("conversions")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "external_id"], name="conversion_unique_external_id"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="conversion_amount_non_negative"),
        ]
        indexes = [models.Index(fields=["campaign", "kind"], name="conversion_campaign_kind")]

    def __str__(self) -> str:
        return self.external_id


class Trend(WorkspaceScopedModel):
    """An SMM trend on the radar: what it is, where, the source, and how far we took it."""

    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    platform = models.CharField(_("platform"), max_length=20, choices=Channel.choices)
    source_url = models.URLField(_("source link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TrendStatus.choices, default=TrendStatus.WATCHING
    )
    noticed_on = models.DateField(_("noticed on"))
    campaigns = models.ManyToManyField(Campaign, through="TrendTrial", related_name="trends", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-noticed_on", "-id"]
        verbose_name = _("trend")
        verbose_name_plural = _("trends")

    def __str__(self) -> str:
        return self.name


class TrendTrial(WorkspaceScopedModel):
    """A campaign that tried a trend, and what it did to a KPI: the metric's daily rate over the
    trial period against the same-length period before it (``baseline_value``/``observed_value``,
    measured from ``MetricDaily`` by the service), plus the team's note."""

    trend = models.ForeignKey(Trend, on_delete=models.CASCADE, related_name="trials")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="trend_trials")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    metric = models.CharField(
        _("metric"), max_length=20, choices=KpiMetric.choices, default=KpiMetric.ENGAGEMENT_RATE
    )
    baseline_value = models.DecimalField(_("before"), null=True, blank=True, max_digits=18, decimal_places=4)
    observed_value = models.DecimalField(_("during"), null=True, blank=True, max_digits=18, decimal_places=4)
    observed_effect = models.TextField(_("observed effect"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("trend trial")
        verbose_name_plural = _("trend trials")
        constraints = [
            models.UniqueConstraint(fields=["trend", "campaign"], name="trend_trial_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.trend_id} @ {self.campaign_id}"

    @property
    def effect_pct(self) -> Decimal | None:
        """Relative change of the metric during the trial, in percent (None when unmeasured)."""
        if self.baseline_value in (None, 0) or self.observed_value is None:
            return None
        return ((self.observed_value - self.baseline_value) / self.baseline_value * 100).quantize(
            Decimal("0.1")
        )


class AlignmentCheck(WorkspaceScopedModel):
    """One change of a campaign's alignment verdict (the timeline). Written only when the verdict
    changes; ``reasons`` are ``[{"code", "params"}]`` rendered in the reader's language."""

    #: No index of its own: ``alignment_campaign_time`` (campaign, -checked_at) serves it.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="alignment_checks", db_index=False
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    previous_verdict = models.CharField(
        _("previous verdict"), max_length=20, choices=Verdict.choices, blank=True
    )
    reasons = models.JSONField(_("reasons"), default=list)
    facts = models.JSONField(_("facts"), default=dict)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = _("alignment check")
        verbose_name_plural = _("alignment checks")
        indexes = [models.Index(fields=["campaign", "-checked_at"], name="alignment_campaign_time")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.verdict}"


class AlignmentSettings(WorkspaceScopedModel):
    """Per-workspace thresholds of the alignment engine (defaults are sensible for SMM)."""

    min_data_days = models.PositiveIntegerField(
        _("days of data before judging"), default=7, validators=[MinValueValidator(1)]
    )
    dead_no_posts_days = models.PositiveIntegerField(
        _("dead community: days without posts"), default=14, validators=[MinValueValidator(1)]
    )
    dead_min_engagement_rate = models.DecimalField(
        _("dead community: minimum engagement rate, %"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    dead_followers_window_days = models.PositiveIntegerField(
        _("dead community: window for follower growth, days"), default=30, validators=[MinValueValidator(2)]
    )
    dead_reach_per_follower_drop_pct = models.PositiveIntegerField(
        _("dead community: reach per follower drop, %"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    zero_effect_grace_days = models.PositiveIntegerField(
        _("zero effectiveness: grace period, days"), default=14, validators=[MinValueValidator(1)]
    )
    zero_effect_min_spend = models.DecimalField(
        _("zero effectiveness: spend that must show results"),
        default=Decimal("5000.00"),
        validators=NON_NEGATIVE,
        **MONEY,
    )
    vanity_growth_pct = models.PositiveIntegerField(
        _("vanity metrics: growth of reach or engagements, %"), default=30, validators=[MinValueValidator(1)]
    )
    pace_at_risk_ratio = models.DecimalField(
        _("KPI pace below which a campaign is at risk"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    pace_misaligned_ratio = models.DecimalField(
        _("KPI pace below which a campaign is misaligned"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    cost_tolerance_pct = models.PositiveIntegerField(
        _("tolerance of cost per result over the goal's economics, %"), default=20
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("alignment settings")
        verbose_name_plural = _("alignment settings")
        constraints = [
            models.UniqueConstraint(fields=["workspace"], name="alignment_settings_one_per_workspace")
        ]

    def __str__(self) -> str:
        return f"alignment settings of {self.workspace_id}"

    def clean(self) -> None:
        low, high = self.pace_misaligned_ratio, self.pace_at_risk_ratio
        if low is not None and high is not None and low > high:
            raise ValidationError({"pace_misaligned_ratio": _("Must not be above the at-risk pace.")})
