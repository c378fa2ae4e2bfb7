"""``harmonise serve`` defaults: one worker per usable CPU (at most 4), 4 threads, no access log."""

from __future__ import annotations

import os
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from harmonise.app import server
from harmonise.cli.serve_cmd import command


def test_default_workers_follow_the_usable_cpus_up_to_the_cap():
    cpus = len(os.sched_getaffinity(0))
    assert server.default_workers() == max(1, min(server.MAX_DEFAULT_WORKERS, cpus))


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, (None, server.DEFAULT_THREADS, "gthread", None)),
        ({"workers": 3, "threads": 1, "access_log": True}, (3, 1, "gthread", "-")),
    ],
)
def test_run_server_hands_gunicorn_the_options(monkeypatch, kwargs, expected):
    seen: dict[str, Any] = {}

    def fake_run(self: Any) -> None:
        seen.update(self._options)

    monkeypatch.setattr(server._GunicornApp, "run", fake_run)
    server.run_server(Flask("t"), port=0, **kwargs)
    workers = expected[0] if expected[0] is not None else server.default_workers()
    assert (seen["workers"], seen["threads"], seen["worker_class"], seen["accesslog"]) == (
        workers,
        *expected[1:],
    )


def test_serve_help_states_the_defaults():
    out = CliRunner().invoke(command, ["--help"]).output
    assert f"here {server.default_workers()}]" in out
    assert "[default: 4;" in out
