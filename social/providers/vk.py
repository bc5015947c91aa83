"""VK (communities) through the VK API: ``POST <VK_API_BASE_URL><method>`` with form parameters,
the community access token and the API version ``v``; answers ``{"response": ...}`` or
``{"error": {"error_code", "error_msg"}}``.

Errors: 6 (too many requests per second), 9 (flood control) and 10 (internal server error) are
transient; 5 (authorization failed), 15 (access denied), 214 (posting denied) and every other code
are final. VK names no wait, so the waits below are ours.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings

from integrations import http

from .base import (
    USER_AGENT,
    AccountInfo,
    Comment,
    CommentBatch,
    PostStats,
    Provider,
    ProviderError,
    Published,
    SentReply,
    Stats,
    network_error,
    parse_json,
)

# Transient error codes and how long to wait before the next attempt (seconds).
TRANSIENT_WAIT = {6: 1, 9: 60, 10: 5}
PERMANENT = {5, 15, 214}


def group_id(account) -> str:
    return str(account.meta.get("group_id") or account.external_id).lstrip("-")


def wall_url(gid: str, post_id: str, reply: str | None = None) -> str:
    url = f"https://vk.com/wall-{gid}_{post_id}"
    return f"{url}?reply={reply}" if reply else url


class VkProvider(Provider):
    network = "vk"

    def call(self, account, method: str, **params) -> object:
        """One API call; the answer's ``response`` or a ``ProviderError``."""
        base = settings.VK_API_BASE_URL.rstrip("/") + "/"
        form = {k: str(v) for k, v in params.items() if v is not None}
        form.update(access_token=account.access_token, v=settings.VK_API_VERSION)
        result = http.send(
            "POST",
            base + method,
            body=urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            user_agent=USER_AGENT,
        )
        if result.status_code is None:
            raise network_error(result)
        if result.status_code >= 500:
            raise ProviderError(
                str(result.status_code), f"HTTP {result.status_code}", transient=True, retry_after=5
            )
        data = parse_json(result)
        if isinstance(data, dict) and "error" in data:
            error = data["error"] or {}
            code = int(error.get("error_code") or 0)
            return self._raise(code, str(error.get("error_msg") or ""))
        if not isinstance(data, dict) or "response" not in data:
            raise ProviderError("bad_answer", f"HTTP {result.status_code}: no response", transient=False)
        return data["response"]

    @staticmethod
    def _raise(code: int, message: str):
        if code in TRANSIENT_WAIT:
            raise ProviderError(str(code), message, transient=True, retry_after=TRANSIENT_WAIT[code])
        raise ProviderError(str(code), message, transient=False)

    def _group(self, account) -> dict:
        answer = self.call(account, "groups.getById", group_id=group_id(account), fields="members_count")
        groups = answer.get("groups", []) if isinstance(answer, dict) else answer
        if not groups:
            raise ProviderError("not_found", "groups.getById returned no community", transient=False)
        return groups[0]

    def check(self, account) -> AccountInfo:
        group = self._group(account)
        return AccountInfo(
            name=str(group.get("name") or ""),
            followers=group.get("members_count"),
            meta={
                "group_id": str(group.get("id") or group_id(account)),
                "screen_name": group.get("screen_name", ""),
            },
        )

    def publish(self, account, text: str) -> Published:
        gid = group_id(account)
        answer = self.call(account, "wall.post", owner_id=f"-{gid}", from_group=1, message=text)
        post_id = str(answer["post_id"])
        return Published(external_id=post_id, url=wall_url(gid, post_id))

    def fetch_stats(self, account, posts: list) -> Stats:
        group = self._group(account)
        answer = self.call(account, "wall.get", owner_id=f"-{group_id(account)}", count=100, filter="owner")
        wanted = {p.external_id for p in posts}
        found: dict[str, PostStats] = {}
        for item in answer.get("items", []):
            key = str(item.get("id"))
            if key in wanted:
                found[key] = PostStats(
                    views=_count(item, "views"),
                    likes=_count(item, "likes"),
                    reposts=_count(item, "reposts"),
                    comments=_count(item, "comments"),
                )
        return Stats(followers=group.get("members_count"), posts=found)

    def fetch_comments(self, account, posts: list) -> CommentBatch:
        gid = group_id(account)
        comments: list[Comment] = []
        for post in posts:
            answer = self.call(
                account,
                "wall.getComments",
                owner_id=f"-{gid}",
                post_id=post.external_id,
                count=100,
                sort="asc",
                extended=1,
                thread_items_count=10,
            )
            profiles = {p.get("id"): p for p in answer.get("profiles", [])}
            items = []
            for item in answer.get("items", []):
                items.append(item)
                items += (item.get("thread") or {}).get("items", [])
            for item in items:
                author = item.get("from_id")
                text = str(item.get("text") or "").strip()
                if not text or author is None or int(author) < 0:  # communities, our own replies among them
                    continue
                profile = profiles.get(author, {})
                comments.append(
                    Comment(
                        comment_id=str(item["id"]),
                        post_external_id=str(post.external_id),
                        author_handle=str(profile.get("screen_name") or f"id{author}"),
                        author_name=" ".join(
                            p for p in (profile.get("first_name"), profile.get("last_name")) if p
                        ),
                        text=text,
                        published_at=datetime.fromtimestamp(int(item.get("date") or 0), tz=UTC),
                        url=wall_url(gid, post.external_id, reply=str(item["id"])),
                    )
                )
        return CommentBatch(comments=comments)

    def send_reply(self, account, link, text: str) -> SentReply:
        gid = group_id(account)
        post_id = link.post.external_id
        answer = self.call(
            account,
            "wall.createComment",
            owner_id=f"-{gid}",
            post_id=post_id,
            from_group=gid,
            message=text,
            reply_to_comment=link.comment_id,
        )
        comment_id = str(answer["comment_id"])
        return SentReply(external_id=comment_id, url=wall_url(gid, post_id, reply=comment_id))


def _count(item: dict, name: str) -> int:
    value = item.get(name) or {}
    return int(value.get("count") or 0) if isinstance(value, dict) else int(value or 0)
