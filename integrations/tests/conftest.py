"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) for webhook tests."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Records every request; answers with the queued statuses (then ``default_status``)."""

    host: str
    port: int
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    default_status: int = 200
    redirect_to: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str = "/hooks/smm") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def next_status(self) -> int:
        with self.lock:
            return self.statuses.pop(0) if self.statuses else self.default_status


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if receiver.redirect_to and self.path == "/redirect":
                self.send_response(307)
                self.send_header("Location", receiver.redirect_to)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            with receiver.lock:
                receiver.requests.append(Received(self.path, dict(self.headers.items()), body))
            status = receiver.next_status()
            answer = b'{"ok": true}' if status < 400 else b'{"error": "boom"}'
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            receiver.arrived.set()

        def log_message(self, format, *args):  # silence the test output
            return

    return Handler


@pytest.fixture(autouse=True)
def _tasks_run_eagerly(request):
    """Tasks run in-process unless the test is marked ``worker``.

    The project's ``_celery_eager`` fixture sets ``app.conf.task_always_eager``, which the
    ``CELERY_``-namespaced configuration shadows once CELERY_BROKER_URL is set (the test
    environment's case), so the namespaced key is set here too.
    """
    from smm_platform.celery import app

    if request.node.get_closest_marker("worker"):
        yield
        return
    previous = app.conf.CELERY_TASK_ALWAYS_EAGER
    app.conf.CELERY_TASK_ALWAYS_EAGER = True
    yield
    app.conf.CELERY_TASK_ALWAYS_EAGER = previous


@pytest.fixture
def receiver():
    """A live HTTP server on 127.0.0.1 that records the webhooks it gets."""
    box = Receiver(host="127.0.0.1", port=0)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(box))
    box.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield box
    server.shutdown()
    server.server_close()


@pytest.fixture
def allow_loopback(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOKS_ALLOWED_ADDRESSES = []
    return settings


@pytest.fixture
def token_client(personas):
    """``token_client(["read"], expires_at=None)``: an API client with a real integration token
    of the personas' workspace; the client's ``token`` attribute is the row."""
    from rest_framework.test import APIClient

    from accounts.services import integration_token_create

    def make(scopes, **kwargs):
        token, key = integration_token_create(
            workspace=personas.workspace, name="CRM", scopes=scopes, actor=personas.owner, **kwargs
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
        client.token = token
        client.key = key
        return client

    return make
