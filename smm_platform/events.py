"""Domain events: the one way an app announces that something happened.

Services call ``emit(workspace=..., event="mention.created", payload={...})``, or
``emit_many(workspace=..., event=..., payloads=[...])`` for a batch (a crisis brings thousands of
mentions at once). After the transaction commits, ``domain_events`` is sent once per batch with
all its payloads (outbound webhooks listen there: one look-up of subscriptions per batch, not per
event), then ``domain_event`` once per payload for receivers that want one event at a time (in-app
notifications, tests). Emitting apps import nothing from the receiving ones, so apps keep
depending one way. Event names are ``<entity>.<past-tense verb>`` and listed in ``EVENTS``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.dispatch import Signal

EVENTS = {
    "mention.created": "A mention arrived and was classified (category, risk).",
    "incident.opened": "A coordinated attack or crisis was detected.",
    "report.completed": "A report run finished and its files are ready.",
    "campaign.alignment_changed": "A campaign's alignment verdict changed.",
    "proposal.decided": "Management approved or rejected a concept proposal.",
    "deal.stage_changed": "A partner deal moved to another pipeline stage.",
    "plan_item.published": "A plan item was published.",
    "webhook.test": "A test event sent by hand to one webhook subscription.",
}

# Receivers get ``workspace`` (a Workspace), ``event`` (str) and ``payload`` (JSON-safe dict).
domain_event = Signal()
# Receivers get ``workspace``, ``event`` and ``payloads`` (a list of JSON-safe dicts, in order).
domain_events = Signal()


def emit(*, workspace: Any, event: str, payload: dict[str, Any]) -> None:
    """Announce ``event`` in ``workspace`` once the current transaction commits."""
    emit_many(workspace=workspace, event=event, payloads=[payload])


def emit_many(*, workspace: Any, event: str, payloads: Iterable[dict[str, Any]]) -> None:
    """Announce one ``event`` per payload in ``workspace``, once the current transaction commits,
    with one callback for the whole batch."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}; add it to smm_platform.events.EVENTS")
    payloads = list(payloads)
    if payloads:
        transaction.on_commit(lambda: _send(workspace, event, payloads))


def _send(workspace: Any, event: str, payloads: list[dict[str, Any]]) -> None:
    domain_events.send(sender=None, workspace=workspace, event=event, payloads=payloads)
    if domain_event.has_listeners():
        for payload in payloads:
            domain_event.send(sender=None, workspace=workspace, event=event, payload=payload)
