"""Domain events: the one way an app announces that something happened.

Services call ``emit(workspace=..., event="mention.created", payload={...})``; after the
transaction commits, ``domain_event`` is sent and its receivers act (outbound webhooks, in-app
notifications, ...). Emitting apps import nothing from the receiving ones, so apps keep depending
one way. Event names are ``<entity>.<past-tense verb>`` and listed in ``EVENTS``.
"""

from __future__ import annotations

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


def emit(*, workspace: Any, event: str, payload: dict[str, Any]) -> None:
    """Announce ``event`` in ``workspace`` once the current transaction commits."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}; add it to smm_platform.events.EVENTS")
    transaction.on_commit(
        lambda: domain_event.send(sender=None, workspace=workspace, event=event, payload=payload)
    )
