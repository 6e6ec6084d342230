"""Train the CRF recogniser (kg/extract/crf.py) on the gold annotations.

The gold files (``../shared/eval/gold/{seed,dev}.json``) list each entity's
surface ``mentions`` and the ``articles`` it occurs in; the articles are read from
the corpus files with kg.parse and matched to the gold's ids by title and date.
Each mention is located in its article's Simplified text, longest first and
non-overlapping, giving BIO tags over the five types. Training is deterministic
(articles in id order, L-BFGS with fixed parameters) and needs no network.

    .venv/bin/python scripts/train_crf.py                         # seed + all dev -> kg/data/crf.model
    .venv/bin/python scripts/train_crf.py --exclude-slice cn --out /tmp/crf-no-cn.model
    .venv/bin/python scripts/train_crf.py --no-seed --out /tmp/crf-dev.model
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract import load_resources  # noqa: E402
from kg.extract.crf import DEFAULT_MODEL, train_model, training_item  # noqa: E402
from kg.extract.doc import Doc  # noqa: E402
from kg.extract.text import simplified  # noqa: E402
from kg.parse import read_articles  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
SEED_CORPUS = ROOT / "seeds" / "000_91cd689a35f32709.txt"
SLICES = ("hs", "hb", "cn", "mx")


def _key(title: str, date: str) -> tuple[str, str]:
    return "".join(simplified(title).split()), date


def gold_items(gold_path: Path, corpus: list[Path], res, *, exclude: str = "") -> list:
    """(gold article id, features, tags) for every gold article found in the corpus files."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    articles = {_key(a.title, a.published): a for a in read_articles(corpus).articles}
    mentions: dict[str, list[tuple[str, str]]] = {}
    for e in gold["entities"]:
        for aid in e.get("articles", []):
            mentions.setdefault(aid, []).extend((simplified(m), e["type"]) for m in e.get("mentions", []))
    out = []
    for ga in sorted(gold["articles"], key=lambda a: a["id"]):
        if exclude and ga["id"].startswith(f"d-{exclude}"):
            continue
        article = articles.get(_key(ga["title"], ga["date"]))
        if article is None:
            print(f"{gold_path.name}: article {ga['id']} ({ga['title']}) not found in the corpus", file=sys.stderr)
            continue
        feats, tags = training_item(Doc.of(article), res, mentions.get(ga["id"], []))
        out.append((ga["id"], feats, tags))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold-dir", type=Path, default=SHARED / "gold")
    ap.add_argument("--dev-dir", type=Path, default=SHARED / "dev")
    ap.add_argument("--exclude-slice", choices=SLICES, default="", help="leave this dev slice out")
    ap.add_argument("--no-seed", action="store_true", help="train on the dev slices only")
    ap.add_argument("--no-dev", action="store_true", help="train on the seed only")
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL, help=f"model file (default {DEFAULT_MODEL})")
    args = ap.parse_args(argv)
    for f in (args.gold_dir / "seed.json", args.gold_dir / "dev.json"):
        if not f.is_file():
            print(f"error: {f}: gold file not found (give --gold-dir)", file=sys.stderr)
            return 2
    started = time.perf_counter()
    res = load_resources()
    items = []
    if not args.no_seed:
        items += gold_items(args.gold_dir / "seed.json", [SEED_CORPUS], res)
    if not args.no_dev:
        dev = [args.dev_dir / f"{s}.txt" for s in SLICES if s != args.exclude_slice]
        items += gold_items(args.gold_dir / "dev.json", dev, res, exclude=args.exclude_slice)
    features = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    train_model([(f, t) for _, f, t in items], tmp)
    tmp.replace(args.out)
    done = time.perf_counter()
    chars = sum(len(t) for _, _, t in items)
    tagged = sum(t != "O" for _, _, ts in items for t in ts)
    print(f"{args.out}: {len(items)} articles, {chars} characters ({tagged} in mentions); "
          f"features {features - started:.1f} s, training {done - features:.1f} s; "
          f"{args.out.stat().st_size / 1e6:.2f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
