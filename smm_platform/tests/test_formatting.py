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


@pytest.mark.parametrize(
    ("lang", "moment", "with_seconds", "day_month"),
    [
        ("ru", "22.11.2026 14:05", "22.11.2026 14:05:09", "22.11"),
        ("en", "Nov 22, 2026, 2:05 PM", "Nov 22, 2026, 2:05:09 PM", "Nov 22"),
    ],
)
def test_moments_read_in_the_current_time_zone_and_the_readers_language(
    lang, moment, with_seconds, day_month
):
    from datetime import UTC, datetime

    utc = datetime(2026, 11, 22, 11, 5, 9, tzinfo=UTC)  # 14:05:09 in Moscow
    assert f.format_datetime(utc, lang) == moment
    assert f.format_datetime(utc, lang, seconds=True) == with_seconds
    assert f.format_date(utc, lang, year=False) == day_month
    # late evening UTC is already the next day in Moscow: the day follows the reader's clock
    assert f.format_date(datetime(2026, 11, 21, 22, 30, tzinfo=UTC), lang).startswith(
        day_month[:2] if lang == "ru" else "Nov 22"
    )
    assert f.format_datetime(None, lang) == "—"


def test_midnight_and_noon_read_as_12_in_english():
    from datetime import datetime

    assert f.format_datetime(datetime(2026, 1, 5, 0, 7), "en") == "Jan 5, 2026, 12:07 AM"
    assert f.format_datetime(datetime(2026, 1, 5, 12, 0), "en") == "Jan 5, 2026, 12:00 PM"
    assert (
        f.format_time(datetime(2026, 1, 5, 21, 30), "en"),
        f.format_time(datetime(2026, 1, 5, 21, 30), "ru"),
    ) == (
        "9:30 PM",
        "21:30",
    )


def test_date_filters_use_the_active_language():
    from datetime import UTC, datetime

    template = Template(
        '{% load formatting %}{{ d|fmt_date }} · {{ d|fmt_date:"short" }} · {{ m|fmt_datetime }}'
    )
    context = {"d": date(2026, 11, 22), "m": datetime(2026, 11, 22, 11, 5, tzinfo=UTC)}
    with translation.override("ru"):
        assert template.render(Context(context)) == "22.11.2026 · 22.11 · 22.11.2026 14:05"
    with translation.override("en"):
        assert template.render(Context(context)) == "Nov 22, 2026 · Nov 22 · Nov 22, 2026, 2:05 PM"
