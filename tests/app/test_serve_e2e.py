"""End to end: start ``harmonise serve`` on a free loopback port and talk to it over HTTP."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


@pytest.mark.e2e
@pytest.mark.slow
def test_harmonise_serve_answers_over_http(project_root: Path, tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "HARMONISE_CATALOG": str(tmp_path / "catalog")}
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harmonise.cli.main",
            "serve",
            "--root",
            str(project_root),
            "--port",
            str(port),
            "--threads",
            "4",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                status, _, _ = _get(base + "/api/v1/")
                if status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                out = (tmp_path / "serve.log").read_text(errors="replace")
                pytest.fail(f"server did not start:\n{out[-3000:]}")
            time.sleep(0.5)
        status, headers, body = _get(base + "/api/v1/crosswalks?per_page=1")
        assert status == 200
        urn = json.loads(body)["items"][0]["urn"]
        status, headers, body = _get(f"{base}/api/v1/crosswalks/{urn}", {"Accept": "text/turtle"})
        assert status == 200
        assert headers["Content-Type"].startswith("text/turtle")
        etag = headers["ETag"]
        status, _, _ = _get(
            f"{base}/api/v1/crosswalks/{urn}", {"Accept": "text/turtle", "If-None-Match": etag}
        )
        assert status == 304
        # Repeats (answered by the response memo in front of Flask) carry the same answer.
        first = _get(f"{base}/api/v1/crosswalks/{urn}", {"Accept": "text/turtle"})
        for _ in range(3):
            again = _get(f"{base}/api/v1/crosswalks/{urn}", {"Accept": "text/turtle"})
            assert again[0] == first[0] == 200
            assert again[2] == first[2]
            drop = ("Date",)
            assert {k: v for k, v in again[1].items() if k not in drop} == {
                k: v for k, v in first[1].items() if k not in drop
            }
        status, headers, body = _get(base + "/api/v1/search?q=remesas")
        assert status == 200
        assert json.loads(body)["total"] > 0
        status, headers, _ = _get(base + "/api/v1/nothing-here")
        assert status == 404
        assert headers["Content-Type"] == "application/problem+json"
        assert "gunicorn" in headers.get("Server", "")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
        log.close()
