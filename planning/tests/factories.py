"""Factories of planning rows."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.factories import WorkspaceFactory
from campaigns.models import BusinessGoal, Campaign
from planning.enums import ItemKind
from planning.models import (
    BrainstormSession,
    Idea,
    Milestone,
    PlanItem,
    PlanItemAttachment,
    Proposal,
    ShareLink,
    Task,
)


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessGoal

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Goal {n}")
    kind = "sales"
    target_metric = "sales"
    target_value = Decimal("1000")
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    objective = "sales"
    channels = ["vk", "telegram"]
    budget = Decimal("100000")
    status = "running"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class PlanItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItem

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Post {n}")
    kind = ItemKind.POST
    channel = "vk"
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))
    status = "draft"
    text = "Свежий хлеб каждое утро."
    # An approved, scheduled or published item carries its approval (as the workflow leaves it).
    approved_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in ("approved", "scheduled", "published") else None
    )


class PlanItemAttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanItemAttachment

    workspace = factory.SubFactory(WorkspaceFactory)
    item = factory.LazyAttribute(lambda o: PlanItemFactory(workspace=o.workspace))
    file = factory.LazyFunction(lambda: ContentFile(b"\x89PNG\r\n\x1a\n private pixels", name="layout.png"))
    media_type = "image"
    size = 24


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Task {n}")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class BrainstormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrainstormSession

    workspace = factory.SubFactory(WorkspaceFactory)
    topic = factory.Sequence(lambda n: f"Topic {n}")
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    workspace = factory.SubFactory(WorkspaceFactory)
    session = factory.SubFactory(BrainstormFactory, workspace=factory.SelfAttribute("..workspace"))
    text = factory.Sequence(lambda n: f"Idea {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    workspace = factory.SubFactory(WorkspaceFactory)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    problem = "Problem"
    idea = "Idea"
    goal = factory.SubFactory(GoalFactory, workspace=factory.SelfAttribute("..workspace"))
    expected_effect = Decimal("100")
    budget = Decimal("50000")


class ShareLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShareLink

    workspace = factory.SubFactory(WorkspaceFactory)
    campaign = factory.SubFactory(CampaignFactory, workspace=factory.SelfAttribute("..workspace"))
    starts_on = factory.LazyFunction(lambda: timezone.localdate())
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    token_hash = factory.Sequence(lambda n: f"{n:064d}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
