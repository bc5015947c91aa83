"""Cross-cutting guards of the REST API (every ``/api/`` path, present and future endpoints).

* ``ApiRequestGuardMiddleware``: a malformed session cookie counts as none (every path); a body over ``API_MAX_BODY_BYTES`` is refused with 413 before
  any view reads it; error pages that are not JSON (Django's 404 for an unknown API URL, a 500
  page) become ``{"detail", "code", "errors"}``.
* ``IdempotencyMiddleware``: a POST with an ``Idempotency-Key`` header is answered once; the same
  key with the same request within ``IDEMPOTENCY_TTL_HOURS`` replays the stored answer (header
  ``Idempotent-Replayed: true``), with a different request answers 422, while the first is still
  running answers 409.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from http import HTTPStatus
from importlib import import_module

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from smm_platform.errors import json_error
from smm_platform.throttling import RATE_LIMIT_HEADERS, rate_limit_headers

from . import rules
from .enums import IdempotencyState
from .models import IdempotencyRecord

API_PREFIX = "/api/"
REPLAYED_HEADER = "Idempotent-Replayed"
STORED_STATUSES = frozenset({400, 422})
SESSION_KEY_RE = re.compile(r"[a-z0-9]{1,64}")
IDEMPOTENCY_KEY_RE = re.compile(r"[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?")  # printable ASCII


def _too_large(limit: int) -> HttpResponse:
    message = _("The request body is too large: the limit is %(limit)s bytes.") % {"limit": limit}
    return json_error(413, message, {"body": [message]})  # code: payload_too_large


def _drop_malformed_session_cookie(request: HttpRequest) -> None:
    """A session cookie that cannot be a session key (NUL bytes, odd characters) is treated as
    absent; looked up as is, PostgreSQL refuses it and every page would answer 500."""
    name = settings.SESSION_COOKIE_NAME
    value = request.COOKIES.get(name)
    if value is None or SESSION_KEY_RE.fullmatch(value):
        return
    del request.COOKIES[name]
    if hasattr(request, "session"):
        request.session = import_module(settings.SESSION_ENGINE).SessionStore(None)


class ApiRequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _drop_malformed_session_cookie(request)
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        limit = int(getattr(settings, "API_MAX_BODY_BYTES", 5 * 1024 * 1024))
        raw_length = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(raw_length)
        except ValueError:
            return json_error(400, _("The Content-Length header is not a number."))
        if length > limit:
            return _too_large(limit)
        response = self.get_response(request)
        rate_limit_headers(request, response)
        content_type = response.get("Content-Type", "")
        if (
            response.status_code >= 400
            and not getattr(response, "streaming", False)
            and "json" not in content_type
        ):
            try:
                phrase = HTTPStatus(response.status_code).phrase
            except ValueError:
                phrase = _("Error")
            replacement = json_error(response.status_code, phrase)
            for header in ("Retry-After", "Allow", "WWW-Authenticate", *RATE_LIMIT_HEADERS):
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response


def _principal(request: HttpRequest) -> str | None:
    """Who is calling, without storing a secret: a digest of the token key, or the session user."""
    header = request.META.get("HTTP_AUTHORIZATION", "").split()
    if len(header) == 2 and header[0].lower() in ("token", "bearer"):
        return "token:" + hashlib.sha256(header[1].encode()).hexdigest()
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return None


def _excluded(path: str) -> bool:
    patterns = getattr(settings, "IDEMPOTENCY_EXCLUDED_PATHS", [r"^/api/v1/auth/", r"/tokens/$"])
    return any(re.search(p, path) for p in patterns)


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get("Idempotency-Key")
        if key is None or request.method != "POST" or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if _excluded(request.path):
            return self.get_response(request)
        principal = _principal(request)
        if principal is None:
            return self.get_response(request)  # the view answers 401
        key = key.strip()
        if len(key) > 255 or not IDEMPOTENCY_KEY_RE.fullmatch(key):
            message = _("The Idempotency-Key header must be 1 to 255 printable ASCII characters.")
            return json_error(400, message, {"Idempotency-Key": [message]}, code="invalid_idempotency_key")
        try:
            body = request.body
        except RequestDataTooBig:
            return _too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        fingerprint = rules.request_fingerprint(
            method=request.method, path=request.path, query=request.META.get("QUERY_STRING", ""), body=body
        )
        record, answer = self._claim(principal=principal, key=key, path=request.path, fingerprint=fingerprint)
        if answer is not None:
            return answer
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        self._store(record, response)
        return response

    def _claim(self, *, principal: str, key: str, path: str, fingerprint: str):
        """The record this request now owns, or an answer (replay, 409, 422) instead."""
        now = timezone.now()
        ttl = timedelta(hours=int(getattr(settings, "IDEMPOTENCY_TTL_HOURS", 24)))
        lock = timedelta(seconds=int(getattr(settings, "IDEMPOTENCY_LOCK_SECONDS", 60)))
        for _attempt in range(2):
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        principal=principal,
                        key=key,
                        method="POST",
                        path=path,
                        request_hash=fingerprint,
                        created_at=now,
                    )
                return record, None
            except IntegrityError:
                pass
            record = IdempotencyRecord.objects.filter(principal=principal, key=key).first()
            if record is None:
                continue  # purged meanwhile: try again
            if record.created_at < now - ttl:
                IdempotencyRecord.objects.filter(pk=record.pk, created_at=record.created_at).delete()
                continue
            if record.request_hash != fingerprint:
                message = _("This Idempotency-Key was already used with a different request.")
                return None, json_error(
                    422, message, {"Idempotency-Key": [message]}, code="idempotency_key_reused"
                )
            if record.state == IdempotencyState.COMPLETED:
                return None, self._replay(record)
            if record.created_at < now - lock:
                # The first request died without answering: this one takes over.
                taken = IdempotencyRecord.objects.filter(
                    pk=record.pk, state=IdempotencyState.IN_PROGRESS, created_at=record.created_at
                ).update(created_at=now)
                if taken:
                    record.created_at = now
                    return record, None
            message = _("A request with this Idempotency-Key is still being processed; retry later.")
            response = json_error(409, message, {"Idempotency-Key": [message]}, code="idempotency_key_in_use")
            response["Retry-After"] = "1"
            return None, response
        message = _("A request with this Idempotency-Key is still being processed; retry later.")
        return None, json_error(409, message, {"Idempotency-Key": [message]}, code="idempotency_key_in_use")

    @staticmethod
    def _store(record: IdempotencyRecord, response: HttpResponse) -> None:
        storable = (
            200 <= response.status_code < 300 or response.status_code in STORED_STATUSES
        ) and not getattr(response, "streaming", False)
        if not storable:
            # Auth failures, throttling, conflicts and server errors are not final: forget the key.
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            state=IdempotencyState.COMPLETED,
            status_code=response.status_code,
            response_body=bytes(response.content),
            content_type=response.get("Content-Type", "application/json"),
        )

    @staticmethod
    def _replay(record: IdempotencyRecord) -> HttpResponse:
        response = HttpResponse(
            bytes(record.response_body), status=record.status_code, content_type=record.content_type or None
        )
        response[REPLAYED_HEADER] = "true"
        return response
