"""Load on `kg serve`: many clients at once, each request on a new connection.

    .venv/bin/python bench/serve_load.py [--requests 400] [--clients 20] [--graph output/graph.ttl]
                                         [-- EXTRA kg serve OPTIONS]

Starts `kg serve --graph GRAPH --port 0 -q` in a process of its own, sends --requests
GET queries from --clients threads (the shipped example queries, round robin), and
prints how many succeeded (HTTP 200) and the p50, p99 and longest times in ms.
"""
from __future__ import annotations

import argparse
import re
import select
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.store import examples  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--graph", default="output/graph.ttl")
    parser.add_argument("extra", nargs="*", help="more kg serve options (after --)")
    args = parser.parse_args()
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", args.graph, "--port", "0", "-q",
                             *args.extra], stdout=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        if not ready:
            sys.exit("kg serve did not start within 120 s")
        url = re.search(r"(http://\S+/sparql)", proc.stdout.readline()).group(1)
        queries = [e.text for e in examples()]

        def one(i: int) -> tuple[int, float]:
            start = time.perf_counter()
            try:
                status = requests.get(url, params={"query": queries[i % len(queries)]}, timeout=60).status_code
            except requests.RequestException:
                status = 0
            return status, (time.perf_counter() - start) * 1000

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = list(pool.map(one, range(args.requests)))
        wall = time.perf_counter() - start
        times = sorted(ms for _, ms in results)
        statuses = Counter(status for status, _ in results)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"{args.requests} requests from {args.clients} clients in {wall:.1f} s: "
              f"{statuses[200]} succeeded {dict(sorted(statuses.items()))}, "
              f"p50 {statistics.median(times):.0f} ms, p99 {p99:.0f} ms, longest {times[-1]:.0f} ms")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
