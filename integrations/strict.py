"""Strict JSON types for every API serializer field: what the schema says is what is accepted.

DRF coerces by default: ``5`` becomes the string ``"5"``, ``"5"`` the integer 5, ``"yes"`` and
``1`` become ``True``, ``"1e3"`` a decimal. A CRM that sends the wrong type should hear so, not
find ``"True"`` stored. ``install()`` (called once from ``IntegrationsConfig.ready``) makes:

* text fields (``CharField`` and its kin: email, URL, slug, regex) take JSON strings only;
* integer fields take JSON integers only (not booleans, floats or strings);
* boolean fields take ``true`` and ``false`` only;
* decimal fields take a string like ``"2450.00"`` (``DECIMAL_RE``: digits, an optional point and
  at most the field's decimal places; no blanks, exponents or signs but a leading ``-``) or a
  JSON number; more decimal places than the field keeps are refused, never rounded;
* float fields take JSON numbers only;
* date-time fields take the years 1900 to 8999 only (``out_of_range`` otherwise): older ones
  carry local-mean-time offsets like ``+02:30:17`` that are no valid ISO 8601 answer, and the
  extremes overflow when shifted to UTC.

NUL characters and lone surrogates in text stay refused by DRF's own validators. The OpenAPI
side of the same rules (patterns, ``minimum: 0``) is in ``integrations.schema``.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework import fields
from rest_framework.exceptions import ErrorDetail, ValidationError

from smm_platform.api import EARLIEST, LATEST
from smm_platform.bulk import DECIMAL_RE

_installed = False


def _char(self, data):
    if not isinstance(data, str):
        self.fail("invalid")
    return data.strip() if self.trim_whitespace else data


def _integer(self, data):
    if isinstance(data, bool) or not isinstance(data, int):
        if isinstance(data, float) and data.is_integer() and abs(data) < 2**53:
            return int(data)
        self.fail("invalid")
    return data


def _boolean(self, data):
    if data is True or data is False:
        return data
    if data is None and self.allow_null:
        return None
    self.fail("invalid", input=data)


def _float(self, data):
    if isinstance(data, bool) or not isinstance(data, int | float):
        self.fail("invalid")
    return _ORIGINAL["float"](self, data)


def _decimal(self, data):
    if isinstance(data, bool) or not isinstance(data, str | int | float | Decimal):
        self.fail("invalid")
    if isinstance(data, str) and (len(data) > self.MAX_STRING_LENGTH or not DECIMAL_RE.fullmatch(data)):
        self.fail("invalid")
    return _ORIGINAL["decimal"](self, data)


def _datetime(self, data):
    try:
        value = _ORIGINAL["datetime"](self, data)
        in_range = value is None or EARLIEST <= value <= LATEST
    except (OverflowError, ValueError):
        in_range = False
    if not in_range:
        raise ValidationError(
            ErrorDetail(_("Enter a date and time between the years 1900 and 8999."), code="out_of_range")
        )
    return value


_ORIGINAL: dict = {}


def install() -> None:
    """Replace the coercing ``to_internal_value`` of DRF's scalar fields (idempotent)."""
    global _installed
    if _installed:
        return
    _ORIGINAL["float"] = fields.FloatField.to_internal_value
    _ORIGINAL["decimal"] = fields.DecimalField.to_internal_value
    _ORIGINAL["datetime"] = fields.DateTimeField.to_internal_value
    fields.DateTimeField.to_internal_value = _datetime
    fields.CharField.to_internal_value = _char
    fields.IntegerField.to_internal_value = _integer
    fields.BooleanField.to_internal_value = _boolean
    fields.FloatField.to_internal_value = _float
    fields.DecimalField.to_internal_value = _decimal
    _installed = True
