"""Rate limits of the API and the ``X-RateLimit-*`` headers that tell a client where it stands.

* ``integrations.throttling.IntegrationTokenRateThrottle``: each integration token has its own
  budget (``THROTTLE_TOKEN``, e.g. ``600/min``); people are limited by ``UserRateThrottle`` (``THROTTLE_USER``), anonymous
  callers by ``AnonRateThrottle`` (``THROTTLE_ANON``), sign-in by ``ScopedRateThrottle`` ("auth").
  Over a budget the API answers 429 with ``Retry-After``.
* Every throttle that applies to a request records ``limit``, ``remaining`` and ``reset`` (seconds
  until a slot frees up); ``ApiRequestGuardMiddleware`` sends the tightest as
  ``X-RateLimit-Limit``, ``X-RateLimit-Remaining`` and ``X-RateLimit-Reset``.
"""

from __future__ import annotations

import math

from rest_framework import throttling

LIMIT_HEADER = "X-RateLimit-Limit"
REMAINING_HEADER = "X-RateLimit-Remaining"
RESET_HEADER = "X-RateLimit-Reset"
RATE_LIMIT_HEADERS = (LIMIT_HEADER, REMAINING_HEADER, RESET_HEADER)


class RateLimitHeadersMixin:
    """Remember this throttle's standing on the Django request (the tightest one wins)."""

    def allow_request(self, request, view) -> bool:
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is None or self.rate is None or not hasattr(self, "history"):
            return allowed
        remaining = max(0, self.num_requests - len(self.history))
        reset = max(0, math.ceil(self.history[-1] + self.duration - self.now)) if self.history else 0
        django_request = getattr(request, "_request", request)
        current = getattr(django_request, "rate_limit", None)
        if current is None or remaining < current[1]:
            django_request.rate_limit = (self.num_requests, remaining, reset)
        return allowed

    def get_cache_key(self, request, view):
        self.key = None
        return super().get_cache_key(request, view)


def rate_limit_headers(request, response) -> None:
    standing = getattr(request, "rate_limit", None)
    if standing is None:
        return
    limit, remaining, reset = standing
    response[LIMIT_HEADER] = str(limit)
    response[REMAINING_HEADER] = str(remaining)
    response[RESET_HEADER] = str(reset)


class AnonRateThrottle(RateLimitHeadersMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(RateLimitHeadersMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(RateLimitHeadersMixin, throttling.ScopedRateThrottle):
    pass
