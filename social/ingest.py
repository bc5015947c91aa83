"""What comes back from connected accounts: statistics and comments (idempotent).

Statistics (``account_sync_stats``): the community's size goes into its follower series (one row
per day); each published post's running totals (views, likes, reposts, comments) into one row per
post and day. A campaign's daily metric row on the network's channel then holds what happened
that day: the growth of its posts' totals since the day before (the whole total on the first
day), ``impressions`` and ``reach`` from views (the closest the networks' APIs come to reach),
``engagements`` = likes + reposts + comments, ``posts`` published that day and ``followers`` = the
size of the communities that carry its posts. Other columns of the row (leads, sales, spend from
a CRM) are kept. Syncing again the same day recomputes the same rows: nothing doubles.

Comments (``account_sync_comments``): VK ``wall.getComments`` under our posts, Telegram
discussion-group replies from ``getUpdates``; they enter the inbox through negativity's
``mentions_ingest`` (classified, scored and routed like any mention, idempotent by source and
network id), each linked to its account, our post and that post's campaign.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from campaigns import services as campaign_services
from campaigns.models import MetricDaily
from negativity import services as negativity_services
from negativity.models import Mention

from .enums import PostState
from .models import FollowerDay, MentionLink, PostStatDay, SocialAccount, SocialPost
from .providers import ProviderError, provider_for

# Columns of a campaign's metric row that come from elsewhere (a CRM, an import): kept as they are.
KEPT_COUNTS = ["clicks", "leads", "sales"]
KEPT_MONEY = ["revenue", "spend"]


def account_sync(*, account: SocialAccount) -> dict:
    """Pull statistics, then comments; records the time and the error of the last sync."""
    summary: dict = {"account": account.pk}
    errors = []
    for step in (account_sync_stats, account_sync_comments):
        try:
            summary.update(step(account=account))
        except ProviderError as exc:
            errors.append(str(exc))
    SocialAccount.objects.filter(pk=account.pk).update(
        last_sync_at=timezone.now(), last_sync_error="; ".join(errors)[:2000]
    )
    summary["errors"] = errors
    return summary


def _sent_posts(account: SocialAccount) -> list[SocialPost]:
    return list(account.posts.filter(state=PostState.SENT).select_related("item"))


def account_sync_stats(*, account: SocialAccount, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    posts = _sent_posts(account)
    stats = provider_for(account.network).fetch_stats(account, posts)
    now = timezone.now()
    with transaction.atomic():
        if stats.followers is not None:
            SocialAccount.objects.filter(pk=account.pk).update(followers=stats.followers)
            account.followers = stats.followers
            FollowerDay.objects.update_or_create(
                workspace=account.workspace,
                account=account,
                date=today,
                defaults={"followers": stats.followers},
            )
        for post in posts:
            found = stats.posts.get(post.external_id)
            if found is None:
                continue
            values = {
                "views": found.views,
                "likes": found.likes,
                "reposts": found.reposts,
                "comments": found.comments,
            }
            SocialPost.objects.filter(pk=post.pk).update(**values, stats_at=now)
            PostStatDay.objects.update_or_create(
                workspace=account.workspace, post=post, date=today, defaults=values
            )
        rows = campaign_rows(workspace=account.workspace, network=account.network, day=today)
        result = {"rows": 0}
        if rows:
            result = campaign_services.metrics_upsert(workspace=account.workspace, actor=None, rows=rows)
    return {
        "followers": stats.followers,
        "posts_with_stats": len(stats.posts),
        "metric_rows": result.get("received", 0),
    }


def campaign_rows(*, workspace, network: str, day: date) -> list[dict]:
    """The daily metric rows of ``day`` for every running campaign with posts on ``network``."""
    posts = list(
        SocialPost.objects.for_workspace(workspace)
        .filter(state=PostState.SENT, account__network=network, item__campaign__isnull=False)
        .filter(item__campaign__starts_on__lte=day, item__campaign__ends_on__gte=day)
        .select_related("item", "account")
    )
    if not posts:
        return []
    snapshots: dict[tuple[int, date], PostStatDay] = {}
    for snap in PostStatDay.objects.filter(post__in=posts, date__lte=day).order_by("post_id", "date"):
        snapshots[(snap.post_id, snap.date)] = snap
    latest_before: dict[int, PostStatDay] = {}
    for (post_id, when), snap in sorted(snapshots.items(), key=lambda kv: kv[0][1]):
        if when < day:
            latest_before[post_id] = snap
    totals: dict[int, dict] = defaultdict(lambda: {"views": 0, "engagements": 0, "posts": 0, "accounts": {}})
    for post in posts:
        campaign_id = post.item.campaign_id
        row = totals[campaign_id]
        row["accounts"][post.account_id] = post.account.followers or 0
        if post.sent_at and timezone.localtime(post.sent_at).date() == day:
            row["posts"] += 1
        now, before = snapshots.get((post.pk, day)), latest_before.get(post.pk)
        if now is None:
            continue
        prior = (before.views, before.likes + before.reposts + before.comments) if before else (0, 0)
        row["views"] += max(now.views - prior[0], 0)
        row["engagements"] += max(now.likes + now.reposts + now.comments - prior[1], 0)
    kept = {
        m.campaign_id: m
        for m in MetricDaily.objects.filter(campaign_id__in=list(totals), channel=network, date=day)
    }
    rows = []
    for campaign_id, row in sorted(totals.items()):
        existing = kept.get(campaign_id)
        rows.append(
            {
                "campaign": campaign_id,
                "channel": network,
                "date": day.isoformat(),
                "impressions": row["views"],
                "reach": row["views"],
                "engagements": row["engagements"],
                "followers": sum(row["accounts"].values()),
                "posts": row["posts"],
                **{name: getattr(existing, name) if existing else 0 for name in KEPT_COUNTS},
                **{name: str(getattr(existing, name)) if existing else "0" for name in KEPT_MONEY},
            }
        )
    return rows


def _mention_external_id(account: SocialAccount, comment) -> str:
    if account.network == "vk":
        return f"wall-{account.meta.get('group_id') or account.external_id}_{comment.post_external_id}_{comment.comment_id}"
    return f"{comment.chat_id}_{comment.comment_id}"


def account_sync_comments(*, account: SocialAccount) -> dict:
    posts = _sent_posts(account)
    if not posts:
        return {"comments": 0, "mentions_created": 0}
    batch = provider_for(account.network).fetch_comments(account, posts)
    by_external = {p.external_id: p for p in posts}
    for post_external_id, copy_id in batch.discussion_copies.items():
        if post_external_id in by_external:
            SocialPost.objects.filter(pk=by_external[post_external_id].pk).update(
                discussion_message_id=copy_id
            )
    rows, links = [], {}
    max_text = settings.NEGATIVITY_MAX_TEXT
    for comment in batch.comments:
        post = by_external.get(comment.post_external_id)
        if post is None:  # a discussion reply to something we did not publish
            continue
        external_id = _mention_external_id(account, comment)
        links[external_id] = (post, comment)
        rows.append(
            {
                "source": account.network,
                "external_id": external_id,
                "url": comment.url or post.url,
                "author": {"handle": comment.author_handle, "name": comment.author_name},
                "text": comment.text[:max_text],
                "published_at": comment.published_at.isoformat(),
                "campaign": post.item.campaign_id,
            }
        )
    created = 0
    with transaction.atomic():
        for start in range(0, len(rows), settings.NEGATIVITY_MAX_BATCH):
            chunk = rows[start : start + settings.NEGATIVITY_MAX_BATCH]
            result = negativity_services.mentions_ingest(
                workspace=account.workspace, rows=chunk, via=f"social:{account.network}"
            )
            created += result.created
        if links:
            mentions = Mention.objects.for_workspace(account.workspace).filter(
                source=account.network, external_id__in=list(links)
            )
            MentionLink.objects.bulk_create(
                [
                    MentionLink(
                        workspace=account.workspace,
                        mention=m,
                        account=account,
                        post=links[m.external_id][0],
                        comment_id=links[m.external_id][1].comment_id,
                        chat_id=links[m.external_id][1].chat_id,
                    )
                    for m in mentions
                ],
                ignore_conflicts=True,
            )
        if batch.next_offset is not None:
            SocialAccount.objects.filter(pk=account.pk).update(updates_offset=batch.next_offset)
            account.updates_offset = batch.next_offset
    return {"comments": len(rows), "mentions_created": created}
