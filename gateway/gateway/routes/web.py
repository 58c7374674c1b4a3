"""The web app at `/` and the API's browsable page at `/docs`, every byte of both from
the deployment itself (docs/web.md): the app is static files (web/ in the repository,
no build step) that call this same API; Swagger UI comes from the swagger-ui-bundle
package. Pages carry a Content-Security-Policy that lets them load nothing from
anywhere else."""

import os
from pathlib import Path

from swagger_ui_bundle import swagger_ui_path
from werkzeug.exceptions import NotFound as NoSuchFile
from werkzeug.utils import send_from_directory

from microtache.config import setting
from microtache.errors import NotFound

from gateway.http import route

REPOSITORY_WEB = Path(__file__).resolve().parents[3] / "web"
SWAGGER_FILES = ("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png")


def web_dir(config):
    """Where the app's files are: `WEB_DIR`, else web/ beside the gateway's source."""
    return Path(setting(config, "WEB_DIR") or REPOSITORY_WEB)


def storage_origin(config):
    """The origin files come from and go to besides this one: object storage's, when
    files are there (uploads go to presigned URLs, downloads redirect to them)."""
    if not str(setting(config, "STORAGE_URL")).startswith("s3://"):
        return ""
    return setting(config, "S3_ENDPOINT_URL") or "https://*.amazonaws.com"


def content_security_policy(config, inline_styles=False):
    storage = storage_origin(config)  # images shown, uploads sent, downloads fetched
    images = " ".join(filter(None, ["'self' data: blob:", storage]))
    connect = " ".join(filter(None, ["'self'", storage]))
    styles = "'self' 'unsafe-inline'" if inline_styles else "'self'"
    return (
        f"default-src 'self'; img-src {images}; style-src {styles}; script-src 'self'; "
        f"connect-src {connect}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"
    )


def sent(request, folder, path, config, *, page=False, inline_styles=False):
    try:
        response = send_from_directory(folder, path, request.environ, max_age=0)
    except NoSuchFile:
        raise NotFound(f"No file {path} here.", {"path": path}) from None
    response.cache_control.no_cache = True  # revalidated (ETag): a new release shows at once
    response.headers["X-Content-Type-Options"] = "nosniff"
    if page:
        response.headers["Content-Security-Policy"] = content_security_policy(config, inline_styles)
        response.headers["Referrer-Policy"] = "same-origin"
    return response


class WebRoutes:
    """`/` and its `/assets/`; `/docs` and its own assets."""

    @route(
        "GET",
        "/",
        public=True,
        tags=["web"],
        summary="The web app for buyers, sellers and admins (HTML; docs/web.md)",
    )
    def web_app(self, request):
        return sent(request, web_dir(self.config), "index.html", self.config, page=True)

    @route("GET", "/assets/<path:path>", public=True, in_schema=False)
    def web_asset(self, request, path):
        return sent(request, web_dir(self.config) / "assets", path, self.config)

    @route("GET", "/docs", public=True, summary="A browsable page of the API", tags=["web"])
    def docs(self, request):
        response = sent(request, web_dir(self.config), "docs.html", self.config, page=True)
        # Swagger UI sets styles on its elements
        response.headers["Content-Security-Policy"] = content_security_policy(
            self.config, inline_styles=True
        )
        return response

    @route("GET", "/docs/assets/<path:path>", public=True, in_schema=False)
    def docs_asset(self, request, path):
        if path not in SWAGGER_FILES:
            raise NotFound(f"No file {path} here.", {"path": path})
        return sent(request, os.fspath(swagger_ui_path), path, self.config)
