"""The one formatting helper: Russian and English symbols, rounding half up, "—" for no value."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from smm_platform import formatting as f

NB = "\u00a0"


@pytest.mark.parametrize(
    ("lang", "money", "percent", "count", "day"),
    [
        ("ru", f"689{NB}507,73{NB}₽", f"73,5{NB}%", f"2{NB}677", "03.11.2026"),
        ("en", "₽689,507.73", "73.5%", "2,677", "Nov 3, 2026"),
    ],
)
def test_formats_follow_the_readers_language(lang, money, percent, count, day):
    assert f.format_money(Decimal("689507.73"), lang=lang) == money
    assert f.format_percent(73.5, lang) == percent
    assert f.format_int(2677, lang) == count
    assert f.format_date(date(2026, 11, 3), lang) == day
    assert f.format_date("2026-11-03", lang) == day


def test_rounding_is_half_up_and_never_depends_on_float_noise():
    # 2.05 is 2.04999... as a float; the helper rounds the decimal the figures layer meant.
    assert f.format_percent(2.05, "en") == "2.1%"
    assert f.format_decimal(0.125, 2, "en") == "0.13"
    assert f.format_money(-5, lang="en") == "-₽5.00"


@pytest.mark.parametrize("value", [None, "", float("nan"), "abc"])
def test_no_value_reads_as_a_dash(value):
    assert f.format_money(value, lang="ru") == "—"
    assert f.format_percent(value, "en") == "—"


def test_decimal_type_shows_cents_only_when_there_are_some():
    assert f.format_value(1200, "decimal", "ru") == f"1{NB}200"
    assert f.format_value(1200.5, "decimal", "en") == "1,200.50"
    assert f.format_value("x", "text", "en") == "x"


def test_template_filters_use_the_active_language():
    template = Template("{% load formatting %}{{ v|fmt_money }} {{ p|fmt_percent }} {{ n|fmt_value:'int' }}")
    with translation.override("ru"):
        assert template.render(Context({"v": 1500, "p": 12, "n": 10000})) == (
            f"1{NB}500,00{NB}₽ 12,0{NB}% 10{NB}000"
        )
    with translation.override("en"):
        assert template.render(Context({"v": 1500, "p": 12, "n": 10000})) == "₽1,500.00 12.0% 10,000"


def test_xlsx_number_formats_exist_for_every_numeric_type():
    for type_ in ("int", "money", "percent", "decimal", "date"):
        assert f.xlsx_number_format(type_, "ru") and f.xlsx_number_format(type_, "en")
    assert f.xlsx_number_format("text") is None
