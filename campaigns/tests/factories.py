"""Factories of the campaigns area."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import WorkspaceFactory
from campaigns.models import (
    KPI,
    AlignmentCheck,
    AudienceSegment,
    BusinessGoal,
    Campaign,
    CampaignTemplate,
    Conversion,
    MetricDaily,
    Trend,
    TrendTrial,
)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessGoal

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Goal {n}")
    kind = "sales"
    target_metric = "sales"
    target_value = Decimal("1000")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    objective = "traffic"
    goal = factory.LazyAttribute(lambda o: GoalFactory(workspace=o.workspace))
    channels = factory.LazyFunction(lambda: ["vk", "telegram"])
    budget = Decimal("100000")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    status = "running"


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    campaign = factory.SubFactory(CampaignFactory)
    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    metric = "sales"
    target_value = Decimal("100")


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricDaily

    campaign = factory.SubFactory(CampaignFactory)
    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    channel = "vk"
    date = factory.LazyAttribute(lambda o: o.campaign.starts_on)
    impressions = 1000
    reach = 800
    clicks = 40
    engagements = 60
    followers = 5000
    posts = 1
    leads = 2
    sales = 1
    revenue = Decimal("1500")
    spend = Decimal("1000")


class ConversionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversion

    campaign = factory.SubFactory(CampaignFactory)
    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    external_id = factory.Sequence(lambda n: f"crm-{n}")
    kind = "sale"
    amount = Decimal("1200")
    occurred_at = factory.LazyFunction(timezone.now)


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceSegment

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Segment {n}")
    channels = factory.LazyFunction(lambda: ["vk"])


class TrendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trend

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Trend {n}")
    platform = "vk"
    noticed_on = factory.LazyFunction(timezone.localdate)


class TrendTrialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrendTrial

    trend = factory.SubFactory(TrendFactory)
    workspace = factory.LazyAttribute(lambda o: o.trend.workspace)
    campaign = factory.LazyAttribute(lambda o: CampaignFactory(workspace=o.trend.workspace))
    started_on = factory.LazyFunction(timezone.localdate)


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignTemplate

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Template {n}")
    objective = "sales"
    goal_kind = "sales"
    channels = factory.LazyFunction(lambda: ["vk"])
    duration_days = 30
    budget = Decimal("50000")
    kpi_targets = factory.LazyFunction(lambda: [{"metric": "sales", "target_value": "100"}])
    plan = factory.LazyFunction(
        lambda: [{"day_offset": 0, "title": "Launch post", "kind": "post", "channel": "vk"}]
    )


class AlignmentCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlignmentCheck

    campaign = factory.SubFactory(CampaignFactory)
    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    verdict = "aligned"
    reasons = factory.LazyFunction(list)
    checked_at = factory.LazyFunction(timezone.now)
