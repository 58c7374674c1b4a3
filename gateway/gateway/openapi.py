"""The OpenAPI 3 document, generated from the routes and their marshmallow schemas.

It states every constraint the gateway's schemas enforce (issue 15, item 8), so that a
request valid by the document is never refused as malformed (400), and one that is not
valid by it is refused (400). What JSON Schema cannot state (a rule across two fields,
anything that depends on the server's state) is refused with 404, 409 or 422.

Beyond what apispec derives from a field (type, `Length`, `Range`, `OneOf`, `Regexp`):

* validators inside `validate.And(...)` are published as well, and `Length` on a
  `Dict` as `minProperties`/`maxProperties`;
* a nullable nested object is that object or `null`, not any object;
* a schema class may declare, on its `Meta`, `openapi_one_of` or `openapi_any_of`: JSON
  Schema fragments the body must match (exactly one of, at least one of), e.g. "either
  `gig_id` and `package`, or `offer`"; and `openapi_all_of`: fragments it must match;
* `operationId` is the route's method name (suffixed by the verb when a method serves
  several), and every creating operation (a POST answering 201 with an `id`) has
  `links` to the operations that take that id in their path, so that schemathesis'
  stateful phase (and a client) can follow them.
"""

import copy
import re
from functools import lru_cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import fields, validate
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR

from gateway.http import Route
from gateway.schemas import ErrorSchema

PATH_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
ERRORS = {
    "400": "Invalid input (per-field details)",
    "401": "No valid token",
    "403": "Not yours, or not an admin",
    "404": "Not found",
    "409": "A rule forbids it now",
    "422": "A business rule refuses it",
    "503": "A dependency (the broker, a service, a database) is down; "
    "retry after `Retry-After` seconds",
}


def _flat(validators):
    for validator in validators:
        if isinstance(validator, validate.And):
            yield from _flat(validator.validators)
        else:
            yield validator


def _length_keywords(field):
    if isinstance(field, (fields.List, fields.Tuple, fields.Nested)):
        return "minItems", "maxItems"
    if isinstance(field, fields.Dict):
        return "minProperties", "maxProperties"
    return "minLength", "maxLength"


def validator_properties(self, field, ret, **kwargs):
    """An apispec attribute function: what apispec leaves out of a field's validators
    (those inside `validate.And`, and `Length` on a `Dict`)."""
    extra, patterns = {}, []
    low_key, high_key = _length_keywords(field)
    if isinstance(field, fields.Dict):
        for wrong, right in (("minLength", low_key), ("maxLength", high_key)):
            if wrong in ret:
                extra[right] = ret.pop(wrong)
    nested = [v for v in field.validators if isinstance(v, validate.And)]
    for validator in _flat(nested):
        if isinstance(validator, validate.Length):
            low = validator.equal if validator.equal is not None else validator.min
            high = validator.equal if validator.equal is not None else validator.max
            if low is not None:
                extra[low_key] = max(low, extra.get(low_key, ret.get(low_key, low)))
            if high is not None:
                extra[high_key] = min(high, extra.get(high_key, ret.get(high_key, high)))
        elif isinstance(validator, validate.Range):
            if validator.min is not None:
                extra["minimum"] = validator.min
                if not validator.min_inclusive:
                    extra["exclusiveMinimum"] = True
            if validator.max is not None:
                extra["maximum"] = validator.max
                if not validator.max_inclusive:
                    extra["exclusiveMaximum"] = True
        elif isinstance(validator, validate.OneOf):
            extra["enum"] = list(validator.choices)
        elif isinstance(getattr(validator, "regex", None), re.Pattern):
            patterns.append(validator.regex.pattern)
    if "pattern" in ret:
        patterns.insert(0, ret["pattern"])
    if len(patterns) == 1:
        extra["pattern"] = patterns[0]
    elif patterns:
        ret.pop("pattern", None)
        extra["allOf"] = [{"pattern": p} for p in patterns]
    return extra


