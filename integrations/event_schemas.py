"""What a webhook receiver gets: the envelope and, per event type, a JSON Schema of ``data``.

Every delivery body is ``{"id", "event", "created_at", "workspace", "data"}``; ``data`` holds one
key, the entity (``mention``, ``incident``, ``report``, ``campaign``, ``proposal``, ``deal``,
``plan_item``; ``webhook.test`` sends ``{"message", "subscription", "sent_by"}``). ``wrap()``
turns a domain event's payload into that ``data``. ``docs/webhook-events.schema.json`` is
generated from ``ENVELOPE`` and ``DATA`` (a test keeps them equal).
"""

from __future__ import annotations

from typing import Any

INT = {"type": "integer"}
STR = {"type": "string"}
NULLABLE_INT = {"type": ["integer", "null"]}
DATETIME = {"type": "string", "format": "date-time"}


def _entity(name: str, properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [name],
        "additionalProperties": False,
        "properties": {
            name: {
                "type": "object",
                "required": sorted(properties),
                "additionalProperties": True,  # new fields may be added; never removed or retyped
                "properties": properties,
            }
        },
    }


DATA: dict[str, dict[str, Any]] = {
    "mention.created": _entity(
        "mention",
        {
            "id": INT,
            "source": STR,
            "external_id": STR,
            "category": STR,
            "topic": STR,
            "risk": {"type": "integer", "minimum": 0, "maximum": 100},
        },
    ),
    "incident.opened": _entity(
        "incident",
        {
            "id": INT,
            "kind": STR,
            "confidence": {"type": "number"},
            "mentions": {"type": "array", "items": INT},
            "opened_at": DATETIME,
        },
    ),
    "report.completed": _entity(
        "report", {"id": INT, "kind": STR, "formats": {"type": "array", "items": STR}}
    ),
    "campaign.alignment_changed": _entity(
        "campaign",
        {
            "campaign": INT,
            "name": STR,
            "verdict": STR,
            "previous_verdict": {"type": ["string", "null"]},
            "reasons": {"type": "array", "items": STR},
            "checked_at": DATETIME,
        },
    ),
    "proposal.decided": _entity("proposal", {"id": INT, "title": STR, "status": STR}),
    "deal.stage_changed": _entity("deal", {"partner": INT, "deal": NULLABLE_INT, "from": STR, "to": STR}),
    "plan_item.published": _entity(
        "plan_item", {"id": INT, "title": STR, "url": STR, "campaign": NULLABLE_INT}
    ),
    "webhook.test": {
        "type": "object",
        "required": ["message", "subscription", "sent_by"],
        "properties": {"message": STR, "subscription": INT, "sent_by": {"type": ["string", "null"]}},
    },
}

ENVELOPE = {
    "type": "object",
    "required": ["id", "event", "created_at", "workspace", "data"],
    "properties": {
        "id": {"type": "string", "format": "uuid", "description": "The event id (X-SMM-Event-Id)."},
        "event": {"type": "string", "enum": sorted(DATA)},
        "created_at": DATETIME,
        "workspace": {"type": "string", "description": "The workspace slug."},
        "data": {"type": "object"},
    },
}


def entity_of(event: str) -> str:
    return event.split(".", 1)[0]


def wrap(event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A domain event's payload as webhook ``data``: ``{"mention": {...}}`` for mention.created."""
    name = entity_of(event)
    if event == "webhook.test" or (set(payload) == {name} and isinstance(payload[name], dict)):
        return payload
    return {name: payload}


def document() -> dict[str, Any]:
    """The JSON Schema document of every webhook body (docs/webhook-events.schema.json)."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "SMM platform webhook bodies",
        "description": "The envelope of every delivery, and the schema of data for each event.",
        "envelope": ENVELOPE,
        "events": DATA,
    }
