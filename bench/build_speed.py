"""Benchmark of `kg build` against jieba's own speed: the targets of the speed issues.

    .venv/bin/python -m bench.build_speed              # all of them (about 20 minutes on 2 cores)
    .venv/bin/python -m bench.build_speed --quick      # throughput, validation and workers only (~6 minutes)

Each figure is a whole process (`kg build …`, or a bare `jieba.lcut` over the same
text), timed here, in the same run, so the noisy machine weighs on both alike;
the ratios are what to compare. Corpora come from ``bench.corpus`` (the seed's
sentences, mixed). Peak memory is the largest sum, over the build and its worker
processes, of their proportional set size (Pss, /proc/PID/smaps_rollup), sampled
every 0.2 s.

1. throughput   the default build, ``kg build DIR --out OUT`` exactly as the README
                runs it (validation on, one worker per core; ``--timings`` only adds
                the stage times on stderr), of ~1,500 articles, at least half
                jieba's speed: jieba.lcut over the same text / kg build >= 0.5 (best of
                --repeat runs each, alternating), on two corpora: the seed's sentences
                (~1.8M characters) and a mixed one (seed and dev corpus: other
                provinces, long work-report sentences, Traditional articles; ~1.7M);
                the SHACL check under a tenth of the build; peak memory < 1.5 GiB;
                beside it, the same with --no-validate and with --workers 1;
2. parallel     --workers N (N = cores) at least 1.7x faster than --workers 1 on
                2 cores, and byte-identical outputs (with and without validation);
3. scale        100,000 articles in under 15 minutes and 2 GiB; 1M triples written
                as Turtle in under 30 s, and checked by ``kg validate`` in under 30 s;
4. incremental  with --cache, one new article on a 10,000-article corpus in under
                5 s, with the same output as a full rebuild (best of three re-runs,
                each with another article never seen before).

Each timed build runs with ``--timings`` and the bench prints its stage times.
The machine's load average is printed before and after each part: the figures of
a loaded machine are slower, the ratios measured in one run much less so.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import body_text, write_corpus

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

JIEBA_BASELINE = """
import logging, sys, jieba
jieba.setLogLevel(logging.WARNING)
text = open(sys.argv[1], encoding="utf-8").read()
words = 0
for article in text.split("\\n\\n"):
    words += len(jieba.lcut(article))
print(words)
"""

TURTLE_TIMING = """
import sys, time
from pathlib import Path
from rdflib import Graph, URIRef
from kg.export.turtle import write_graph
from kg.pipeline import build
from kg.settings import Settings

want = int(sys.argv[2])
base = build([sys.argv[1]], Settings(validate=False)).graph
g = Graph()
for prefix, ns in base.namespaces():
    g.bind(prefix, ns)
copy = 0
while len(g) < want:
    # copies of the corpus graph under other IRIs: same shape, distinct nodes
    tag = f"c{copy}/"
    move = lambda t: URIRef(str(t).replace("/id/", "/id/" + tag, 1)) if isinstance(t, URIRef) and "/id/" in str(t) else t
    for s, p, o in base:
        g.add((move(s), p, move(o)))
        if len(g) >= want:
            break
    copy += 1
