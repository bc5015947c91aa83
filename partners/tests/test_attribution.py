"""A CRM attributes sales by the tag the visitor's link carried: a deal's utm_campaign counts for
the deal and its campaign with no extra field; tagged links keep the landing page's parameters."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns import figures
from campaigns.models import Conversion
from partners import rules, selectors

from .factories import CampaignFactory, DealFactory, DeliverableFactory, PartnerFactory

BASE = "/api/v1/workspaces/acme"


@pytest.mark.django_db
def test_conversion_by_a_deals_tag_counts_for_the_deal_and_its_campaign(personas, api_as):
    campaign = CampaignFactory(workspace=personas.workspace, utm_campaign="c13")
    deal = DealFactory(
        partner=PartnerFactory(workspace=personas.workspace), campaign=campaign, utm_campaign="c13-p9"
    )
    DeliverableFactory(deal=deal, status="published")
    body = [
        {
            "external_id": "amo-1",
            "utm_campaign": "c13-p9",
            "kind": "sale",
            "amount": "30000.00",
            "occurred_at": campaign.starts_on.isoformat() + "T12:00:00+03:00",
        }
    ]
    response = api_as(personas.owner).post(f"{BASE}/conversions/", body, format="json")
    assert response.status_code in (200, 201), response.data
    stored = Conversion.objects.get(external_id="amo-1")
    assert (stored.campaign_id, stored.utm_campaign) == (campaign.pk, "c13-p9")
    results = selectors.deal_results(deal=deal)
    assert (results.conversions, results.revenue) == (1, Decimal("30000.00"))
    assert results.roi == Decimal("50.0")  # (30000 - 20000) / 20000
    assert figures.campaign_figure(campaign=campaign).results.sales == 1


@pytest.mark.django_db
def test_unknown_tag_is_still_refused_and_nothing_is_stored(personas, api_as):
    body = [
        {"external_id": "x", "utm_campaign": "nobody", "kind": "sale", "occurred_at": "2026-11-01T10:00:00Z"}
    ]
    response = api_as(personas.owner).post(f"{BASE}/conversions/", body, format="json")
    assert response.status_code == 400
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_another_workspaces_deal_tag_does_not_attribute(personas, api_as):
    foreign = DealFactory(partner=PartnerFactory(workspace=personas.other_workspace), utm_campaign="theirs")
    body = [
        {
            "external_id": "y",
            "utm_campaign": foreign.utm_campaign,
            "kind": "sale",
            "occurred_at": "2026-11-01T10:00:00Z",
        }
    ]
    response = api_as(personas.owner).post(f"{BASE}/conversions/", body, format="json")
    assert response.status_code == 400
    assert not Conversion.objects.exists()


@pytest.mark.django_db
def test_tracking_url_merges_with_the_landing_pages_own_parameters(personas):
    deal = DealFactory(
        partner=PartnerFactory(workspace=personas.workspace),
        utm_campaign="c13-p9",
        landing_url="https://shop.example/cakes?ref=vk&utm_source=site&utm_campaign=old",
    )
    assert deal.tracking_url == (
        "https://shop.example/cakes?ref=vk&utm_source=partner&utm_medium=influencer&utm_campaign=c13-p9"
    )


def test_deal_roi_and_verdict_wait_for_something_published_or_attributed():
    nothing = rules.DealResults(
        price=Decimal("20000"),
        reach=0,
        clicks=0,
        conversions=0,
        revenue=Decimal("0"),
        deliverables=2,
        delivered=0,
    )
    assert nothing.roi is None
    assert rules.work_again_verdict(nothing)[0] == "insufficient_data"


def _crm_sale(personas, deal) -> None:
    """A 30 000 ₽ sale the CRM attributes to the deal's tag (the deal cost 20 000 ₽)."""
    Conversion.objects.create(
        workspace=personas.workspace,
        campaign=deal.campaign,
        utm_campaign=deal.utm_campaign,
        external_id="amo-1",
        kind="sale",
        amount=Decimal("30000"),
        occurred_at=timezone.now(),
    )


def _roi_and_verdict(client, deal) -> tuple[str, str]:
    import re

    url = reverse("partners:deal", kwargs={"workspace_slug": deal.workspace.slug, "pk": deal.pk})
    body = client.get(url).content.decode()
    roi = re.search(r'data-testid="roi">(.*?)</div>', body, re.S).group(1)
    verdict = re.search(r'data-testid="deal-verdict">(.*?)</span></h2>', body, re.S).group(1)
    return re.sub(r"<[^>]+>", "", roi).strip(), re.sub(r"<[^>]+>", "", verdict).strip()


@pytest.mark.django_db
def test_deal_page_says_not_enough_data_until_something_is_published_then_shows_roi(personas, client):
    personas.viewer.language = "ru"
    personas.viewer.save(update_fields=["language"])
    client.force_login(personas.viewer)
    deal = DealFactory(partner=PartnerFactory(workspace=personas.workspace), utm_campaign="c13-p9")
    post = DeliverableFactory(deal=deal)  # planned, nothing published, nothing sold
    assert _roi_and_verdict(client, deal) == ("Мало данных", "Мало данных")  # not "-100,0 %", not "no"

    post.status, post.published_at = "published", timezone.now()
    post.save(update_fields=["status", "published_at"])
    _crm_sale(personas, deal)
    roi, verdict = _roi_and_verdict(client, deal)
    assert roi == "50,0\xa0%" and verdict != "Мало данных"  # (30 000 - 20 000) / 20 000


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "shown"), [("ru", "50,0\xa0%"), ("en", "50.0%")])
def test_deal_and_partner_pages_label_roi_without_a_second_percent_sign(personas, client, language, shown):
    """The value reads "50,0 %" already: the label over it is "ROI", not "ROI, %"."""
    import re

    personas.viewer.language = language
    personas.viewer.save(update_fields=["language"])
    client.force_login(personas.viewer)
    deal = DealFactory(partner=PartnerFactory(workspace=personas.workspace), utm_campaign="c13-p9")
    DeliverableFactory(deal=deal, status="published", published_at=timezone.now())
    _crm_sale(personas, deal)
    kwargs = {"workspace_slug": personas.workspace.slug}
    pages = [
        reverse("partners:deal", kwargs={**kwargs, "pk": deal.pk}),
        reverse("partners:detail", kwargs={**kwargs, "pk": deal.partner_id}),
    ]
    for url in pages:
        body = client.get(url).content.decode()
        label, value = re.search(
            r'<div class="small[^"]*">([^<]*)</div><div[^>]*data-testid="roi">(.*?)</div>', body
        ).groups()
        assert (label, value) == ("ROI", shown), url
        assert "ROI, %" not in body
