"""Benchmark: the HTTP API under concurrent load, one real ``kaoping serve`` process.

Usage: .venv/bin/python bench/api.py [--clients 50] [--seconds 60] [--warmup 5]
                                     [--mix 40,40,20] [--seed 7]

Copies the cached seed library (evals/chat/library.py, built once) into a fresh home, makes an
admin key, starts ``kaoping serve`` on 127.0.0.1 (a free port, one uvicorn worker) and waits for
``/readyz``. Then ``--clients`` clients (asyncio + httpx, one connection each) run a closed
loop with no think time: each sends a request, waits for the answer, and sends the next at
once (``--think S``: after a pause of S seconds on average, like a person reading the answer),
picking the kind at random (fixed seed) by ``--mix`` (search,score,review in percent):

- search: ``POST /v1/search`` with a question of evals/chat/questions.yaml, k=5;
- score: ``POST /v1/score`` with one of examples/*.yaml;
- review: ``POST /v1/reviews`` with examples/city-government.yaml and its narrative (each
  review is stored in the workspace database, as in production).

Requests that start in the first ``--warmup`` seconds are left out of the statistics; so are
those still running when the ``--seconds`` of measurement end. Errors are any non-2xx answer
or exception. Also reported: the server's peak RSS (VmHWM), and the CPU used over the load by
the server, by this load generator (it shares the machine) and by any other process (a busy
machine shows here). The server is stopped with SIGINT at the end. Prints Markdown rows for
bench/RESULTS.md. Target (issue): zero errors, p95 under 500 ms for search and score.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "evals/chat"))

from library import SEED, library  # noqa: E402

KINDS = ("search", "score", "review")
KAOPING = str(ROOT / ".venv/bin/kaoping")


@dataclass
class Sample:
    kind: str
    started: float
    finished: float
    ok: bool
    status: str  # HTTP status or the exception's class name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def proc_status(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` memory field in kB (0 when unreadable)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all processes have used so far (every core, idle and I/O wait excluded)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def payloads() -> dict[str, list[dict[str, Any]]]:
    questions = yaml.safe_load((ROOT / "evals/chat/questions.yaml").read_text(encoding="utf-8"))
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    metrics = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in examples}
    narrative = (ROOT / "examples/city-government-narrative.md").read_text(encoding="utf-8")
    return {
        "search": [{"query": q["question"], "k": 5} for q in questions],
        "score": [{"metrics": m} for m in metrics.values()],
        "review": [{"metrics": metrics["city-government.yaml"], "narrative": narrative}],
    }


PATHS = {"search": "/v1/search", "score": "/v1/score", "review": "/v1/reviews"}


async def one(client: httpx.AsyncClient, kind: str, body: dict[str, Any]) -> Sample:
    started = time.perf_counter()
    try:
        response = await client.post(PATHS[kind], content=json.dumps(body).encode())
        await response.aread()
        ok, status = response.is_success, str(response.status_code)
    except Exception as exc:  # any failure is an error of the run
        ok, status = False, type(exc).__name__
    return Sample(kind, started, time.perf_counter(), ok, status)


async def load(base: str, token: str, clients: int, warmup: float, seconds: float,
               mix: list[float], seed: int, think: float = 0.0) -> tuple[list[Sample], float, float]:  # fmt: skip
    """Every sample of the run, and the start and end of the measured window."""
    bodies = payloads()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    samples: list[Sample] = []
    begin = time.perf_counter()
    window_start, window_end = begin + warmup, begin + warmup + seconds

    async def client(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        async with httpx.AsyncClient(
            base_url=base, headers=headers, timeout=300,
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        ) as http:  # fmt: skip
            while time.perf_counter() < window_end:
                kind = rng.choices(KINDS, weights=mix)[0]
                samples.append(await one(http, kind, rng.choice(bodies[kind])))
                if think > 0:  # a person reading the answer: uniform 0.5-1.5 x the mean
                    await asyncio.sleep(think * rng.uniform(0.5, 1.5))

    await asyncio.gather(*(client(i) for i in range(clients)))
    return samples, window_start, window_end


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile of sorted values."""
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)] if values else float("nan")


