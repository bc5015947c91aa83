"""Dashboard pages of partners: roles, tenancy, query counts, the board's move endpoint."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partners.enums import Stage
from partners.models import Deal, Partner, PartnerImport

from .factories import (
    CampaignFactory,
    ChannelFactory,
    DealFactory,
    DeliverableFactory,
    PartnerFactory,
    SegmentFactory,
)

URL = "/w/acme/partners/"


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 15])
def test_directory_query_count_is_constant(personas, client, django_assert_num_queries, rows):
    for _ in range(rows):
        ChannelFactory(partner=PartnerFactory(workspace=personas.workspace))
    client.force_login(personas.viewer)
    client.get(URL)  # warm the session and caches
    # session, user, membership, exists, count, page, channels, notifications (navbar)...
    with django_assert_num_queries(9):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["partners"]) == rows


@pytest.mark.django_db
def test_directory_empty_state_and_filters(personas, client):
    client.force_login(personas.viewer)
    response = client.get(URL)
    assert b'data-testid="empty-state"' in response.content
    PartnerFactory(workspace=personas.workspace, name="Кондитер Анна", kind="blogger")
    PartnerFactory(workspace=personas.workspace, name="Городской портал", kind="media")
    response = client.get(URL, {"kind": "media"})
    assert [p.name for p in response.context["partners"]] == ["Городской портал"]
    response = client.get(URL, {"q": "анна", "audience_min": "abc"})
    assert [p.name for p in response.context["partners"]] == ["Кондитер Анна"]


@pytest.mark.django_db
def test_partner_detail_of_other_workspace_is_404(personas, client):
    foreign = PartnerFactory(workspace=personas.other_workspace)
    client.force_login(personas.marketer)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    client.force_login(personas.outsider)
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_viewer_cannot_create_or_move(personas, client):
    partner = PartnerFactory(workspace=personas.workspace)
    client.force_login(personas.viewer)
    assert client.post(f"{URL}new/", {"name": "x", "kind": "blogger"}).status_code == 403
    assert client.post(f"{URL}{partner.pk}/move/", {"stage": "contacted"}).status_code == 403
    partner.refresh_from_db()
    assert partner.stage == Stage.PROSPECT


@pytest.mark.django_db
def test_create_partner_through_form(personas, client):
    client.force_login(personas.marketer)
    response = client.post(
        f"{URL}new/",
        {
            "name": "Хлебные истории",
            "kind": "blogger",
            "topics": "выпечка, хлеб",
            "price": "8000",
            "currency": "RUB",
            "channel-platform": "telegram",
            "channel-handle": "@hleb",
            "channel-audience_size": "12000",
            "channel-engagement_rate": "5.5",
        },
    )
    partner = Partner.objects.get(name="Хлебные истории")
    assert response.status_code == 302 and response["Location"] == f"{URL}{partner.pk}/"
    assert partner.topics == ["выпечка", "хлеб"]
    assert partner.channels.get().handle == "hleb"


@pytest.mark.django_db
def test_board_move_invalid_is_refused_with_message(personas, client):
    partner = PartnerFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    response = client.post(f"{URL}{partner.pk}/move/", {"stage": "completed"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert response.json()["detail"] == "A partner cannot move from “Prospect” to “Completed”."
    response = client.post(f"{URL}{partner.pk}/move/", {"stage": "contacted"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    partner.refresh_from_db()
    assert partner.stage == Stage.CONTACTED


@pytest.mark.django_db
def test_board_shows_columns(personas, client):
    PartnerFactory(workspace=personas.workspace, name="Мама печёт", stage=Stage.NEGOTIATING)
    client.force_login(personas.viewer)
    response = client.get(f"{URL}board/")
    column = {value: partners for value, _label, partners in response.context["columns"]}
    assert [p.name for p in column["negotiating"]] == ["Мама печёт"]
    assert b"draggable" not in response.content


@pytest.mark.django_db
def test_deal_form_creates_deal_with_deliverables(personas, client):
    partner = PartnerFactory(workspace=personas.workspace, stage=Stage.NEGOTIATING)
    campaign = CampaignFactory(workspace=personas.workspace)
    due = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.force_login(personas.marketer)
    response = client.post(
        f"{URL}{partner.pk}/deals/new/",
        {
            "campaign": campaign.pk,
            "price": "15000",
            "currency": "RUB",
            "payment_status": "unpaid",
            "erid": "abc",
            "items-TOTAL_FORMS": "3",
            "items-INITIAL_FORMS": "0",
            "items-MIN_NUM_FORMS": "1",
            "items-MAX_NUM_FORMS": "1000",
            "items-0-title": "Пост",
            "items-0-kind": "post",
            "items-0-channel": "vk",
            "items-0-due_at": due,
        },
    )
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}deals/{deal.pk}/"
    assert deal.deliverables.count() == 1 and deal.price == Decimal("15000")


@pytest.mark.django_db
def test_deal_form_negative_price_shows_error(personas, client):
    partner = PartnerFactory(workspace=personas.workspace)
    campaign = CampaignFactory(workspace=personas.workspace)
    client.force_login(personas.marketer)
    response = client.post(
        f"{URL}{partner.pk}/deals/new/",
        {
            "campaign": campaign.pk,
            "price": "-1",
            "currency": "RUB",
            "payment_status": "unpaid",
            "items-TOTAL_FORMS": "1",
            "items-INITIAL_FORMS": "0",
            "items-0-title": "Пост",
            "items-0-kind": "post",
            "items-0-channel": "vk",
            "items-0-due_at": "2030-01-01T10:00",
        },
    )
    assert response.status_code == 200
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_deal_page_shows_results_and_deliverable_progress(personas, client):
    deliverable = DeliverableFactory(deal=DealFactory(partner=PartnerFactory(workspace=personas.workspace)))
    client.force_login(personas.marketer)
    response = client.post(
        f"{URL}deliverables/{deliverable.pk}/",
        {
            f"d{deliverable.pk}-status": "published",
            f"d{deliverable.pk}-reach": "7000",
            f"d{deliverable.pk}-clicks": "90",
        },
    )
    assert response.status_code == 302
    page = client.get(f"{URL}deals/{deliverable.deal_id}/")
    assert page.status_code == 200
    assert page.context["results"].reach == 7000


@pytest.mark.django_db
def test_import_upload_preview_and_apply(personas, client):
    client.force_login(personas.marketer)
    content = "name,kind,platform,handle,audience_size\nКондитер Анна,blogger,vk,anna,5400\n".encode()
    response = client.post(f"{URL}import/", {"file": SimpleUploadedFile("p.csv", content, "text/csv")})
    partner_import = PartnerImport.objects.get()
    assert response["Location"] == f"{URL}import/{partner_import.pk}/"
    assert client.get(response["Location"]).context["can_apply"] is True
    client.post(response["Location"])
    assert Partner.objects.filter(workspace=personas.workspace, name="Кондитер Анна").exists()


@pytest.mark.django_db
def test_import_wrong_extension_is_rejected(personas, client):
    client.force_login(personas.marketer)
    response = client.post(f"{URL}import/", {"file": SimpleUploadedFile("p.txt", b"x", "text/plain")})
    assert response.status_code == 200
    assert not PartnerImport.objects.exists()


@pytest.mark.django_db
def test_shortlist_page_explains_scores(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace, channels=["vk"])
    campaign.segments.add(SegmentFactory(workspace=personas.workspace))
    ChannelFactory(partner=PartnerFactory(workspace=personas.workspace, name="Мама печёт"))
    client.force_login(personas.viewer)
    response = client.get(f"{URL}shortlist/{campaign.pk}/")
    assert response.status_code == 200
    entry = response.context["entries"][0]
    assert entry["partner"].name == "Мама печёт"
    assert entry["reasons"][0] == (False, "2 of the partner's topics match the campaign's audience.")
    foreign = CampaignFactory(workspace=personas.other_workspace)
    assert client.get(f"{URL}shortlist/{foreign.pk}/").status_code == 404


@pytest.mark.django_db
def test_deal_page_reads_russian_numbers(personas, client):
    deliverable = DeliverableFactory(
        deal=DealFactory(partner=PartnerFactory(workspace=personas.workspace)),
        status="published",
        reach=98000,
        clicks=3240,
        published_url="https://vk.com/wall-1_1",
    )
    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    body = client.get(f"{URL}deals/{deliverable.deal_id}/").content.decode()
    assert "98\u00a0000" in body and "3\u00a0240" in body
    assert ">98000<" not in body and ">3240<" not in body  # shown, not typed (inputs keep digits)


@pytest.mark.django_db
def test_partner_page_reads_russian_numbers(personas, client):
    partner = PartnerFactory(workspace=personas.workspace)
    ChannelFactory(partner=partner, audience_size=86000)
    DeliverableFactory(deal=DealFactory(partner=partner), status="published", reach=98000, clicks=3240)
    personas.marketer.language = "ru"
    personas.marketer.save(update_fields=["language"])
    client.force_login(personas.marketer)
    body = client.get(f"{URL}{partner.pk}/").content.decode()
    assert "86\u00a0000" in body and "98\u00a0000" in body and "3\u00a0240" in body
    assert ">86000<" not in body and ">98000<" not in body and ">3240<" not in body
