"""One application error type and one JSON error format for the whole API.

Every error answer has the shape::

    {"detail": "<a sentence for people, in the caller's language>",
     "code": "<a stable machine code of the error>",
     "errors": {"<field>": [{"message": "<sentence>", "code": "<stable machine code>"}]}}

Bulk endpoints nest row errors by index: ``errors.rows.<index>.<field> = [{"message", "code"}]``.
Messages follow ``Accept-Language``; codes never change with the language (the table of codes
is in ``docs/INTEGRATIONS.md``).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)

# The top-level ``code`` of an error answer when nothing more specific is known.
STATUS_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "idempotency_key_reused",
    429: "throttled",
    500: "server_error",
}


def code_for_status(status_code: int) -> str:
    return STATUS_CODES.get(status_code, "error" if status_code < 500 else "server_error")


class AppError(Exception):
    """A business-rule failure with a user-facing message, field details and an HTTP status.

    Services raise it; the API answers it as JSON and the dashboard shows it as a flash message.
    ``code`` is the stable machine code of the answer; field messages given as plain strings get
    it too (give ``rest_framework.exceptions.ErrorDetail(message, code=...)`` for another one).
    """

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(
        self,
        message: str,
        *,
        errors: dict[str, Any] | None = None,
        status_code: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.errors = errors or {}
        if status_code is not None:
            self.status_code = status_code
            if code is None and type(self).code == AppError.code:
                self.code = code_for_status(status_code)
        if code is not None:
            self.code = code


class Conflict(AppError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class PayloadTooLarge(AppError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    code = "payload_too_large"


def field_errors(errors: Any, default_code: str = "invalid") -> Any:
    """``errors`` in the documented shape: every message becomes ``{"message", "code"}``.

    Accepts plain strings, DRF ``ErrorDetail`` (their code is kept), dicts already in the shape
    (kept, extra keys too), lists of them, and nested dicts (rows by index, nested serializers).
    """
    if isinstance(errors, dict):
        if _is_message(errors):
            return {**errors, "message": str(errors["message"]), "code": str(errors["code"])}
        return {str(key): _field_value(value, default_code) for key, value in errors.items()}
    return {"non_field_errors": _field_value(errors, default_code)}


def _field_value(value: Any, default_code: str) -> Any:
    if isinstance(value, dict):
        if _is_message(value):
            return [field_errors(value, default_code)]
        return {str(key): _field_value(item, default_code) for key, item in value.items()}
    if isinstance(value, list | tuple):
        if value and all(isinstance(item, dict) and not _is_message(item) for item in value):
            # A list serializer's errors: one entry per item; keep the failing ones by index.
            return {str(i): _field_value(item, default_code) for i, item in enumerate(value) if item}
        out = []
        for item in value:
            if isinstance(item, list | tuple):
                out.extend(_messages(item, default_code))
            else:
                out.extend(_messages([item], default_code))
        return out
    return _messages([value], default_code)


def _is_message(item: dict) -> bool:
    return isinstance(item.get("message"), str) and isinstance(item.get("code"), str)


def _messages(items, default_code: str) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if isinstance(item, dict) and _is_message(item):
            out.append(field_errors(item, default_code))
        elif isinstance(item, exceptions.ErrorDetail):
            out.append({"message": str(item), "code": str(item.code or default_code)})
        else:
            out.append({"message": str(item), "code": default_code})
    return out


def error_body(detail: str, *, code: str, errors: Any = None) -> dict[str, Any]:
    default_field_code = code
    return {
        "detail": str(detail),
        "code": code,
        "errors": field_errors(errors, default_field_code) if errors else {},
    }


def json_error(status_code: int, detail: str, errors: Any = None, *, code: str | None = None) -> JsonResponse:
    """An error answer outside DRF (middleware, plain Django views) in the same shape."""
    return JsonResponse(
        error_body(detail, code=code or code_for_status(status_code), errors=errors), status=status_code
    )


def django_validation_errors(exc: DjangoValidationError) -> dict[str, list[exceptions.ErrorDetail]]:
    """Field -> messages (``ErrorDetail``: a string that keeps Django's code, e.g. ``unique``)."""

    def items(errs):
        return [exceptions.ErrorDetail(str(m), code=e.code or "invalid") for e in errs for m in e.messages]

    if hasattr(exc, "error_dict"):
        return {field: items(errs) for field, errs in exc.error_dict.items()}
    return {"non_field_errors": items(exc.error_list)}


def referenced_by(exc: ProtectedError | RestrictedError, limit: int = 20) -> list[dict[str, Any]]:
    """What keeps an object from being deleted: ``[{"message", "code", "object", "id"}]``."""
    objects = list(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or [])
    out = []
    for obj in objects[:limit]:
        meta = obj._meta
        out.append(
            {
                "message": f"{meta.verbose_name} #{obj.pk}",
                "code": "protected",
                "object": meta.label_lower,
                "id": obj.pk,
            }
        )
    return out


def protected_conflict(exc: ProtectedError | RestrictedError, message: str | None = None) -> Conflict:
    """A 409 naming the records that still refer to the object being deleted."""
    refs = referenced_by(exc)
    kinds = sorted({str(r["message"]).rsplit(" #", 1)[0] for r in refs})
    total = len(getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", None) or [])
    if message is None:
        message = ngettext(
            "It cannot be deleted: %(count)s record still refers to it (%(kinds)s).",
            "It cannot be deleted: %(count)s records still refer to it (%(kinds)s).",
            total,
        ) % {"count": total, "kinds": ", ".join(kinds)}
    return Conflict(message, errors={"referenced_by": refs}, code="protected")


def _throttled_detail(exc: exceptions.Throttled) -> str:
    if exc.wait is None:
        return _("Too many requests; slow down.")
    seconds = max(1, int(exc.wait + 0.999))
    return ngettext(
        "Too many requests; retry in %(seconds)s second.",
        "Too many requests; retry in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Turn every known error into ``{"detail", "code", "errors"}``; unknown ones stay 500 (logged)."""
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ProtectedError | RestrictedError):
        exc = protected_conflict(exc)
    if isinstance(exc, AppError):
        return Response(error_body(exc.message, code=exc.code, errors=exc.errors), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        return Response(
            {
                "detail": _("The request is invalid."),
                "code": "invalid",
                "errors": django_validation_errors(exc),
            },
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
        response.data = error_body(_("The request is invalid."), code="invalid", errors=exc.detail)
    else:
        if isinstance(exc, exceptions.Throttled):
            detail = _throttled_detail(exc)
        else:
            detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        if not isinstance(code, str):
            code = code_for_status(response.status_code)
        response.data = error_body(str(detail), code=code)
    return response
