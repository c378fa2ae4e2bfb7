"""``create_app(settings)``: the one place the application is assembled.

Following the Flask tutorial's factory pattern: settings are injected (tests pass a temporary
project), the API is a blueprint under ``/api/v1`` and the HTML pages another blueprint, both thin
over the same services.
"""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from harmonise.api import create_api_blueprint
from harmonise.api.http import install_http_behaviour
from harmonise.api.problems import http_problem, register_app_problem_handlers
from harmonise.api.response_memo import ResponseMemo
from harmonise.config import Settings
from harmonise.services.browse import open_browser


def create_app(settings: Settings | None = None, **flask_config: Any) -> Flask:
    """Build the WSGI application.

    Args:
        settings: Where the registry and catalog are; defaults to the project found from the
            working directory.
        **flask_config: Extra Flask configuration (e.g. ``TESTING=True``;
            ``HARMONISE_RESPONSE_MEMO=False`` leaves out the
            :class:`~harmonise.api.response_memo.ResponseMemo` in front of Flask).

    Returns:
        The Flask application.
    """
    settings = settings or Settings.from_root()
    web_module = _optional("harmonise.web.pages")
    template_folder = str(settings.root / "web" / "templates")
    static_dir = settings.root / "web" / "static"
    static_folder = str(static_dir) if static_dir.is_dir() else None
    app = Flask(
        "harmonise",
        template_folder=template_folder,
        static_folder=static_folder,
        static_url_path="/static",
    )
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_upload_bytes,
        JSON_SORT_KEYS=False,
        HARMONISE_SETTINGS=settings,
    )
    app.config.update(flask_config)
    app.extensions["harmonise.settings"] = settings

    register_app_problem_handlers(app)
    install_http_behaviour(app)
    app.register_blueprint(create_api_blueprint(settings), url_prefix="/api/v1")
    if web_module is not None:
        app.register_blueprint(web_module.create_web_blueprint(settings))
    else:

        @app.get("/")
        def _root() -> Response:
            return Response(
                '<!doctype html><html lang="en"><title>harmonise</title>'
                '<h1>harmonise</h1><p>The API is at <a href="/api/v1/">/api/v1/</a>.</p></html>',
                mimetype="text/html",
            )

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Response:
        # Pages get the site's HTML error page; the API (and apps without pages) a problem.
        if web_module is not None and not request.path.startswith("/api/"):
            page: Response = web_module.error_page(exc.code or 500, exc)
            allowed = getattr(exc, "valid_methods", None)
            if exc.code == 405 and allowed:
                page.headers["Allow"] = ", ".join(sorted(allowed))
            return page
        return http_problem(exc)

    if app.config.get("HARMONISE_RESPONSE_MEMO", True):
        # Repeat GETs of cacheable representations are replayed without entering Flask.
        app.wsgi_app = ResponseMemo(  # type: ignore[method-assign]
            app.wsgi_app, lambda: open_browser(settings)
        )
    return app


def _optional(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
