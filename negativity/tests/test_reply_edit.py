"""A reply drafted from a playbook is edited before it is sent: in place on the mention page,
audited with the old and new text, and the sent reply records the edited text. An approved
reply edited by someone who cannot approve waits for approval again."""

import pytest

from accounts.models import AuditLog, Notification
from negativity import services
from negativity.models import Reply, ResponseTemplate
from smm_platform.errors import AppError, Conflict

from .factories import AuthorFactory, MentionFactory

pytestmark = pytest.mark.django_db


def url(ws, suffix):
    return f"/w/{ws.slug}/inbox/{suffix}"


def drafted(personas, risk=30):
    ws = personas.workspace
    mention = MentionFactory(
        workspace=ws,
        risk=risk,
        text="Заказ №48213 привезли холодным",
        author=AuthorFactory(workspace=ws, name="Анна"),
    )
    playbook = ResponseTemplate.objects.get(workspace=ws, category="natural", language="ru")
    return services.reply_draft(workspace=ws, mention=mention, template=playbook, actor=personas.marketer)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_draft_from_a_playbook_is_edited_in_place_and_sent_with_the_edited_text(personas, client):
    ws = personas.workspace
    client.force_login(personas.marketer)
    mention = MentionFactory(workspace=ws, risk=30, author=AuthorFactory(workspace=ws, name="Анна"))
    playbook = ResponseTemplate.objects.get(workspace=ws, category="natural", language="ru")
    client.post(url(ws, f"m/{mention.pk}/reply/"), {"template": playbook.pk, "text": ""})
    reply = Reply.objects.get(mention=mention)
    assert reply.text.startswith("Анна, здравствуйте!")
    body = client.get(url(ws, f"m/{mention.pk}/")).content.decode()
    assert f'<textarea name="text" id="reply-text-{reply.pk}"' in body
    assert f"/inbox/replies/{reply.pk}/edit/" in body and f"/inbox/replies/{reply.pk}/sent/" in body

    edited = "Анна, простите за холодный заказ — вернём деньги сегодня."
    response = client.post(url(ws, f"replies/{reply.pk}/edit/"), {"text": f"  {edited}\n"}, follow=True)
    assert messages_of(response) == ["Reply saved."]
    reply.refresh_from_db()
    assert (reply.text, reply.status) == (edited, "draft")
    entry = AuditLog.objects.get(workspace=ws, action="reply.edited")
    assert entry.changes["text"][1] == edited and entry.changes["text"][0].startswith("Анна, здравствуйте!")
    assert entry.actor == personas.marketer

    final = edited + " Курьер уже едет."
    response = client.post(url(ws, f"replies/{reply.pk}/sent/"), {"text": final}, follow=True)
    assert messages_of(response) == ["Marked as sent."]
    reply.refresh_from_db()
    assert (reply.text, reply.status) == (final, "sent")
    assert AuditLog.objects.filter(workspace=ws, action="reply.edited").count() == 2
    # a sent reply shows as text, no longer as a box
    body = client.get(url(ws, f"m/{mention.pk}/")).content.decode()
    assert f'id="reply-text-{reply.pk}"' not in body and final in body


def test_a_sent_reply_or_an_empty_text_changes_nothing(personas, client):
    ws = personas.workspace
    reply = drafted(personas)
    client.force_login(personas.marketer)
    response = client.post(url(ws, f"replies/{reply.pk}/edit/"), {"text": "   "}, follow=True)
    assert messages_of(response) == ["Write the reply."]
    services.reply_mark_sent(workspace=ws, reply=reply, actor=personas.marketer)
    sent_text = Reply.objects.get(pk=reply.pk).text
    response = client.post(url(ws, f"replies/{reply.pk}/edit/"), {"text": "Другой текст"}, follow=True)
    assert messages_of(response) == ["This reply was already sent or rejected; it cannot be edited."]
    response = client.post(url(ws, f"replies/{reply.pk}/sent/"), {"text": "Другой текст"}, follow=True)
    assert messages_of(response) == ["This reply was already sent or rejected; it cannot be edited."]
    assert Reply.objects.get(pk=reply.pk).text == sent_text
    assert not AuditLog.objects.filter(workspace=ws, action="reply.edited").exists()
    with pytest.raises(Conflict):
        services.reply_edit(workspace=ws, reply=reply, text="x", actor=personas.marketer, role="marketer")


def test_viewer_and_outsider_cannot_edit_a_reply(personas, client):
    ws = personas.workspace
    reply = drafted(personas)
    client.force_login(personas.viewer)
    assert client.post(url(ws, f"replies/{reply.pk}/edit/"), {"text": "Взлом"}).status_code == 403
    client.force_login(personas.outsider)
    assert client.post(url(ws, f"replies/{reply.pk}/edit/"), {"text": "Взлом"}).status_code == 404
    assert client.post(url(ws, f"replies/{reply.pk}/sent/"), {"text": "Взлом"}).status_code == 404
    reply.refresh_from_db()
    assert (reply.text.startswith("Анна"), reply.status) == (True, "draft")
    with pytest.raises(AppError):
        services.reply_edit(
            workspace=personas.other_workspace, reply=reply, text="x", actor=personas.outsider, role="owner"
        )


def test_an_approved_reply_edited_by_a_marketer_waits_for_approval_again(personas, client):
    ws = personas.workspace
    reply = drafted(personas, risk=85)
    services.reply_decide(workspace=ws, reply=reply, approve=True, actor=personas.manager, role="manager")
    before = Notification.objects.count()
    client.force_login(personas.marketer)
    response = client.post(url(ws, f"replies/{reply.pk}/sent/"), {"text": "Мы ни при чём."}, follow=True)
    assert messages_of(response) == ["This reply needs a manager's approval first."]
    reply.refresh_from_db()
    assert (reply.text, reply.status, reply.decided_by) == ("Мы ни при чём.", "pending_approval", None)
    assert Notification.objects.count() > before  # managers hear of it
    # the manager approves the new words; the manager's own edit keeps the approval
    services.reply_decide(workspace=ws, reply=reply, approve=True, actor=personas.manager, role="manager")
    reply = services.reply_edit(
        workspace=ws,
        reply=reply,
        text="Разберёмся с заказом сегодня.",
        actor=personas.manager,
        role="manager",
    )
    assert reply.status == "approved"
    reply = services.reply_mark_sent(workspace=ws, reply=reply, actor=personas.marketer)
    assert (reply.status, reply.text) == ("sent", "Разберёмся с заказом сегодня.")
