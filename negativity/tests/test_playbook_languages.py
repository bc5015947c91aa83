"""Playbooks per language: the workspace's language (and the mention's) first, the others
after, under "other languages"; the workspace's language is an owner's setting."""

import pytest

from accounts.models import AuditLog
from negativity import selectors

from .factories import IncidentFactory, MentionFactory, ResponseTemplateFactory

pytestmark = pytest.mark.django_db

RU_NATURAL = "Естественный негатив: признать и решить"
EN_NATURAL = "Natural negativity: acknowledge and fix"


def page(ws, suffix):
    return f"/w/{ws.slug}/inbox/{suffix}"


def template_choices(response):
    """The reply form's playbook options as [(label, group)], group "" for the first ones."""
    out = []
    for value, label in response.context["reply_form"].fields["template"].widget.choices:
        if isinstance(label, list | tuple):
            out += [(str(lbl), str(value)) for _v, lbl in label]
        elif value != "":
            out.append((str(label), ""))
    return out


def test_split_by_language_keeps_the_preferred_languages_first_in_their_order():
    class P:
        def __init__(self, name, language):
            self.name, self.language = name, language

    playbooks = [P("a", "en"), P("b", "ru"), P("c", "de"), P("d", "en"), P("e", "ru")]
    first, others = selectors.split_by_language(playbooks, ["en", "ru"])
    assert [p.name for p in first] == ["a", "d", "b", "e"]
    assert [p.name for p in others] == ["c"]
    first, others = selectors.split_by_language(playbooks, ["ru"])
    assert [p.name for p in first] == ["b", "e"]
    assert [p.name for p in others] == ["a", "c", "d"]


def test_russian_workspace_offers_russian_playbooks_first_and_english_under_other_languages(personas, client):
    ws = personas.workspace
    assert ws.language == "ru"
    mention = MentionFactory(workspace=ws, language="ru", category="natural")
    client.force_login(personas.marketer)
    response = client.get(page(ws, f"m/{mention.pk}/"))
    assert template_choices(response) == [(RU_NATURAL, ""), (f"{EN_NATURAL} (EN)", "Other languages")]
    assert response.context["reply_form"].initial["template"] == response.context["playbooks"][0].pk
    assert [p.name for p in response.context["playbooks"]] == [RU_NATURAL]
    body = response.content.decode()
    assert body.count('data-testid="playbook-card"') == 1
    assert '<optgroup label="Other languages">' in body
    # the English playbook is there, but only inside the collapsed "other languages" block
    assert body.count(EN_NATURAL) == 2  # its option in the select, its card in the block
    assert body.index(f"{EN_NATURAL} <span") > body.index('data-testid="other-playbooks"')


def test_a_mention_in_english_gets_the_english_playbook_preselected_beside_the_russian_one(personas, client):
    ws = personas.workspace
    mention = MentionFactory(workspace=ws, language="en", category="natural", text="Cold delivery again")
    client.force_login(personas.marketer)
    response = client.get(page(ws, f"m/{mention.pk}/"))
    assert template_choices(response) == [(EN_NATURAL, ""), (RU_NATURAL, "")]
    preselected = response.context["reply_form"].initial["template"]
    assert response.context["playbooks"][0].pk == preselected
    assert response.context["playbooks"][0].language == "en"
    assert response.context["other_playbooks"] == []


def test_english_workspace_offers_english_first(personas, client):
    ws = personas.workspace
    ws.language = "en"
    ws.save()
    mention = MentionFactory(workspace=ws, language="", category="natural")
    client.force_login(personas.marketer)
    response = client.get(page(ws, f"m/{mention.pk}/"))
    assert template_choices(response) == [(EN_NATURAL, ""), (f"{RU_NATURAL} (RU)", "Other languages")]


def test_playbooks_page_and_incident_list_the_workspace_language_first(personas, client):
    ws = personas.workspace
    ResponseTemplateFactory(workspace=ws, name="Свой плейбук", language="ru", category="trolling")
    client.force_login(personas.marketer)
    response = client.get(page(ws, "playbooks/"))
    assert {p.language for p in response.context["playbooks"]} == {"ru"}
    assert len(response.context["playbooks"]) == 4
    assert {p.language for p in response.context["other_playbooks"]} == {"en"}
    body = response.content.decode()
    assert body.index("Свой плейбук") < body.index('data-testid="other-playbooks"') < body.index(EN_NATURAL)
    # a new playbook is proposed in the workspace's language
    assert response.context["form"]["language"].value() == "ru"

    incident = IncidentFactory(workspace=ws)
    response = client.get(page(ws, f"incidents/{incident.pk}/"))
    assert [p.name for p in response.context["playbooks"]] == ["Заказная атака: факты и эскалация"]
    assert [p.name for p in response.context["other_playbooks"]] == ["Ordered attack: facts and escalation"]


def test_owner_sets_the_workspace_language_audited_and_a_bad_one_changes_nothing(personas, client):
    ws = personas.workspace
    client.force_login(personas.owner)
    url = f"/w/{ws.slug}/settings/"
    assert client.get(url).context["form"]["language"].value() == "ru"
    response = client.post(url, {"name": ws.name, "language": "xx"})
    assert response.status_code == 200 and "language" in response.context["form"].errors
    ws.refresh_from_db()
    assert ws.language == "ru"
    assert client.post(url, {"name": ws.name, "language": "en"}).status_code == 302
    ws.refresh_from_db()
    assert ws.language == "en"
    entry = AuditLog.objects.filter(workspace=ws, action="workspace.renamed").latest("pk")
    assert entry.changes == {"language": ["ru", "en"]}
    client.force_login(personas.manager)
    assert client.post(url, {"name": ws.name, "language": "ru"}).status_code == 403
    ws.refresh_from_db()
    assert ws.language == "en"


def test_a_new_workspace_takes_its_creators_language(personas):
    from accounts.services import workspace_create

    personas.viewer.language = "en"
    assert workspace_create(name="English brand", owner=personas.viewer).language == "en"
    personas.viewer.language = "ru"
    assert workspace_create(name="Русский бренд", slug="rus", owner=personas.viewer).language == "ru"
