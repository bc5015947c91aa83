"""Partners REST API: directory, pipeline, negotiations, deals, shortlist; roles and tenancy."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import AuditLog
from campaigns.models import Conversion
from partners.enums import DealStatus, Stage
from partners.models import Deal, Deliverable, Negotiation, Partner, PartnerChannel

from .factories import (
    CampaignFactory,
    ChannelFactory,
    DealFactory,
    DeliverableFactory,
    PartnerFactory,
    SegmentFactory,
)

BASE = "/api/v1/workspaces/acme"


def partner_payload(**extra):
    payload = {
        "name": "Мама печёт",
        "kind": "blogger",
        "topics": ["домашняя выпечка", "дети"],
        "price_list": [{"item": "post", "price": "15000", "currency": "RUB"}],
        "channels": [
            {
                "platform": "vk",
                "url": "https://vk.com/mama_pechet",
                "handle": "@Mama_Pechet",
                "audience_size": 42000,
                "engagement_rate": "4.50",
            }
        ],
    }
    payload.update(extra)
    return payload


@pytest.mark.django_db
def test_partner_create_with_channels_stores_normalised_channel(personas, api_as):
    response = api_as(personas.marketer).post(f"{BASE}/partners/", partner_payload(), format="json")
    assert response.status_code == 201, response.data
    partner = Partner.objects.get(workspace=personas.workspace)
    assert partner.stage == Stage.PROSPECT
    assert partner.min_price == Decimal("15000")
    assert "выпечка" in partner.topic_terms
    channel = partner.channels.get()
    assert (channel.handle, channel.url, channel.audience_size) == (
        "mama_pechet",
        "https://vk.com/mama_pechet",
        42000,
    )
    assert response.data["channels"][0]["engagement_rate"] == "4.50"
    assert response.data["audience_total"] == 42000
    assert AuditLog.objects.filter(workspace=personas.workspace, action="partner.created").count() == 1


@pytest.mark.django_db
def test_partner_create_negative_price_is_400_and_writes_nothing(personas, api_as):
    payload = partner_payload(price_list=[{"item": "post", "price": "-5", "currency": "RUB"}])
    response = api_as(personas.marketer).post(f"{BASE}/partners/", payload, format="json")
    assert response.status_code == 400
    assert "price_list" in response.data["errors"]
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_partner_create_duplicate_handle_is_409(personas, api_as):
    ChannelFactory(
        partner=PartnerFactory(workspace=personas.workspace, name="Первый"),
        platform="vk",
        handle="mama_pechet",
        url="https://vk.com/other",
    )
    response = api_as(personas.marketer).post(f"{BASE}/partners/", partner_payload(), format="json")
    assert response.status_code == 409
    assert "Первый" in response.data["detail"]
    assert Partner.objects.count() == 1


@pytest.mark.django_db
def test_partner_create_as_viewer_is_403(personas, api_as):
    response = api_as(personas.viewer).post(f"{BASE}/partners/", partner_payload(), format="json")
    assert response.status_code == 403
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_partner_detail_of_other_workspace_is_404(personas, api_as):
    foreign = PartnerFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).get(f"{BASE}/partners/{foreign.pk}/")
    assert response.status_code == 404
    assert api_as(personas.outsider).get(f"{BASE}/partners/").status_code == 404


@pytest.mark.django_db
def test_partner_list_filters_by_kind_platform_topic_and_audience(personas, api_as):
    ws = personas.workspace
    baker = PartnerFactory(workspace=ws, name="Пекарь", topics=["выпечка"])
    ChannelFactory(partner=baker, platform="telegram", audience_size=5000)
    media = PartnerFactory(workspace=ws, name="Городской портал", kind="media", topics=["новости города"])
    ChannelFactory(partner=media, platform="vk", audience_size=300_000)
    client = api_as(personas.viewer)
    names = lambda r: [p["name"] for p in r.data["results"]]  # noqa: E731
    assert names(client.get(f"{BASE}/partners/", {"kind": "media"})) == ["Городской портал"]
    assert names(client.get(f"{BASE}/partners/", {"platform": "telegram"})) == ["Пекарь"]
    assert names(client.get(f"{BASE}/partners/", {"topic": "выпечку"})) == ["Пекарь"]
    assert names(client.get(f"{BASE}/partners/", {"audience_min": 100000})) == ["Городской портал"]
    assert names(client.get(f"{BASE}/partners/", {"q": "портал"})) == ["Городской портал"]


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 12])
def test_partner_list_query_count_is_constant(personas, api_as, django_assert_num_queries, rows):
    for _ in range(rows):
        ChannelFactory(partner=PartnerFactory(workspace=personas.workspace))
    client = api_as(personas.viewer)
    # token (+ last use), membership, count, page, channels prefetch
    with django_assert_num_queries(6):
        response = client.get(f"{BASE}/partners/")
    assert response.data["count"] == rows


@pytest.mark.django_db
def test_partner_move_prospect_to_completed_is_409(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).post(
        f"{BASE}/partners/{partner.pk}/move/", {"stage": "completed"}, format="json"
    )
    assert response.status_code == 409
    assert response.data["errors"]["stage"]
    partner.refresh_from_db()
    assert partner.stage == Stage.PROSPECT


@pytest.mark.django_db
def test_partner_move_to_agreed_without_deal_is_409(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace, stage=Stage.NEGOTIATING)
    response = api_as(personas.marketer).post(
        f"{BASE}/partners/{partner.pk}/move/", {"stage": "agreed"}, format="json"
    )
    assert response.status_code == 409
    partner.refresh_from_db()
    assert partner.stage == Stage.NEGOTIATING


@pytest.mark.django_db
def test_partner_move_valid_emits_event_and_audits(personas, api_as, django_capture_on_commit_callbacks):
    from smm_platform.events import domain_event

    seen = []
    receiver = lambda sender, **kw: seen.append((kw["event"], kw["payload"]))  # noqa: E731
    domain_event.connect(receiver)
    try:
        partner = PartnerFactory(workspace=personas.workspace)
        with django_capture_on_commit_callbacks(execute=True):
            response = api_as(personas.marketer).post(
                f"{BASE}/partners/{partner.pk}/move/", {"stage": "contacted"}, format="json"
            )
    finally:
        domain_event.disconnect(receiver)
    assert response.status_code == 200
    assert response.data["stage"] == "contacted"
    assert seen == [
        ("deal.stage_changed", {"partner": partner.pk, "deal": None, "from": "prospect", "to": "contacted"})
    ]


@pytest.mark.django_db
def test_negotiation_offer_logs_step_and_moves_partner(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace)
    due = (timezone.localdate() + timedelta(days=2)).isoformat()
    response = api_as(personas.marketer).post(
        f"{BASE}/negotiations/",
        {
            "partner": partner.pk,
            "kind": "offer",
            "summary": "Предложили пост",
            "amount": "12000",
            "currency": "RUB",
            "terms": "1 пост + сторис",
            "next_step": "Ждём ответ",
            "next_step_due": due,
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    step = Negotiation.objects.get()
    assert (step.amount, step.author, step.next_step_due.isoformat()) == (
        Decimal("12000"),
        personas.marketer,
        due,
    )
    partner.refresh_from_db()
    assert partner.stage == Stage.NEGOTIATING


@pytest.mark.django_db
def test_negotiation_negative_amount_is_400(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).post(
        f"{BASE}/negotiations/",
        {"partner": partner.pk, "kind": "offer", "summary": "x", "amount": "-1"},
        format="json",
    )
    assert response.status_code == 400
    assert "amount" in response.data["errors"]
    assert not Negotiation.objects.exists()


@pytest.mark.django_db
def test_negotiation_for_foreign_partner_is_400(personas, api_as):
    foreign = PartnerFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).post(
        f"{BASE}/negotiations/", {"partner": foreign.pk, "kind": "call", "summary": "x"}, format="json"
    )
    assert response.status_code == 400
    assert "partner" in response.data["errors"]


def deal_payload(partner, campaign, **extra):
    payload = {
        "partner": partner.pk,
        "campaign": campaign.pk,
        "price": "25000",
        "currency": "RUB",
        "terms": "2 поста, 3 сторис",
        "erid": "2VtzqxABC",
        "landing_url": "https://kolosok.example/promo",
        "deliverables": [
            {
                "title": "Пост-обзор",
                "kind": "post",
                "channel": "vk",
                "due_at": (timezone.now() + timedelta(days=3)).isoformat(),
            },
            {
                "title": "Сторис",
                "kind": "story",
                "channel": "vk",
                "due_at": (timezone.now() + timedelta(days=5)).isoformat(),
            },
        ],
    }
    payload.update(extra)
    return payload


@pytest.mark.django_db
def test_deal_close_creates_deliverables_and_moves_partner_to_agreed(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace, stage=Stage.NEGOTIATING)
    campaign = CampaignFactory(workspace=personas.workspace, utm_campaign="autumn")
    response = api_as(personas.marketer).post(
        f"{BASE}/deals/", deal_payload(partner, campaign), format="json"
    )
    assert response.status_code == 201, response.data
    deal = Deal.objects.get()
    assert deal.utm_campaign == f"autumn-p{partner.pk}"
    assert deal.deliverables.count() == 2
    assert response.data["tracking_url"] == (
        f"https://kolosok.example/promo?utm_source=partner&utm_medium=influencer&utm_campaign=autumn-p{partner.pk}"
    )
    assert response.data["results"]["verdict"] == "insufficient_data"
    partner.refresh_from_db()
    assert partner.stage == Stage.AGREED


@pytest.mark.django_db
def test_deal_close_negative_price_is_400_and_writes_nothing(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace)
    campaign = CampaignFactory(workspace=personas.workspace)
    response = api_as(personas.marketer).post(
        f"{BASE}/deals/", deal_payload(partner, campaign, price="-100"), format="json"
    )
    assert response.status_code == 400
    assert "price" in response.data["errors"]
    assert not Deal.objects.exists() and not Deliverable.objects.exists()


@pytest.mark.django_db
def test_deal_close_with_foreign_campaign_is_400(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace)
    campaign = CampaignFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).post(
        f"{BASE}/deals/", deal_payload(partner, campaign), format="json"
    )
    assert response.status_code == 400
    assert "campaign" in response.data["errors"]
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_deal_results_attribute_conversions_by_utm_and_complete_rates_partner(personas, api_as):
    ws = personas.workspace
    partner = PartnerFactory(workspace=ws, stage=Stage.ACTIVE)
    campaign = CampaignFactory(workspace=ws)
    deal = DealFactory(
        partner=partner,
        campaign=campaign,
        price=Decimal("10000"),
        utm_campaign="bake-p1",
        status=DealStatus.IN_PROGRESS,
    )
    DeliverableFactory(deal=deal, status="published", reach=20000, clicks=800)
    for i, amount in enumerate(["9000", "6000", "3000"]):
        Conversion.objects.create(
            workspace=ws,
            campaign=campaign,
            external_id=f"c{i}",
            utm_campaign="bake-p1",
            kind="sale",
            amount=Decimal(amount),
            occurred_at=timezone.now(),
        )
    Conversion.objects.create(
        workspace=ws,
        campaign=campaign,
        external_id="other",
        utm_campaign="other",
        kind="sale",
        amount=Decimal("99999"),
        occurred_at=timezone.now(),
    )
    client = api_as(personas.marketer)
    results = client.get(f"{BASE}/deals/{deal.pk}/").data["results"]
    assert results["reach"] == 20000 and results["clicks"] == 800 and results["conversions"] == 3
    assert (results["revenue"], results["cpa"], results["roi"]) == (
        "18000.00",
        "3333.33",
        "80.0",
    )  # ROMI rule of campaigns.figures: one decimal
    assert results["verdict"] == "yes"
    response = client.post(f"{BASE}/deals/{deal.pk}/complete/")
    assert response.status_code == 200
    deal.refresh_from_db()
    partner.refresh_from_db()
    assert deal.status == DealStatus.COMPLETED and deal.result_roi == Decimal("80.00")
    assert partner.rating == Decimal("4.6")
    assert partner.stage == Stage.COMPLETED


@pytest.mark.django_db
def test_deliverable_patch_published_moves_deal_and_partner(personas, api_as):
    partner = PartnerFactory(workspace=personas.workspace, stage=Stage.AGREED)
    deliverable = DeliverableFactory(deal=DealFactory(partner=partner))
    response = api_as(personas.marketer).patch(
        f"{BASE}/deliverables/{deliverable.pk}/",
        {"status": "published", "published_url": "https://vk.com/wall-1_2", "reach": 5000, "clicks": 120},
        format="json",
    )
    assert response.status_code == 200, response.data
    deliverable.refresh_from_db()
    partner.refresh_from_db()
    assert deliverable.published_at is not None and deliverable.reach == 5000
    assert deliverable.deal.status == DealStatus.IN_PROGRESS
    assert partner.stage == Stage.ACTIVE


@pytest.mark.django_db
def test_bulk_import_rejects_whole_batch_with_row_numbers(personas, api_as):
    rows = [
        {"name": "Хороший", "kind": "blogger", "platform": "vk", "handle": "good", "audience_size": "1000"},
        {"name": "Плохой", "kind": "alien", "platform": "vk", "handle": "bad", "audience_size": "-5"},
    ]
    response = api_as(personas.marketer).post(f"{BASE}/partners/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 400
    assert set(response.data["errors"]["rows"]) == {"2"}
    assert set(response.data["errors"]["rows"]["2"]) == {"kind", "audience_size"}
    assert not Partner.objects.exists()


@pytest.mark.django_db
def test_bulk_import_skips_duplicates_by_url_and_handle(personas, api_as):
    ChannelFactory(
        partner=PartnerFactory(workspace=personas.workspace, name="Уже есть"),
        platform="vk",
        url="https://vk.com/known",
        handle="known",
    )
    rows = [
        {
            "name": "Новый",
            "kind": "blogger",
            "platform": "telegram",
            "handle": "@fresh",
            "audience_size": "1000",
        },
        {
            "name": "Дубль по ссылке",
            "kind": "media",
            "platform": "vk",
            "url": "https://www.vk.com/known/",
            "audience_size": "10",
        },
        {
            "name": "Дубль строки",
            "kind": "blogger",
            "platform": "telegram",
            "handle": "FRESH",
            "audience_size": "10",
        },
    ]
    response = api_as(personas.marketer).post(f"{BASE}/partners/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["created"] == 1
    assert set(response.data["duplicates"]) == {"2", "3"}
    assert sorted(Partner.objects.values_list("name", flat=True)) == ["Новый", "Уже есть"]
    assert PartnerChannel.objects.filter(handle="fresh", platform="telegram").count() == 1


@pytest.mark.django_db
def test_shortlist_ranks_fitting_partner_first_with_reasons(personas, api_as):
    ws = personas.workspace
    campaign = CampaignFactory(workspace=ws, channels=["vk"], budget=Decimal("300000"))
    campaign.segments.add(SegmentFactory(workspace=ws))
    good = PartnerFactory(workspace=ws, name="Мама печёт", topics=["выпечка", "семья", "рецепты"])
    ChannelFactory(partner=good, platform="vk", audience_size=200_000, engagement_rate=Decimal("3.5"))
    off_topic = PartnerFactory(workspace=ws, name="Авто-обзоры", topics=["автомобили", "тюнинг"])
    ChannelFactory(
        partner=off_topic, platform="youtube", audience_size=200_000, engagement_rate=Decimal("3.5")
    )
    fake = PartnerFactory(workspace=ws, name="Накрутка", topics=["выпечка", "семья"])
    ChannelFactory(partner=fake, platform="vk", audience_size=500_000, engagement_rate=Decimal("40"))
    declined = PartnerFactory(workspace=ws, name="Отказ", stage=Stage.DECLINED)
    ChannelFactory(partner=declined)
    too_expensive = PartnerFactory(
        workspace=ws, name="Дорого", price_list=[{"item": "post", "price": "900000"}]
    )
    ChannelFactory(partner=too_expensive)
    PartnerFactory(workspace=personas.other_workspace, name="Чужой")

    response = api_as(personas.viewer).get(f"{BASE}/campaigns/{campaign.pk}/partner-shortlist/")
    assert response.status_code == 200
    assert response.data["candidates"] == 3
    names = [r["partner"]["name"] for r in response.data["results"]]
    assert names[0] == "Мама печёт"
    assert set(names) == {"Мама печёт", "Авто-обзоры", "Накрутка"}
    top = response.data["results"][0]
    assert top["reason_codes"][0] == "topics_match"
    assert top["reasons"][0] == "3 of the partner's topics match the campaign's audience."
    fake_entry = next(r for r in response.data["results"] if r["partner"]["name"] == "Накрутка")
    assert fake_entry["flags"] == ["suspicious_engagement"]
    assert "risk_er_high" in fake_entry["reason_codes"]


@pytest.mark.django_db
def test_shortlist_reasons_follow_language(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace)
    ChannelFactory(partner=PartnerFactory(workspace=personas.workspace, topics=[]))
    response = api_as(personas.viewer).get(
        f"{BASE}/campaigns/{campaign.pk}/partner-shortlist/", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 200
    assert any("аудитори" in reason for reason in response.data["results"][0]["reasons"])


@pytest.mark.django_db
def test_shortlist_foreign_campaign_is_404(personas, api_as):
    foreign = CampaignFactory(workspace=personas.other_workspace)
    response = api_as(personas.marketer).get(f"{BASE}/campaigns/{foreign.pk}/partner-shortlist/")
    assert response.status_code == 404
    assert response.data["errors"] == {}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_shortlist_query_count_is_constant(personas, api_as, django_assert_num_queries, rows):
    campaign = CampaignFactory(workspace=personas.workspace)
    for _ in range(rows):
        ChannelFactory(partner=PartnerFactory(workspace=personas.workspace))
    client = api_as(personas.viewer)
    # token, membership, campaign, segments, candidates, past deals, partners, channels
    with django_assert_num_queries(10):
        response = client.get(f"{BASE}/campaigns/{campaign.pk}/partner-shortlist/")
    assert len(response.data["results"]) == rows


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["deals/", "negotiations/", "partners/bulk/"])
def test_writes_as_viewer_are_403(personas, api_as, path):
    response = api_as(personas.viewer).post(f"{BASE}/{path}", {}, format="json")
    assert response.status_code == 403
    assert response.data == {"detail": response.data["detail"], "code": "permission_denied", "errors": {}}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["partners/", "negotiations/", "deals/", "deliverables/"])
def test_lists_for_outsider_are_404(personas, api_as, path):
    assert api_as(personas.outsider).get(f"{BASE}/{path}").status_code == 404


@pytest.mark.django_db
def test_integration_token_needs_partners_write_scope(personas):
    from rest_framework.test import APIClient

    from accounts.services import integration_token_create

    def client_with(scopes):
        _token, key = integration_token_create(
            workspace=personas.workspace, name=f"crm {scopes}", scopes=scopes, actor=personas.owner
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    reader = client_with(["read"])
    assert reader.get(f"{BASE}/partners/").status_code == 200
    assert reader.post(f"{BASE}/partners/", partner_payload(), format="json").status_code == 403
    writer = client_with(["partners:write"])
    assert writer.post(f"{BASE}/partners/", partner_payload(), format="json").status_code == 201
    assert Partner.objects.get().owner is None
