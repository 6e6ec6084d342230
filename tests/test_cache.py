"""Tests for kg.cache and incremental builds: hits, misses, invalidation, and a re-run
with one new article that extracts only what it must and writes what a full build writes."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import kg.cache
import kg.corpus as corpus_module
from kg.cache import ExtractionCache, code_version
from kg.extract import load_resources
from kg.parse import read_articles
from kg.corpus import extract_corpus
from kg.pipeline import build, write_outputs
from kg.settings import Settings

BLOCK = re.compile(r"^-\n【.*?^\d{4}-\d{2}-\d{2}\n", re.M | re.S)
PACKAGE = Path(kg.cache.__file__).resolve().parent

OLD = [
    ("黄石招商", "隔膜项目开工", "楚峰新材料锂电池隔膜项目今日开工，黄石市商务局负责人出席。"),
    ("大冶市招商", "大冶湖高新区新项目", "大冶湖高新区引进楚峰新材料和宏远智能，总投资12亿元。"),
    ("黄石招商", "园区签约", "黄石经济技术开发区与华新水泥股份有限公司签约，投资3亿元建设骨料项目。"),
]
NEW = ("黄石招商", "宏远智能落户黄石",
       "黄石市商务局与湖北宏远智能装备有限公司签约，宏远智能等企业投资5亿元建设智能装备产业园项目。")


def block(i: int, tag: str, title: str, body: str) -> str:
    return f"-\n【{tag}】{title}\n{body}\n2024-05-{10 + i:02d}\n"


@pytest.fixture
def corpus(seed_dir, tmp_path) -> Path:
    """The seed's short articles and three more; one names 宏远智能 without saying it is a company."""
    blocks = [b for b in BLOCK.findall(next(seed_dir.glob("*.txt")).read_text(encoding="utf-8")) if len(b) < 3000]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("".join(blocks), encoding="utf-8")
    (folder / "b.txt").write_text("".join(block(i, *a) for i, a in enumerate(OLD)), encoding="utf-8")
    return folder


def add_new_article(folder: Path) -> None:
    (folder / "c.txt").write_text(block(20, *NEW), encoding="utf-8")


def as_data(extractions):
    return [(e.article.id, repr(e.mentions), repr(e.facts), e.home_code) for e in extractions]


@pytest.fixture
def calls(monkeypatch):
    """Every (article title, given corpus names?) that extract_article is run on (inline runs)."""
    seen = []
    real = corpus_module.extract_article

    def counting(article, res=None, known=None, **kw):
        seen.append((article.title, known is not None))
        return real(article, res, known, **kw)

    monkeypatch.setattr(corpus_module, "extract_article", counting)
    return seen


def test_cache_second_run_extracts_nothing(corpus, tmp_path, calls):
    articles = read_articles([corpus]).articles
    res = load_resources()
    with ExtractionCache(tmp_path / "cache") as cache:
        first = as_data(extract_corpus(articles, res, cache=cache))
        assert cache.hits == 0 and cache.misses >= len(articles)
    assert len(calls) >= len(articles)
    calls.clear()
    with ExtractionCache(tmp_path / "cache") as cache:
        assert as_data(extract_corpus(articles, res, cache=cache)) == first
        assert cache.misses == 0 and cache.hits >= len(articles)
    assert calls == []


def test_cache_new_article_extracts_it_and_pass_two_where_its_names_occur(corpus, tmp_path, calls):
    res = load_resources()
    with ExtractionCache(tmp_path / "cache") as cache:
        extract_corpus(read_articles([corpus]).articles, res, cache=cache)
    add_new_article(corpus)
    articles = read_articles([corpus]).articles
    calls.clear()
    with ExtractionCache(tmp_path / "cache") as cache:
        again = as_data(extract_corpus(articles, res, cache=cache))
    # pass 1 of the new article only; pass 2 only of old articles naming its 宏远智能
    assert [c for c in calls if not c[1]] == [(NEW[1], False)]
    redone = {title for title, second in calls if second and title != NEW[1]}
    assert redone, "the new article's company name occurs in older articles: they need pass 2 again"
    assert all("宏远智能" in next(a.title + a.text for a in articles if a.title == t) for t in redone)
    assert again == as_data(extract_corpus(articles, res))          # a full run without cache


def test_cache_changed_article_is_extracted_again(corpus, tmp_path, calls):
    res = load_resources()
    with ExtractionCache(tmp_path / "cache") as cache:
        extract_corpus(read_articles([corpus]).articles, res, cache=cache)
    path = corpus / "b.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("总投资12亿元", "总投资15亿元"), encoding="utf-8")
    calls.clear()
    articles = read_articles([corpus]).articles
    with ExtractionCache(tmp_path / "cache") as cache:
        assert as_data(extract_corpus(articles, res, cache=cache)) == as_data(extract_corpus(articles, res))
    assert [c for c in calls[: 1]] == [("大冶湖高新区新项目", False)]


def test_cache_of_another_code_version_starts_empty(tmp_path):
    with ExtractionCache(tmp_path, identity="rules-1") as cache:
        cache.put({"k": ((), (), "")})
        assert cache.get(["k", "other"]) == {"k": ((), (), "")}
        assert (cache.hits, cache.misses) == (1, 1)
    with ExtractionCache(tmp_path, identity="rules-1") as cache:
        assert cache.get(["k"]) == {"k": ((), (), "")}
    with ExtractionCache(tmp_path, identity="rules-2") as cache:
        assert cache.get(["k"]) == {}


