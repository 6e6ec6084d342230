"""Latency of the example queries on a large graph: the embedded store (Oxigraph) against rdflib.

    .venv/bin/python bench/query_latency.py [--triples 1000000] [--runs 3] [--rdflib-timeout 300]
                                            [--rdflib-turtle] [--out bench/query_latency.md]

The graph is the seed's output/graph.ttl copied under renamed IRIs (bench/replicate.py)
until it has --triples triples; the ontology is loaded beside it in both engines. It
prints, as a Markdown table: the Turtle serialisation time of kg's writer (and of
rdflib's, with --rdflib-turtle: minutes at a million triples), the load times, and per
example the rows, Oxigraph's median over --runs runs (every row read) and rdflib's time
for one run (a query still running after --rdflib-timeout seconds is stopped).
"""
from __future__ import annotations

import argparse
import platform
import signal
import statistics
import sys
import time
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent))
from replicate import SEED_GRAPH, copies_for, replicate  # noqa: E402

from kg.export.turtle import serialize  # noqa: E402
from kg.store import PREFIXES, examples, load_graph, load_ontology, run_query  # noqa: E402
from kg.vocab import ONTOLOGY_FILE  # noqa: E402


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def timed(fn):
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def oxigraph_rows(store, text: str) -> int:
    return sum(1 for _ in run_query(store, text))


def rdflib_rows(graph: Graph, text: str) -> int:
    return sum(1 for _ in graph.query(text, initNs=PREFIXES))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=int, default=300)
    parser.add_argument("--rdflib-turtle", action="store_true", help="also time rdflib's own Turtle serializer")
    parser.add_argument("--only", nargs="*", default=None, help="example names to run")
    parser.add_argument("--out", type=Path, default=None, help="also write the report to this Markdown file")
    args = parser.parse_args()

    import pyoxigraph as ox

    lines = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    seed = Graph().parse(SEED_GRAPH)
    big, t_build = timed(lambda: replicate(seed, copies_for(seed, args.triples)))
    say(f"# Query latency on {len(big):,} triples ({len(big) // len(seed)} copies of the seed graph)")
    say()
    say(f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"pyoxigraph {ox.__version__}, rdflib {__import__('rdflib').__version__}. "
        f"Graph made in {t_build:.1f} s.")
    say()

    data, t_ttl = timed(lambda: serialize(big, "turtle"))
    say(f"- Turtle, kg's writer: {t_ttl:.1f} s ({len(data) / 1e6:.0f} MB)")
    del data
    data, t_nt = timed(lambda: serialize(big, "nt"))
    say(f"- N-Triples, kg's writer: {t_nt:.1f} s ({len(data) / 1e6:.0f} MB)")
    del data
    if args.rdflib_turtle:
        data, t_rdflib_ttl = timed(lambda: big.serialize(format="turtle", encoding="utf-8"))
        say(f"- Turtle, rdflib's serializer: {t_rdflib_ttl:.1f} s")
        del data

    store = ox.Store()
    _, t_load = timed(lambda: (load_ontology(store), load_graph(store, big)))
    say(f"- Oxigraph: loaded {len(store):,} quads (data and ontology) in {t_load:.1f} s")
    _, t_onto = timed(lambda: big.parse(ONTOLOGY_FILE, format="turtle"))
    say(f"- rdflib: ontology added to the in-memory graph in {t_onto:.1f} s")
    say()
    say("| example | rows | Oxigraph (median of %d) | rdflib (1 run) | rdflib / Oxigraph |" % args.runs)
    say("|---|---:|---:|---:|---:|")

    signal.signal(signal.SIGALRM, _alarm)
    for ex in examples():
        if args.only and ex.name not in args.only:
            continue
        times = []
        for _ in range(args.runs):
            rows, t = timed(lambda: oxigraph_rows(store, ex.text))
            times.append(t)
        t_ox = statistics.median(times)
        signal.alarm(args.rdflib_timeout)
        try:
            rdf_rows, t_rdf = timed(lambda: rdflib_rows(big, ex.text))
            rdf_text = f"{t_rdf:.1f} s"
            ratio = f"{t_rdf / t_ox:,.0f}×"
            if rdf_rows != rows:
                rdf_text += f" ({rdf_rows} rows)"
        except Timeout:
            rdf_text, ratio = f"> {args.rdflib_timeout} s (stopped)", f"> {args.rdflib_timeout / t_ox:,.0f}×"
        finally:
            signal.alarm(0)
        say(f"| {ex.name} | {rows:,} | {t_ox * 1000:,.0f} ms | {rdf_text} | {ratio} |")
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
