"""Services of partners against the database: reminders, calendar link, imports, deal lifecycle."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from partners import importing, services
from partners.enums import DealStatus, ImportStatus, Stage
from partners.models import Negotiation, Partner, PartnerImport
from smm_platform.errors import AppError, Conflict

from .factories import (
    CampaignFactory,
    ChannelFactory,
    DealFactory,
    NegotiationFactory,
    PartnerFactory,
)


@pytest.mark.django_db
def test_remind_overdue_next_steps_notifies_author_once(personas, django_capture_on_commit_callbacks):
    partner = PartnerFactory(workspace=personas.workspace, name="Мама печёт")
    yesterday = timezone.localdate() - timedelta(days=1)
    step = NegotiationFactory(
        partner=partner, author=personas.marketer, next_step="Позвонить", next_step_due=yesterday
    )
    NegotiationFactory(
        partner=partner,
        author=personas.marketer,
        next_step="Не просрочено",
        next_step_due=timezone.localdate() + timedelta(days=1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_overdue_next_steps() == 1
        assert services.remind_overdue_next_steps() == 0
    notes = Notification.objects.filter(user=personas.marketer)
    assert notes.count() == 1
    assert notes.get().title == "Overdue next step with Мама печёт"
    # the due day reads by the reader's rule (the marketer reads English): not an ISO date
    day = f"{yesterday:%b} {yesterday.day}, {yesterday.year}"
    assert notes.get().body == f"Позвонить (due {day})." and day in mail.outbox[0].body
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [personas.marketer.email]
    step.refresh_from_db()
    assert step.reminded_at is not None


@pytest.mark.django_db
def test_new_negotiation_step_supersedes_open_next_step(personas):
    partner = PartnerFactory(workspace=personas.workspace)
    old = NegotiationFactory(partner=partner, next_step="Ждём ответ", next_step_due=timezone.localdate())
    services.negotiation_log(
        partner=partner, actor=personas.marketer, data={"kind": "call", "summary": "Ответили"}
    )
    old.refresh_from_db()
    assert old.next_step_done is True
    partner.refresh_from_db()
    assert partner.stage == Stage.CONTACTED


@pytest.mark.django_db
def test_negotiation_offer_without_amount_is_rejected(personas):
    partner = PartnerFactory(workspace=personas.workspace)
    with pytest.raises(AppError) as exc:
        services.negotiation_log(
            partner=partner, actor=personas.marketer, data={"kind": "offer", "summary": "x"}
        )
    assert "amount" in exc.value.errors
    assert not Negotiation.objects.exists()


@pytest.mark.django_db
def test_closed_deal_puts_its_deliverables_into_the_calendar_and_cancel_removes_them(personas):
    from planning.enums import ItemKind
    from planning.models import PlanItem

    partner = PartnerFactory(workspace=personas.workspace, name="Мама печёт", stage=Stage.NEGOTIATING)
    campaign = CampaignFactory(workspace=personas.workspace, utm_campaign="pie")
    due = timezone.now() + timedelta(days=3)
    deal = services.deal_close(
        partner=partner,
        campaign=campaign,
        actor=personas.marketer,
        data={
            "price": Decimal("15000"),
            "deliverables": [{"title": "Обзор пирогов", "kind": "video", "channel": "vk", "due_at": due}],
        },
    )
    deliverable = deal.deliverables.get()
    item = PlanItem.objects.get(workspace=personas.workspace, source_kind="deal_deliverable")
    assert item.source_ref == deliverable.pk
    assert (item.title, item.kind, item.channel, item.campaign_id) == (
        "Мама печёт: Обзор пирогов",
        ItemKind.PARTNER_PUBLICATION,
        "vk",
        campaign.pk,
    )
    assert item.scheduled_at == due

    later = due + timedelta(days=2)
    services.deliverable_update(deliverable=deliverable, actor=personas.marketer, data={"due_at": later})
    item.refresh_from_db()
    assert item.scheduled_at == later
    assert PlanItem.objects.filter(source_kind="deal_deliverable").count() == 1

    services.deal_cancel(deal=deal, actor=personas.marketer)
    assert not PlanItem.objects.filter(source_kind="deal_deliverable").exists()


@pytest.mark.django_db
def test_deal_close_twice_keeps_utm_unique(personas):
    partner = PartnerFactory(workspace=personas.workspace, stage=Stage.NEGOTIATING)
    campaign = CampaignFactory(workspace=personas.workspace, utm_campaign="pie")
    due = timezone.now() + timedelta(days=2)
    item = {"title": "Пост", "kind": "post", "channel": "vk", "due_at": due}
    first = services.deal_close(
        partner=partner,
        campaign=campaign,
        actor=personas.marketer,
        data={"price": Decimal("100"), "deliverables": [item]},
    )
    second = services.deal_close(
        partner=partner,
        campaign=campaign,
        actor=personas.marketer,
        data={"price": Decimal("100"), "deliverables": [item]},
    )
    assert (first.utm_campaign, second.utm_campaign) == (f"pie-p{partner.pk}", f"pie-p{partner.pk}-2")


@pytest.mark.django_db
def test_deal_close_with_invalid_deliverable_writes_nothing(personas):
    partner = PartnerFactory(workspace=personas.workspace)
    campaign = CampaignFactory(workspace=personas.workspace)
    with pytest.raises(AppError) as exc:
        services.deal_close(
            partner=partner,
            campaign=campaign,
            actor=personas.marketer,
            data={"price": Decimal("100"), "deliverables": [{"title": "", "kind": "post"}]},
        )
    assert "0" in exc.value.errors["deliverables"]
    assert not partner.deals.exists()
    partner.refresh_from_db()
    assert partner.stage == Stage.PROSPECT


@pytest.mark.django_db
def test_deal_cancel_then_complete_is_conflict(personas):
    deal = DealFactory(partner=PartnerFactory(workspace=personas.workspace))
    services.deal_cancel(deal=deal, actor=personas.marketer)
    assert deal.status == DealStatus.CANCELLED
    with pytest.raises(Conflict):
        services.deal_complete(deal=deal, actor=personas.marketer)


@pytest.mark.django_db
def test_partner_with_deals_cannot_be_deleted(personas):
    partner = PartnerFactory(workspace=personas.workspace)
    DealFactory(partner=partner)
    with pytest.raises(Conflict):
        services.partner_delete(partner=partner, actor=personas.marketer)
    assert Partner.objects.filter(pk=partner.pk).exists()


CSV = (
    "name;kind;platform;url;handle;audience_size;engagement_rate;topics;price\n"
    "Хлебные истории;blogger;telegram;;@hleb_stories;12000;5.5;выпечка, хлеб;8000\n"
    "Плохая строка;unknown;vk;;bad;много;;;-1\n"
    "Уже есть;media;vk;https://vk.com/known;;100000;1.2;новости;\n"
).encode()


@pytest.mark.django_db
def test_import_preview_reports_row_errors_and_duplicates_and_refuses_apply(personas):
    ChannelFactory(
        partner=PartnerFactory(workspace=personas.workspace), url="https://vk.com/known", handle=""
    )
    rows = importing.read_upload("partners.csv", CSV)
    assert [r["name"] for r in rows] == ["Хлебные истории", "Плохая строка", "Уже есть"]
    partner_import = services.partner_import_preview(
        workspace=personas.workspace, actor=personas.marketer, file_name="partners.csv", rows=rows
    )
    assert set(partner_import.errors) == {"2"}
    assert set(partner_import.errors["2"]) == {"kind", "audience_size", "price"}
    assert set(partner_import.duplicates) == {"3"}
    with pytest.raises(AppError):
        services.partner_import_apply(partner_import=partner_import, actor=personas.marketer)
    assert Partner.objects.filter(workspace=personas.workspace).count() == 1
    assert PartnerImport.objects.get().status == ImportStatus.PREVIEW


@pytest.mark.django_db
def test_import_apply_creates_valid_rows_and_skips_duplicates(personas):
    ChannelFactory(
        partner=PartnerFactory(workspace=personas.workspace), url="https://vk.com/known", handle=""
    )
    rows = [r for r in importing.read_upload("partners.csv", CSV) if r["name"] != "Плохая строка"]
    partner_import = services.partner_import_preview(
        workspace=personas.workspace, actor=personas.marketer, file_name="partners.csv", rows=rows
    )
    assert services.partner_import_apply(partner_import=partner_import, actor=personas.marketer) == 1
    created = Partner.objects.get(name="Хлебные истории")
    assert created.topics == ["выпечка", "хлеб"] and created.min_price == Decimal("8000")
    assert created.channels.get().handle == "hleb_stories"
    with pytest.raises(Conflict):
        services.partner_import_apply(partner_import=partner_import, actor=personas.marketer)


def test_read_upload_xlsx_rows():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["name", "kind", "platform", "handle", "audience_size"])
    sheet.append(["Кондитер Анна", "blogger", "vk", "anna_cakes", 5400])
    sheet.append([None, None, None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    rows = importing.read_upload("x.xlsx", buffer.getvalue())
    assert rows == [
        {
            "name": "Кондитер Анна",
            "kind": "blogger",
            "platform": "vk",
            "handle": "anna_cakes",
            "audience_size": "5400",
        }
    ]


def test_read_upload_rejects_garbage():
    with pytest.raises(AppError):
        importing.read_upload("x.xlsx", b"not a workbook")
    with pytest.raises(AppError):
        importing.read_upload("x.csv", b"\xff\xfe\x00bad")
    with pytest.raises(AppError):
        importing.read_upload("x.csv", b"kind,platform\nblogger,vk\n")


def test_import_reads_a_russian_excel_export_in_cp1251(personas):
    text = (
        "Название;Тип;Площадка;Ссылка;Аудитория;ER;Цена;Валюта\n"
        "Хлебный блог;Блогер / инфлюенсер;ВКонтакте;https://vk.com/bread;12 500;3,5;15 000;руб\n"
    )
    rows = importing.read_upload("партнёры.csv", text.encode("cp1251"))
    assert rows == [
        {
            "name": "Хлебный блог",
            "kind": "blogger",
            "platform": "vk",
            "url": "https://vk.com/bread",
            "audience_size": "12500",
            "engagement_rate": "3.5",
            "price": "15000",
            "currency": "RUB",
        }
    ]
    partner_import = services.partner_import_preview(
        workspace=personas.workspace, actor=personas.marketer, file_name="партнёры.csv", rows=rows
    )
    assert partner_import.errors == {}
