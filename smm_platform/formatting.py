"""How numbers, money, percents and dates read for people: one helper for every screen and file.

The web pages, the PDF, the PPTX deck and the text of the XLSX and CSV files all format through
these functions, so one figure reads the same everywhere (XLSX cells stay real numbers with a
number format from ``xlsx_number_format``). The reader's language decides the symbols:

| language | thousands | decimals | money        | percent  | date          |
| -------- | --------- | -------- | ------------ | -------- | ------------- |
| ru       | space     | comma    | 689 507,73 ₽ | 73,5 %   | 03.11.2026    |
| en       | comma     | point    | ₽689,507.73  | 73.5%    | Nov 3, 2026   |

A moment reads ``03.11.2026 14:05`` / ``Nov 3, 2026, 2:05 PM`` in the current time zone; a day
without its year ``03.11`` / ``Nov 3`` (calendars and boards, as the charts show it).

(the Russian spaces are no-break spaces, so a number never wraps). Rounding is *not* done here
beyond the places shown: figures arrive already rounded by ``campaigns.figures`` (money to cents,
percents to one decimal), so a file and a page can never round one figure two ways.

In templates: ``{% load formatting %}`` then ``{{ value|fmt_int }}``, ``|fmt_money``,
``|fmt_percent``, ``|fmt_decimal``, ``|fmt_date`` (``|fmt_date:"short"`` without the year),
``|fmt_datetime`` (``|fmt_datetime:"seconds"``), ``|fmt_time`` (the clock alone) or ``|fmt_value:"money"`` (a report column type).
Templates never use Django's ``|date`` or ``|time`` for people (only for machine values: ``Y-m-d``, ``c``).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import timezone, translation

NBSP = "\u00a0"
DASH = "—"
CURRENCY_SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€"}
#: Report column types (``reports.sections``) and how many decimals each shows.
PLACES = {"int": 0, "money": 2, "percent": 1, "decimal": 2}


def language(lang: str | None = None) -> str:
    """``ru`` or ``en``: the given language, else the active one (Russian by default)."""
    code = (lang or translation.get_language() or "ru").split("-")[0].lower()
    return code if code in ("ru", "en") else "en"


def _number(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def format_decimal(value, places: int = 2, lang: str | None = None) -> str:
    """A number with exactly ``places`` decimals, grouped (``2 677``, ``1 234,50``); "—" for none."""
    number = _number(value)
    if number is None:
        return DASH
    quantum = Decimal(1).scaleb(-places)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign, digits = ("-", -number) if number < 0 else ("", abs(number))
    whole, _dot, fraction = f"{digits:f}".partition(".")
    ru = language(lang) == "ru"
    grouped = f"{int(whole):,}".replace(",", NBSP if ru else ",")
    return sign + grouped + (("," if ru else ".") + fraction if places else "")


def format_int(value, lang: str | None = None) -> str:
    return format_decimal(value, 0, lang)


def format_money(value, currency: str = "RUB", lang: str | None = None) -> str:
    """``689 507,73 ₽`` in Russian, ``₽689,507.73`` in English (always two decimals)."""
    text = format_decimal(value, 2, lang)
    if text == DASH:
        return text
    sign = CURRENCY_SIGNS.get(currency, currency)
    if language(lang) == "ru":
        return f"{text}{NBSP}{sign}"
    minus, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{minus}{sign}{text}" if len(sign) == 1 else f"{minus}{text} {sign}"


def format_percent(value, lang: str | None = None) -> str:
    """A value already in percent (``73.5``) with one decimal: ``73,5 %`` / ``73.5%``."""
    text = format_decimal(value, 1, lang)
    if text == DASH:
        return text
    return f"{text}{NBSP}%" if language(lang) == "ru" else f"{text}%"


def _day(value) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, datetime):
        return _local(value).date()
    return value


def _local(value: datetime) -> datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_date(value, lang: str | None = None, *, year: bool = True) -> str:
    """``03.11.2026`` in Russian, ``Nov 3, 2026`` in English (``03.11`` / ``Nov 3`` without the
    year); ISO strings are accepted, a moment counts by its day in the current time zone."""
    if value in (None, ""):
        return DASH
    day = _day(value)
    if day is None:
        return str(value)
    if language(lang) == "ru":
        return day.strftime("%d.%m.%Y" if year else "%d.%m")
    short = f"{MONTHS_EN[day.month - 1]} {day.day}"
    return f"{short}, {day.year}" if year else short


#: English month abbreviations (not ``%b``, which follows the process's C locale).
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_datetime(value, lang: str | None = None, *, seconds: bool = False) -> str:
    """``03.11.2026 14:05`` in Russian, ``Nov 3, 2026, 2:05 PM`` in English, in the current time
    zone; ISO strings are accepted."""
    if value in (None, ""):
        return DASH
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if not isinstance(value, datetime):
        return format_date(value, lang)
    moment = _local(value)
    day, clock = format_date(moment.date(), lang), format_time(moment, lang, seconds=seconds)
    return f"{day} {clock}" if language(lang) == "ru" else f"{day}, {clock}"


def format_time(value, lang: str | None = None, *, seconds: bool = False) -> str:
    """The clock of a moment in the current time zone: ``14:05`` in Russian, ``2:05 PM`` in English."""
    if value in (None, ""):
        return DASH
    moment = _local(value) if isinstance(value, datetime) else value
    if language(lang) == "ru":
        return moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    hour = moment.hour % 12 or 12
    clock = f"{hour}:{moment.minute:02d}" + (f":{moment.second:02d}" if seconds else "")
    return f"{clock} {'AM' if moment.hour < 12 else 'PM'}"


def format_value(value, type_: str = "text", lang: str | None = None, currency: str = "RUB") -> str:
    """A report value of a column type (text, int, money, percent, decimal, date) for people."""
    if value is None or value == "":
        return DASH
    if type_ == "int":
        return format_int(value, lang)
    if type_ == "money":
        return format_money(value, currency, lang)
    if type_ == "percent":
        return format_percent(value, lang)
    if type_ == "decimal":
        number = _number(value)
        if number is None:
            return str(value)
        return format_decimal(number, 0 if number == number.to_integral_value() else 2, lang)
    if type_ == "date":
        return format_date(value, lang)
    return str(value)


#: Excel number formats for the same types (the cell keeps its number; Excel shows the reader's
#: own separators, the currency sign follows the report's language).
def xlsx_number_format(type_: str, lang: str | None = None) -> str | None:
    ru = language(lang) == "ru"
    return {
        "int": "#,##0",
        "money": '#,##0.00\\ "₽"' if ru else '"₽"#,##0.00',
        "percent": '0.0\\ "%"' if ru else '0.0"%"',
        "decimal": "#,##0.##",
        "date": "dd.mm.yyyy" if ru else "mmm d, yyyy",
    }.get(type_)


# --- template filters (``{% load formatting %}``) ----------------------------------------------

register = template.Library()
register.filter("fmt_int", lambda value: format_int(value))
register.filter("fmt_decimal", lambda value, places=2: format_decimal(value, int(places)))
register.filter("fmt_money", lambda value, currency="RUB": format_money(value, currency or "RUB"))
register.filter("fmt_percent", lambda value: format_percent(value))
register.filter("fmt_date", lambda value, form="": format_date(value, year=form != "short"))
register.filter("fmt_datetime", lambda value, form="": format_datetime(value, seconds=form == "seconds"))
register.filter("fmt_time", lambda value: format_time(value))
register.filter("fmt_value", lambda value, type_="text": format_value(value, type_))
