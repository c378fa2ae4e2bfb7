"""API load benchmark (issue 6 §11).

Starts ``harmonise serve`` on a free loopback port and measures requests per second and latency
percentiles, under concurrent keep-alive clients, for:

- a static file served by the same server (the baseline),
- a cached crosswalk as JSON and as Turtle (``If-None-Match`` not sent: full bodies),
- a search with facets.

The load comes from ``wrk`` when it is installed (Debian package ``wrk``), else from a built-in
multi-process Python client (which, on 2 cores, competes with the server and so under-reports).
Target on the project machine: a cached crosswalk at >= 1,000 requests/s with p99 <= 25 ms.

The server runs with ``harmonise serve``'s own defaults for workers and threads unless told
otherwise. With keep-alive clients each connection stays with the worker process that accepted it,
and gunicorn's workers race for new connections, so one worker may end up with most of them; the
"split" column shows, for each run, how many connections each worker held mid-run (this, not the
endpoint, explains most run-to-run variance). ``--connections 16,64`` measures at several
concurrency levels and prints them all.

Usage: python benchmarks/api.py [--seconds 10] [--runs 3] [--connections 16] [--workers N]
       [--threads N]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_up(base: str, proc: subprocess.Popen[bytes], limit: float = 300) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited before answering")
        try:
            with urllib.request.urlopen(base + "/api/v1/", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("server did not start in time")


def _unit_ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip())
    if not m:
        return float("nan")
    number, unit = float(m.group(1)), m.group(2)
    return number / 1000 if unit == "us" else number * 1000 if unit == "s" else number


def worker_split(server_pid: int) -> str:
    """Established client connections held by each gunicorn worker, e.g. ``7/9``."""
    try:
        import psutil
    except ImportError:
        return "?"
    counts = []
    for child in psutil.Process(server_pid).children():
        try:
            conns = child.net_connections("tcp")
        except psutil.Error:
            continue
        counts.append(sum(c.status == "ESTABLISHED" for c in conns))
    return "/".join(str(n) for n in sorted(counts))


def run_wrk(
    url: str, seconds: int, connections: int, headers: dict[str, str], server_pid: int
) -> dict[str, float | str]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    wrk = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    time.sleep(seconds / 2)
    split = worker_split(server_pid)
    out, _ = wrk.communicate()
    if wrk.returncode:
        raise SystemExit(f"wrk failed ({wrk.returncode})")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    pct = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": _unit_ms(pct.get("50", "nan")),
        "p99": _unit_ms(pct.get("99", "nan")),
        "errors": float(non2xx.group(1)) if non2xx else 0.0,
        "split": split,
    }


def _client(args: tuple[str, int, str, dict[str, str], float]) -> list[float]:
    host, port, path, headers, until = args
    conn = HTTPConnection(host, port, timeout=10)
    lat: list[float] = []
    while time.monotonic() < until:
        t0 = time.perf_counter()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        lat.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return lat


def run_python(
    host: str, port: int, path: str, seconds: int, connections: int, headers: dict[str, str]
) -> dict[str, float | str]:
    until = time.monotonic() + seconds
    with mp.Pool(connections) as pool:
        parts = pool.map(_client, [(host, port, path, headers, until)] * connections)
    lat = sorted(x for p in parts for x in p)
    q = statistics.quantiles(lat, n=100)
    return {"rps": len(lat) / seconds, "p50": q[49], "p99": q[98], "errors": 0.0, "split": "-"}


def versions() -> str:
    from importlib.metadata import version

    wrk = "-"
    if shutil.which("wrk"):
        head = subprocess.run(["wrk", "-v"], check=False, capture_output=True, text=True)
        m = re.search(r"wrk (\S+)", head.stdout + head.stderr)
        wrk = m.group(1) if m else "?"
    return (
        f"python {sys.version.split()[0]}, flask {version('flask')}, werkzeug "
        f"{version('werkzeug')}, gunicorn {version('gunicorn')}, wrk {wrk}"
    )


def main() -> None:
    from harmonise.app.server import DEFAULT_THREADS, default_workers

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument(
        "--connections", default="16", help="concurrent connections; a comma list measures each"
    )
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    ap.add_argument("--runs", type=int, default=3, help="runs per endpoint; medians reported")
    args = ap.parse_args()
    levels = [int(c) for c in args.connections.split(",")]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    catalog = tempfile.mkdtemp(prefix="harmonise-bench-catalog-")
    env = {**os.environ, "HARMONISE_CATALOG": catalog}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "harmonise.cli.main",
            "serve",
            "--root",
            str(ROOT),
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_up(base, proc)
        with urllib.request.urlopen(base + "/api/v1/crosswalks?per_page=1") as r:
            urn = json.load(r)["items"][0]["urn"]
        static = (
            next(p for p in sorted((ROOT / "web" / "static").rglob("*")) if p.is_file())
            if (ROOT / "web" / "static").is_dir()
            else None
        )
        targets = []
        if static is not None:
            rel = static.relative_to(ROOT / "web" / "static").as_posix()
            targets.append(("static file (baseline)", f"/static/{rel}", {}))
        targets += [
            ("crosswalk JSON", f"/api/v1/crosswalks/{urn}", {"Accept": "application/json"}),
            ("crosswalk Turtle", f"/api/v1/crosswalks/{urn}", {"Accept": "text/turtle"}),
            ("search + facets", "/api/v1/search?q=remittances", {}),
        ]
        use_wrk = shutil.which("wrk") is not None
        for _, path, headers in targets:  # warm every worker's caches
            for _ in range(20):
                urllib.request.urlopen(urllib.request.Request(base + path, headers=headers)).read()
        print(
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; load average "
            f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; {versions()}"
        )
        print(
            f"load generator: {'wrk -t2' if use_wrk else 'python'}, {args.seconds} s x "
            f"{args.runs} runs (medians); server: harmonise serve, {args.workers} workers x "
            f"{args.threads} threads (gthread)"
        )
        for connections in levels:
            print(f"\n{connections} connections")
            print(
                f"{'endpoint':24} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'vs base':>7} "
                f"{'non-2xx':>7}  split per run"
            )
            baseline = None
            for name, path, headers in targets:
                runs = []
                url = base + path
                for _ in range(args.runs):
                    if use_wrk:
                        runs.append(run_wrk(url, args.seconds, connections, headers, proc.pid))
                    else:
                        runs.append(
                            run_python("127.0.0.1", port, path, args.seconds, connections, headers)
                        )
                rps = statistics.median(float(r["rps"]) for r in runs)
                p50 = statistics.median(float(r["p50"]) for r in runs)
                p99 = statistics.median(float(r["p99"]) for r in runs)
                errors = sum(float(r["errors"]) for r in runs)
                if baseline is None and "baseline" in name:
                    baseline = rps
                ratio = f"{rps / baseline:.2f}" if baseline else "-"
                splits = " ".join(str(r["split"]) for r in runs)
                print(
                    f"{name:24} {rps:7.0f} {p50:7.2f} {p99:7.2f} {ratio:>7} {errors:7.0f}  {splits}"
                )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(catalog, ignore_errors=True)


if __name__ == "__main__":
    main()
