"""One application error type and one JSON error format for the whole API.

Every error answer has the shape ``{"detail": <sentence>, "errors": {<field>: [<messages>]}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)


class AppError(Exception):
    """A business-rule failure with a user-facing message, field details and an HTTP status.

    Services raise it; the API answers it as JSON and the dashboard shows it as a flash message.
    """

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(
        self, message: str, *, errors: dict[str, Any] | None = None, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.errors = errors or {}
        if status_code is not None:
            self.status_code = status_code


class Conflict(AppError):
    status_code = status.HTTP_409_CONFLICT


class PayloadTooLarge(AppError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE


def django_validation_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _flatten_detail(detail: Any) -> Any:
    if isinstance(detail, list):
        return [_flatten_detail(d) for d in detail]
    if isinstance(detail, dict):
        return {k: _flatten_detail(v) for k, v in detail.items()}
    return str(detail)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Turn every known error into ``{"detail", "errors"}``; unknown ones stay 500 (and logged)."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, AppError):
        return Response({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {"detail": _("The request is invalid."), "errors": django_validation_errors(exc)},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten_detail(exc.detail)
        if isinstance(errors, list):
            errors = {"non_field_errors": errors}
        response.data = {"detail": _("The request is invalid."), "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"detail": str(detail), "errors": {}}
    return response
