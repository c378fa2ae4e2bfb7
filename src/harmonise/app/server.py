"""Serving the application with a production WSGI server (gunicorn, not Flask's dev server).

gunicorn runs in-process through its ``BaseApplication`` API with the threaded worker class, so
``harmonise serve`` needs no configuration file and no service started by hand.

Defaults (measured with ``benchmarks/api.py`` on the 2-core project machine, issue 6 §11): one
worker process per usable CPU (at most :data:`MAX_DEFAULT_WORKERS`) and
:data:`DEFAULT_THREADS` threads each. Python threads share one interpreter lock per process, so
more threads than that mostly add lock hand-offs: with 2 workers, 8 threads instead of 4 gave a
higher p99 for cached crosswalks and searches and no more requests per second.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

#: Threads per worker process unless told otherwise.
DEFAULT_THREADS = 4
#: The automatic worker count never exceeds this (each worker holds its own registry index).
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """One worker process per CPU this process may run on, between 1 and MAX_DEFAULT_WORKERS."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_WORKERS, cpus))


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
    workers: int | None = None,
    threads: int = DEFAULT_THREADS,
    timeout: int = 60,
    access_log: bool = False,
) -> None:
    """Serve ``app`` until interrupted.

    Args:
        app: The WSGI application (from :func:`harmonise.app.create_app`).
        host: Interface to bind; the default listens on loopback only.
        port: TCP port.
        workers: Worker processes (default: :func:`default_workers`).
        threads: Threads per worker (gthread worker class).
        timeout: Seconds before a silent worker is restarted.
        access_log: Log every request to standard error.
    """
    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers if workers is not None else default_workers(),
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
