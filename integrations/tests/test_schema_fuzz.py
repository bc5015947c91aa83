"""Schemathesis against the running WSGI application: every operation of ``/api/schema/`` is
called with generated data by the owner of a populated workspace. No answer may be a 5xx, use a
status code or content type the schema does not list, or break its documented body.

Bounded: about 240 generated calls shared by all operations (up to 8 each, at least 1), one call
each once 60 s are spent, no shrinking. New
endpoints of other apps are fuzzed automatically once they are in the schema.
"""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services import integration_token_create, user_token_create

from .factories import WebhookDeliveryFactory, WebhookSubscriptionFactory
from .hypothesis_compat import jsonschema_strategies_compatible

pytestmark = pytest.mark.django_db
TIME_BUDGET_S = 60
CALLS_BUDGET = 240
# Schema-valid data only: Hypothesis's negative mode spends tens of seconds per operation here;
# invalid input is covered case by case in test_api_guards.py.
POSITIVE_EXAMPLES = 8
# Known schema bugs outside this app, reported to the lead with the fix; only this exact failure
# is tolerated on that operation (anything else there still fails). Remove once fixed.
PENDING_FIXES: dict[str, tuple[str, str]] = {}


def _only_pending(label: str, exc: BaseException) -> bool:
    """True when every failure found on ``label`` is its known, reported schema bug."""
    pending = PENDING_FIXES.get(label)
    if pending is None:
        return False
    found = list(getattr(exc, "exceptions", None) or [exc])
    return all(pending[0] in f"{getattr(f, 'message', '')} {f}" for f in found)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@contextmanager
def _one_transaction():
    """Like Django's test client: the WSGI handler must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _populate(personas) -> str:
    sub = WebhookSubscriptionFactory(workspace=personas.workspace, url="https://crm.example.com/in")
    WebhookDeliveryFactory(
        subscription=sub, status="succeeded", last_status_code=200, delivered_at="2026-01-01T00:00:00Z"
    )
    WebhookDeliveryFactory(subscription=sub, status="failed")
    integration_token_create(workspace=personas.workspace, name="CRM", scopes=["read"], actor=personas.owner)
    _token, key = user_token_create(user=personas.owner, name="fuzz")
    return key


def _runner(operation, *, mode, examples: int, checks, headers: dict):
    """A Hypothesis test of one operation: generated cases, sent through WSGI, checked."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        if "workspace_slug" in (case.path_parameters or {}):
            case.path_parameters["workspace_slug"] = "acme"
        with transaction.atomic():  # a failed query must not poison the next calls' transaction
            response = case.call(headers=headers)
        case.validate_response(response, checks=checks)

    return run


def test_schema_holds_under_fuzzing(personas):
    from django.core.wsgi import get_wsgi_application

    key = _populate(personas)
    headers = {"Authorization": f"Token {key}", "Accept-Language": "en"}
    started = time.monotonic()
    failures: list[str] = []
    exercised = 0
    timings: dict[str, float] = {}
    with _one_transaction(), jsonschema_strategies_compatible():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 20
        for operation in operations:
            # About CALLS_BUDGET calls in all, the same count on every machine (reproducible); one
            # each once the time budget is spent.
            examples = max(1, min(POSITIVE_EXAMPLES, CALLS_BUDGET // len(operations)))
            if time.monotonic() - started > TIME_BUDGET_S:
                examples = 1
            for mode, checks in ((GenerationMode.POSITIVE, CHECKS),):
                op_started = time.monotonic()
                run = _runner(operation, mode=mode, examples=examples, checks=checks, headers=headers)
                try:
                    run()
                    exercised += 1
                except Unsatisfiable:
                    exercised += 1  # no invalid input can be made for this operation
                except (
                    Exception,
                    BaseExceptionGroup,
                ) as exc:  # collect every operation's failure, then report all
                    text = str(exc)
                    if _only_pending(operation.label, exc):
                        exercised += 1
                        continue
                    failures.append(f"{operation.label} [{mode.value}]: {text[:1500]}")
                timings[f"{operation.label} [{mode.value}]"] = time.monotonic() - op_started
    elapsed = time.monotonic() - started
    slowest = sorted(timings.items(), key=lambda item: -item[1])[:5]
    print(
        f"schemathesis: {exercised} runs over {len(operations)} operations in {elapsed:.1f}s; slowest:",
        slowest,
    )
    assert not failures, f"{len(failures)} operations failed:\n\n" + "\n\n".join(failures)
    assert exercised == len(operations)
