"""Repost detection on the development set duplicated with small edits.

    python -m bench.dedup_dev [../shared/eval/dev] [--threshold 0.7]

Each dev article gets two edited copies, as a repost on another site would be: (a) a
byline before the body and an editor's line after it, another title; (b) one sentence
dropped (a random one, fixed seed), a heading line inserted, a day later. All are run
through ``kg.dedup.merge_reposts`` in date order. Printed: the pairs found (a copy
merged into its own original), pairs missed, false merges (into another article, or
two originals merged), the lowest similarity of a true pair, the highest between two
different articles, and the time taken (signatures, index and checks; not reading).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import itertools
import random
import re
import sys
import time
from pathlib import Path

from kg.dedup import jaccard, merge_reposts, normalise, shingles
from kg.parse import article_id, read_articles
from kg.records import Article
from kg.settings import Settings

DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev"
SENTENCE = re.compile(r"[^。！？]+[。！？]?")
REPORTERS = ("张明", "李华", "王芳", "刘洋", "陈静", "杨帆")
HEADINGS = ("【招商快讯】", "项目建设跑出加速度", "■ 延伸阅读", "一图读懂")


def edited_copies(a: Article, rng: random.Random) -> list[Article]:
    """Two reposts of an article with small edits (see the module's docstring)."""
    day = datetime.date.fromisoformat(a.published)
    byline = f"本报讯（记者 {rng.choice(REPORTERS)} 通讯员 {rng.choice(REPORTERS)}）"
    first = a.text.split("\n")
    a_text = "\n".join([byline + first[0], *first[1:], f"（责任编辑：{rng.choice(REPORTERS)}）"])
    sentences = [(i, m.group()) for i, line in enumerate(first) for m in SENTENCE.finditer(line)]
    drop = rng.randrange(len(sentences)) if len(sentences) > 1 else -1
    lines: list[str] = [""] * len(first)
    for k, (i, s) in enumerate(sentences):
        if k != drop:
            lines[i] += s
    lines = [line for line in lines if line]
    lines.insert(min(1, len(lines)), rng.choice(HEADINGS))
    b_text = "\n".join(lines)
    out = []
    for text, title, days, site in ((a_text, a.title + "（转载）", 0, "portal.example"),
                                    (b_text, a.title, 1, "wechat.example")):
        published = (day + datetime.timedelta(days=days)).isoformat()
        out.append(dataclasses.replace(a, id=article_id(title, published, text), title=title, text=text,
                                       published=published, url=f"https://{site}/{a.id}", publisher=site,
                                       path=f"{site}.jsonl", line=len(out) + 1))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dev", nargs="?", default=str(DEV), help="folder of the dev set's .txt files")
    ap.add_argument("--threshold", type=float, default=Settings().repost_threshold)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args(argv)
    originals = read_articles([args.dev]).articles
    rng = random.Random(args.seed)
    origin = {a.id: a.id for a in originals}
    corpus = list(originals)
    for a in originals:
        for c in edited_copies(a, rng):
            origin[c.id] = a.id
            corpus.append(c)
    corpus.sort(key=lambda a: (a.published, a.id))
    import datasketch  # noqa: F401  (loaded before the clock starts: a build loads it once)
    start = time.perf_counter()
    merged = merge_reposts(corpus, threshold=args.threshold, window_days=Settings().repost_window_days)
    seconds = time.perf_counter() - start
    expected = 2 * len(originals)
    found = missed = false = 0
    for a in merged:
        for c in a.copies:
            if origin[c.id] == origin[a.id]:
                found += 1
            else:
                false += 1
    kept_originals = {origin[a.id] for a in merged}
    missed = expected - found
    runs = {a.id: shingles(normalise(a.text)) for a in corpus}
    true_sims = [jaccard(runs[c.id], runs[origin[c.id]]) for c in corpus if origin[c.id] != c.id]
    cross = max(jaccard(runs[x.id], runs[y.id]) for x, y in itertools.combinations(originals, 2))
    print(f"dev set: {len(originals)} articles + {expected} edited copies = {len(corpus)} records, "
          f"threshold {args.threshold:.2f}")
    print(f"pairs found   {found} of {expected} (missed {missed}); false merges {false}; "
          f"articles after merging {len(merged)} (originals kept apart: {len(kept_originals)} of {len(originals)})")
    print(f"similarity    true pairs: lowest {min(true_sims):.2f}, median {sorted(true_sims)[len(true_sims) // 2]:.2f}; "
          f"two different dev articles: highest {cross:.2f}")
    print(f"time          {seconds:.3f} s for {len(corpus)} records ({1000 * seconds / len(corpus):.2f} ms a record, "
          "datasketch loaded)")
    return 0 if false == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
