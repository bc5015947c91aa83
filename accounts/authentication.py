"""``Authorization: Token <key>`` for user tokens and workspace integration tokens."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from .enums import TokenKind
from .models import ApiToken
from .services import api_token_authenticate


class IntegrationPrincipal:
    """The request's user when an integration token authenticates: no person, one workspace."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    language = None

    def __init__(self, token: ApiToken) -> None:
        self.token = token
        self.pk = f"token-{token.pk}"
        self.id = self.pk

    def __str__(self) -> str:
        return f"integration:{self.token.name}"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        token = api_token_authenticate(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        if token.kind == TokenKind.USER:
            # The caller's language: Accept-Language when sent, else the user's own choice.
            if "HTTP_ACCEPT_LANGUAGE" not in request.META and token.user.language:
                translation.activate(token.user.language)
            return token.user, token
        return IntegrationPrincipal(token), token

    def authenticate_header(self, request) -> str:
        return self.keyword
