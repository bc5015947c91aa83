"""Sign-in throttling rules for django-axes (settings point here).

Failures are counted per email + address *and* per address alone
(``AXES_LOCKOUT_PARAMETERS``). Guessing one account's password locks that account for that
address after ``AXES_ACCOUNT_FAILURE_LIMIT`` (env ``AXES_FAILURE_LIMIT``) failures; spraying a few passwords over many accounts from
one address is stopped after ``AXES_IP_FAILURE_LIMIT`` failures in all, whichever email is tried.
"""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def failure_limit(request, credentials) -> int:
    """The limit axes compares with its count (the larger of the per-email+address and the
    per-address count): the per-account limit once that account's own count reaches it, the
    per-address limit otherwise."""
    from axes.models import AccessAttempt

    per_account = settings.AXES_ACCOUNT_FAILURE_LIMIT
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    if not username or not address:
        return per_account
    attempts = AccessAttempt.objects.filter(username=username, ip_address=address)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    own = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return per_account if own >= per_account else settings.AXES_IP_FAILURE_LIMIT
