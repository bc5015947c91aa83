"""The one seam for outbound HTTP (webhook deliveries, the VK and Telegram APIs of ``social``).

* Only ``http``/``https`` URLs; the host is resolved and EVERY address must be public, unless
  ``settings.WEBHOOKS_ALLOW_PRIVATE`` (tests, on-premise CRMs) or the address is listed in
  ``settings.WEBHOOKS_ALLOWED_ADDRESSES`` (one on-premise CRM, nothing else private). Private, loopback, link-local,
  shared, reserved, multicast and unspecified addresses are refused, and so are IPv6 addresses
  that embed an IPv4 one for a translator or tunnel (NAT64, 6to4, Teredo).
* The check is repeated on the socket actually connected (a DNS answer that changes between the
  check and the connection gains nothing) and on every redirect hop (redirects are followed by
  hand, at most ``MAX_REDIRECTS``; the same method and body are sent again).
* Connect and read timeouts always; proxies from the environment are ignored.

Tests patch nothing here: they run a real HTTP server on 127.0.0.1 with private addresses allowed.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

MAX_REDIRECTS = 3
USER_AGENT = "SMM-Platform-Webhooks/1.0"
RESPONSE_EXCERPT = 500
MAX_BODY = 5 * 1024 * 1024


class BlockedAddress(ValueError):
    """The URL points at an address outbound requests may not reach."""


@dataclass(frozen=True)
class HttpResult:
    """What came of one request: a status (None on a network error), time and an error text."""

    status_code: int | None
    elapsed_ms: int
    error: str = ""
    body_excerpt: str = ""
    blocked: bool = False
    body: bytes = b""  # the whole answer (at most ``MAX_BODY``) for API callers; empty on errors
    headers: dict[str, str] | None = None


def _allow_private() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False))


# IPv6 ranges that carry an IPv4 address to a translator or tunnel (NAT64, 6to4, Teredo, the
# deprecated IPv4-compatible form): through them "public" IPv6 reaches any IPv4 address, private
# ones included, so they are refused whatever they embed.
EMBEDDING_IPV4 = tuple(
    ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "2002::/16", "2001::/32", "::/96")
)


def address_is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as IPv4; NAT64,
    6to4, Teredo and IPv4-compatible IPv6 addresses are never public)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        elif any(ip in network for network in EMBEDDING_IPV4):
            return False
    return ip.is_global and not ip.is_multicast


def _allowed_addresses() -> set[str]:
    """Addresses allowed even when private (an on-premise CRM): ``WEBHOOKS_ALLOWED_ADDRESSES``."""
    return {str(a) for a in getattr(settings, "WEBHOOKS_ALLOWED_ADDRESSES", [])}


def check_address(address: str) -> None:
    if address.split("%", 1)[0] in _allowed_addresses():
        return
    if not _allow_private() and not address_is_public(address):
        raise BlockedAddress(_("The address %(address)s is private or reserved.") % {"address": address})


def check_url(url: str, *, resolve: bool = True) -> None:
    """Refuse a URL outbound requests may not reach; ``resolve`` looks its host up in DNS
    (without it, only literal addresses and ``localhost`` are judged)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BlockedAddress(_("Only http and https URLs with a host name are allowed."))
    host = parts.hostname
    if _allow_private():
        return
    if host not in _allowed_addresses() and (
        host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
    ):
        raise BlockedAddress(_("The host %(host)s is a local name.") % {"host": host})
    try:
        check_address(host)
        return
    except ValueError as exc:
        if isinstance(exc, BlockedAddress):
            raise
    if not resolve:
        return
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise ConnectionError(_("The host %(host)s cannot be resolved.") % {"host": host}) from exc
    for info in infos:
        check_address(info[4][0])


class _GuardedConnectionMixin:
    def _new_conn(self):
        sock = super()._new_conn()
        try:
            check_address(sock.getpeername()[0])
        except BlockedAddress:
            sock.close()
            raise
        return sock


class _GuardedHTTPConnection(_GuardedConnectionMixin, HTTPConnection):
    pass


class _GuardedHTTPSConnection(_GuardedConnectionMixin, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}
        self.poolmanager.key_fn_by_scheme = dict(self.poolmanager.key_fn_by_scheme)


def _session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment: the peer must be the target
    adapter = _GuardedAdapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def post(
    url: str, *, body: bytes, headers: dict[str, str], timeout: tuple[float, float] | None = None
) -> HttpResult:
    """POST ``body`` to ``url``; never raises for network trouble, reports it in the result."""
    return send("POST", url, body=body, headers=headers, timeout=timeout)


def send(
    method: str,
    url: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    timeout: tuple[float, float] | None = None,
    user_agent: str = USER_AGENT,
) -> HttpResult:
    """Send one request (``GET`` or ``POST``) with the address checks above; never raises for
    network trouble, reports it in the result. ``result.body`` holds the whole answer."""
    timeout = timeout or (
        float(getattr(settings, "WEBHOOK_CONNECT_TIMEOUT", 3)),
        float(getattr(settings, "WEBHOOK_READ_TIMEOUT", 10)),
    )
    headers = {"User-Agent": user_agent, "Content-Type": "application/json", **(headers or {})}
    started = time.monotonic()

    def elapsed() -> int:
        return int((time.monotonic() - started) * 1000)

    with _session() as session:
        for _hop in range(MAX_REDIRECTS + 1):
            try:
                check_url(url)
                response = session.request(
                    method,
                    url,
                    data=body,
                    params=params,
                    headers=headers,
                    timeout=timeout,
                    allow_redirects=False,
                    stream=True,
                )
                content = response.raw.read(MAX_BODY + 1, decode_content=True)
                response.close()
            except BlockedAddress as exc:
                return HttpResult(status_code=None, elapsed_ms=elapsed(), error=str(exc), blocked=True)
            except (requests.RequestException, ConnectionError, OSError) as exc:
                return HttpResult(status_code=None, elapsed_ms=elapsed(), error=_describe(exc))
            if len(content) > MAX_BODY:
                return HttpResult(
                    status_code=response.status_code,
                    elapsed_ms=elapsed(),
                    error=_("The answer is larger than %(n)s bytes.") % {"n": MAX_BODY},
                )
            excerpt = content[:RESPONSE_EXCERPT].decode("utf-8", "replace") if content else ""
            location = response.headers.get("Location")
            if response.is_redirect and location:
                url = urljoin(url, location)
                continue
            return HttpResult(
                status_code=response.status_code,
                elapsed_ms=elapsed(),
                body_excerpt=excerpt,
                body=content,
                headers=dict(response.headers),
            )
    return HttpResult(
        status_code=None,
        elapsed_ms=elapsed(),
        error=_("More than %(n)s redirects.") % {"n": MAX_REDIRECTS},
        blocked=True,
    )


def _describe(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return _("Timed out: %(error)s") % {"error": exc.__class__.__name__}
    if isinstance(exc, requests.ConnectionError):
        inner = exc.args[0] if exc.args else exc
        reason = getattr(inner, "reason", inner)
        return _("Connection failed: %(reason)s") % {"reason": str(reason)[:300]}
    return str(exc)[:300] or exc.__class__.__name__