t = time.perf_counter()
write_graph(g, Path(sys.argv[3]))
print(len(g), time.perf_counter() - t)
"""


@dataclass
class Run:
    """One timed process."""

    seconds: float
    peak_bytes: int
    output: str
    code: int = 0
    capped: bool = False
    cpu: float = 0.0            # user + system seconds of the whole process tree
    err: str = ""


def _pss(pid: int) -> int:
    """Proportional set size of a process in bytes (RSS where smaps_rollup is missing)."""
    return _proc_kb(f"/proc/{pid}/smaps_rollup", "Pss:") or _proc_kb(f"/proc/{pid}/status", "VmRSS:")


def _proc_kb(path: str, field: str) -> int:
    """The figure of a ``field  N kB`` line of a /proc file, in bytes; 0 when unreadable."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    """root and all its descendants (from /proc/*/stat)."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                parent[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(p for p, pp in parent.items() if pp == pid)
    return out


def timed(cmd: list[str], *, timeout: float | None = None, env: dict | None = None, ok=(0,),
          cap: int | None = None) -> Run:
    """Run a command to the end; its wall time and the peak Pss of its process tree.

    With ``cap`` (bytes), a run whose tree grows past it is stopped (``Run.capped``).
    """
    peak = 0
    capped = False
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, capped
        tick, pids = 0, [proc.pid]
        while not done.is_set():
            if tick % 5 == 0:           # the process tree changes rarely: look for new workers every second
                pids = _tree(proc.pid)
            tick += 1
            peak = max(peak, sum(_pss(p) for p in pids))
            if cap and peak > cap and not capped:
                capped = True
                os.killpg(proc.pid, 9)
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        done.set()
        raise SystemExit(f"timed out after {timeout} s: {' '.join(cmd)}")
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    sampler.join()
    if capped:
        return Run(seconds, peak, out, proc.returncode, capped=True, cpu=cpu, err=err)
    if proc.returncode not in ok:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    return Run(seconds, peak, out, proc.returncode, cpu=cpu, err=err)


def kg_build(corpus: Path, out: Path, *extra: str, timeout: float | None = None, cap: int | None = None) -> Run:
    """`kg build CORPUS --out OUT -q --no-validate …` as its own process."""
    return timed([PYTHON, "-m", "kg", "build", str(corpus), "--out", str(out), "-q", "--no-validate", *extra],
                 timeout=timeout, cap=cap)


def kg_default(corpus: Path, out: Path, *extra: str) -> Run:
    """`kg build CORPUS --out OUT` as the README runs it (plus ``--timings`` and any extra options)."""
    return timed([PYTHON, "-m", "kg", "build", str(corpus), "--out", str(out), "--timings", *extra])


def stage_times(run: Run) -> dict[str, float]:
    """The ``timings: stage N s, …`` line of a build's stderr as {stage: seconds}."""
    for text in reversed(run.err.strip().splitlines()):
        if text.startswith("timings: "):
            return {part.rsplit(" ", 2)[0]: float(part.rsplit(" ", 2)[1]) for part in text[9:].split(", ")}
    return {}


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def same_outputs(a: Path, b: Path) -> bool:
    """graph.ttl and graph.html byte-identical in both folders."""
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in ("graph.ttl", "graph.html"))


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def line(label: str, text: str) -> None:
    print(f"{label:<13}{text}", flush=True)


def gib(n: int) -> str:
    return f"{n / 2**30:.2f} GiB"


def throughput_and_workers(work: Path, articles: int, repeat: int) -> list[bool]:
    """Targets 1 and 2 on the two corpora."""
    met = []
    for kind in ("seed", "mixed"):
        met += _throughput(work, articles, repeat, kind)
    return met


def _throughput(work: Path, articles: int, repeat: int, kind: str) -> list[bool]:
    corpus = work / f"corpus-{kind}-{articles}"
    files = write_corpus(corpus, articles, mixed=kind == "mixed")
    text = body_text(files)
    plain = work / f"plain-{kind}.txt"
    plain.write_text(text, encoding="utf-8")
    script = work / "jieba_baseline.py"
    script.write_text(JIEBA_BASELINE, encoding="utf-8")
    cores = len(os.sched_getaffinity(0))
    line(f"[{kind}]", f"{articles} articles, {len(text):,} characters, {len(files)} files; {load()}")
    names = ("jieba", "default", "no-validate", "workers 1")
    runs: dict[str, list[Run]] = {n: [] for n in names}
    outs = {"default": work / f"out-{kind}", "no-validate": work / f"out-{kind}-nv", "workers 1": work / f"out-{kind}-w1"}
    for _ in range(repeat):        # alternating, so that the machine's load weighs on all alike
        runs["jieba"].append(timed([PYTHON, str(script), str(plain)]))
        runs["default"].append(kg_default(corpus, outs["default"]))
        runs["no-validate"].append(kg_default(corpus, outs["no-validate"], "--no-validate"))
        runs["workers 1"].append(kg_default(corpus, outs["workers 1"], "--workers", "1"))
    best = {n: min(rs, key=lambda r: r.seconds) for n, rs in runs.items()}
    jieba = best["jieba"].seconds
    listed = lambda rs: ", ".join(f"{r.seconds:.2f}" for r in rs)
    line("throughput", f"jieba.lcut process        {jieba:7.2f} s  ({len(text) / jieba / 1000:.0f}k chars/s; "
         f"cpu {best['jieba'].cpu:.2f} s; runs {listed(runs['jieba'])})")
    default = best["default"]
    ratio = jieba / default.seconds
    peak = max(r.peak_bytes for r in runs["default"])
    line("", f"kg build DIR --out OUT    {default.seconds:7.2f} s  jieba/kg = {ratio:.2f}   target >= 0.5 "
         f"{verdict(ratio >= 0.5)}  (workers {cores}, validation on; cpu {default.cpu:.2f} s; "
         f"runs {listed(runs['default'])}; peak {gib(peak)}, target < 1.5 GiB {verdict(peak < 1.5 * 2**30)})")
    stages = stage_times(default)
    share = stages.get("validate", 0.0) / default.seconds
    line("", f"  stages: {', '.join(f'{k} {v:.2f} s' for k, v in stages.items())}")
    line("", f"  validation {stages.get('validate', 0.0):.2f} s = {100 * share:.1f} % of the build   "
         f"target < 10 %  {verdict(share < 0.10)}")
    for name in ("no-validate", "workers 1"):
        r = best[name]
        line("", f"{('--' + name) if name == 'no-validate' else '--workers 1':<26}{r.seconds:7.2f} s  "
             f"jieba/kg = {jieba / r.seconds:.2f}  (cpu {r.cpu:.2f} s; runs {listed(runs[name])})")
        line("", f"  stages: {', '.join(f'{k} {v:.2f} s' for k, v in stage_times(r).items())}")
    speedup = best["workers 1"].seconds / default.seconds
    same_files = {name: all(filecmp.cmp(outs["default"] / name, outs[other] / name, shallow=False)
                            for other in ("workers 1", "no-validate")) for name in ("graph.ttl", "graph.html")}
    same = all(same_files.values())
    line("parallel", f"--workers {cores} / --workers 1 = {speedup:.2f}x faster   target >= 1.7x "
         f"{verdict(speedup >= 1.7)}; outputs byte-identical: "
         + ", ".join(f"{name} {'yes' if ok else 'NO'}" for name, ok in same_files.items()))
    line("", load())
    return [ratio >= 0.5, share < 0.10, peak < 1.5 * 2**30, speedup >= 1.7 and same]


def scale(work: Path, articles: int, triples: int, cap: int) -> list[bool]:
    """Target 3: a large corpus in time and memory; Turtle of many triples."""
    corpus = work / f"corpus-{articles}"
    write_corpus(corpus, articles)
    run = kg_build(corpus, work / "out-scale", "--timings", timeout=3600, cap=cap)
    summary = run.output.strip().splitlines()[0] if run.output.strip() else ""
    ok = not run.capped and run.seconds < 900 and run.peak_bytes < 2 * 2**30
    if run.capped:
        line("scale", f"{articles:,} articles: stopped after {run.seconds:.1f} s at {gib(run.peak_bytes)} "
             f"(over --memory-cap)   target < 900 s and < 2 GiB   NOT MET")
    else:
        line("scale", f"{articles:,} articles: {run.seconds:7.1f} s, peak {gib(run.peak_bytes)}   "
             f"target < 900 s and < 2 GiB   {verdict(ok)}")
        line("", summary)
        line("", run.err.strip().splitlines()[-1] if run.err.strip() else "")
    small = work / "corpus-1500"
    if not small.exists():
        write_corpus(small, 1500)
    timing = timed([PYTHON, "-c", TURTLE_TIMING, str(small), str(triples), str(work / "big.ttl")], timeout=3600)
    count, seconds = timing.output.split()
    t_ok = float(seconds) < 30
    line("turtle", f"{int(count):,} triples written in {float(seconds):6.1f} s   target < 30 s   {verdict(t_ok)}")
    check = timed([PYTHON, "-m", "kg", "validate", str(work / "big.ttl")], ok=(0, 3), timeout=3600)
    v_ok = check.seconds < 30 and check.code == 0
    line("validate", f"kg validate of those {int(count):,} triples {check.seconds:6.1f} s, peak {gib(check.peak_bytes)}, "
         f"{'conforms' if check.code == 0 else 'does NOT conform'}   target < 30 s   {verdict(v_ok)}")
    return [ok, t_ok, v_ok]


def incremental(work: Path, articles: int, repeat: int = 3) -> list[bool]:
    """Target 4: one new article on a cached corpus (best of ``repeat`` new articles)."""
    corpus = work / f"corpus-inc-{articles}"
    write_corpus(corpus, articles)
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    first = kg_build(corpus, work / "out-inc", "--cache", str(cache), timeout=3600)
    runs = []
    for k in range(repeat):
        # each time another new article, in a file of its own, unlike any before (another generator seed)
        write_corpus(work / f"new{k}", 1, seed=4242 + k)
        shutil.copy(work / f"new{k}" / "corpus_00000.txt", corpus / "zz_new_article.txt")
        runs.append(kg_build(corpus, work / "out-inc", "--cache", str(cache), "--timings", timeout=3600))
    full = kg_build(corpus, work / "out-full", timeout=3600)
    same = same_outputs(work / "out-inc", work / "out-full")
    best = min(runs, key=lambda r: r.seconds)
    ok = best.seconds < 5 and same
    line("incremental", f"{articles:,} articles, cache filled in {first.seconds:.1f} s; full rebuild "
         f"{full.seconds:.1f} s, peak {gib(full.peak_bytes)}")
    line("", f"one new article with --cache {best.seconds:6.2f} s   target < 5 s   {verdict(ok)}; "
         f"same output as the full rebuild: {'yes' if same else 'NO'}  "
         f"(runs {', '.join(f'{r.seconds:.2f}' for r in runs)}, each with another new article)")
    line("", best.err.strip().splitlines()[-1] if best.err.strip() else "")
    return [ok]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1500, help="corpus for targets 1 and 2")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timed build in targets 1-2 (best counts)")
    parser.add_argument("--scale", type=int, default=100_000, help="corpus for target 3")
    parser.add_argument("--triples", type=int, default=1_000_000, help="Turtle size for target 3")
    parser.add_argument("--incremental", type=int, default=10_000, help="corpus for target 4")
    parser.add_argument("--memory-cap", type=float, default=6.0,
                        help="GiB: stop the scale build when its processes grow past this (the machine is shared)")
    parser.add_argument("--quick", action="store_true", help="targets 1 and 2 only")
    parser.add_argument("--corpus", choices=["seed", "mixed"], help="targets 1 and 2 on this corpus only")
    parser.add_argument("--only", choices=["throughput", "scale", "incremental"], help="one part only")
    parser.add_argument("--work", type=Path, default=None, help="folder for corpora and outputs (default: a temporary one)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    import jieba
    print(f"kg build benchmark: {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}, "
          f"jieba {jieba.__version__}, load average {os.getloadavg()[0]:.1f}; work folder {work}", flush=True)
    met = []
    parts = [args.only] if args.only else (["throughput"] if args.quick else ["throughput", "incremental", "scale"])
    if "throughput" in parts:
        if args.corpus:
            met += _throughput(work, args.articles, args.repeat, args.corpus)
        else:
            met += throughput_and_workers(work, args.articles, args.repeat)
    if "incremental" in parts:
        met += incremental(work, args.incremental)
    if "scale" in parts:
        met += scale(work, args.scale, args.triples, int(args.memory_cap * 2**30))
    print(f"{sum(met)} of {len(met)} targets met", flush=True)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
