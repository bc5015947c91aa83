"""The audit log reads in words: each action by its label in the reader's language (an unknown
code as itself in <code>), a list as comma-separated values, even one once stored as its Python
text, and the long columns wrap."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.audit_actions import ACTION_LABELS
from accounts.services import audit_record

pytestmark = pytest.mark.django_db


def _page(personas, client, language="ru"):
    personas.owner.language = language
    personas.owner.save(update_fields=["language"])
    client.force_login(personas.owner)
    return client.get(reverse("accounts:audit-log", kwargs={"workspace_slug": personas.workspace.slug}))


def test_actions_read_as_words_in_russian_and_english(personas, client):
    audit_record(workspace=personas.workspace, actor=personas.owner, action="deal.closed")
    audit_record(workspace=personas.workspace, actor=personas.owner, action="proposal.request_changes")
    audit_record(workspace=personas.workspace, actor=personas.owner, action="something.new")
    html = _page(personas, client).content.decode()
    assert '<span title="deal.closed">Сделка заключена</span>' in html
    assert "По предложению запрошены изменения" in html
    assert "<code>something.new</code>" in html
    assert "<code>deal.closed</code>" not in html
    english = _page(personas, client, "en").content.decode()
    assert '<span title="deal.closed">Deal closed</span>' in english


def test_a_list_reads_comma_separated_even_when_stored_as_python_text(personas, client):
    audit_record(
        workspace=personas.workspace,
        actor=personas.owner,
        action="playbook.saved",
        changes={"categories": "['deal.stage_changed', 'mention.created']", "note": "[draft]"},
    )
    html = _page(personas, client).content.decode()
    assert "deal.stage_changed, mention.created" in html
    assert "[&#x27;deal" not in html and "['deal" not in html
    assert "[draft]" in html  # text that only looks like a list stays as written
    assert 'class="text-break" data-testid="audit-changes"' in html


def test_every_action_the_code_records_has_a_label():
    root = Path(settings.BASE_DIR)
    literal = re.compile(r'action="([a-z_]+\.[a-z_]+)"')
    found = set()
    for path in root.glob("*/**/*.py"):
        if {".venv", "node_modules", "tests", "migrations"} & set(path.parts):
            continue
        text = path.read_text(encoding="utf-8")
        if "audit_record(" in text:
            found |= set(literal.findall(text))
    assert len(found) > 80
    assert not sorted(found - set(ACTION_LABELS)), "add a label to accounts/audit_actions.py"


def test_the_filter_finds_actions_by_their_words_or_their_code(personas, client):
    for action in ("deal.closed", "deal.updated", "token.created"):
        audit_record(workspace=personas.workspace, actor=personas.owner, action=action)
    _page(personas, client)  # signs the Russian owner in
    url = reverse("accounts:audit-log", kwargs={"workspace_slug": personas.workspace.slug})
    for typed in ("сделка", "Deal", "deal."):
        html = client.get(url, {"action": typed}).content.decode()
        assert "Сделка заключена" in html and "Сделка изменена" in html, typed
        assert "API-токен создан" not in html, typed
    html = client.get(url, {"action": "ничего такого"}).content.decode()
    assert 'data-testid="audit-table"' not in html


def test_a_webhook_s_events_read_by_their_meaning(personas, client):
    from integrations import services as integrations_services

    integrations_services.subscription_create(
        workspace=personas.workspace,
        url="https://crm.example/hook",
        events=["deal.stage_changed", "mention.created"],
        actor=personas.owner,
    )
    html = _page(personas, client).content.decode()
    changes = html.split('data-testid="audit-changes"')[1].split("</td>")[0]
    assert "Сделка с партнёром перешла на другой этап, " in changes
    assert "deal.stage_changed" not in changes and "mention.created" not in changes
