"""Synthetic corpora for benchmarks: articles mixed from real articles' sentences.

Every article gets its own title, date, tag and mix of sentences, so article ids
differ and the builder does real work per article; the names in them are the
sources', so the graph grows in evidence, not in entities. Deterministic for a
given (source files, size, rng seed). Two kinds:

- ``seed``: sentences of the seed (``make_articles``), the benchmark's own corpus;
- ``mixed``: the seed and the dev corpus (``../shared/eval/dev/*.txt``, other
  provinces and styles; the seed alone when it is absent): news articles of runs of
  consecutive sentences, long work-report paragraphs (各位代表…, sentences of 80
  characters and more), and one article in five written in Traditional characters
  (``make_mixed_articles``).

    python -m bench.corpus 1500 /tmp/corpus            # writes /tmp/corpus/*.txt
    python -m bench.corpus 1500 /tmp/mixed --mixed
"""
from __future__ import annotations

import datetime
import random
import re
import sys
from pathlib import Path

from kg.parse import read_articles

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev"
TRADITIONAL_SHARE = 5           # one article in this many is written in Traditional characters
REPORT_SHARE = 4                # one in this many is a long work-report paragraph mix
SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")
TITLE_TAILS = ("", " 多个项目集中签约", " 重点项目加快推进", " 营商环境持续优化", " 招商引资再传捷报",
               " 产业链招商取得新成效", " 一批项目开工建设")
ARTICLES_PER_FILE = 500


def seed_pool(seed_paths=(SEEDS,)) -> tuple[list[str], list[str], list[str]]:
    """The seed's sentences (at least 8 characters), titles and tags."""
    parsed = read_articles(list(seed_paths))
    sents, titles, tags = [], [], []
    for a in parsed.articles:
        titles.append(a.title)
        tags.append(a.source)
        for line in a.text.split("\n"):
            sents.extend(s.strip() for s in SENTENCE.findall(line) if len(s.strip()) >= 8)
    return sents, titles, sorted(set(tags))


def make_articles(n: int, *, chars: int = 1450, seed: int = 20250710, seed_paths=(SEEDS,)) -> list[str]:
    """n article blocks in the seed format, about ``chars`` characters of body each."""
    sents, titles, tags = seed_pool(seed_paths)
    rng = random.Random(seed)
    start = datetime.date(2019, 1, 1)
    out = []
    for i in range(n):
        body, size = [], 0
        while size < chars * rng.uniform(0.6, 1.4):
            s = rng.choice(sents)
            body.append(s)
            size += len(s)
        # two or three paragraphs, as the seed's longer articles have
        cut = sorted(rng.sample(range(1, len(body)), k=min(2, len(body) - 1))) if len(body) > 2 else []
        paras, prev = [], 0
        for c in cut + [len(body)]:
            paras.append("".join(body[prev:c]))
            prev = c
        title = rng.choice(titles) + rng.choice(TITLE_TAILS) + f"（{i + 1}）"
        date = start + datetime.timedelta(days=rng.randrange(0, 7 * 365))
        out.append(f"-\n【{rng.choice(tags)}】{title}\n" + "\n".join(paras) + f"\n{date.isoformat()}\n")
    return out


def mixed_sources() -> tuple[Path, ...]:
    """The seed, and the dev corpus when it is checked out beside the repo."""
    dev = tuple(sorted(DEV.glob("*.txt"))) if DEV.is_dir() else ()
    return (SEEDS, *dev)


def mixed_pool(sources) -> tuple[list[list[str]], list[list[str]], list[str], list[str]]:
    """(the sentences of each paragraph, of each work-report paragraph, titles, tags)."""
    parsed = read_articles(list(sources))
    runs, reports, titles, tags = [], [], [], []
    for a in parsed.articles:
        titles.append(a.title)
        tags.append(a.source)
        report = "工作报告" in a.title or "各位代表" in a.text
        for line in a.text.split("\n"):
            sents = [s.strip() for s in SENTENCE.findall(line) if len(s.strip()) >= 8]
            if not sents:
                continue
            if report and sum(map(len, sents)) >= 120:
                reports.append(sents)
            runs.append(sents)
    return runs, reports or [r for r in runs if sum(map(len, r)) >= 120], titles, sorted(set(tags))


def make_mixed_articles(n: int, *, chars: int = 1000, seed: int = 20250710, sources=None) -> list[str]:
    """n article blocks mixed from the seed and the dev corpus (see the module's doc)."""
    from opencc import OpenCC
    runs, reports, titles, tags = mixed_pool(sources or mixed_sources())
    to_traditional = OpenCC("s2t")
    rng = random.Random(seed)
    start = datetime.date(2019, 1, 1)
    out = []
    for i in range(n):
        paras, size, target = [], 0, chars * rng.uniform(0.5, 1.5)
        report = i % REPORT_SHARE == 1
        while size < target:
            run = rng.choice(reports if report else runs)
            first = rng.randrange(len(run))
            para = "".join(run[first:first + rng.randint(1, 4)])
            paras.append(para)
            size += len(para)
        title = rng.choice(titles) + rng.choice(TITLE_TAILS) + f"（{i + 1}）"
        body = "\n".join(paras)
        if i % TRADITIONAL_SHARE == 3:
            title, body = to_traditional.convert(title), to_traditional.convert(body)
        date = start + datetime.timedelta(days=rng.randrange(0, 7 * 365))
        out.append(f"-\n【{rng.choice(tags)}】{title}\n{body}\n{date.isoformat()}\n")
    return out


def write_corpus(folder: Path, n: int, *, chars: int = 1450, seed: int = 20250710,
                 per_file: int = ARTICLES_PER_FILE, mixed: bool = False) -> list[Path]:
    """Write n generated articles into folder, ``per_file`` articles per *.txt file
    (``mixed``: the mixed corpus, ``make_mixed_articles``)."""
    folder.mkdir(parents=True, exist_ok=True)
    blocks = make_mixed_articles(n, seed=seed) if mixed else make_articles(n, chars=chars, seed=seed)
    paths = []
    for k in range(0, len(blocks), per_file):
        p = folder / f"corpus_{k // per_file:05d}.txt"
        p.write_text("".join(blocks[k:k + per_file]), encoding="utf-8")
        paths.append(p)
    return paths


def body_text(paths) -> str:
    """Title and body of every article in paths, a blank line between articles: what
    jieba's baseline reads (the text kg build tokenizes)."""
    parsed = read_articles(list(paths))
    return "\n\n".join(a.title + "\n" + a.text for a in parsed.articles)


if __name__ == "__main__":
    count, target = int(sys.argv[1]), Path(sys.argv[2])
    files = write_corpus(target, count, mixed="--mixed" in sys.argv[3:])
    print(f"wrote {count} articles in {len(files)} files to {target}")
