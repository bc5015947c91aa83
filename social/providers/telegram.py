"""Telegram (channels and their discussion groups) through the Bot API:
``POST <TELEGRAM_API_BASE_URL>/bot<token>/<method>`` with a JSON body; answers
``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code", "description",
"parameters": {"retry_after"}}``.

Errors: 429 (too many requests, wait ``retry_after`` seconds) and 5xx are transient; 400, 401,
403, 404 and the rest are final. The token is part of the URL, so it is masked in every message.

Comments: a channel post is copied into the linked discussion group (``is_automatic_forward``);
readers' comments are group messages replying to that copy (or in its thread). They are read
with ``getUpdates`` from the stored offset.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.conf import settings

from integrations import http

from .base import (
    USER_AGENT,
    AccountInfo,
    Comment,
    CommentBatch,
    Provider,
    ProviderError,
    Published,
    SentReply,
    Stats,
    network_error,
    parse_json,
)


def channel_username(account) -> str:
    name = account.meta.get("username") or ""
    if not name and str(account.external_id).startswith("@"):
        name = str(account.external_id)[1:]
    return name


def message_url(chat_username: str, chat_id, message_id, *, comment=None) -> str:
    """``https://t.me/<channel>/<id>`` for a public chat, ``https://t.me/c/<internal>/<id>`` else."""
    if chat_username:
        url = f"https://t.me/{chat_username}/{message_id}"
    else:
        internal = str(chat_id).removeprefix("-100").lstrip("-")
        url = f"https://t.me/c/{internal}/{message_id}"
    return f"{url}?comment={comment}" if comment else url


def _forwarded_from(message: dict) -> tuple[int | None, int | None]:
    """(channel chat id, channel message id) of a message copied from a channel, else Nones."""
    origin = message.get("forward_origin") or {}
    if origin.get("type") == "channel":
        return (origin.get("chat") or {}).get("id"), origin.get("message_id")
    if message.get("forward_from_chat"):
        return message["forward_from_chat"].get("id"), message.get("forward_from_message_id")
    return None, None


class TelegramProvider(Provider):
    network = "telegram"

    def call(self, account, method: str, **params) -> object:
        token = account.access_token
        base = settings.TELEGRAM_API_BASE_URL.rstrip("/")
        body = json.dumps({k: v for k, v in params.items() if v is not None}).encode()
        result = http.send("POST", f"{base}/bot{token}/{method}", body=body, user_agent=USER_AGENT)
        if result.status_code is None:
            error = network_error(result)
            error.message = error.message.replace(token, "***") if token else error.message
            raise error
        data = parse_json(result)
        if not isinstance(data, dict):
            raise ProviderError("bad_answer", f"HTTP {result.status_code}: not an object", transient=False)
        if data.get("ok"):
            return data.get("result")
        code = int(data.get("error_code") or result.status_code or 0)
        description = (
            str(data.get("description") or "").replace(token, "***")
            if token
            else str(data.get("description") or "")
        )
        retry_after = (data.get("parameters") or {}).get("retry_after")
        if code == 429:
            raise ProviderError("429", description, transient=True, retry_after=int(retry_after or 1))
        if code >= 500:
            raise ProviderError(str(code), description, transient=True, retry_after=5)
        raise ProviderError(str(code), description, transient=False)

    def check(self, account) -> AccountInfo:
        bot = self.call(account, "getMe")
        chat = self.call(account, "getChat", chat_id=account.external_id)
        followers = self.call(account, "getChatMemberCount", chat_id=account.external_id)
        return AccountInfo(
            name=str(chat.get("title") or chat.get("username") or account.external_id),
            followers=int(followers) if isinstance(followers, int) else None,
            meta={
                "bot_id": bot.get("id"),
                "bot_username": bot.get("username", ""),
                "chat_id": chat.get("id"),
                "username": chat.get("username", ""),
                "linked_chat_id": chat.get("linked_chat_id"),
            },
        )

    def publish(self, account, text: str) -> Published:
        message = self.call(account, "sendMessage", chat_id=account.external_id, text=text)
        chat = message.get("chat") or {}
        message_id = str(message["message_id"])
        username = chat.get("username") or channel_username(account)
        return Published(external_id=message_id, url=message_url(username, chat.get("id"), message_id))

    def fetch_stats(self, account, posts: list) -> Stats:
        followers = self.call(account, "getChatMemberCount", chat_id=account.external_id)
        return Stats(followers=int(followers), posts={})  # the Bot API tells no views of channel posts

    def fetch_comments(self, account, posts: list) -> CommentBatch:
        updates = self.call(
            account,
            "getUpdates",
            offset=account.updates_offset or None,
            timeout=0,
            allowed_updates=["message"],
        )
        group = account.meta.get("linked_chat_id")
        channel = account.meta.get("chat_id")
        bot_id = account.meta.get("bot_id")
        username = channel_username(account)
        copies: dict[str, int] = {}
        known = {p.discussion_message_id: p.external_id for p in posts if p.discussion_message_id}
        comments: list[Comment] = []
        next_offset = None
        for update in updates or []:
            next_offset = max(next_offset or 0, int(update["update_id"]) + 1)
            message = update.get("message") or {}
            chat = message.get("chat") or {}
            if not message or group is None or chat.get("id") != group:
                continue
            from_chat, from_message = _forwarded_from(message)
            if message.get("is_automatic_forward") and from_chat == channel and from_message:
                copies[str(from_message)] = int(message["message_id"])
                continue
            sender = message.get("from") or {}
            text = str(message.get("text") or message.get("caption") or "").strip()
            if not text or (bot_id and sender.get("id") == bot_id) or message.get("sender_chat"):
                continue
            parent = message.get("reply_to_message") or {}
            parent_chat, parent_message = _forwarded_from(parent)
            post_id = str(parent_message) if parent_chat == channel and parent_message else ""
            thread = message.get("message_thread_id") or parent.get("message_id")
            comments.append(
                Comment(
                    comment_id=str(message["message_id"]),
                    post_external_id=post_id,
                    author_handle=str(sender.get("username") or f"id{sender.get('id')}"),
                    author_name=" ".join(p for p in (sender.get("first_name"), sender.get("last_name")) if p),
                    text=text,
                    published_at=datetime.fromtimestamp(int(message.get("date") or 0), tz=UTC),
                    url="",
                    chat_id=str(group),
                    thread_id=int(thread) if thread else None,
                )
            )
        resolved = []
        for c in comments:
            post_id = (
                c.post_external_id
                or next((p for p, copy in copies.items() if copy == c.thread_id), "")
                or known.get(c.thread_id, "")
            )
            url = message_url(username, channel, post_id, comment=c.comment_id) if post_id else ""
            resolved.append(Comment(**{**c.__dict__, "post_external_id": post_id, "url": url or c.url}))
        return CommentBatch(comments=resolved, discussion_copies=copies, next_offset=next_offset)

    def send_reply(self, account, link, text: str) -> SentReply:
        message = self.call(
            account,
            "sendMessage",
            chat_id=int(link.chat_id) if link.chat_id.lstrip("-").isdigit() else link.chat_id,
            text=text,
            reply_to_message_id=int(link.comment_id),
        )
        message_id = str(message["message_id"])
        username = channel_username(account)
        if link.post_id and link.post and username:
            url = message_url(username, None, link.post.external_id, comment=message_id)
        else:
            chat = message.get("chat") or {}
            url = message_url(chat.get("username", ""), chat.get("id") or link.chat_id, message_id)
        return SentReply(external_id=message_id, url=url)
