"""A build from one large JSON Lines file with reposts: time, memory and the dedup stage's cost.

    python -m bench.formats_build                 # 100,000 records (~15 minutes on 2 cores)
    python -m bench.formats_build --records 10000 # a quicker look

The records are the speed bench's generated articles (``bench.corpus``: the seed's
sentences in other mixes, titles, dates and tags) written as JSON Lines with a URL and a
site each; one record in ten is a repost of an earlier one with small edits (a byline
and an editor's line, or a sentence dropped and a heading added, a few days later, on
another site: ``bench.dedup_dev.edited_copies``). ``kg build FILE --timings`` (the
default command, validation on) runs as its own process; printed are its wall time and peak memory (Pss of
the process tree) against the budget of the performance section of the README (< 900 s,
< 2 GiB for 100,000 articles), the time of each stage with dedup's share, and how many
reposts were merged.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
from pathlib import Path

from bench.build_speed import PYTHON, gib, timed
from bench.corpus import make_articles
from bench.dedup_dev import edited_copies
from kg.parse import parse_text

BUDGET_SECONDS, BUDGET_BYTES = 900, 2 * 1024**3
REPOST_SHARE = 10       # one record in ten is a repost


def write_records(path: Path, n: int, *, seed: int = 15) -> int:
    """n JSON Lines records, one in REPOST_SHARE a repost of an earlier one; the number of reposts."""
    originals = n - n // REPOST_SHARE
    rng = random.Random(seed)
    articles = []
    for k in range(0, originals, 5000):      # parsed in slices: the blocks of 100,000 are 150 MB of text
        blocks = make_articles(min(5000, originals - k), seed=seed + k)
        articles.extend(parse_text("".join(blocks), "corpus.txt").articles)
    sites = ("hbrb.example", "hsdaily.example", "portal.example", "wechat.example", "city.example")
    reposts = 0
    with open(path, "w", encoding="utf-8") as f:
        for i, a in enumerate(articles):
            site = sites[i % len(sites)]
            f.write(json.dumps({"title": a.title, "date": a.published, "content": a.text, "tag": a.source,
                                "url": f"https://{site}/news/{i}.html", "source": site}, ensure_ascii=False) + "\n")
            if i % (REPOST_SHARE - 1) == REPOST_SHARE - 2 and reposts < n // REPOST_SHARE:
                original = articles[rng.randrange(max(1, i - 200), i + 1)]
                copy = edited_copies(original, rng)[reposts % 2]
                f.write(json.dumps({"title": copy.title, "date": copy.published, "content": copy.text,
                                    "url": f"https://repost.example/{reposts}.html", "source": "repost.example"},
                                   ensure_ascii=False) + "\n")
                reposts += 1
    return reposts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--records", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=0, help="kg build --workers (default: one per core)")
    ap.add_argument("--keep", help="write the JSONL and the outputs in this folder and keep them")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kg-formats-") as tmp:
        work = Path(args.keep or tmp)
        work.mkdir(parents=True, exist_ok=True)
        path = work / "news.jsonl"
        reposts = write_records(path, args.records)
        size = path.stat().st_size
        extra = ["--workers", str(args.workers)] if args.workers else []
        run = timed([PYTHON, "-m", "kg", "build", str(path), "--out", str(work / "out"), "-q", "--timings", *extra], timeout=3 * 3600)
        timings = dict(re.findall(r"(\w+) ([\d.]+) s", run.err.split("timings:")[-1]))
        built = re.search(r"^(\d+) articles", run.output, re.M)
        articles = int(built.group(1)) if built else -1
        dedup = float(timings.get("dedup", 0))
        scale = args.records / 100_000
        ok = run.seconds < BUDGET_SECONDS * scale and run.peak_bytes < BUDGET_BYTES
        print(f"kg build from JSON Lines: {args.records:,} records ({reposts:,} of them reposts), {size / 1e6:,.0f} MB")
        print(f"build        {run.seconds:8.1f} s, peak {gib(run.peak_bytes)}   budget for this size: "
              f"< {BUDGET_SECONDS * scale:.0f} s (900 s at 100,000) and < 2 GiB   {'met' if ok else 'NOT MET'}")
        print(f"dedup        {dedup:8.1f} s = {100 * dedup / max(run.seconds, 1e-9):.1f} % of the build "
              f"({1000 * dedup / args.records:.2f} ms a record)")
        print(f"merged       {args.records - articles:,} records into earlier articles "
              f"(reposts written: {reposts:,}); {articles:,} articles built")
        print("timings      " + ", ".join(f"{k} {float(v):.2f} s" for k, v in timings.items()))
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
