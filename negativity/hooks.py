"""Seams through which apps that build on negativity (social) take part in the inbox, without
negativity importing them (apps depend one way: negativity <- social).

* ``reply_senders``: callables ``(*, reply, actor) -> bool``. ``reply_mark_sent`` calls them
  before it records a reply as sent; the sender that handles the reply's mention (it came from a
  connected account) sends it through the network and answers True, or raises ``AppError`` when
  the network refuses (then nothing is recorded). Others answer False.
* ``auto_send``: callables ``(mention) -> bool``: True when a reply to this mention is sent as soon
  as it is approved (``reply_decide``), because a sender above delivers it.
* ``approval_required``: callables ``(mention) -> bool``: True when a reply to this mention
  drafted by someone who may not approve waits for a manager whatever its risk (it would go
  out to a network in the brand's name).
* ``mention_panels``: callables ``(request, mention) -> str`` (safe HTML) shown on the mention page.

Register in the other app's ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable

reply_senders: list[Callable[..., bool]] = []
auto_send: list[Callable[..., bool]] = []
approval_required: list[Callable[..., bool]] = []
mention_panels: list[Callable[..., str]] = []


def send_reply(*, reply, actor) -> bool:
    return any(sender(reply=reply, actor=actor) for sender in reply_senders)


def sends_automatically(mention) -> bool:
    return any(check(mention) for check in auto_send)


def requires_approval(mention) -> bool:
    return any(check(mention) for check in approval_required)


def panels_for(request, mention) -> list[str]:
    return [panel(request, mention) for panel in mention_panels]