def _nullable_objects(node):
    """apispec writes a nullable nested schema as `anyOf: [$ref, {type: object,
    nullable: true}]`, whose second branch is any object at all: make it only null."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "anyOf" and isinstance(value, list):
                for branch in value:
                    if branch == {"type": "object", "nullable": True}:
                        branch["enum"] = [None]
            _nullable_objects(value)
    elif isinstance(node, list):
        for value in node:
            _nullable_objects(value)


def _declared_combinations(plugin, schemas):
    """`Meta.openapi_one_of` / `openapi_any_of` / `openapi_all_of` of each schema class."""
    for key, name in plugin.converter.refs.items():
        meta = getattr(key[0], "Meta", None)
        component = schemas.get(name)
        if meta is None or component is None:
            continue
        for attribute, keyword in (
            ("openapi_one_of", "oneOf"),
            ("openapi_any_of", "anyOf"),
            ("openapi_all_of", "allOf"),
        ):
            fragments = getattr(meta, attribute, None)
            if fragments:
                component.setdefault(keyword, []).extend(copy.deepcopy(list(fragments)))


def _links(paths, schemas):
    """`responses.201.links` from each creating operation to those taking the new id.

    POST /v1/requests (201, an `id` in the answer) links to every operation whose path
    has `/requests/{x}` (x taken from the answer's `id`) when each other variable of
    that path is one of the creating path's own (taken from the request's path). When
    two creating paths end with the same collection (`.../reports`), each links only
    to the paths under itself."""
    creators = {}
    for path, operations in paths.items():
        create = operations.get("post")
        last = path.rsplit("/", 1)[1]
        if create and "201" in create["responses"] and "{" not in last:
            creators.setdefault(last, []).append(path)
    for collection, sources in creators.items():
        for path in sources:
            if "id" not in _answer_properties(paths[path]["post"], schemas):
                continue
            own = set(PATH_VARIABLE.findall(path))
            links = {}
            for target, target_operations in sorted(paths.items()):
                if len(sources) > 1 and not target.startswith(path + "/{"):
                    continue
                marker = f"/{collection}/{{"
                if marker not in target:
                    continue
                name = target.split(marker, 1)[1].split("}", 1)[0]
                others = set(PATH_VARIABLE.findall(target)) - {name}
                if not others <= own:
                    continue
                parameters = {
                    name: "$response.body#/id",
                    **{other: f"$request.path.{other}" for other in sorted(others)},
                }
                for _method, operation in sorted(target_operations.items()):
                    links[operation["operationId"]] = {
                        "operationId": operation["operationId"],
                        "parameters": parameters,
                        "description": f"The answer's `id` as `{name}`",
                    }
            if links:
                paths[path]["post"]["responses"]["201"]["links"] = links


def _answer_properties(operation, schemas):
    content = operation["responses"]["201"].get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    return schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})


PATH_VARIABLE = re.compile(r"{([a-z_]+)}")


def routes(service_cls):
    for name in sorted(dir(service_cls)):
        for entrypoint in getattr(getattr(service_cls, name), ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, Route) and entrypoint.in_schema:
                yield name, entrypoint


@lru_cache(maxsize=1)
def _document(service_cls):
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Microtache",
        version="1.0.0",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={
            "description": "A freelance-services marketplace. Money is "
            "{amount, currency} in minor units; times are ISO 8601 UTC. "
            'The rule IDs in summaries, e.g. "(O9)", are defined in '
            "docs/rules.md of the repository."
        },
    )
    spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    )
    plugin.converter.add_attribute_function(validator_properties)
    spec.components.schema("Error", schema=ErrorSchema)
    paths = {}
    for name, route in routes(service_cls):
        path = PATH_PARAM.sub(r"{\1}", route.url)
        methods = route.method.split(",")
        operation = {
            "operationId": name,
            "summary": route.summary,
            "tags": list(route.tags),
            "responses": {str(route.status): {"description": "Success"}},
        }
        if route.response_schema:
            operation["responses"][str(route.status)]["content"] = {
                "application/json": {"schema": route.response_schema}
            }
        errors = dict(ERRORS)
        if route.body_schema:
            errors["413"] = "The body is larger than this route accepts"
        if route.public and route.method == "POST":
            errors["429"] = "Too many attempts; retry after `Retry-After` seconds"
        for code, text in sorted(errors.items()):
            operation["responses"][code] = {
                "description": text,
                "content": {"application/json": {"schema": "Error"}},
            }
        if not route.public:
            operation["security"] = [{"bearer": []}]
        parameters = [
            {"in": "path", "name": p, "required": True, "schema": {"type": "string"}}
            for p in PATH_PARAM.findall(route.url)
        ]
        if route.query_schema:
            parameters.append({"in": "query", "schema": route.query_schema})
        if parameters:
            operation["parameters"] = parameters
        if route.body_schema:
            body = route.body_schema
            if route.method == "PATCH":  # an empty patch is refused (400)
                body = {"allOf": [route.body_schema], "minProperties": 1}
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": body}},
            }
        if route.stream:
            operation["requestBody"] = {
                "required": True,
                "content": {route.stream: {"schema": {"type": "string", "format": "binary"}}},
            }
        for method in methods:
            one = dict(
                operation, operationId=name if len(methods) == 1 else f"{name}_{method.lower()}"
            )
            paths.setdefault(path, {})[method.lower()] = one
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    _declared_combinations(plugin, document["components"]["schemas"])
    _nullable_objects(document)
    _links(document["paths"], document["components"]["schemas"])
    return document


def document(service_cls):
    return _document(service_cls)
