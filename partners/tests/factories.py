"""Factories of partners (and a minimal campaign, as campaigns' factories may not be here)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import WorkspaceFactory
from campaigns.models import AudienceSegment, Campaign
from partners import rules
from partners.enums import DeliverableKind, NegotiationKind, PartnerKind
from partners.models import (
    Deal,
    Deliverable,
    Negotiation,
    Partner,
    PartnerChannel,
    PartnerImport,
)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Campaign {n}")
    objective = "sales"
    channels = factory.LazyFunction(lambda: ["vk", "telegram"])
    budget = Decimal("300000")
    starts_on = factory.LazyFunction(lambda: date.today())
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))
    utm_campaign = factory.Sequence(lambda n: f"camp{n}")


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AudienceSegment

    workspace = factory.SubFactory(WorkspaceFactory)
    name = "Молодые мамы"
    description = "Мамы с детьми до 7 лет, любят домашнюю выпечку"
    needs = "Быстрый завтрак для семьи, рецепты"


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    workspace = factory.SubFactory(WorkspaceFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = PartnerKind.BLOGGER
    topics = factory.LazyFunction(lambda: ["выпечка", "семья"])
    topic_terms = factory.LazyAttribute(lambda o: rules.topic_terms(o.topics))
    price_list = factory.LazyFunction(lambda: [{"item": "post", "price": "20000", "currency": "RUB"}])
    min_price = factory.LazyAttribute(
        lambda o: min((Decimal(e["price"]) for e in o.price_list), default=None) if o.price_list else None
    )


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerChannel
        skip_postgeneration_save = True  # the hook saves what it changes itself

    partner = factory.SubFactory(PartnerFactory)
    workspace = factory.LazyAttribute(lambda o: o.partner.workspace)
    platform = "vk"
    url = factory.Sequence(lambda n: f"https://vk.com/partner{n}")
    handle = factory.Sequence(lambda n: f"partner{n}")
    audience_size = 50_000
    engagement_rate = Decimal("3.00")

    @factory.post_generation
    def _totals(obj, create, extracted, **kwargs):
        if create:
            from partners.services import refresh_channel_totals

            refresh_channel_totals([obj.partner_id])


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal

    partner = factory.SubFactory(PartnerFactory)
    workspace = factory.LazyAttribute(lambda o: o.partner.workspace)
    campaign = factory.LazyAttribute(lambda o: CampaignFactory(workspace=o.workspace))
    title = factory.Sequence(lambda n: f"Deal {n}")
    price = Decimal("20000")
    utm_campaign = factory.Sequence(lambda n: f"deal{n}")
    signed_at = factory.LazyFunction(timezone.now)


class DeliverableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deliverable

    deal = factory.SubFactory(DealFactory)
    workspace = factory.LazyAttribute(lambda o: o.deal.workspace)
    title = "Пост с рецептом"
    kind = DeliverableKind.POST
    channel = "vk"
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


class NegotiationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negotiation

    partner = factory.SubFactory(PartnerFactory)
    workspace = factory.LazyAttribute(lambda o: o.partner.workspace)
    kind = NegotiationKind.CALL
    happened_at = factory.LazyFunction(timezone.now)
    summary = "Обсудили формат"


class PartnerImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerImport

    workspace = factory.SubFactory(WorkspaceFactory)
    file_name = "partners.csv"
    rows = factory.LazyFunction(
        lambda: [
            {"name": "Блог", "kind": "blogger", "platform": "vk", "handle": "blog_x", "audience_size": "1000"}
        ]
    )
