"""A campaign's calendar plan travels through its template to a new campaign, shifted in time."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.tests.factories import CampaignFactory
from planning.models import PlanItem

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 30))


def test_template_keeps_plan_as_day_offsets_and_new_campaign_gets_shifted_items(personas):
    source = CampaignFactory(
        workspace=personas.workspace, starts_on=date(2026, 3, 1), ends_on=date(2026, 3, 31), channels=["vk"]
    )
    PlanItem.objects.create(
        workspace=personas.workspace,
        campaign=source,
        title="Анонс",
        kind="post",
        channel="vk",
        scheduled_at=_at(date(2026, 3, 1), 9),
        status="published",
        published_url="https://vk.com/wall-1_1",
        text="Скоро открытие",
    )
    PlanItem.objects.create(
        workspace=personas.workspace,
        campaign=source,
        title="Розыгрыш",
        kind="story",
        channel="vk",
        scheduled_at=_at(date(2026, 3, 11), 18),
        status="approved",
    )
    PlanItem.objects.create(
        workspace=personas.workspace,
        campaign=source,
        title="Пост блогера",
        kind="partner_publication",
        channel="vk",
        scheduled_at=_at(date(2026, 3, 5), 12),
        source_kind="deal_deliverable",
        source_ref=7,
    )

    template = campaign_services.template_from_campaign(campaign=source, actor=personas.marketer)
    assert [(e["day_offset"], e["title"], e["time"]) for e in template.plan] == [
        (0, "Анонс", "09:30"),
        (10, "Розыгрыш", "18:30"),
    ]

    campaign, _plan = campaign_services.template_instantiate(
        template=template, actor=personas.marketer, name="Весна-2027", starts_on=date(2027, 4, 1), goal=None
    )
    items = PlanItem.objects.filter(campaign=campaign).order_by("scheduled_at")
    assert [(i.title, i.kind, i.status, timezone.localtime(i.scheduled_at)) for i in items] == [
        ("Анонс", "post", "draft", _at(date(2027, 4, 1), 9)),
        ("Розыгрыш", "story", "draft", _at(date(2027, 4, 11), 18)),
    ]
    assert items[0].text == "Скоро открытие"


def test_a_template_plan_lands_inside_the_new_campaign_scaled_and_keeps_segments(personas):
    """'Масленица' started on 01.12 put 19 plan items in February, after the campaign had ended."""
    from campaigns.models import AudienceSegment, CampaignTemplate

    segment = AudienceSegment.objects.create(workspace=personas.workspace, name="Семьи с детьми")
    source = CampaignFactory(
        workspace=personas.workspace, starts_on=date(2026, 2, 1), ends_on=date(2026, 2, 14), channels=["vk"]
    )
    source.segments.set([segment])
    template = CampaignTemplate.objects.create(
        workspace=personas.workspace,
        name="Масленица",
        objective="sales",
        channels=["vk"],
        duration_days=14,
        budget=100000,
        source_campaign=source,
        # Entries recorded past the template's own days (the source plan ran over its end).
        plan=[
            {"day_offset": d, "title": f"Пост {d}", "kind": "post", "channel": "vk", "time": "10:00"}
            for d in (0, 13, 40, 70)
        ],
    )
    start = date(2026, 12, 1)
    campaign, _plan = campaign_services.template_instantiate(
        template=template,
        actor=personas.marketer,
        name="Масленица 2027",
        starts_on=start,
        ends_on=date(2026, 12, 7),
    )
    assert (campaign.starts_on, campaign.ends_on) == (start, date(2026, 12, 7))
    days = sorted(i.scheduled_at.date() for i in PlanItem.objects.filter(campaign=campaign))
    assert days and all(campaign.starts_on <= d <= campaign.ends_on for d in days), days
    assert days[0] == start and days[-1] == date(2026, 12, 7)
    assert list(campaign.segments.all()) == [segment]
