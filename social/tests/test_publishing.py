"""Publishing approved plan items to VK and Telegram at their time, exactly once; transient
errors retried no sooner than the network's wait; permanent ones fail the item with the reason."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Notification
from planning.models import PlanItem
from social import services
from social.models import SocialPost

from .conftest import VK_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_own_backoff(settings):
    settings.SOCIAL_RETRY_BASE_SECONDS = 0  # only the networks' own waits count in these tests


def test_approved_vk_item_is_published_at_its_time_exactly_once(vk, vk_account, make_item):
    later = timezone.now() + timedelta(hours=2)
    item = make_item(vk_account, at=later)
    assert services.posts_publish_due() == []
    assert vk.calls_of("wall.post") == []

    services.posts_publish_due(now=later + timedelta(seconds=1))
    services.posts_publish_due(now=later + timedelta(minutes=5))

    calls = vk.calls_of("wall.post")
    assert len(calls) == 1
    assert calls[0].params["owner_id"] == f"-{VK_GROUP}" and calls[0].params["from_group"] == "1"
    assert calls[0].params["message"] == "Свежий хлеб каждое утро" and calls[0].params["v"] == "5.199"
    post = SocialPost.objects.get(item=item)
    item.refresh_from_db()
    assert post.state == "sent" and post.attempts == 1
    assert item.status == "published"
    assert item.published_url == f"https://vk.com/wall-{VK_GROUP}_{post.external_id}" == post.url


def test_telegram_item_goes_to_the_channel_with_a_tme_link(tg, tg_account, make_item):
    item = make_item(tg_account, text="Новый багет уже в продаже")
    services.posts_publish_due()
    call = tg.calls_of("sendMessage")[0]
    assert call.params["chat_id"] == "@kolosok_news" and call.params["text"] == "Новый багет уже в продаже"
    item.refresh_from_db()
    assert item.status == "published"
    assert item.published_url == f"https://t.me/kolosok_news/{item.social_post.external_id}"


@pytest.mark.parametrize("status", ["draft", "in_review", "idea"])
def test_unapproved_items_are_never_sent(vk, vk_account, make_item, status):
    item = make_item(vk_account, status=status)
    services.posts_publish_due()
    services.post_publish(post_id=item.social_post.pk)
    assert vk.calls_of("wall.post") == []
    assert SocialPost.objects.get(item=item).state == "waiting"


def test_vk_error_6_is_retried_after_the_wait_and_sent_once(vk, vk_account, make_item):
    item = make_item(vk_account)
    vk.fail_next("wall.post", (6, "Too many requests per second"))
    start = timezone.now()
    services.posts_publish_due(now=start)
    post = SocialPost.objects.get(item=item)
    assert post.state == "retry" and post.error_code == "6"
    assert post.next_attempt_at == start + timedelta(seconds=1)

    services.posts_publish_due(now=start + timedelta(milliseconds=500))  # too early: VK's wait
    assert len(vk.calls_of("wall.post")) == 1
    services.posts_publish_due(now=start + timedelta(seconds=2))
    post.refresh_from_db()
    assert post.state == "sent" and post.attempts == 2 and post.error_code == ""
    assert len(vk.calls_of("wall.post")) == 2
    assert len(vk.posts[VK_GROUP]) == 1


def test_telegram_429_waits_retry_after_seconds(tg, tg_account, make_item):
    item = make_item(tg_account)
    tg.fail_next("sendMessage", (429, "Too Many Requests: retry after 7", {"retry_after": 7}))
    start = timezone.now()
    services.posts_publish_due(now=start)
    post = SocialPost.objects.get(item=item)
    assert post.state == "retry" and post.error_code == "429"
    assert post.next_attempt_at == start + timedelta(seconds=7)
    services.posts_publish_due(now=start + timedelta(seconds=6))
    assert len(tg.calls_of("sendMessage")) == 1
    services.posts_publish_due(now=start + timedelta(seconds=8))
    post.refresh_from_db()
    assert post.state == "sent"
    assert len(tg.calls_of("sendMessage")) == 2


def test_backoff_grows_and_never_undercuts_the_networks_wait(settings):
    settings.SOCIAL_RETRY_BASE_SECONDS = 30
    assert [services.retry_delay(n, None) for n in (1, 2, 3)] == [30, 60, 120]
    assert services.retry_delay(1, 300) == 300


@pytest.mark.parametrize(
    "code,message",
    [
        (214, "Access to adding post denied: you can only add posts to the community wall"),
        (15, "Access denied: no access to call this method"),
        (5, "User authorization failed: access_token has expired."),
    ],
)
def test_permanent_vk_error_fails_the_item_and_notifies_the_assignee(
    vk, vk_account, make_item, personas, code, message
):
    item = make_item(vk_account)
    vk.fail_next("wall.post", (code, message))
    services.posts_publish_due()
    services.posts_publish_due(now=timezone.now() + timedelta(hours=1))
    post = SocialPost.objects.get(item=item)
    assert post.state == "failed" and post.error_code == str(code) and post.error_message == message
    assert len(vk.calls_of("wall.post")) == 1
    item.refresh_from_db()
    assert item.status == "approved" and item.published_url == ""
    note = Notification.objects.get(user=personas.marketer, kind="social.publish_failed")
    assert message in note.body and item.title in note.title


@pytest.mark.parametrize(
    "code,description",
    [(403, "Forbidden: bot is not a member of the channel chat"), (400, "Bad Request: message is too long")],
)
def test_permanent_telegram_error_fails_with_the_description(
    tg, tg_account, make_item, personas, code, description
):
    item = make_item(tg_account)
    tg.fail_next("sendMessage", (code, description))
    services.posts_publish_due()
    post = SocialPost.objects.get(item=item)
    assert post.state == "failed" and post.error_code == str(code) and post.error_message == description
    assert Notification.objects.filter(user=personas.marketer, kind="social.publish_failed").count() == 1


def test_a_failed_post_is_retried_by_hand_and_then_sent(
    vk, vk_account, make_item, personas, django_capture_on_commit_callbacks
):
    item = make_item(vk_account)
    vk.fail_next("wall.post", (214, "Access to adding post denied"))
    services.posts_publish_due()
    post = SocialPost.objects.get(item=item)
    assert post.state == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        services.post_retry(post=post, actor=personas.marketer)
    post.refresh_from_db()
    item.refresh_from_db()
    assert post.state == "sent" and item.status == "published"
    assert len(vk.calls_of("wall.post")) == 2


def test_retrying_a_post_that_did_not_fail_is_a_conflict(vk, vk_account, make_item, personas):
    from smm_platform.errors import Conflict

    item = make_item(vk_account, at=timezone.now() + timedelta(days=1))
    with pytest.raises(Conflict):
        services.post_retry(post=item.social_post, actor=personas.marketer)
    assert SocialPost.objects.get(item=item).state == "waiting"


def test_transient_errors_stop_after_the_last_attempt(vk, vk_account, make_item, settings):
    settings.SOCIAL_PUBLISH_MAX_ATTEMPTS = 2
    item = make_item(vk_account)
    vk.fail_next("wall.post", (10, "Internal server error"), (10, "Internal server error"))
    now = timezone.now()
    services.posts_publish_due(now=now)
    services.posts_publish_due(now=now + timedelta(seconds=30))
    post = SocialPost.objects.get(item=item)
    assert post.state == "failed" and post.attempts == 2 and post.error_code == "10"


def test_a_send_that_never_reported_back_fails_and_is_not_resent(vk, vk_account, make_item):
    item = make_item(vk_account)
    SocialPost.objects.filter(item=item).update(
        state="sending", claimed_at=timezone.now() - timedelta(hours=1)
    )
    services.posts_publish_due()
    post = SocialPost.objects.get(item=item)
    assert post.state == "failed" and post.error_code == "unknown"
    assert vk.calls_of("wall.post") == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_publish_it_once(vk, vk_account, make_item):
    item = make_item(vk_account)
    post_id = item.social_post.pk
    barrier = threading.Barrier(4)

    def worker():
        barrier.wait()
        try:
            services.post_publish(post_id=post_id)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(vk.calls_of("wall.post")) == 1
    assert PlanItem.objects.get(pk=item.pk).status == "published"


def test_missed_item_after_approval_is_still_sent_within_the_grace(vk, vk_account, make_item):
    item = make_item(vk_account, at=timezone.now() - timedelta(minutes=20))
    PlanItem.objects.filter(pk=item.pk).update(status="missed")
    services.posts_publish_due()
    item.refresh_from_db()
    assert item.status == "published" and len(vk.calls_of("wall.post")) == 1
