"""Replies out: ``POST mentions/{id}/reply/`` sends at once for owners and managers, queues for
approval otherwise; an approved reply in the inbox goes out by itself; the sent reply's id and
link are kept; the network's refusal stores nothing as sent."""

from __future__ import annotations

import pytest

from negativity import services as inbox
from negativity.models import Mention, Reply
from negativity.tests.factories import MentionFactory
from social import ingest, services
from social.models import MentionLink, SocialReply

from .conftest import TG_GROUP_ID, VK_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def vk_mention(vk, vk_account, make_item):
    item = make_item(vk_account)
    services.posts_publish_due()
    item.refresh_from_db()
    vk.add_comment(
        VK_GROUP,
        int(item.social_post.external_id),
        user_id=5501,
        first="Ирина",
        last="С",
        text="Где мой заказ?",
    )
    ingest.account_sync(account=vk_account)
    return Mention.objects.get(source="vk")


def reply_url(ws, mention):
    return f"/api/v1/workspaces/{ws.slug}/mentions/{mention.pk}/reply/"


def test_manager_reply_is_sent_to_vk_at_once(personas, api_as, vk, vk_mention):
    link = MentionLink.objects.get(mention=vk_mention)
    answer = api_as(personas.manager).post(
        reply_url(personas.workspace, vk_mention), {"text": "Ирина, уже везём!"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["status"] == "sent"
    call = vk.calls_of("wall.createComment")[0]
    assert (
        call.params["reply_to_comment"] == link.comment_id and call.params["message"] == "Ирина, уже везём!"
    )
    assert call.params["owner_id"] == f"-{VK_GROUP}" and call.params["from_group"] == VK_GROUP
    assert call.params["post_id"] == link.post.external_id
    link.refresh_from_db()
    assert link.reply_external_id == body["external_id"]
    assert (
        link.reply_url
        == body["url"]
        == f"https://vk.com/wall-{VK_GROUP}_{link.post.external_id}?reply={body['external_id']}"
    )
    assert Reply.objects.get(pk=body["reply"]).status == "sent"


def test_marketer_reply_is_queued_then_sent_when_a_manager_approves(personas, api_as, vk, vk_mention):
    answer = api_as(personas.marketer).post(
        reply_url(personas.workspace, vk_mention), {"text": "Проверим"}, format="json"
    )
    assert answer.status_code == 202
    assert answer.json() == {"status": "pending_approval", "reply": answer.json()["reply"]}
    assert vk.calls_of("wall.createComment") == []
    reply = Reply.objects.get(pk=answer.json()["reply"])
    assert reply.status == "pending_approval"
    inbox.reply_decide(
        workspace=personas.workspace, reply=reply, approve=True, actor=personas.manager, role="manager"
    )
    reply.refresh_from_db()
    assert reply.status == "sent"
    assert len(vk.calls_of("wall.createComment")) == 1
    assert SocialReply.objects.get(reply=reply).state == "sent"


def test_network_refusal_keeps_the_reply_unsent(personas, api_as, vk, vk_mention):
    vk.fail_next("wall.createComment", (15, "Access denied: comments are closed"))
    answer = api_as(personas.owner).post(
        reply_url(personas.workspace, vk_mention), {"text": "Ответ"}, format="json"
    )
    assert answer.status_code == 502
    assert "comments are closed" in answer.json()["detail"]
    reply = Reply.objects.get(mention=vk_mention)
    assert reply.status == "draft"
    assert SocialReply.objects.get(reply=reply).state == "failed"
    inbox.reply_mark_sent(workspace=personas.workspace, reply=reply, actor=personas.owner)
    assert SocialReply.objects.get(reply=reply).state == "sent"
    assert len(vk.calls_of("wall.createComment")) == 2


def test_telegram_reply_answers_the_comment_in_the_discussion_group(
    personas, api_as, tg, tg_account, make_item
):
    item = make_item(tg_account)
    services.posts_publish_due()
    item.refresh_from_db()
    ingest.account_sync(account=tg_account)
    tg.add_comment(
        int(item.social_post.external_id),
        user_id=777,
        username="anna_k",
        first="Анна",
        text="А доставка есть?",
    )
    ingest.account_sync(account=tg_account)
    mention = Mention.objects.get(source="telegram")
    link = MentionLink.objects.get(mention=mention)
    answer = api_as(personas.owner).post(
        reply_url(personas.workspace, mention), {"text": "Да, по городу"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    call = tg.calls_of("sendMessage")[-1]
    assert call.params["chat_id"] == TG_GROUP_ID and call.params["reply_to_message_id"] == int(
        link.comment_id
    )
    assert (
        answer.json()["url"]
        == f"https://t.me/kolosok_news/{item.social_post.external_id}?comment={answer.json()['external_id']}"
    )


def test_a_mention_from_elsewhere_cannot_be_replied_through_the_api(personas, api_as):
    mention = MentionFactory(workspace=personas.workspace)
    answer = api_as(personas.owner).post(
        reply_url(personas.workspace, mention), {"text": "Ответ"}, format="json"
    )
    assert answer.status_code == 409
    assert not Reply.objects.exists()


def test_reply_needs_text_and_outsiders_get_404(personas, api_as, vk_mention):
    assert (
        api_as(personas.owner)
        .post(reply_url(personas.workspace, vk_mention), {"text": ""}, format="json")
        .status_code
        == 400
    )
    assert (
        api_as(personas.viewer)
        .post(reply_url(personas.workspace, vk_mention), {"text": "x"}, format="json")
        .status_code
        == 403
    )
    assert (
        api_as(personas.outsider)
        .post(reply_url(personas.workspace, vk_mention), {"text": "x"}, format="json")
        .status_code
        == 404
    )
    assert not Reply.objects.exists()


def test_in_the_inbox_a_marketers_reply_waits_and_the_managers_approval_sends_it(
    personas, client, vk, vk_mention
):
    ws = personas.workspace
    client.force_login(personas.marketer)
    client.post(f"/w/{ws.slug}/inbox/m/{vk_mention.pk}/reply/", {"text": "Заказ уже в пути"})
    reply = Reply.objects.get(mention=vk_mention)
    assert reply.status == "pending_approval"
    assert client.post(f"/w/{ws.slug}/inbox/replies/{reply.pk}/sent/").status_code in (302, 403)
    assert vk.calls_of("wall.createComment") == []
    client.force_login(personas.manager)
    client.post(f"/w/{ws.slug}/inbox/replies/{reply.pk}/decide/", {"decision": "approve"})
    reply.refresh_from_db()
    assert reply.status == "sent"
    assert [c.params["message"] for c in vk.calls_of("wall.createComment")] == ["Заказ уже в пути"]
    page = client.get(f"/w/{ws.slug}/inbox/m/{vk_mention.pk}/").content.decode()
    assert MentionLink.objects.get(mention=vk_mention).reply_url in page
