"""Factories of reports (and the few campaigns rows the reports read, built here so the reports
tests do not depend on the campaigns app's test helpers)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import WorkspaceFactory
from campaigns.models import KPI, BusinessGoal, Campaign, Conversion, MetricDaily
from reports.models import ReportComment, ReportFile, ReportRun, ReportSchedule

START = date(2026, 10, 1)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessGoal

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Цель {n}")
    kind = "sales"
    target_metric = "sales"
    target_value = Decimal("100")
    starts_on = START
    ends_on = START + timedelta(days=60)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Кампания {n}")
    objective = "sales"
    goal = factory.LazyAttribute(lambda o: GoalFactory(workspace=o.workspace))
    channels = factory.LazyFunction(lambda: ["vk", "telegram"])
    budget = Decimal("100000")
    starts_on = START
    ends_on = START + timedelta(days=30)
    status = "running"


class KPIFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KPI

    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    campaign = factory.SubFactory(CampaignFactory)
    metric = "sales"
    target_value = Decimal("10")


class MetricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MetricDaily

    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    campaign = factory.SubFactory(CampaignFactory)
    channel = "vk"
    date = START


class ConversionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversion

    workspace = factory.LazyAttribute(lambda o: o.campaign.workspace)
    campaign = factory.SubFactory(CampaignFactory)
    external_id = factory.Sequence(lambda n: f"crm-{n}")
    kind = "lead"
    amount = Decimal("0")
    occurred_at = factory.LazyFunction(lambda: timezone.make_aware(datetime(2026, 10, 5, 12, 0)))


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportRun

    workspace = factory.SubFactory(WorkspaceFactory)
    kind = "workspace"
    period_start = START
    period_end = START + timedelta(days=30)
    formats = factory.LazyFunction(lambda: ["csv"])
    status = "done"
    progress = 100
    language = "en"


class ReportFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportFile

    workspace = factory.LazyAttribute(lambda o: o.run.workspace)
    run = factory.SubFactory(RunFactory)
    format = "csv"
    file = factory.django.FileField(filename="report.csv", data=b"a,b\n")
    size = 4
    sha256 = "0" * 64


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportComment

    workspace = factory.LazyAttribute(lambda o: o.run.workspace)
    run = factory.SubFactory(RunFactory)
    text = "Хорошо"


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSchedule

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Еженедельный {n}")
    kind = "workspace"
    frequency = "weekly"
    formats = factory.LazyFunction(lambda: ["pdf"])
    recipients = factory.LazyFunction(lambda: ["boss@example.test"])