def test_cache_code_version_follows_rules_and_data(tmp_path):
    def package(name: str) -> Path:
        root = tmp_path / name
        shutil.copytree(PACKAGE / "data", root / "data")
        shutil.copytree(PACKAGE / "extract", root / "extract", ignore=shutil.ignore_patterns("__pycache__"))
        for f in ("link.py", "records.py"):
            shutil.copy(PACKAGE / f, root / f)
        return root

    same, data, rules = package("same"), package("data"), package("rules")
    assert code_version(same) == code_version(PACKAGE)
    with open(data / "data" / "generic_stems.txt", "a", encoding="utf-8") as f:
        f.write("\n新词\n")
    with open(rules / "extract" / "projects.py", "a", encoding="utf-8") as f:
        f.write("\n# a changed rule\n")
    assert len({code_version(same), code_version(data), code_version(rules)}) == 3


@pytest.mark.parametrize("workers", [1, 2])
def test_cache_incremental_build_writes_what_a_full_build_writes(corpus, tmp_path, workers):
    cached = Settings(validate=False, workers=workers, cache=str(tmp_path / "cache"))
    build([corpus], cached)
    add_new_article(corpus)
    write_outputs(build([corpus], cached), tmp_path / "inc", cached)
    full = Settings(validate=False, workers=workers)
    write_outputs(build([corpus], full), tmp_path / "full", full)
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "inc" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name


def test_cache_rerun_in_fresh_processes_writes_what_a_full_build_writes(corpus, tmp_path):
    """As a user runs it: a fresh process has not loaded jieba, so the new article goes to a
    worker started for it (which loads jieba) while the parent reads the cache."""
    import subprocess
    import sys
    more = [(tag, f"{title}（{i}）", body) for i, (tag, title, body) in enumerate(OLD * 6)]
    (corpus / "d.txt").write_text("".join(block(i % 15, *a) for i, a in enumerate(more)), encoding="utf-8")

    def kg_build(out: Path, *extra: str) -> None:
        done = subprocess.run([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "-q",
                               "--no-validate", "--workers", "2", *extra], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr

    kg_build(tmp_path / "inc", "--cache", str(tmp_path / "cache"))
    add_new_article(corpus)
    kg_build(tmp_path / "inc", "--cache", str(tmp_path / "cache"))
    kg_build(tmp_path / "full")
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "inc" / name).read_bytes() == (tmp_path / "full" / name).read_bytes(), name
    assert "宏远智能装备有限公司" in (tmp_path / "inc" / "graph.ttl").read_text(encoding="utf-8")


def test_jieba_dictionary_from_kgs_cache_is_jiebas_own(tmp_path, monkeypatch):
    # the first tokenizer is filled by jieba and its dictionary kept in the cache folder;
    # the second is filled from there: the same words, counts, order and total
    import jieba
    from kg.cache import load_jieba_dictionary
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    own = jieba.Tokenizer()
    own.initialize()
    first = jieba.Tokenizer()
    load_jieba_dictionary(first)
    assert first.initialized and list(tmp_path.glob("kg/jieba-*.pickle"))
    second = jieba.Tokenizer()
    monkeypatch.setattr(second, "initialize", lambda *a: pytest.fail("jieba read its own cache"))
    load_jieba_dictionary(second)
    assert second.initialized and second.total == own.total
    assert list(second.FREQ.items()) == list(own.FREQ.items())
    assert second.lcut("黄石市商务局与楚峰新材料签约") == own.lcut("黄石市商务局与楚峰新材料签约")


def test_jieba_dictionary_of_another_file_is_left_to_jieba(tmp_path, monkeypatch):
    import jieba
    from kg.cache import load_jieba_dictionary
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    words = tmp_path / "words.txt"
    words.write_text("黄石 10 ns\n商务局 5 n\n", encoding="utf-8")
    other = jieba.Tokenizer(str(words))
    load_jieba_dictionary(other)
    assert other.initialized and other.total == 15 and other.FREQ["黄石"] == 10
    assert not list((tmp_path / "cache").glob("kg/jieba-*.pickle"))


def test_warm_up_loads_what_extraction_loads_on_first_use():
    # in a fresh process: one article's two passes load the word lists the rules read,
    # so a pool forked afterwards shares them
    import subprocess
    import sys
    code = (
        "from kg.records import Article\n"
        "from kg.extract import pos, lifecycle, load_resources\n"
        "from kg.corpus import warm_up\n"
        "load_resources()\n"
        "before = pos.load_tags.cache_info().currsize, lifecycle.load_words.cache_info().currsize\n"
        "warm_up(Article('a1', '项目签约', '黄石市商务局与湖北宏远智能装备有限公司签约，投资5亿元建设产业园项目，"
        "项目于2024年3月开工。', '2024-03-01', '黄石招商'))\n"
        "after = pos.load_tags.cache_info().currsize, lifecycle.load_words.cache_info().currsize\n"
        "print(before, after)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(0, 0) (1, 1)"


def test_cached_map_sends_the_heaviest_items_first_and_gives_values_in_order():
    from kg.corpus import cached_map
    from kg.runner import Workers
    seen = []

    def square(x):
        seen.append(x)
        return x * x, None

    workers = Workers(2, 16)    # planned for two; four items are too few to fork: run here, in the order sent
    values, _ = cached_map(square, [3, 9, 1, 5], None, workers, None, weight=lambda x: x)
    assert seen == [9, 5, 3, 1]
    assert values == [9, 81, 1, 25]
    seen.clear()
    values, _ = cached_map(square, [3, 9, 1, 5], None, Workers(1, 4), None, weight=lambda x: x)
    assert seen == [3, 9, 1, 5] and values == [9, 81, 1, 25]     # one worker: no reason to reorder
