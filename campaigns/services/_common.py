"""Helpers and limits shared by the campaigns services: validated save, audit diffs, workspace checks."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import Model
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from smm_platform.errors import AppError, Conflict, django_validation_errors

from ..enums import Channel

COUNT_FIELDS = ("impressions", "reach", "clicks", "engagements", "followers", "posts", "leads", "sales")
MONEY_FIELDS = ("revenue", "spend")
MAX_MONEY = Decimal("999999999999.99")
MAX_COUNT = 2**62
#: posts, leads and sales are 32-bit columns: their largest figure.
MAX_SMALL_COUNT = 2**31 - 1


# --- helpers ---------------------------------------------------------------------------------


def _validated_save(obj: Model, *, exclude: list[str] | None = None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise AppError(_("Please correct the errors below."), errors=django_validation_errors(exc)) from exc
    try:
        obj.save()
    except IntegrityError as exc:
        raise Conflict(_("This conflicts with an existing record.")) from exc


def _apply(obj: Model, fields: dict[str, Any]) -> dict[str, list]:
    """Set ``fields`` on ``obj``; return the audit diff ``{field: [old, new]}``."""
    changes = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            changes[name] = [_jsonable(old), _jsonable(value)]
            setattr(obj, name, value)
    return changes


def _jsonable(value):
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _check_same_workspace(workspace, **objects) -> None:
    for name, obj in objects.items():
        if obj is not None and obj.workspace_id != workspace.pk:
            raise AppError(
                _("Please correct the errors below."), errors={name: [pgettext("object", "Not found.")]}
            )


# --- parsing of ingested values ----------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    try:
        result = Decimal(str(value).strip().replace(",", ".") if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        return None
    return result if result.is_finite() else None


def _count(value) -> int | None:
    number = _decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return parse_date(str(value).strip()) if value else None
    except ValueError:
        return None


def _campaign_ref(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _clean_channels(channels) -> None:
    if not isinstance(channels, list) or any(c not in Channel.values for c in channels):
        raise AppError(_("Please correct the errors below."), errors={"channels": [_("Unknown channel.")]})
