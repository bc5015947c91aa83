"""Access tokens of connected accounts are encrypted at rest with Fernet (AES-128-CBC + HMAC).

The key is derived (HKDF-SHA256) from ``settings.SOCIAL_TOKEN_KEY`` (by default the SECRET_KEY),
so the database alone never reveals a token. ``SOCIAL_TOKEN_KEY_FALLBACKS`` lists earlier keys:
tokens encrypted with them still decrypt while a rotation re-saves them.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INFO = b"smm-platform social access tokens v1"


class TokenUnreadable(ValueError):
    """The stored token cannot be decrypted with the configured keys."""


def _derive(secret: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=8)
def _fernet(primary: str, fallbacks: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_derive(primary), *(_derive(k) for k in fallbacks)])


def _current() -> MultiFernet:
    primary = getattr(settings, "SOCIAL_TOKEN_KEY", "") or settings.SECRET_KEY
    return _fernet(primary, tuple(getattr(settings, "SOCIAL_TOKEN_KEY_FALLBACKS", [])))


def encrypt(token: str) -> str:
    return _current().encrypt(token.encode()).decode()


def decrypt(value: str) -> str:
    try:
        return _current().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise TokenUnreadable("The stored access token cannot be decrypted with SOCIAL_TOKEN_KEY.") from exc
