"""Local stand-ins of the VK API and the Telegram Bot API: real HTTP servers on 127.0.0.1
(http.server in a thread) that speak the networks' request and response formats and record
every request they receive. Tests script failures with ``fail_next(method, ...)``.

VK: ``POST /method/<name>`` with form parameters (``access_token``, ``v`` required), answers
``{"response": ...}`` or ``{"error": {"error_code", "error_msg", "request_params"}}`` (HTTP 200).
Telegram: ``POST /bot<token>/<method>`` with JSON, answers ``{"ok": true, "result": ...}`` or
``{"ok": false, "error_code", "description", "parameters": {"retry_after"}}`` with that status.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit


@dataclass
class Call:
    method: str
    params: dict


class _Server:
    """A threaded HTTP server; subclasses answer ``handle(path, body, content_type)``."""

    def __init__(self):
        self.calls: list[Call] = []
        self.lock = threading.RLock()
        self.failures: dict[str, list] = {}
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, answer = stand_in.handle(
                    urlsplit(self.path).path, body, self.headers.get("Content-Type", "")
                )
                raw = json.dumps(answer, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format, *args):
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def fail_next(self, method: str, *errors) -> None:
        with self.lock:
            self.failures.setdefault(method, []).extend(errors)

    def _pop_failure(self, method: str):
        with self.lock:
            queue = self.failures.get(method) or []
            return queue.pop(0) if queue else None

    def record(self, method: str, params: dict) -> None:
        with self.lock:
            self.calls.append(Call(method, params))

    def calls_of(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]


class VkStandIn(_Server):
    """Communities ``groups`` by id; ``tokens`` that work; posts, their stats and comments."""

    def __init__(self):
        super().__init__()
        self.tokens: dict[str, set[str]] = {}  # token -> group ids it manages
        self.groups: dict[str, dict] = {}
        self.posts: dict[str, dict[int, dict]] = {}
        self.comments: dict[tuple[str, int], list[dict]] = {}
        self.profiles: dict[int, dict] = {}
        self.next_id = 100

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/method/"

    def add_group(self, gid: str, *, name: str, token: str, members: int, screen_name: str = "") -> None:
        self.groups[gid] = {
            "id": int(gid),
            "name": name,
            "screen_name": screen_name or f"club{gid}",
            "members_count": members,
            "type": "page",
        }
        self.tokens.setdefault(token, set()).add(gid)
        self.posts.setdefault(gid, {})

    def add_comment(
        self, gid: str, post_id: int, *, user_id: int, first: str, last: str, text: str, screen: str = ""
    ):
        with self.lock:
            self.next_id += 1
            comment = {
                "id": self.next_id,
                "from_id": user_id,
                "post_id": post_id,
                "owner_id": -int(gid),
                "date": int(time.time()),
                "text": text,
            }
            self.comments.setdefault((gid, post_id), []).append(comment)
            self.profiles[user_id] = {
                "id": user_id,
                "first_name": first,
                "last_name": last,
                "screen_name": screen or f"id{user_id}",
            }
            post = self.posts[gid][post_id]
            post["comments"]["count"] += 1
            return comment

    def set_stats(self, gid: str, post_id: int, *, views: int, likes: int, reposts: int) -> None:
        post = self.posts[gid][post_id]
        post["views"]["count"], post["likes"]["count"], post["reposts"]["count"] = views, likes, reposts

    @staticmethod
    def error(code: int, message: str, params: dict) -> tuple[int, dict]:
        request_params = [{"key": k, "value": v} for k, v in params.items() if k != "access_token"]
        return 200, {"error": {"error_code": code, "error_msg": message, "request_params": request_params}}

    def handle(self, path: str, body: bytes, content_type: str):
        method = path.rsplit("/", 1)[-1]
        params = dict(parse_qsl(body.decode()))
        self.record(method, params)
        if not params.get("v"):
            return self.error(8, "Invalid request: v (version) is required", params)
        managed = self.tokens.get(params.get("access_token", ""))
        if managed is None:
            return self.error(5, "User authorization failed: invalid access_token (4).", params)
        failure = self._pop_failure(method)
        if failure:
            return self.error(failure[0], failure[1], params)
        gid = (params.get("group_id") or params.get("owner_id", "")).lstrip("-")
        if gid not in self.groups:
            return self.error(100, "One of the parameters specified was missing or invalid: group_id", params)
        if gid not in managed:
            return self.error(15, "Access denied: no access to this community", params)
        with self.lock:
            return 200, {"response": self._answer(method, gid, params)}

    def _answer(self, method: str, gid: str, params: dict):
        if method == "groups.getById":
            return {"groups": [dict(self.groups[gid])], "profiles": []}
        if method == "wall.post":
            self.next_id += 1
            post = {
                "id": self.next_id,
                "owner_id": -int(gid),
                "from_id": -int(gid),
                "date": int(time.time()),
                "text": params.get("message", ""),
                "views": {"count": 0},
                "likes": {"count": 0},
                "reposts": {"count": 0},
                "comments": {"count": 0},
            }
            self.posts[gid][post["id"]] = post
            return {"post_id": post["id"]}
        if method == "wall.get":
            items = sorted(self.posts[gid].values(), key=lambda p: -p["id"])[: int(params.get("count", 20))]
            return {"count": len(self.posts[gid]), "items": [json.loads(json.dumps(p)) for p in items]}
        if method == "wall.getComments":
            items = self.comments.get((gid, int(params["post_id"])), [])
            users = {c["from_id"] for c in items if c["from_id"] > 0}
            return {
                "count": len(items),
                "items": [dict(c) for c in items],
                "profiles": [self.profiles[u] for u in users if u in self.profiles],
                "groups": [],
            }
        if method == "wall.createComment":
            self.next_id += 1
            comment = {
                "id": self.next_id,
                "from_id": -int(gid),
                "post_id": int(params["post_id"]),
                "owner_id": -int(gid),
                "date": int(time.time()),
                "text": params.get("message", ""),
                "reply_to_comment": int(params.get("reply_to_comment") or 0),
            }
            self.comments.setdefault((gid, int(params["post_id"])), []).append(comment)
            return {"comment_id": comment["id"]}
        return None


@dataclass
class TgChat:
    id: int
    type: str
    title: str
    username: str = ""
    linked_chat_id: int | None = None
    members: int = 0
    messages: list = field(default_factory=list)


class TelegramStandIn(_Server):
    """A bot (``token``) admin of a channel with a linked discussion group."""

    def __init__(self):
        super().__init__()
        self.bots: dict[str, dict] = {}
        self.chats: dict[int, TgChat] = {}
        self.by_username: dict[str, int] = {}
        self.updates: list[dict] = []
        self.next_update = 500
        self.next_message: dict[int, int] = {}

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def add_bot(self, token: str, *, bot_id: int, username: str) -> None:
        self.bots[token] = {"id": bot_id, "is_bot": True, "first_name": username, "username": username}

    def add_channel(
        self, *, chat_id: int, username: str, title: str, members: int, group_id: int, group_title: str
    ):
        self.chats[chat_id] = TgChat(chat_id, "channel", title, username, group_id, members)
        self.chats[group_id] = TgChat(group_id, "supergroup", group_title, "", chat_id, members // 10)
        self.by_username[username.lower()] = chat_id

    def _chat(self, ref) -> TgChat | None:
        if isinstance(ref, str) and ref.startswith("@"):
            ref = self.by_username.get(ref[1:].lower())
        try:
            return self.chats.get(int(ref))
        except (TypeError, ValueError):
            return None

    def _new_message(self, chat: TgChat, **fields) -> dict:
        number = self.next_message.get(chat.id, 0) + 1
        self.next_message[chat.id] = number
        message = {
            "message_id": number,
            "date": int(time.time()),
            "chat": {
                "id": chat.id,
                "type": chat.type,
                "title": chat.title,
                **({"username": chat.username} if chat.username else {}),
            },
            **fields,
        }
        chat.messages.append(message)
        return message

    def _push(self, message: dict) -> None:
        self.next_update += 1
        self.updates.append({"update_id": self.next_update, "message": message})

    def add_comment(
        self, channel_message_id: int, *, user_id: int, username: str, first: str, text: str
    ) -> dict:
        """A reader answers our channel post in the discussion group."""
        with self.lock:
            channel = next(c for c in self.chats.values() if c.type == "channel")
            group = self.chats[channel.linked_chat_id]
            copy = next(
                m
                for m in group.messages
                if m.get("is_automatic_forward") and m["forward_origin"]["message_id"] == channel_message_id
            )
            message = self._new_message(
                group,
                text=text,
                message_thread_id=copy["message_id"],
                reply_to_message=dict(copy),
                **{"from": {"id": user_id, "is_bot": False, "first_name": first, "username": username}},
            )
            self._push(message)
            return message

    def error(self, code: int, description: str, parameters: dict | None = None) -> tuple[int, dict]:
        answer = {"ok": False, "error_code": code, "description": description}
        if parameters:
            answer["parameters"] = parameters
        return code, answer

    def handle(self, path: str, body: bytes, content_type: str):
        parts = path.strip("/").split("/")
        token, method = parts[0].removeprefix("bot"), parts[-1]
        params = json.loads(body or b"{}") if "json" in content_type else dict(parse_qsl(body.decode()))
        self.record(method, {**params, "_token": token})
        bot = self.bots.get(token)
        if bot is None:
            return self.error(401, "Unauthorized")
        failure = self._pop_failure(method)
        if failure:
            return self.error(*failure)
        with self.lock:
            return self._answer(bot, method, params)

    def _answer(self, bot: dict, method: str, params: dict):
        ok = lambda result: (200, {"ok": True, "result": result})  # noqa: E731
        if method == "getMe":
            return ok(bot)
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            if offset:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
            return ok([json.loads(json.dumps(u)) for u in self.updates])
        chat = self._chat(params.get("chat_id"))
        if chat is None:
            return self.error(400, "Bad Request: chat not found")
        if method == "getChat":
            info = {"id": chat.id, "type": chat.type, "title": chat.title}
            if chat.username:
                info["username"] = chat.username
            if chat.linked_chat_id:
                info["linked_chat_id"] = chat.linked_chat_id
            return ok(info)
        if method == "getChatMemberCount":
            return ok(chat.members)
        if method == "sendMessage":
            if not str(params.get("text") or "").strip():
                return self.error(400, "Bad Request: message text is empty")
            extra = (
                {
                    "from": {
                        "id": bot["id"],
                        "is_bot": True,
                        "first_name": bot["first_name"],
                        "username": bot["username"],
                    }
                }
                if chat.type != "channel"
                else {}
            )
            reply_to = params.get("reply_to_message_id")
            if reply_to:
                parent = next((m for m in chat.messages if m["message_id"] == int(reply_to)), None)
                if parent is None:
                    return self.error(400, "Bad Request: message to be replied not found")
                extra["reply_to_message"] = dict(parent)
            message = self._new_message(chat, text=params["text"], **extra)
            if chat.type == "channel" and chat.linked_chat_id:
                group = self.chats[chat.linked_chat_id]
                copy = self._new_message(
                    group,
                    text=params["text"],
                    is_automatic_forward=True,
                    sender_chat={"id": chat.id, "type": "channel", "title": chat.title},
                    forward_origin={
                        "type": "channel",
                        "chat": {"id": chat.id, "type": "channel", "title": chat.title},
                        "message_id": message["message_id"],
                        "date": message["date"],
                    },
                )
                self._push(copy)
            return ok(message)
        return self.error(404, "Not Found: method not found")
