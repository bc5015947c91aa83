"""Helpers shared by the partners services: validated save, aware datetimes."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from smm_platform.errors import AppError, django_validation_errors


def _validate(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise AppError(_("The request is invalid."), errors=django_validation_errors(exc)) from exc


def as_aware(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    return timezone.make_aware(datetime(value.year, value.month, value.day, 12, 0))
