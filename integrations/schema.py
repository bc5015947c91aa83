"""Make ``/api/schema/`` tell the truth about what every endpoint can answer.

* ``add_error_responses`` (a drf-spectacular post-processing hook, set in settings): every
  operation lists the errors the platform answers with the shared ``Error`` body
  (``{"detail", "code", "errors"}``): 400 (invalid input or query), 401/403 (auth), 404 (unknown id or a
  workspace that is not the caller's), 409/422 (Idempotency-Key in use / reused with another
  body, on POST), 413/415 (body too large / not JSON, when there is a body), 429 (rate limit).
  It also declares the headers: ``Idempotency-Key`` on every POST that honours it,
  ``Idempotent-Replayed`` on its answers, ``X-RateLimit-Limit/Remaining/Reset`` on answers to
  authenticated calls, ``Retry-After`` on 429 (and on 409 of an Idempotency-Key in use), and
  ``Location`` on 201.
* ``BlankableURLFieldExtension``: a URL field that may be blank is documented as such.
* ``DecimalFieldExtension``: decimals are strings with a pattern that needs digits (no ``""`` or
  ``"-"``) and no sign where negative values are refused; requests may send JSON numbers too.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerFieldExtension

FIELD_ERROR_COMPONENT = {
    "type": "object",
    "description": "One message about a field: a sentence for people and a stable machine code.",
    "properties": {
        "message": {"type": "string"},
        "code": {"type": "string", "description": "e.g. required, invalid, max_length, invalid_choice."},
    },
    "required": ["message", "code"],
}

ERROR_COMPONENT = {
    "type": "object",
    "description": (
        "The one error body of the API. `errors` maps a field to a list of `FieldError` "
        '(`{"message", "code"}`); bulk endpoints nest rows: `errors.rows.<index>.<field>`.'
    ),
    "properties": {
        "detail": {"type": "string", "description": "A sentence for people, in the caller's language."},
        "code": {
            "type": "string",
            "description": "A stable machine code of the error (docs/INTEGRATIONS.md lists them).",
        },
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Field name -> list of FieldError; under `rows`: row index -> field -> list.",
        },
    },
    "required": ["detail", "code", "errors"],
}

INTEGER_HEADER = {"type": "integer", "minimum": 0}
RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": {"description": "Requests allowed in the current window.", "schema": INTEGER_HEADER},
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current window.",
        "schema": INTEGER_HEADER,
    },
    "X-RateLimit-Reset": {"description": "Seconds until a request slot frees up.", "schema": INTEGER_HEADER},
}
RETRY_AFTER = {"description": "Seconds to wait before retrying.", "schema": INTEGER_HEADER}
REPLAYED = {
    "description": "Present when this is the stored answer to an earlier request with the same Idempotency-Key.",
    "schema": {"type": "string", "enum": ["true"]},
}
LOCATION = {"description": "The URL of the created object.", "schema": {"type": "string"}}
IDEMPOTENCY_PARAMETER = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (1-255 printable characters): the answer is stored for "
        "IDEMPOTENCY_TTL_HOURS (24) and replayed for the same key and body; another body: 422."
    ),
    "schema": {
        "type": "string",
        "minLength": 1,
        "maxLength": 255,
        "pattern": "^[\\x21-\\x7e]([\\x20-\\x7e]*[\\x21-\\x7e])?$",
    },
}

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: malformed JSON, a field or a query parameter failed validation.",
    "401": "No credentials, or an unknown, expired or revoked token.",
    "403": "The caller's role or the token's scopes do not allow this.",
    "404": "No such object in this workspace (or the workspace is not the caller's), or no such page.",
    "409": "Conflict: the object's state forbids this, or the Idempotency-Key is still in use.",
    "413": "The request body is larger than the limit.",
    "415": "The body is not JSON (send Content-Type: application/json).",
    "422": "The Idempotency-Key was already used with a different request.",
    "429": "Rate limit reached; retry after the seconds in Retry-After.",
}


def _codes_for(method: str, operation: dict[str, Any], path: str) -> list[str]:
    codes = ["400", "429"]
    public = operation.get("security") in ([], [{}]) or {} in operation.get("security", [])
    if not public:
        codes += ["401", "403"]
    paginated = any(p.get("name") == "page" for p in operation.get("parameters", []))
    if "{" in path or paginated:
        codes.append("404")  # an unknown id, a foreign workspace, or a page past the end
    if "requestBody" in operation or method in ("post", "put", "patch"):
        codes += ["413", "415"]
    if method == "post":
        codes += ["409", "422"]
    if method == "delete":
        codes.append("409")  # still referred to by other records
    return codes


def _idempotent(path: str, method: str, public: bool) -> bool:
    if method != "post" or public:
        return False
    patterns = getattr(settings, "IDEMPOTENCY_EXCLUDED_PATHS", [r"^/api/v1/auth/", r"/tokens/$"])
    full = "/api/v1" + path if not path.startswith("/api/") else path
    return not any(re.search(p, full) for p in patterns)


def _integer_ids(operation: dict[str, Any]) -> None:
    """Object ids in paths are integers (the router's ``[0-9]+``), so clients type them so."""
    for param in operation.get("parameters", []):
        schema = param.get("schema", {})
        if (
            param.get("in") == "path"
            and schema.get("type") == "string"
            and schema.get("pattern") == "^[0-9]+$"
        ):
            param["schema"] = {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}


def _declare_headers(path: str, method: str, operation: dict[str, Any]) -> None:
    public = operation.get("security") in ([], [{}]) or {} in operation.get("security", [])
    idempotent = _idempotent(path, method, public)
    if idempotent:
        params = operation.setdefault("parameters", [])
        if not any(p.get("name") == "Idempotency-Key" for p in params):
            params.append(dict(IDEMPOTENCY_PARAMETER))
    for code, response in operation.get("responses", {}).items():
        headers = response.setdefault("headers", {})
        if not public:
            headers.update(RATE_LIMIT_HEADERS)
        if code == "429":
            headers["Retry-After"] = RETRY_AFTER
        if code == "409" and idempotent:
            headers["Retry-After"] = RETRY_AFTER
        if str(code).startswith("2") and idempotent:
            headers["Idempotent-Replayed"] = REPLAYED
        if code == "201":
            headers["Location"] = LOCATION
        if not headers:
            del response["headers"]


def add_error_responses(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """drf-spectacular post-processing hook: see the module docstring."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_COMPONENT
    components["FieldError"] = FIELD_ERROR_COMPONENT
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
            _declare_headers(path, method, operation)
            _integer_ids(operation)
    return result


def _model_field_blank(field) -> bool:
    """Read-only serializer fields lose ``allow_blank``; ask the model field behind them."""
    meta = getattr(getattr(field, "parent", None), "Meta", None)
    model = getattr(meta, "model", None)
    if model is None or not field.source or "." in field.source:
        return True
    try:
        return bool(model._meta.get_field(field.source).blank)
    except Exception:
        return True


class BlankableURLFieldExtension(OpenApiSerializerFieldExtension):
    """A URL field that may be blank answers ``""``, which is no ``uri``: say so in the schema."""

    target_class = "rest_framework.fields.URLField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction) -> dict[str, Any]:
        field = self.target
        url: dict[str, Any] = {"type": "string", "format": "uri"}
        if getattr(field, "max_length", None):
            url["maxLength"] = field.max_length
        if not (getattr(field, "allow_blank", False) or (field.read_only and _model_field_blank(field))):
            return url
        # No top-level "type": drf-spectacular would add "format: uri" there from the validator.
        schema: dict[str, Any] = {"anyOf": [url, {"type": "string", "maxLength": 0}]}
        if field.help_text:
            schema["description"] = str(field.help_text)
        return schema


class DecimalFieldExtension(OpenApiSerializerFieldExtension):
    """A decimal is a string with digits (``"2450.00"``; at most the field's places), signed only
    where negative values are allowed; a request may also send a JSON number."""

    target_class = "rest_framework.fields.DecimalField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction) -> dict[str, Any]:
        field = self.target
        places = field.decimal_places
        whole = field.max_digits - places if field.max_digits is not None and places is not None else None
        digits = f"{{1,{whole}}}" if whole else "+"
        fraction = f"(\\.[0-9]{{1,{places}}})?" if places else ("" if places == 0 else "(\\.[0-9]+)?")
        non_negative = field.min_value is not None and field.min_value >= 0
        sign = "" if non_negative else "-?"
        text: dict[str, Any] = {
            "type": "string",
            "format": "decimal",
            "pattern": f"^{sign}[0-9]{digits}{fraction}$",
        }
        if direction == "response" or field.read_only:
            return text
        number: dict[str, Any] = {"type": "number"}
        if field.min_value is not None:
            number["minimum"] = float(field.min_value)
        if field.max_value is not None:
            number["maximum"] = float(field.max_value)
        return {"anyOf": [text, number]}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's, plus ``minItems``/``maxItems`` of list serializers (bulk batches)."""

    def _unwrap_list_serializer(self, serializer, direction):
        schema = super()._unwrap_list_serializer(serializer, direction)
        if isinstance(schema, dict) and schema.get("type") == "array":
            if getattr(serializer, "min_length", None) is not None:
                schema["minItems"] = serializer.min_length
            if getattr(serializer, "max_length", None) is not None:
                schema["maxItems"] = serializer.max_length
        return schema