def start_server(home: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "KAOPING_HOME": str(home)}
    with log.open("wb") as out:
        return subprocess.Popen([KAOPING, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                env=env, stdout=out, stderr=subprocess.STDOUT)  # fmt: skip


def wait_ready(base: str, server: subprocess.Popen[bytes], limit: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode} before it was ready")
        try:
            response = httpx.get(base + "/readyz", timeout=60)
            if response.status_code == 200:
                ready: dict[str, Any] = response.json()
                return ready
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit("the server was not ready in time")


def stop_server(server: subprocess.Popen[bytes]) -> int:
    """SIGINT (uvicorn's graceful shutdown), then SIGKILL if it hangs."""
    server.send_signal(signal.SIGINT)
    try:
        return server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        return server.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--mix", default="40,40,20", help="search,score,review weights")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a client waits between requests (0: closed loop, no think time)")  # fmt: skip
    args = parser.parse_args()
    mix = [float(x) for x in args.mix.split(",")]
    if len(mix) != 3:
        raise SystemExit("--mix takes three weights: search,score,review")
    lib = library((SEED,))
    cached = lib.home
    lib.close()
    with tempfile.TemporaryDirectory(prefix="kaoping-bench-api-") as tmp:
        home = Path(tmp) / "home"
        shutil.copytree(cached, home, ignore=shutil.ignore_patterns("conversations"))
        env = {**os.environ, "KAOPING_HOME": str(home)}
        created = subprocess.run([KAOPING, "keys", "create", "--name", "bench", "--role", "admin"],
                                 env=env, capture_output=True, text=True, check=True)  # fmt: skip
        token = created.stdout.strip().splitlines()[-1].strip()
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "server.log"
        started = time.perf_counter()
        server = start_server(home, port, log)
        try:
            ready = wait_ready(base, server)
            ready_s = time.perf_counter() - started
            rss_ready = proc_status(server.pid, "VmRSS")
            # one request of each kind first: lazy loads (dictionary, BM25) are not the load's
            bodies = payloads()
            headers = {"Authorization": f"Bearer {token}"}
            for kind in KINDS:
                response = httpx.post(base + PATHS[kind], json=bodies[kind][0], headers=headers,
                                      timeout=300)  # fmt: skip
                if not response.is_success:
                    raise SystemExit(f"{kind}: {response.status_code} {response.text[:300]}")
            cpu_before = cpu_seconds(server.pid)
            own_before = time.process_time()
            busy_before = machine_busy_seconds()
            wall_before = time.perf_counter()
            samples, window_start, window_end = asyncio.run(load(
                base, token, args.clients, args.warmup, args.seconds, mix, args.seed, args.think))  # fmt: skip
            cpu = cpu_seconds(server.pid) - cpu_before
            own = time.process_time() - own_before
            others = machine_busy_seconds() - busy_before - cpu - own
            wall = time.perf_counter() - wall_before
            peak_rss = proc_status(server.pid, "VmHWM")
        finally:
            code = stop_server(server)
        log_tail = log.read_text(errors="replace").strip().splitlines()[-5:]

    measured = [s for s in samples if s.started >= window_start and s.finished <= window_end]
    pacing = (
        f"think time {args.think:g} s on average" if args.think else "closed loop, no think time"
    )
    print(f"Setup: {args.clients} clients, one connection each, {pacing}; "
          f"mix search/score/review {args.mix} (seed {args.seed}); {args.warmup:g} s warm-up "
          f"excluded, {args.seconds:g} s measured; server ready in {ready_s:.1f} s "
          f"(library: {ready.get('documents')} document(s), workspace: {ready.get('database')}).")  # fmt: skip
    print()
    print("| kind | requests | req/s | p50 | p95 | p99 | max | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in (*KINDS, "all"):
        rows = [s for s in measured if kind in ("all", s.kind)]
        times = sorted((s.finished - s.started) * 1000 for s in rows)
        failed = [s for s in rows if not s.ok]
        detail = ""
        if failed:
            counts: dict[str, int] = {}
            for s in failed:
                counts[s.status] = counts.get(s.status, 0) + 1
            detail = " (" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ")"
        name = "**all**" if kind == "all" else kind
        print(f"| {name} | {len(rows)} | {len(rows) / args.seconds:.1f} | "
              f"{percentile(times, 50):.0f} ms | {percentile(times, 95):.0f} ms | "
              f"{percentile(times, 99):.0f} ms | {times[-1] if times else float('nan'):.0f} ms | "
              f"{len(failed)}{detail} |")  # fmt: skip
    all_failed = [s for s in samples if not s.ok]
    print()
    print(f"Server: peak RSS {peak_rss / 1024:.0f} MB (VmHWM; {rss_ready / 1024:.0f} MB when "
          f"ready); CPU {cpu / wall * 100:.0f} % of one core over the load ({wall:.0f} s, "
          f"warm-up included; the load generator {own / wall * 100:.0f} %, other processes "
          f"{max(0.0, others) / wall * 100:.0f} %, of {os.cpu_count()} cores); errors over "
          f"the whole run incl. warm-up: {len(all_failed)}; stopped with exit code {code}.")  # fmt: skip
    if code != 0 or all_failed:
        print("Server log tail: " + " / ".join(log_tail))


if __name__ == "__main__":
    main()
