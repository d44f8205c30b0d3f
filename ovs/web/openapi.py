"""API routes declared once: the view, its token scope, its schemas and its spec.

``ApiRoutes`` registers each view on the blueprint and remembers what it reads
and answers, so the OpenAPI document is built from the same declarations that
parse the requests and shape the answers; the two cannot drift apart.
"""

import functools
import re
from dataclasses import dataclass
from dataclasses import field

from flask import Blueprint
from flask import jsonify
from flask import request
from pydantic import BaseModel
from pydantic import ValidationError
from pydantic.json_schema import models_json_schema

from ovs.errors import InvalidInput
from ovs.web.api_auth import token_required
from ovs.web.api_schemas import Error

REF_TEMPLATE = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "The request is malformed; the message says which part.",
    401: "The token is missing, unknown, revoked or expired.",
    403: "The token's scopes do not allow this call.",
    404: "Not found, or not visible to this token.",
}


@dataclass
class Operation:
    """One documented API call."""

    method: str
    rule: str
    summary: str
    description: str
    scope: str
    response: type[BaseModel] | None
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    media_type: str = "application/json"
    errors: tuple[int, ...] = (400, 401, 403)
    tag: str = "api"
    extra_responses: dict = field(default_factory=dict)


class ApiRoutes:
    """Declares token-guarded JSON views on a blueprint and records them for a spec."""

    def __init__(self, blueprint: Blueprint, prefix: str):
        self.blueprint = blueprint
        self.prefix = prefix
        self.operations: list[Operation] = []

    def route(self, rule: str, *, method: str = "GET", scope: str, **declared):
        """Register a view needing ``scope``, parsing its query and body models."""

        def decorator(view):
            doc = (view.__doc__ or "").strip().splitlines()
            op = Operation(
                method=method,
                rule=rule,
                summary=doc[0] if doc else view.__name__,
                description="\n".join(doc[1:]).strip(),
                scope=scope,
                **declared,
            )
            self.operations.append(op)

            @functools.wraps(view)
            def wrapped(*args, **kwargs):
                if op.query is not None:
                    kwargs["query"] = parse(op.query, request.args.to_dict(), "query")
                if op.body is not None:
                    kwargs["body"] = parse(op.body, _json_body(), "body")
                answer = view(*args, **kwargs)
                if isinstance(answer, BaseModel):
                    return jsonify(answer.model_dump(mode="json"))
                return answer

            guarded = token_required(scope)(wrapped)
            self.blueprint.add_url_rule(rule, view.__name__, guarded, methods=[method])
            return guarded

        return decorator


def parse(model: type[BaseModel], data, where: str):
    """Validate input against a model; ``InvalidInput`` naming the first problem."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(_message(exc.errors()[0], where, model)) from None


def _json_body():
    if not request.is_json:
        raise InvalidInput(
            "Send the request body as JSON with Content-Type: application/json."
        )
    data = request.get_json(silent=True)
    if data is None:
        raise InvalidInput("The request body is not valid JSON.")
    return data


def _message(error: dict, where: str, model) -> str:
    name = ".".join(str(part) for part in error["loc"]) or "(body)"
    label = "Query parameter" if where == "query" else "Field"
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(model.model_fields)
        return f"Unknown {label.lower()} {name!r}; allowed: {allowed}."
    if error["type"] == "missing":
        return f"{label} {name!r} is required."
    given = error.get("input")
    shown = "" if isinstance(given, dict | list) else f" (got {str(given)[:60]!r})"
    return f"{label} {name!r}: {error['msg']}{shown}."


def build_spec(routes: ApiRoutes, *, title: str, version: str) -> dict:
    """The OpenAPI 3.1 document for every declared operation."""
    models = {Error}
    for op in routes.operations:
        models.update(m for m in (op.response, op.body) if m is not None)
    _, top = models_json_schema(
        [(m, "serialization") for m in sorted(models, key=lambda m: m.__name__)],
        ref_template=REF_TEMPLATE,
    )
    paths: dict[str, dict] = {}
    for op in routes.operations:
        path = routes.prefix + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", op.rule)
        paths.setdefault(path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": title, "version": version},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": top.get("$defs", {}),
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token: Authorization: Bearer ovs_...",
                }
            },
        },
        "security": [{"bearer": []}],
    }


def _operation(op: Operation) -> dict:
    spec = {
        "operationId": _operation_id(op),
        "summary": op.summary,
        "description": (op.description + f"\n\nNeeds the scope `{op.scope}`.").strip(),
        "tags": [op.tag],
        "parameters": _path_parameters(op.rule) + _query_parameters(op.query),
        "responses": _responses(op),
    }
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _ref(op.body)}},
        }
    return spec


def _operation_id(op: Operation) -> str:
    words = re.sub(r"<(?:\w+:)?(\w+)>", r"by_\1", op.rule)
    return op.method.lower() + "_" + re.sub(r"[^A-Za-z0-9]+", "_", words).strip("_")


def _path_parameters(rule: str) -> list[dict]:
    params = []
    for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule):
        schema = (
            {"type": "integer", "minimum": 0}
            if converter == "int"
            else {"type": "string"}
        )
        params.append({"name": name, "in": "path", "required": True, "schema": schema})
    return params


def _query_parameters(model) -> list[dict]:
    if model is None:
        return []
    schema = model.model_json_schema(ref_template=REF_TEMPLATE)
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema["properties"].items():
        prop = _inline(prop, defs)
        params.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": prop.pop("description", ""),
                "schema": prop,
            }
        )
    return params


def _inline(schema: dict, defs: dict) -> dict:
    # Query parameters carry their enums inline; components hold only bodies.
    if "$ref" in schema:
        return dict(defs[schema["$ref"].rsplit("/", 1)[1]])
    if "anyOf" in schema:
        schema = dict(schema)
        schema["anyOf"] = [_inline(s, defs) for s in schema["anyOf"]]
    return dict(schema)


def _responses(op: Operation) -> dict:
    responses = {}
    if op.response is not None:
        responses["200"] = {
            "description": "OK",
            "content": {op.media_type: {"schema": _ref(op.response)}},
        }
    responses.update(op.extra_responses)
    for status in op.errors:
        responses[str(status)] = {
            "description": ERROR_TEXT[status],
            "content": {"application/json": {"schema": _ref(Error)}},
        }
    return responses


def _ref(model) -> dict:
    return {"$ref": REF_TEMPLATE.format(model=model.__name__)}
