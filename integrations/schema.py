"""Make ``/api/schema/`` tell the truth about what every endpoint can answer.

* ``TokenAuthScheme``: documents ``Authorization: Token <key>`` (user and integration tokens).
* ``add_error_responses`` (a drf-spectacular post-processing hook, set in settings): every
  operation lists the errors the platform answers with the shared ``Error`` body
  (``{"detail", "errors"}``): 400 (invalid input or query), 401/403 (auth), 404 (unknown id or a
  workspace that is not the caller's), 409/422 (Idempotency-Key in use / reused with another
  body, on POST), 413/415 (body too large / not JSON, when there is a body), 429 (rate limit).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error body of the API."""

    detail = serializers.CharField(help_text="A sentence for people, in the caller's language.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        help_text='Field name -> list of messages; bulk rows under "rows" -> {index: {field: [...]}}.',
    )


ERROR_COMPONENT = {
    "type": "object",
    "description": "The one error body of the API.",
    "properties": {
        "detail": {"type": "string", "description": "A sentence for people, in the caller's language."},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": 'Field name -> list of messages; bulk rows under "rows" -> {index: {field: [...]}}.',
        },
    },
    "required": ["detail", "errors"],
}

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: malformed JSON, a field or a query parameter failed validation.",
    "401": "No credentials, or an unknown, expired or revoked token.",
    "403": "The caller's role or the token's scopes do not allow this.",
    "404": "No such object in this workspace (or the workspace is not the caller's).",
    "409": "Conflict: the object's state forbids this, or the Idempotency-Key is still in use.",
    "413": "The request body is larger than the limit.",
    "415": "The body is not JSON (send Content-Type: application/json).",
    "422": "The Idempotency-Key was already used with a different request.",
    "429": "Rate limit reached; retry after the seconds in Retry-After.",
}


class TokenAuthScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "`Token <key>`: a user token from POST /api/v1/auth/token/ or a workspace integration "
                "token (its scopes decide what it may do: `read` for every GET, `<area>:write` to write)."
            ),
        }


def _codes_for(method: str, operation: dict[str, Any], path: str) -> list[str]:
    codes = ["400", "429"]
    public = operation.get("security") in ([], [{}]) or {} in operation.get("security", [])
    if not public:
        codes += ["401", "403"]
    if "{" in path:
        codes.append("404")
    if "requestBody" in operation or method in ("post", "put", "patch"):
        codes += ["413", "415"]
    if method == "post":
        codes += ["409", "422"]
    return codes


def add_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing hook: see the module docstring."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_COMPONENT
    ref = {"$ref": "#/components/schemas/Error"}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code in _codes_for(method, operation, path):
                existing = responses.get(code)
                if existing is None or "content" not in existing:
                    description = (existing or {}).get("description") or ERROR_DESCRIPTIONS[code]
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": ref}},
                    }
    return result
