"""Report sections fed by the partners area: results per partner computed from real deals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

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


@pytest.mark.parametrize(("language", "shown"), [("ru", "100,0\xa0%"), ("en", "100.0%")])
def test_partner_performance_roi_is_a_percent_under_a_plain_roi_label(personas, language, shown):
    """The ROI column formats as a percent (the value carries its "%" in the page, PDF, PPTX and
    XLSX), so its label is "ROI", as on the deal page, not "ROI, %"."""
    from smm_platform.formatting import format_value

    today = timezone.localdate()
    deal = DealFactory(partner=PartnerFactory(workspace=personas.workspace), price=Decimal("10000"))
    DeliverableFactory(deal=deal, status=DeliverableStatus.PUBLISHED)
    Conversion.objects.create(
        workspace=personas.workspace,
        external_id="crm-1",
        campaign=deal.campaign,
        utm_campaign=deal.utm_campaign,
        kind="sale",
        amount=Decimal("20000"),
        occurred_at=timezone.now(),
    )
    with translation.override(language):
        section = partner_performance(
            ReportContext(
                workspace=personas.workspace, period_start=today - timedelta(days=30), period_end=today
            )
        )
        table = section.tables[0]
        column = next(c for c in table.columns if c.key == "roi")
        assert (str(column.label), column.type) == ("ROI", "percent")
        assert format_value(table.rows[0][-1], column.type, language) == shown


def test_partner_performance_is_empty_without_deals_in_period(personas):
    today = timezone.localdate()
    section = partner_performance(
        ReportContext(workspace=personas.workspace, period_start=today, period_end=today)
    )
    assert section.tables[0].rows == []


def test_negativity_digest_counts_kinds_sla_root_causes_and_incidents(personas):
    from negativity.tests.factories import IncidentFactory, MentionFactory
    from reports.providers.areas import negativity_digest

    now = timezone.now()
    ws = personas.workspace
    MentionFactory.create_batch(3, workspace=ws, category="natural", topic="delivery")
    MentionFactory(workspace=ws, category="natural", topic="quality")
    MentionFactory(workspace=ws, category="trolling", topic="other")
    MentionFactory(
        workspace=ws,
        category="natural",
        topic="delivery",
        status="resolved",
        sla_deadline=now - timedelta(hours=1),
        resolved_at=now - timedelta(hours=2),
    )
    MentionFactory(workspace=ws, category="natural", topic="price", sla_deadline=now - timedelta(minutes=5))
    IncidentFactory(workspace=ws, mention_count=11)
    today = timezone.localdate()

    with translation.override("ru"):
        section = negativity_digest(
            ReportContext(workspace=ws, period_start=today - timedelta(days=1), period_end=today)
        )

    tiles = {t.key: t.value for t in section.tiles}
    assert (tiles["mentions"], tiles["negative"], tiles["open"]) == (7, 7, 6)
    assert (tiles["sla_breaches"], tiles["sla_compliance"], tiles["incidents"]) == (1, 50.0, 1)
    tables = {t.key: t.rows for t in section.tables}
    # Labels in the reader's language, never the codes "delivery", "natural", "coordinated".
    assert tables["root_causes"] == [["Доставка", 4], ["Цена", 1], ["Качество продукта", 1]]
    assert tables["by_kind"] == [["Естественный негатив", 6], ["Троллинг", 1]]
    assert tables["incidents"][0][0] == "Скоординированная атака"
    assert tables["incidents"][0][3:] == [11, "не покупайте в колосок"]
