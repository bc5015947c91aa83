"""Reads of connected accounts (every one starts from the workspace)."""

from __future__ import annotations

from .enums import PostState
from .models import SocialAccount, SocialPost


def accounts_for(*, workspace):
    return SocialAccount.objects.for_workspace(workspace).order_by("network", "name", "pk")


def posts_of(*, account: SocialAccount, limit: int = 100):
    return (
        SocialPost.objects.for_workspace(account.workspace)
        .filter(account=account)
        .select_related("item", "item__campaign")
        .order_by("-item__scheduled_at", "-pk")[:limit]
    )


def post_for_item(*, item) -> SocialPost | None:
    return (
        SocialPost.objects.for_workspace(item.workspace).filter(item=item).select_related("account").first()
    )


def badges_for_items(*, workspace, item_ids: list[int]) -> dict[int, SocialPost]:
    return {
        p.item_id: p
        for p in SocialPost.objects.for_workspace(workspace)
        .filter(item_id__in=item_ids)
        .select_related("account")
    }


def failed_posts(*, workspace):
    return (
        SocialPost.objects.for_workspace(workspace)
        .filter(state=PostState.FAILED)
        .select_related("item", "account")
    )
