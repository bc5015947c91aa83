"""Statistics and comments back in from both stand-ins: metric rows of the campaign, the
follower series, comments as inbox mentions; syncing twice doubles nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from campaigns.models import MetricDaily
from negativity.models import Mention
from social import ingest, services
from social.models import FollowerDay, MentionLink, PostStatDay

from .conftest import TG_GROUP_ID, VK_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture
def vk_post(vk, vk_account, make_item):
    item = make_item(vk_account)
    services.posts_publish_due()
    item.refresh_from_db()
    return item.social_post


def test_vk_statistics_become_the_campaigns_daily_metrics(vk, vk_account, vk_post, campaign):
    vk.set_stats(VK_GROUP, int(vk_post.external_id), views=1200, likes=40, reposts=5)
    summary = ingest.account_sync(account=vk_account)
    assert summary["errors"] == []
    row = MetricDaily.objects.get(campaign=campaign, channel="vk", date=timezone.localdate())
    assert (row.impressions, row.reach, row.engagements, row.followers, row.posts) == (
        1200,
        1200,
        45,
        1520,
        1,
    )
    assert FollowerDay.objects.get(account=vk_account).followers == 1520
    call = vk.calls_of("wall.get")[0]
    assert call.params["owner_id"] == f"-{VK_GROUP}"

    vk.set_stats(VK_GROUP, int(vk_post.external_id), views=1500, likes=50, reposts=5)
    ingest.account_sync(account=vk_account)
    row.refresh_from_db()
    assert (row.impressions, row.engagements) == (1500, 55)
    assert MetricDaily.objects.filter(campaign=campaign).count() == 1
    assert FollowerDay.objects.count() == 1 and PostStatDay.objects.count() == 1


def test_a_later_day_counts_only_the_growth_since_the_day_before(vk, vk_account, vk_post, campaign):
    today = timezone.localdate()
    vk.set_stats(VK_GROUP, int(vk_post.external_id), views=1000, likes=10, reposts=0)
    ingest.account_sync_stats(account=vk_account, today=today - timedelta(days=1))
    vk.set_stats(VK_GROUP, int(vk_post.external_id), views=1300, likes=15, reposts=1)
    ingest.account_sync_stats(account=vk_account, today=today)
    row = MetricDaily.objects.get(campaign=campaign, channel="vk", date=today)
    assert (row.impressions, row.engagements) == (300, 6)


def test_crm_columns_of_the_row_are_kept(vk, vk_account, vk_post, campaign):
    MetricDaily.objects.create(
        workspace=campaign.workspace,
        campaign=campaign,
        channel="vk",
        date=timezone.localdate(),
        leads=7,
        sales=2,
        revenue=4900,
    )
    ingest.account_sync(account=vk_account)
    row = MetricDaily.objects.get(campaign=campaign, channel="vk", date=timezone.localdate())
    assert (row.leads, row.sales, int(row.revenue), row.followers) == (7, 2, 4900, 1520)


def test_telegram_member_count_is_the_follower_series(tg, tg_account, make_item, campaign):
    make_item(tg_account)
    services.posts_publish_due()
    ingest.account_sync(account=tg_account)
    assert tg.calls_of("getChatMemberCount")
    assert FollowerDay.objects.get(account=tg_account).followers == 860
    row = MetricDaily.objects.get(campaign=campaign, channel="telegram", date=timezone.localdate())
    assert row.followers == 860 and row.posts == 1


def test_vk_comments_enter_the_inbox_once_with_author_post_and_campaign(vk, vk_account, vk_post, campaign):
    post_id = int(vk_post.external_id)
    vk.add_comment(
        VK_GROUP,
        post_id,
        user_id=5501,
        first="Ирина",
        last="Смирнова",
        text="Хлеб был чёрствый, верните деньги",
    )
    vk.add_comment(
        VK_GROUP, post_id, user_id=5502, first="Олег", last="Петров", text="Очень вкусно, спасибо!"
    )
    ingest.account_sync(account=vk_account)
    ingest.account_sync(account=vk_account)
    mentions = Mention.objects.filter(source="vk").order_by("pk")
    assert mentions.count() == 2
    first = mentions[0]
    assert first.author.handle == "id5501" and first.author.name == "Ирина Смирнова"
    assert first.campaign == campaign and first.category  # classified like any mention
    assert first.url.startswith(f"https://vk.com/wall-{VK_GROUP}_{post_id}?reply=")
    link = MentionLink.objects.get(mention=first)
    assert link.post == vk_post and link.account == vk_account
    assert vk.calls_of("wall.getComments")[0].params["post_id"] == str(post_id)


def test_telegram_discussion_replies_enter_the_inbox_once(tg, tg_account, make_item, campaign):
    item = make_item(tg_account)
    services.posts_publish_due()
    item.refresh_from_db()
    post = item.social_post
    ingest.account_sync(account=tg_account)  # sees the group's copy of our post
    post.refresh_from_db()
    assert post.discussion_message_id is not None
    tg.add_comment(
        int(post.external_id),
        user_id=777,
        username="anna_k",
        first="Анна",
        text="Когда откроетесь на Ленина?",
    )
    ingest.account_sync(account=tg_account)
    ingest.account_sync(account=tg_account)
    mention = Mention.objects.get(source="telegram")
    assert mention.author.handle == "anna_k" and mention.campaign == campaign
    assert mention.url.startswith(f"https://t.me/kolosok_news/{post.external_id}?comment=")
    link = MentionLink.objects.get(mention=mention)
    assert link.chat_id == str(TG_GROUP_ID) and link.post == post
    offsets = [c.params.get("offset") for c in tg.calls_of("getUpdates")]
    assert offsets[0] is None and offsets[-1] and offsets[-1] > 500


def test_a_network_error_during_sync_is_recorded_on_the_account(vk, vk_account, vk_post):
    vk.fail_next("groups.getById", (5, "User authorization failed: access_token has expired."))
    summary = ingest.account_sync(account=vk_account)
    vk_account.refresh_from_db()
    assert "access_token has expired" in vk_account.last_sync_error
    assert vk_account.last_sync_at is not None and summary["errors"]


def test_sync_endpoint_answers_202_and_pulls(
    personas, api_as, vk, vk_account, vk_post, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = api_as(personas.manager).post(
            f"/api/v1/workspaces/{personas.workspace.slug}/social-accounts/{vk_account.pk}/sync/"
        )
    assert answer.status_code == 202 and answer.json() == {"queued": True, "account": vk_account.pk}
    assert MetricDaily.objects.filter(campaign=campaign, channel="vk").exists()
    assert (
        api_as(personas.marketer)
        .post(f"/api/v1/workspaces/{personas.workspace.slug}/social-accounts/{vk_account.pk}/sync/")
        .status_code
        == 403
    )
