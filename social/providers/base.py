"""The provider interface: what the platform needs from a network, and nothing else.

A provider is a class with a ``network`` code and six calls; each takes the account (for its
external id, token and ``meta``) and answers plain data. Network errors are ``ProviderError``:
``transient`` ones are retried with backoff that respects ``retry_after``, the others are final.
Adding OK or Dzen means one module with such a class and one line in ``providers.REGISTRY``.
Every request goes through ``integrations.http`` (the outbound seam that refuses private
addresses).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from integrations import http

USER_AGENT = "SMM-Platform-Social/1.0"


class ProviderError(Exception):
    """The network refused or could not be reached.

    ``code``: the network's own error code as text (``"6"``, ``"429"``) or ``"network"``;
    ``transient``: worth retrying; ``retry_after``: seconds the network asked to wait."""

    def __init__(self, code: str, message: str, *, transient: bool, retry_after: int | None = None):
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.transient = transient
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


@dataclass(frozen=True)
class AccountInfo:
    name: str
    followers: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str


@dataclass(frozen=True)
class PostStats:
    views: int = 0
    likes: int = 0
    reposts: int = 0
    comments: int = 0


@dataclass(frozen=True)
class Stats:
    followers: int | None
    posts: dict[str, PostStats]  # by the post's external id


@dataclass(frozen=True)
class Comment:
    """A comment under one of our posts (``post_external_id``)."""

    comment_id: str
    post_external_id: str
    author_handle: str
    author_name: str
    text: str
    published_at: datetime
    url: str
    chat_id: str = ""
    thread_id: int | None = None  # Telegram: the discussion thread (the group's copy of our post)


@dataclass(frozen=True)
class CommentBatch:
    comments: list[Comment]
    # Telegram: the copies of our posts in the discussion group ({post external id: group message id})
    discussion_copies: dict[str, int] = field(default_factory=dict)
    next_offset: int | None = None


@dataclass(frozen=True)
class SentReply:
    external_id: str
    url: str


class Provider:
    network: str = ""

    def check(self, account) -> AccountInfo:
        raise NotImplementedError

    def publish(self, account, text: str) -> Published:
        raise NotImplementedError

    def fetch_stats(self, account, posts: list) -> Stats:
        raise NotImplementedError

    def fetch_comments(self, account, posts: list) -> CommentBatch:
        raise NotImplementedError

    def send_reply(self, account, link, text: str) -> SentReply:
        raise NotImplementedError


def network_error(result: http.HttpResult) -> ProviderError:
    """A request that got no usable answer: blocked addresses are final, the rest transient."""
    return ProviderError(
        "blocked" if result.blocked else "network",
        result.error or f"HTTP {result.status_code}",
        transient=not result.blocked,
    )


def parse_json(result: http.HttpResult) -> Any:
    try:
        return json.loads(result.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ProviderError(
            "bad_answer",
            f"HTTP {result.status_code}: not JSON ({result.body_excerpt[:120]!r})",
            transient=(result.status_code or 500) >= 500,
        ) from exc
