"""Serving the application with a production WSGI server (gunicorn, not Flask's dev server).

gunicorn runs in-process through its ``BaseApplication`` API with the threaded worker class, so
``harmonise serve`` needs no configuration file and no service started by hand.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication


class _GunicornApp(BaseApplication):  # type: ignore[misc]
    """gunicorn application around an already-built WSGI app."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key, value)

    def load(self) -> Flask:
        return self._app


def run_server(
    app: Flask,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    threads: int = 8,
    timeout: int = 60,
    access_log: bool = False,
) -> None:
    """Serve ``app`` until interrupted.

    Args:
        app: The WSGI application (from :func:`harmonise.app.create_app`).
        host: Interface to bind; the default listens on loopback only.
        port: TCP port.
        workers: Worker processes.
        threads: Threads per worker (gthread worker class).
        timeout: Seconds before a silent worker is restarted.
        access_log: Log every request to standard error.
    """
    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": timeout,
        "graceful_timeout": 5,
        "accesslog": "-" if access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "harmonise",
        "preload_app": True,
    }
    _GunicornApp(app, options).run()
