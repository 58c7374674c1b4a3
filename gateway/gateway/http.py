"""JSON over HTTP on Nameko's `@http`: one entrypoint that authenticates, checks
a body's size and JSON, answers JSON, and never shows a stack trace or an HTML page.

Limits (issue 15, items 3 and 7; docs/security.md): a JSON body is at most
`MAX_BODY_BYTES` (1 MiB), refused with 413 from its Content-Length before anything
is read, and while reading when there is none (chunked); JSON deeper than
`MAX_JSON_DEPTH` (32) is a 400. Files never come in JSON: a route that takes raw
bytes (`stream=`, the uploads on local disk) reads `request.stream` in chunks, up
to its own `max_body`.
"""

import functools
import inspect
import json
import logging

from nameko.exceptions import IncorrectSignature
from nameko.extensions import register_entrypoint
from nameko.web.handlers import HttpRequestHandler
from nameko.web.server import WebServer, WsgiApp
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge
from werkzeug.wrappers import Request, Response

from microtache import logs
from microtache.config import setting
from microtache.errors import (
    Forbidden,
    InvalidInput,
    MicrotacheError,
    ServiceUnavailable,
    TooManyRequests,
    Unauthenticated,
)
from microtache.outages import is_outage

from gateway import auth

log = logging.getLogger(__name__)

JSON = "application/json"
RETRY_AFTER_SECONDS = 5  # what a 503 (a dependency down) tells the client to wait
MAX_BODY_BYTES = 1024**2  # any JSON body
MAX_JSON_DEPTH = 32  # nested objects and arrays


class PayloadTooLarge(MicrotacheError):
    status, code = 413, "payload_too_large"


def json_depth_exceeds(value, limit):
    """Whether `value` nests objects and arrays more than `limit` deep (no recursion)."""
    stack = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, (dict, list)):
            if depth > limit:
                return True
            children = value.values() if isinstance(value, dict) else value
            stack.extend(
                (child, depth + 1) for child in children if isinstance(child, (dict, list))
            )
    return False


def idempotency_key(request):
    """The `Idempotency-Key` header (API.md: honoured on every POST that moves money or
    creates an order), or None; the service makes one up when there is none."""
    return request.headers.get("Idempotency-Key")


def client_address(request, config):
    """The client's address as the sign-in throttle and search counting see it: the
    peer, or, behind `TRUSTED_PROXY_HOPS` proxies (an ingress), the address the
    outermost trusted one saw in `X-Forwarded-For`; never a value the client chose."""
    hops = int(setting(config, "TRUSTED_PROXY_HOPS"))
    forwarded = [
        part.strip()
        for part in request.headers.get("X-Forwarded-For", "").split(",")
        if part.strip()
    ]
    if hops > 0 and len(forwarded) >= hops:
        return forwarded[-hops][:64]
    return (request.remote_addr or "")[:64] or None


def json_response(payload, status=200, headers=None):
    return Response(json.dumps(payload) + "\n", status=status, mimetype=JSON, headers=headers)


def error_response(code, message, status, details=None):
    return json_response(
        {"error": {"code": code, "message": message, "details": details or {}}}, status
    )


REQUEST_ID_ENVIRON = "microtache.request_id"
CORS_ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, X-Request-Id"
CORS_EXPOSED_HEADERS = "Location, Retry-After, X-Request-Id"
CORS_MAX_AGE = 600  # seconds a browser may remember a preflight's answer


def cors_origins(config):
    """`CORS_ORIGINS`: the origins (scheme://host[:port]) whose pages may call the API
    from a browser, or `*` for any; none by default (the web app at / is same-origin).
    Tokens travel in the Authorization header, never in cookies, so no credentials."""
    return frozenset(
        part.strip().rstrip("/")
        for part in str(setting(config, "CORS_ORIGINS")).split(",")
        if part.strip()
    )


