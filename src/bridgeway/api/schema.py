"""The error answers every operation can give, written into the OpenAPI schema.

drf-spectacular describes the answers a view's code names (200, 201, sometimes a bare 400 or
404). The API also answers, for every operation: 403 (signed out, another agency's staff, staff
without two-step verification, a browser session without its CSRF token), 404 (an object, or a
page of a list, that does not exist for the caller: another agency's ids and features the caller
has no part in answer like missing ones) and 429 (the per-token limit, or a limit of the action
itself, with Retry-After); 400 for every change (a field, or a product rule the change would
break: "this post has been sent") and where a query is read; 415 where the request has a body.
`document_errors` (a postprocessing hook in SPECTACULAR_SETTINGS) adds them with the bodies DRF
really sends, so that a client generated from the schema, and the schemathesis run in
tests/api/test_fuzz.py, expect what they get.
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")

ERROR = {
    "type": "object",
    "description": "Why the request was refused, in the caller's language.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "description": (
        "What is wrong with the request: each field's messages under its name (nested for "
        "nested fields), `non_field_errors` for the request as a whole; a list of messages when "
        "the request as a whole is refused; `detail` when the body could not be read."
    ),
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ],
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}
DESCRIPTIONS = {
    "400": "The request is not valid; nothing was changed.",
    "403": (
        "Not signed in, two-step verification not set up (staff and partner contacts), not "
        "allowed for this caller, or a browser session's request without its CSRF token."
    ),
    "404": (
        "No such object, page or address for this caller: another agency's ids, and what the "
        "caller has no part in, answer like missing ones."
    ),
    "415": "The body is not in a content type the operation reads.",
    "429": "Too many requests; the header says when to try again.",
}


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


def _error_codes(method: str, operation: dict[str, Any]) -> list[str]:
    codes = ["403", "404", "429"]
    queries = [p for p in operation.get("parameters", []) if p.get("in") == "query"]
    if method != "get" or queries:
        codes.append("400")  # a change that breaks a product rule, or a query not understood
    if "requestBody" in operation:
        codes.append("415")
    return codes


def _links_may_be_empty(node: Any) -> None:
    """A link the API answers is "" when there is none (a session without a recording yet):
    Django keeps an empty text field as "", not null."""
    if isinstance(node, dict):
        branches = node.get("oneOf", [])
        if any(isinstance(b, dict) and b.get("maxLength") == 0 for b in branches):
            return  # drf-spectacular already says so (a field that allows blank)
        for value in node.values():
            _links_may_be_empty(value)
        if node.get("format") == "uri" and node.get("type") == "string":
            del node["format"]
            node["anyOf"] = [{"format": "uri"}, {"maxLength": 0}]
    elif isinstance(node, list):
        for value in node:
            _links_may_be_empty(value)


def document_errors(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in schemas.items():
        if not name.endswith("Request"):  # what the API answers, not what it reads
            _links_may_be_empty(component)
    schemas.setdefault("Error", ERROR)
    schemas.setdefault("ValidationError", VALIDATION_ERROR)
    for item in result.get("paths", {}).values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            # The view's own error answers without a body get theirs too.
            named = [code for code in DESCRIPTIONS if code in responses]
            for code in dict.fromkeys([*_error_codes(method, operation), *named]):
                response = responses.setdefault(code, {"description": DESCRIPTIONS[code]})
                if not response.get("description"):
                    response["description"] = DESCRIPTIONS[code]
                if "content" not in response:
                    name = "ValidationError" if code == "400" else "Error"
                    response["content"] = _json(name)
                if code == "429":
                    response.setdefault("headers", RETRY_AFTER)
    return result
