"""JSON over HTTP on Nameko's `@http`: one entrypoint that authenticates,
validates, answers JSON, and never shows a stack trace or an HTML page."""
import json
import logging

from marshmallow import ValidationError
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request, Response

from microtache.errors import (Forbidden, InvalidInput, MicrotacheError, ServiceUnavailable,
                               TooManyRequests, Unauthenticated)
from microtache.outages import is_outage

from gateway import auth

log = logging.getLogger(__name__)

JSON = "application/json"
RETRY_AFTER_SECONDS = 5     # what a 503 (a dependency down) tells the client to wait


def idempotency_key(request):
    """The `Idempotency-Key` header (API.md: honoured on every POST that moves money or
    creates an order), or None; the service makes one up when there is none."""
    return request.headers.get("Idempotency-Key")


def json_response(payload, status=200, headers=None):
    return Response(json.dumps(payload) + "\n", status=status, mimetype=JSON, headers=headers)


def error_response(code, message, status, details=None):
    return json_response({"error": {"code": code, "message": message, "details": details or {}}},
                         status)


class JsonWsgiApp(WsgiApp):
    """Nameko's WSGI app, with unknown routes and wrong verbs in the JSON envelope."""

    def __call__(self, environ, start_response):
        request = Request(environ, shallow=True)
        try:
            provider, request.path_values = self.url_map.bind_to_environ(environ).match()
        except HTTPException as exc:
            response = error_response(exc.name.lower().replace(" ", "_"), exc.description,
                                      exc.code)
            if exc.code == 405:
                response.headers["Allow"] = ", ".join(exc.valid_methods or [])
            return response(environ, start_response)
        return provider.handle_request(request)(environ, start_response)


class JsonWebServer(WebServer):
    def get_wsgi_app(self):
        return JsonWsgiApp(self)


class Route(HttpRequestHandler):
    """`@route("POST", "/v1/gigs", body=Schema, status=201)`.

    The method gets `request`, the path values, and, as keyword arguments,
    `caller` (from the bearer token, unless `public=True`), `body` (the JSON
    body, validated by the `body` schema) and `query` (the query string,
    validated by the `query` schema).
    It returns a JSON-able value, or `(status, value)`.
    """

    server = JsonWebServer()

    def __init__(self, method, url, body=None, query=None, public=False, admin=False,
                 status=200, summary="", response=None, tags=(), **kwargs):
        self.body_schema, self.query_schema = body, query
        self.public, self.admin = public, admin
        self.status, self.summary = status, summary
        self.response_schema, self.tags = response, tags
        super().__init__(method, url, **kwargs)

    def get_entrypoint_parameters(self, request):
        kwargs = dict(request.path_values)
        if not self.public:
            caller = auth.caller_from(request, self.container.config)
            if self.admin and caller["role"] != "admin":
                raise Forbidden("Only an admin may do this.")
            kwargs["caller"] = caller
        if self.body_schema is not None:
            kwargs["body"] = self._load(self.body_schema(), self._json(request))
        if self.query_schema is not None:
            kwargs["query"] = self._load(self.query_schema(), request.args.to_dict())
        return (request,), kwargs

    @staticmethod
    def _json(request):
        if not request.get_data():
            return {}
        try:
            body = json.loads(request.get_data())
        except ValueError:
            raise InvalidInput("The body is not valid JSON.")
        if not isinstance(body, dict):
            raise InvalidInput("The body must be a JSON object.")
        return body

    @staticmethod
    def _load(schema, data):
        """Refuse bad input here, before any RPC; pass on the JSON as received,
        which the owning service loads again with the same schema."""
        try:
            schema.load(data)
        except ValidationError as exc:
            raise InvalidInput("The request is not valid.", exc.normalized_messages())
        return data

    def response_from_result(self, result):
        if isinstance(result, Response):
            return result
        status = self.status
        if isinstance(result, tuple):
            status, result = result
        if status == 204:
            return Response(status=204)
        return json_response(result, status)

    def response_from_exception(self, exc):
        if is_outage(exc) and not isinstance(exc, MicrotacheError):
            exc = ServiceUnavailable("A dependency is not answering; try again shortly.",
                                     {"reason": exc.__class__.__name__})
        if isinstance(exc, MicrotacheError):
            response = json_response(exc.to_dict(), exc.status)
            if isinstance(exc, Unauthenticated):
                response.headers["WWW-Authenticate"] = 'Bearer realm="microtache"'
            if isinstance(exc, ServiceUnavailable):
                response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            elif isinstance(exc, TooManyRequests):
                response.headers["Retry-After"] = str(
                    max(1, int(exc.details.get("retry_after_seconds", RETRY_AFTER_SECONDS))))
            return response
        log.error("unexpected error on %s %s", self.method, self.url, exc_info=exc)
        return error_response("internal_error", "Something went wrong on our side.", 500)


route = Route.decorator