class JsonWsgiApp(WsgiApp):
    """Nameko's WSGI app, with unknown routes and wrong verbs in the JSON envelope, and
    CORS for the origins `CORS_ORIGINS` names."""

    _static = None
    _cors = None

    def cors_allows(self, origin):
        if self._cors is None:
            self._cors = cors_origins(self.server.container.config)
        return bool(origin) and (origin in self._cors or "*" in self._cors)

    def with_cors(self, environ, start_response):
        """A preflight's answer, or `start_response` adding the CORS headers; None when
        the request is not a cross-origin one this deployment allows."""
        origin = environ.get("HTTP_ORIGIN")
        if not self.cors_allows(origin):
            return None, start_response
        headers = [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
        if environ["REQUEST_METHOD"] == "OPTIONS" and environ.get(
            "HTTP_ACCESS_CONTROL_REQUEST_METHOD"
        ):
            preflight = Response(status=204, headers=headers)
            preflight.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
            preflight.headers["Access-Control-Allow-Headers"] = CORS_ALLOWED_HEADERS
            preflight.headers["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
            return preflight, start_response
        headers.append(("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS))
        return None, with_headers(start_response, headers)

    def static_paths(self):
        """{path: methods} of the routes without variables: such a path is never a value
        of another route's variable (DELETE /v1/requests/open is a 405, not a request
        called "open")."""
        if self._static is None:
            static = {}
            for rule in self.url_map.iter_rules():
                if not rule.arguments:
                    static.setdefault(rule.rule, set()).update(rule.methods or ())
            self._static = static
        return self._static

    def __call__(self, environ, start_response):
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            # eventlet's wsgi.input decodes chunks and ends with the body: werkzeug may read
            # it, up to the route's limit (else it reads nothing and a body is lost)
            environ["wsgi.input_terminated"] = True
        request_id = logs.from_caller(environ.get("HTTP_X_REQUEST_ID"))
        environ[REQUEST_ID_ENVIRON] = request_id
        start_response = with_headers(start_response, [(logs.HEADER, request_id)])
        preflight, start_response = self.with_cors(environ, start_response)
        if preflight is not None:
            return preflight(environ, start_response)
        request = Request(environ, shallow=True)
        try:
            provider, request.path_values = self.url_map.bind_to_environ(environ).match()
            allowed = self.static_paths().get(request.path)
            if request.path_values and allowed and request.method not in allowed:
                raise MethodNotAllowed(valid_methods=sorted(allowed))
        except HTTPException as exc:
            response = error_response(exc.name.lower().replace(" ", "_"), exc.description, exc.code)
            if exc.code == 405:
                # a static path's own verbs, not those of a variable route it also matches
                # (OPTIONS /v1/requests/open: GET, not DELETE of /v1/requests/<id>)
                methods = self.static_paths().get(request.path) or exc.valid_methods or []
                response.headers["Allow"] = ", ".join(sorted(methods))
            return response(environ, start_response)
        return provider.handle_request(request)(environ, start_response)


class JsonWebServer(WebServer):
    def get_wsgi_app(self):
        return JsonWsgiApp(self)

    def context_data_from_headers(self, request):
        """What the worker's context data starts with: the request's id (microtache.logs)."""
        return {logs.CONTEXT_KEY: request.environ[REQUEST_ID_ENVIRON]}


def with_headers(start_response, headers):
    """`start_response` that adds `headers` ([(name, value)]) to every response."""

    def start_response_with_headers(status, response_headers, exc_info=None):
        return start_response(status, [*response_headers, *headers], exc_info)

    return start_response_with_headers


class Route(HttpRequestHandler):
    """`@route("POST", "/v1/gigs", body=Schema, status=201)`.

    The method gets `request`, the path values, and, as keyword arguments,
    `caller` (from the bearer token, unless `public=True`), `body` (the JSON
    object of the body) and `query` (the query string, as a dict of strings).
    It returns a JSON-able value, or `(status, value)`.

    The `body` and `query` schemas are the owning service's contract: OpenAPI
    publishes them, and the service validates what the gateway passes on, once
    (a bad field is its 400, in the same envelope). The gateway checks only what
    is HTTP's: size, JSON, depth, the caller.

    Inside the worker, before the method runs, the token's caller is checked
    against catalog (`auth.KnownCallers`: the service's `known_callers`, asking
    through its `accounts` proxy), and `admin=True` against the role catalog gives;
    then it becomes the worker's caller (`microtache.caller`), which every RPC the
    method makes carries in its context data.
    """

    server = JsonWebServer()

    def __init__(
        self,
        method,
        url,
        body=None,
        query=None,
        public=False,
        admin=False,
        status=200,
        summary="",
        response=None,
        tags=(),
        max_body=None,
        stream=None,
        query_token=False,
        in_schema=True,
        **kwargs,
    ):
        self.body_schema, self.query_schema = body, query
        self.stream = stream  # a raw body's media type: the method reads request.stream
        self.query_token = query_token  # the token may come as ?access_token= (EventSource)
        self.in_schema = in_schema  # False: not an API operation (the web app's files)
        self.public, self.admin = public, admin
        self.status, self.summary = status, summary
        self.response_schema, self.tags = response, tags
        self.max_body = MAX_BODY_BYTES if max_body is None else max_body
        super().__init__(method, url, **kwargs)

    @classmethod
    def decorator(cls, *args, **kwargs):
        """`@route(...)`: registers the entrypoint on a method that first checks its caller."""

        def decorate(fn):
            entrypoint = cls(*args, **kwargs)

            @functools.wraps(fn)
            def checked(service, request, *fn_args, **fn_kwargs):
                if "caller" in fn_kwargs:
                    fn_kwargs["caller"] = entrypoint.verified(service, fn_kwargs["caller"])
                    service.caller.become(fn_kwargs["caller"])  # what services read (A2)
                return fn(service, request, *fn_args, **fn_kwargs)

            register_entrypoint(checked, entrypoint)
            return checked

        return decorate

    def verified(self, service, caller):
        caller = service.known_callers.verify(caller, service.accounts)
        if self.admin and caller["role"] != "admin":
            raise Forbidden("Only an admin may do this.")
        return caller

    def check_signature(self, args, kwargs):
        """Nameko's check, on the route's own method rather than its checking wrapper."""
        fn = inspect.unwrap(getattr(self.container.service_cls, self.method_name))
        try:
            inspect.getcallargs(fn, None, *args, **kwargs)
        except TypeError as exc:
            raise IncorrectSignature(str(exc)) from exc

    def get_entrypoint_parameters(self, request):
        request.max_content_length = self.max_body
        if request.content_length is not None and request.content_length > self.max_body:
            raise self._too_large()
        kwargs = dict(request.path_values)
        if not self.public:
            caller = auth.caller_from(request, self.container.config, self.query_token)
            if self.admin and caller["role"] != "admin":
                raise Forbidden("Only an admin may do this.")
            kwargs["caller"] = caller
        if self.body_schema is not None:
            kwargs["body"] = self._json(request)
        if self.query_schema is not None:
            kwargs["query"] = request.args.to_dict()
        return (request,), kwargs

    def _too_large(self):
        return PayloadTooLarge(
            f"The body is larger than this route takes ({self.max_body} bytes).",
            {"max_bytes": self.max_body},
        )

    def _json(self, request):
        try:
            data = request.get_data()
        except RequestEntityTooLarge:
            raise self._too_large() from None
        if len(data) >= self.max_body and request.environ["wsgi.input"].read(1):
            raise self._too_large()  # a chunked body werkzeug stopped reading at the limit
        if not data:
            return {}
        try:
            body = json.loads(data)
        except RecursionError:
            raise self._too_deep() from None
        except ValueError:
            raise InvalidInput("The body is not valid JSON.") from None
        if not isinstance(body, dict):
            raise InvalidInput("The body must be a JSON object.")
        if json_depth_exceeds(body, MAX_JSON_DEPTH):
            raise self._too_deep()
        return body

    @staticmethod
    def _too_deep():
        return InvalidInput(
            f"The body nests objects and arrays more than {MAX_JSON_DEPTH} deep.",
            {"max_depth": MAX_JSON_DEPTH},
        )

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
            exc = ServiceUnavailable(
                "A dependency is not answering; try again shortly.",
                {"reason": exc.__class__.__name__},
            )
        if isinstance(exc, MicrotacheError):
            response = json_response(exc.to_dict(), exc.status)
            if isinstance(exc, Unauthenticated):
                response.headers["WWW-Authenticate"] = 'Bearer realm="microtache"'
            if isinstance(exc, ServiceUnavailable):
                response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            elif isinstance(exc, TooManyRequests):
                response.headers["Retry-After"] = str(
                    max(1, int(exc.details.get("retry_after_seconds", RETRY_AFTER_SECONDS)))
                )
            return response
        log.error("unexpected error on %s %s", self.method, self.url, exc_info=exc)
        return error_response("internal_error", "Something went wrong on our side.", 500)


route = Route.decorator
