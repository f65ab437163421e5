"""The API's error answers in the OpenAPI schema, declared once for every operation.

Every view answers its errors through the same places (`campaigns.api_errors`, DRF's own
exceptions, `campaigns.middleware.ControlCharacterMiddleware`, the sign-in throttle,
`config.urls` handler404 for /api/ paths), so their shapes are declared here, by a
drf-spectacular post-processing hook, not view by view: 400 (field errors), 401 (no or a
bad token), 403 (the role may not), 404 (not there, not a member, module off), 409 (an
edit conflict, an Idempotency-Key in progress, a state that forbids the change) and 429
(too many requests, with `Retry-After`). A view's own declaration of a status stays; one
without a body gets the shared body. tests/test_schema_fuzz.py (schemathesis) checks every
answer against the result.

`AutoSchema` (the default schema class) declares nullable what DRF answers as null: a
field with `default=None` (`CharField(source="counterpart.name", default=None)` answers
null when there is no counterpart), and a time of day as what it is: local "HH:MM:SS"
without an offset (JSON Schema's format "time" requires one).
"""

from drf_spectacular import openapi
from rest_framework import serializers

ERROR = "Error"
VALIDATION_ERRORS = "ValidationErrors"
CONFLICT = "Conflict"

COMPONENTS = {
    ERROR: {
        "type": "object",
        "description": "An error with one message.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERRORS: {
        "type": "object",
        "description": (
            "What was wrong with the request: each field's messages (a nested field's as an "
            "object or a list of them), `non_field_errors` for the request as a whole, or "
            "`detail` when the body could not be read at all."
        ),
        "properties": {
            "detail": {"type": "string"},
            "non_field_errors": {"type": "array", "items": {"type": "string"}},
        },
        "additionalProperties": {
            "anyOf": [{"type": "array"}, {"type": "object"}, {"type": "string"}],
        },
    },
    CONFLICT: {
        "type": "object",
        "description": (
            "The change conflicts with what is stored now: `current` holds the stored values "
            "when someone else saved first."
        ),
        "properties": {
            "detail": {"type": "string"},
            "current": {"type": "object", "additionalProperties": {}},
        },
        "required": ["detail"],
    },
}

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again (when known).",
        "schema": {"type": "integer"},
    }
}

# status → (description, component, headers)
ERRORS = {
    "400": (
        "Bad request: field errors (including control characters such as NUL in any "
        "parameter or field), or a body that cannot be read",
        VALIDATION_ERRORS,
        None,
    ),
    "401": ("Not signed in: no token, or one that is wrong, expired or revoked", ERROR, None),
    "403": ("Your role may not do this", ERROR, None),
    "404": (
        "Not found: no such object, not a member of the organization, or a module it does not run",
        ERROR,
        None,
    ),
    "409": (
        "Conflict: someone saved first, the object's state forbids this, or a request with "
        "this Idempotency-Key is still in progress",
        CONFLICT,
        None,
    ),
    "429": ("Too many requests; `Retry-After` tells the seconds to wait", ERROR, RETRY_AFTER),
}
# An answer whose body is not declared otherwise (an Idempotency-Key reused: 422).
OTHER = {"422": ERROR, "413": ERROR}

# A local time of day as DRF writes and reads it: 18:00, 18:00:00, 18:00:00.5
TIME_OF_DAY = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"
METHODS = ("get", "put", "post", "patch", "delete")


def _content(component):
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}}


def _needs_sign_in(operation, result):
    security = operation.get("security", result.get("security")) or []
    return any(requirement for requirement in security)  # [{}]: signing in is optional


def declare_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: the shared error answers on every /api/
    operation."""
    result.setdefault("components", {}).setdefault("schemas", {}).update(COMPONENTS)
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            for status, (description, component, headers) in ERRORS.items():
                if status == "401" and not _needs_sign_in(operation, result):
                    continue
                answer = responses.setdefault(status, {"description": description})
                answer.setdefault("content", _content(component))
                if headers:
                    answer.setdefault("headers", {}).update(headers)
            for status, component in OTHER.items():
                if status in responses:
                    responses[status].setdefault("content", _content(component))
    return result


class AutoSchema(openapi.AutoSchema):
    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        # `default` is DRF's `empty` unless given: None only when a view said so.
        if direction == "response" and getattr(field, "default", "") is None:
            meta["nullable"] = True
        return meta

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            schema = {key: value for key, value in schema.items() if key != "format"}
            schema["pattern"] = TIME_OF_DAY
        return schema
