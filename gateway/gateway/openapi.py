"""The OpenAPI 3 document, generated from the routes and their marshmallow schemas."""
import re
from functools import lru_cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from werkzeug.wrappers import Response

from gateway.http import Route
from gateway.schemas import ErrorSchema

PATH_PARAM = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
ERRORS = {"400": "Invalid input (per-field details)", "401": "No valid token",
          "403": "Not yours, or not an admin", "404": "Not found",
          "409": "A rule forbids it now", "422": "A business rule refuses it",
          "503": "A dependency (the broker, a service, a database) is down; "
                 "retry after `Retry-After` seconds"}


def routes(service_cls):
    for name in sorted(dir(service_cls)):
        for entrypoint in getattr(getattr(service_cls, name), ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, Route):
                yield name, entrypoint


@lru_cache(maxsize=1)
def _document(service_cls):
    spec = APISpec(title="Microtache", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "A freelance-services marketplace. Money is "
                         "{amount, currency} in minor units; times are ISO 8601 UTC."})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer",
                                               "bearerFormat": "JWT"})
    spec.components.schema("Error", schema=ErrorSchema)
    paths = {}
    for name, route in routes(service_cls):
        path = PATH_PARAM.sub(r"{\1}", route.url)
        operation = {"operationId": name, "summary": route.summary, "tags": list(route.tags),
                     "responses": {str(route.status): {"description": "Success"}}}
        if route.response_schema:
            operation["responses"][str(route.status)]["content"] = {
                "application/json": {"schema": route.response_schema}}
        errors = dict(ERRORS)
        if route.body_schema:
            errors["413"] = "The body is larger than this route accepts"
        if route.public and route.method == "POST":
            errors["429"] = "Too many attempts; retry after `Retry-After` seconds"
        for code, text in sorted(errors.items()):
            operation["responses"][code] = {
                "description": text,
                "content": {"application/json": {"schema": "Error"}}}
        if not route.public:
            operation["security"] = [{"bearer": []}]
        parameters = [{"in": "path", "name": p, "required": True, "schema": {"type": "string"}}
                      for p in PATH_PARAM.findall(route.url)]
        if route.query_schema:
            parameters.append({"in": "query", "schema": route.query_schema})
        if parameters:
            operation["parameters"] = parameters
        if route.body_schema:
            body = route.body_schema
            if route.method == "PATCH":               # an empty patch is refused (400)
                body = {"allOf": [route.body_schema], "minProperties": 1}
            operation["requestBody"] = {"required": True, "content": {
                "application/json": {"schema": body}}}
        for method in route.method.split(","):
            paths.setdefault(path, {})[method.lower()] = operation
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def document(service_cls):
    return _document(service_cls)


def docs_page():
    html = """<!doctype html><html><head><title>Microtache API</title>
<link rel="stylesheet" href="https://unpkg.com/swagger-ui-dist@5/swagger-ui.css"></head>
<body><div id="ui"></div><script src="https://unpkg.com/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({url: "/openapi.json", dom_id: "#ui"});</script></body></html>"""
    return Response(html, mimetype="text/html")
