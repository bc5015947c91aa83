"""Rate limits per integration token: each token has its own budget (``THROTTLE_TOKEN``, e.g.
``600/min``). Over it the API answers 429 with ``Retry-After``; ``X-RateLimit-*`` headers come
from ``smm_platform.throttling``."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.enums import TokenKind
from smm_platform.throttling import RateLimitHeadersMixin


class IntegrationTokenRateThrottle(RateLimitHeadersMixin, SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str | None:
        return getattr(settings, "THROTTLE_TOKEN", "600/min")

    def get_cache_key(self, request, view) -> str | None:
        self.key = None
        token = getattr(request, "auth", None)
        if token is None or getattr(token, "kind", None) != TokenKind.INTEGRATION:
            return None  # people are limited by the user throttle
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
