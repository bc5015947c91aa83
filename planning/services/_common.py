"""Helpers shared by the planning services: validated save and the 403 error."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from smm_platform.errors import AppError

Forbidden = lambda message: AppError(message, status_code=403)  # noqa: E731


def _validate(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        from smm_platform.errors import django_validation_errors

        raise AppError(_("The request is invalid."), errors=django_validation_errors(exc)) from exc
