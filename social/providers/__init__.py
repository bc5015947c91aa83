"""Providers by network code. To add a network: a module with a ``base.Provider`` subclass and
one entry here (and the network in ``social.enums.Network``)."""

from __future__ import annotations

from .base import Provider, ProviderError
from .telegram import TelegramProvider
from .vk import VkProvider

REGISTRY: dict[str, type[Provider]] = {
    VkProvider.network: VkProvider,
    TelegramProvider.network: TelegramProvider,
}


def provider_for(network: str) -> Provider:
    try:
        return REGISTRY[network]()
    except KeyError as exc:
        raise ProviderError("unknown_network", f"No provider for {network!r}", transient=False) from exc


__all__ = ["REGISTRY", "Provider", "ProviderError", "provider_for"]
