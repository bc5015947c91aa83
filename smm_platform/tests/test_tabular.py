"""The shared spreadsheet reader: encodings, separators, numbers and dates as people write them,
limits checked before the work they guard, and errors as sentences (never a Python exception)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils.translation import override

from smm_platform import tabular


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("12\u00a0000 ₽", Decimal("12000")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("15%", Decimal("15")),
        ("0,5", Decimal("0.5")),
        (1200.5, Decimal("1200.5")),
        ("много", None),
        ("", None),
        ("NaN", None),
    ],
)
def test_numbers_as_people_write_them(text, expected):
    assert tabular.parse_decimal(text) == expected


def test_dates_day_first_iso_and_excel():
    assert tabular.parse_date("01.12.2026") == date(2026, 12, 1)
    assert tabular.parse_date("1/12/26") == date(2026, 12, 1)
    assert tabular.parse_date("2026-12-01") == date(2026, 12, 1)
    assert tabular.parse_date(datetime(2026, 12, 1, 10, 0)) == date(2026, 12, 1)
    assert tabular.parse_date("31.02.2026") is None
    assert tabular.parse_moment("01.12.2026 14:30") == datetime(2026, 12, 1, 14, 30)


def test_cp1251_semicolon_with_decimal_commas():
    content = "Канал;Расход\nВКонтакте;1,5\n".encode("cp1251")
    table = tabular.read_table(content, name="x.csv")
    assert (table.encoding, table.delimiter, table.header, table.rows) == (
        "cp1251",
        ";",
        ["Канал", "Расход"],
        [["ВКонтакте", "1,5"]],
    )


def test_utf16_from_excel_unicode_text():
    content = "a\tb\n1\t2\n".encode("utf-16")
    table = tabular.read_table(content, name="x.txt")
    assert (table.delimiter, table.rows) == ("\t", [["1", "2"]])


def test_headers_in_russian_or_english_map_once():
    columns = [
        tabular.Column("spend", "Spend", ("расход", "затраты")),
        tabular.Column("date", "Date", ("дата",)),
    ]
    assert tabular.auto_mapping(["Дата", "Затраты", "расход", "??"], columns) == ["date", "spend", "", ""]


def test_errors_are_sentences_in_the_readers_language():
    with override("ru"):
        with pytest.raises(tabular.TableError) as caught:
            tabular.read_table(b"", name="x.csv")
        assert caught.value.message == "Файл пустой."
        with pytest.raises(tabular.TableError) as caught:
            tabular.read_table(b"not a zip", name="x.xlsx")
        assert caught.value.message == "Файл не читается как книга XLSX."
        assert (
            tabular.cell_message(5, "Расход", "укажите сумму.")
            == "Строка 5, столбец «Расход»: укажите сумму."
        )


def test_preview_names_the_files_rows_and_columns_and_the_required_ones_left_unmapped():
    columns = [
        tabular.Column("name", "Name", ("название",), required=True),
        tabular.Column("handle", "Handle", ("ник",)),
        tabular.Column("reach", "Reach", ("охват",)),
    ]
    content = "Кто;Ник;Охват\n\nАня;anna;много\nОля;olya;10\n".encode("cp1251")
    table = tabular.read_table(content, name="x.csv")
    mapping = tabular.auto_mapping(table.header, columns)
    assert mapping == ["", "handle", "reach"]
    errors = {0: {"reach": ["a number."], "author": ["no handle."]}, "1": {"__all__": ["a duplicate."]}}
    with override("ru"):
        messages = tabular.error_messages(table, mapping, columns, errors, aliases={"author": "handle"})
        assert messages == [
            "Ни один столбец не сопоставлен с «Name»: выберите его над таблицей.",
            "Строка 3, столбец «Охват»: a number.",  # line 2 of the file is blank
            "Строка 3, столбец «Ник»: no handle.",
            "Строка 4: a duplicate.",
        ]
        context = tabular.preview_context(table, mapping, columns, bad_rows={0}, notes={1: "dup"})
        assert str(context["choices"][0][1]) == "— не загружать —"
    assert [h["key"] for h in context["header"]] == mapping
    assert [(p["line"], p["errors"], p["note"]) for p in context["preview"]] == [
        (3, True, ""),
        (4, False, "dup"),
    ]
    assert context["file_info"] == {"encoding": "cp1251", "delimiter": ";", "kind": "csv"}
    picked = tabular.mapping_from_post(
        {"map-0": "name", "map-1": "name", "map-2": "bogus"}, table.header, columns
    )
    assert picked == ["name", "", ""]  # each column once, unknown keys ignored


def test_limits_refuse_before_reading_everything():
    with pytest.raises(tabular.TableTooLarge):
        tabular.read_table(b"a\n" + b"1\n" * 11, name="x.csv", max_rows=10)
    with pytest.raises(tabular.TableTooLarge):
        tabular.read_table(b"a;b\n1;2\n", name="x.csv", max_bytes=4)
    with pytest.raises(tabular.TableTooLarge):
        tabular.read_table(";".join("x" * 61).encode() + b"\n", name="x.csv")
