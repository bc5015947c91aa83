"""Webhook bodies match docs/INTEGRATIONS.md: ``data`` holds the entity, and every event type has a
JSON Schema (docs/webhook-events.schema.json, generated from integrations.event_schemas)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest

from integrations import event_schemas, services
from integrations.models import WebhookDelivery
from negativity.services import mentions_ingest
from smm_platform.events import EVENTS

from .factories import WebhookSubscriptionFactory

pytestmark = pytest.mark.django_db
DOC = Path(__file__).resolve().parents[2] / "docs" / "webhook-events.schema.json"


def _valid(body: dict) -> None:
    jsonschema_rs.validate(event_schemas.ENVELOPE, body)
    jsonschema_rs.validate(event_schemas.DATA[body["event"]], body["data"])


def test_every_event_has_a_documented_schema():
    assert set(event_schemas.DATA) == set(EVENTS)
    assert json.loads(DOC.read_text()) == json.loads(json.dumps(event_schemas.document()))


def test_mention_created_body_is_the_documented_one(personas, django_capture_on_commit_callbacks):
    WebhookSubscriptionFactory(workspace=personas.workspace, events=["mention.created"])
    row = {
        "source": "vk",
        "external_id": "vk-1",
        "author": {"handle": "bob"},
        "text": "Хлеб черствый, верните деньги",
        "published_at": "2026-03-01T10:00:00+03:00",
    }
    with django_capture_on_commit_callbacks(execute=True):
        mentions_ingest(workspace=personas.workspace, rows=[row])
    body = WebhookDelivery.objects.get(event="mention.created").payload
    _valid(body)
    assert set(body["data"]) == {"mention"} and body["data"]["mention"]["external_id"] == "vk-1"


def test_test_event_body_is_the_documented_one(personas):
    sub = WebhookSubscriptionFactory(workspace=personas.workspace)
    _valid(services.webhook_send_test(subscription=sub, actor=personas.owner).payload)


def test_a_wrong_body_fails_its_schema():
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validate(event_schemas.DATA["mention.created"], {"id": 1, "category": "x"})
