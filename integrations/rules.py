"""Pure rules of outbound webhooks: signatures, retry schedule, outcome of an answer.

Plain functions over plain data, tested without a database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

SIGNATURE_HEADER = "X-SMM-Signature"
EVENT_HEADER = "X-SMM-Event"
DELIVERY_HEADER = "X-SMM-Delivery"
SIGNATURE_VERSION = "v1"
# Answers worth retrying: timeouts, conflicts of the moment, throttling and server errors.
RETRYABLE_STATUSES = frozenset({408, 409, 425, 429})


def encode_body(payload: dict[str, Any]) -> bytes:
    """The exact bytes sent (and signed): compact JSON, UTF-8, keys in a stable order."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``"<timestamp>.<body>"`` with the subscription's secret."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, timestamp: int, body: bytes, also: tuple[str, ...] = ()) -> str:
    """``t=<unix timestamp>,v1=<signature>``: the value of ``X-SMM-Signature``. During a secret
    rotation's overlap the old secrets (``also``) sign too: ``t=..,v1=<new>,v1=<old>``."""
    signatures = [sign(secret=s, timestamp=timestamp, body=body) for s in (secret, *also) if s]
    return ",".join([f"t={timestamp}", *(f"{SIGNATURE_VERSION}={sig}" for sig in signatures)])


def verify_signature(*, secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """True when ``header`` signs ``body`` with ``secret`` and its timestamp is within
    ``tolerance`` seconds of ``now`` (a replayed old request fails). What a receiver runs."""
    parts: dict[str, list[str]] = {}
    for item in header.split(","):
        name, _sep, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        timestamp = int(parts.get("t", [""])[0])
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body)
    return any(hmac.compare_digest(expected, candidate) for candidate in parts.get(SIGNATURE_VERSION, []))


def retry_delay(attempts: int, *, base: int = 30, factor: int = 4, cap: int = 6 * 3600) -> int:
    """Seconds to wait after ``attempts`` failed attempts: 30 s, 2 min, 8 min, 32 min, ~2 h, 6 h..."""
    if attempts < 1:
        return 0
    return int(min(base * factor ** (attempts - 1), cap))


def is_success(status_code: int | None) -> bool:
    return status_code is not None and 200 <= status_code < 300


def is_retryable(status_code: int | None) -> bool:
    """A network error (no status), a server error or a temporary refusal is retried; any other
    answer (a 4xx saying the request itself is wrong, a redirect) is final."""
    if status_code is None:
        return True
    return status_code >= 500 or status_code in RETRYABLE_STATUSES


def next_status(
    *, status_code: int | None, attempts: int, max_attempts: int, retryable_error: bool = True
) -> str:
    """The delivery status after an attempt: succeeded, retrying or failed."""
    if is_success(status_code):
        return "succeeded"
    if retryable_error and is_retryable(status_code) and attempts < max_attempts:
        return "retrying"
    return "failed"


def request_fingerprint(*, method: str, path: str, query: str, body: bytes) -> str:
    """SHA-256 over what makes two POSTs "the same request" for an Idempotency-Key."""
    digest = hashlib.sha256()
    for part in (method.upper().encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
