"""Metrics imports take what a Russian team actually has: Windows-1251 CSV with semicolons, Russian
headers and decimal commas, campaigns by name or utm tag, XLSX; the preview's column mapping can be
fixed; errors name the row and the column in the reader's language; oversized files are refused
before they are expanded."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import MetricDaily

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def u(personas, name):
    return reverse(f"campaigns:{name}", kwargs={"workspace_slug": personas.workspace.slug})


def _ru(user):
    user.language = "ru"
    user.save(update_fields=["language"])


def test_cp1251_semicolon_csv_with_russian_headers_is_stored(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace, name="Масленица", utm_campaign="maslenitsa")
    day = campaign.starts_on
    text = (
        "Кампания;Канал;Дата;Показы;Охват;Клики;Расход;Выручка\n"
        f"Масленица;ВКонтакте;{day:%d.%m.%Y};1 000;800;40;4 500,50;12 000\n"
        f"maslenitsa;Телеграм;{day + timedelta(days=1):%d.%m.%Y};900;600;30;400,5;0\n"
    )
    _ru(personas.marketer)
    client.force_login(personas.marketer)
    upload = SimpleUploadedFile("выгрузка.csv", text.encode("cp1251"), content_type="text/csv")
    page = client.post(u(personas, "metrics-upload"), {"file": upload})
    body = page.content.decode()
    assert page.context["valid"] is True, page.context["error_messages"]
    assert "cp1251" in body and "codec" not in body
    assert [h["key"] for h in page.context["header"]] == [
        "campaign",
        "channel",
        "date",
        "impressions",
        "reach",
        "clicks",
        "spend",
        "revenue",
    ]
    client.post(u(personas, "metrics-upload-confirm"), {"token": page.context["token"]})
    vk = MetricDaily.objects.get(channel="vk")
    assert (vk.campaign_id, vk.date, vk.impressions, vk.spend, vk.revenue) == (
        campaign.pk,
        day,
        1000,
        Decimal("4500.50"),
        Decimal("12000.00"),
    )
    assert MetricDaily.objects.get(channel="telegram").spend == Decimal("400.50")


def test_errors_name_row_and_column_in_russian_and_nothing_is_stored(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace, name="Масленица")
    text = (
        "Кампания;Канал;Дата;Клики\n"
        f"Масленица;vk;{campaign.starts_on:%d.%m.%Y};10\n"
        "Пасха;vk;31.02.2026;много\n"
    )
    _ru(personas.marketer)
    client.force_login(personas.marketer)
    page = client.post(
        u(personas, "metrics-upload"), {"file": SimpleUploadedFile("m.csv", text.encode("cp1251"))}
    )
    messages = page.context["error_messages"]
    assert (
        "Строка 3, столбец «Кампания»: Нет кампании «Пасха» (укажите её id, название или utm-метку)."
        in messages
    )
    assert any(m.startswith("Строка 3, столбец «Дата»:") for m in messages)
    assert any(m.startswith("Строка 3, столбец «Клики»:") for m in messages)
    client.post(u(personas, "metrics-upload-confirm"), {"token": page.context["token"]})
    assert not MetricDaily.objects.exists()


def test_the_column_mapping_can_be_fixed_in_the_preview(personas, client):
    campaign = CampaignFactory(workspace=personas.workspace)
    text = f"id;сеть сбыта;когда;затраты рекламы\n{campaign.pk};vk;{campaign.starts_on.isoformat()};100,5\n"
    client.force_login(personas.marketer)
    page = client.post(u(personas, "metrics-upload"), {"file": SimpleUploadedFile("m.csv", text.encode())})
    assert page.context["valid"] is False
    token = page.context["token"]
    fixed = client.post(
        u(personas, "metrics-upload"),
        {
            "remap": "1",
            "token": token,
            "map-0": "campaign",
            "map-1": "channel",
            "map-2": "date",
            "map-3": "spend",
        },
    )
    assert fixed.context["valid"] is True, fixed.context["error_messages"]
    client.post(u(personas, "metrics-upload-confirm"), {"token": token})
    assert MetricDaily.objects.get().spend == Decimal("100.50")


def test_xlsx_from_russian_excel(personas, client):
    from openpyxl import Workbook

    campaign = CampaignFactory(workspace=personas.workspace, utm_campaign="spring")
    book = Workbook()
    sheet = book.active
    sheet.append(["UTM-метка", "Площадка", "Дата", "Охват", "Расходы"])
    sheet.append(["spring", "Одноклассники", campaign.starts_on, 1500, "1 200,50"])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(personas.marketer)
    page = client.post(
        u(personas, "metrics-upload"), {"file": SimpleUploadedFile("m.xlsx", buffer.getvalue())}
    )
    assert page.context["valid"] is True, page.context["error_messages"]
    client.post(u(personas, "metrics-upload-confirm"), {"token": page.context["token"]})
    row = MetricDaily.objects.get()
    assert (row.channel, row.reach, row.spend) == ("ok", 1500, Decimal("1200.50"))


def _bomb(rows: int = 200_000) -> bytes:
    """An XLSX whose sheet is ~30 MB of XML compressed into ~100 KB."""
    from openpyxl import Workbook

    book = Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    body = (
        '<row><c t="inlineStr"><is><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></is></c><c><v>1</v></c></row>'
        * rows
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, data)
    return out.getvalue()


def test_a_compression_bomb_is_refused_fast_without_expanding_it(personas, client):
    content = _bomb()
    assert len(content) < 1024 * 1024
    client.force_login(personas.marketer)
    started = time.process_time()
    page = client.post(u(personas, "metrics-upload"), {"file": SimpleUploadedFile("bomb.xlsx", content)})
    spent = time.process_time() - started
    assert page.status_code == 200
    assert "expands to more than" in page.content.decode()
    assert spent < 2, spent
    assert not MetricDaily.objects.exists()


def test_too_many_rows_and_too_many_bytes_are_refused(personas, client, settings):
    client.force_login(personas.marketer)
    lines = "campaign;channel;date\n" + "1;vk;2026-01-01\n" * 5001
    page = client.post(u(personas, "metrics-upload"), {"file": SimpleUploadedFile("m.csv", lines.encode())})
    assert "more than 5000 rows" in page.content.decode()
    big = SimpleUploadedFile("m.csv", b"a;b\n" + b"1;2\n" * (6 * 1024 * 1024 // 4))
    page = client.post(u(personas, "metrics-upload"), {"file": big})
    assert "larger than 5 MB" in page.content.decode()


def test_an_expired_preview_and_a_viewer_are_refused(personas, client):
    client.force_login(personas.marketer)
    response = client.post(u(personas, "metrics-upload-confirm"), {"token": "nope"})
    assert response.status_code == 302
    client.force_login(personas.viewer)
    assert client.post(u(personas, "metrics-upload-confirm"), {"token": "nope"}).status_code == 403


def test_uploading_the_same_file_again_says_its_rows_are_already_up_to_date(personas, client):
    from django.contrib.messages import get_messages

    campaign = CampaignFactory(workspace=personas.workspace)
    text = f"campaign,channel,date,clicks\n{campaign.pk},vk,{campaign.starts_on.isoformat()},10\n"
    _ru(personas.marketer)
    client.force_login(personas.marketer)
    said = []
    for _ in range(2):
        page = client.post(
            u(personas, "metrics-upload"), {"file": SimpleUploadedFile("m.csv", text.encode())}
        )
        assert page.context["valid"] is True, page.context["error_messages"]
        done = client.post(u(personas, "metrics-upload-confirm"), {"token": page.context["token"]})
        said.append([str(m) for m in get_messages(done.wsgi_request)])
    assert any("Добавлено строк: 1, обновлено: 0, без изменений: 0" in m for m in said[0]), said
    assert any("Добавлено строк: 0, обновлено: 0, без изменений: 1" in m for m in said[1]), said
