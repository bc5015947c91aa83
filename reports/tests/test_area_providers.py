"""Report sections fed by the partners area: results per partner computed from real deals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.models import Conversion
from partners.enums import DealStatus, DeliverableStatus
from partners.tests.factories import DealFactory, DeliverableFactory, PartnerFactory
from reports.providers.areas import partner_performance
from reports.sections import ReportContext

pytestmark = pytest.mark.django_db


def test_partner_performance_reports_results_per_partner(personas):
    today = timezone.localdate()
    partner = PartnerFactory(workspace=personas.workspace, name="Мама печёт")
    deal = DealFactory(partner=partner, price=Decimal("10000"), utm_campaign="mama-pie")
    DeliverableFactory(deal=deal, status=DeliverableStatus.PUBLISHED, reach=50000, clicks=900)
    for i, amount in enumerate(["12000", "8000"]):
        Conversion.objects.create(
            workspace=personas.workspace,
            external_id=f"crm-{i}",
            campaign=deal.campaign,
            utm_campaign="mama-pie",
            kind="sale",
            amount=Decimal(amount),
            occurred_at=timezone.now(),
        )
    DealFactory(
        partner=PartnerFactory(workspace=personas.workspace),
        status=DealStatus.CANCELLED,
        price=Decimal("999"),
    )

    section = partner_performance(
        ReportContext(workspace=personas.workspace, period_start=today - timedelta(days=30), period_end=today)
    )

    table = section.tables[0]
    assert table.rows == [["Мама печёт", 1, 10000.0, 50000, 900, 2, 20000.0, 5000.0, 100.0]]
    assert {t.key: t.value for t in section.tiles} == {
        "partners": 1,
        "price": 10000.0,
        "conversions": 2,
        "revenue": 20000.0,
    }


def test_partner_performance_is_empty_without_deals_in_period(personas):
    today = timezone.localdate()
    section = partner_performance(
        ReportContext(workspace=personas.workspace, period_start=today, period_end=today)
    )
    assert section.tables[0].rows == []
