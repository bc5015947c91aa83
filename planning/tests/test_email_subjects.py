"""L3: a newline in a plan item's title is no 500 (BadHeaderError in the email subject after the
item was saved, so a retrying client made a duplicate): subjects are made header-safe."""

from __future__ import annotations

import pytest
from django.core import mail

from planning.models import PlanItem

pytestmark = pytest.mark.django_db


def test_title_with_newline_creates_one_item_and_a_one_line_subject(
    personas, api_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(personas.marketer).post(
            "/api/v1/workspaces/acme/plan-items/",
            {
                "title": "Анонс\r\nBcc: victim@example.test",
                "channel": "vk",
                "scheduled_at": "2031-03-01T10:00:00+03:00",
                "assignee": personas.manager.pk,
            },
        )
    assert response.status_code == 201, response.content
    assert PlanItem.objects.filter(workspace=personas.workspace).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Анонс Bcc: victim@example.test" in message.subject
    assert message.to == [personas.manager.email] and not message.bcc
