"""Tests for kg.pipeline, kg.corpus and kg.runner: workers give the same bytes, the two passes
give what the plain two-pass loop gives, and each article is tokenized once.

Timings are never asserted here (the machine is shared): bench/build_speed.py measures.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg.extract.text as text_module
import kg.pipeline as pipeline
from kg import runner
from kg.cache import ExtractionCache
from kg.extract import corpus_names, extract_article, load_resources
from kg.parse import read_articles
from kg.corpus import Extractions, extract_corpus, extraction_workers
from kg.pipeline import build, write_outputs
from kg.runner import Workers
from kg.validate import check, validation_sample
from kg.settings import Settings

BLOCK = re.compile(r"^-\n【.*?^\d{4}-\d{2}-\d{2}\n", re.M | re.S)

# a brand that articles name without a company cue: found in one, known in the others by pass 2
EXTRA = [
    ("黄石招商", "楚峰新材料落户黄石", "湖北楚峰新材料有限公司与黄石市商务局签约，楚峰新材料等企业投资5亿元建设锂电池隔膜项目。"),
    ("黄石招商", "隔膜项目开工", "楚峰新材料锂电池隔膜项目今日开工，黄石市商务局负责人出席。"),
    ("大冶市招商", "大冶湖高新区新项目", "大冶湖高新区引进楚峰新材料和三丰智能，总投资12亿元。"),
    ("黃石招商", "黃石市商務局簽約", "黃石市商務局與湖北楚峰新材料有限公司簽約，投資5億元建設鋰電池隔膜項目。"),
]


def reference(articles, res):
    """The two passes as the pipeline first wrote them, one article after another."""
    first = [extract_article(a, res) for a in articles]
    known = corpus_names(first)
    out = []
    for a, ex in zip(articles, first):
        seen = {m.text for m in ex.mentions}
        if any(name in a.title or name in a.text for name in known if name not in seen):
            ex = extract_article(a, res, known)
        out.append(ex)
    return out


def as_data(extractions):
    return [(e.article.id, repr(e.mentions), repr(e.facts), e.home_code) for e in extractions]


@pytest.fixture(scope="module")
def corpus(seed_dir, tmp_path_factory) -> Path:
    """The seed's eight short articles three times over (titles of their own), and four more."""
    blocks = [b for b in BLOCK.findall(next(seed_dir.glob("*.txt")).read_text(encoding="utf-8")) if len(b) < 3000]
    folder = tmp_path_factory.mktemp("pipeline") / "corpus"
    folder.mkdir()
    for k in range(3):
        (folder / f"{k}.txt").write_text("".join(b.replace("】", f"】第{k}期 ", 1) for b in blocks), encoding="utf-8")
    extra = "".join(f"-\n【{tag}】{title}\n{body}\n2024-05-{10 + i}\n" for i, (tag, title, body) in enumerate(EXTRA))
    (folder / "extra.txt").write_text(extra, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def articles(corpus):
    return read_articles([corpus]).articles


def test_pipeline_extract_corpus_equals_the_plain_two_pass_loop(articles):
    res = load_resources()
    expected = as_data(reference(articles, res))
    assert as_data(extract_corpus(articles, res)) == expected
    with extraction_workers(2, len(articles)) as workers:
        assert workers.count == 2
        assert as_data(extract_corpus(articles, res, workers=workers)) == expected


def test_pipeline_second_pass_happens_here(articles):
    """The corpus above does exercise pass 2 (else the test before proves little)."""
    res = load_resources()
    first = [extract_article(a, res) for a in articles]
    known = corpus_names(first)
    assert "楚峰新材料" in known
    again = [a for a, ex in zip(articles, first)
             if any(n in a.title + a.text for n in known if n not in {m.text for m in ex.mentions})]
    assert len(again) >= 2


@pytest.mark.parametrize("workers", [2, 3])
def test_pipeline_workers_write_identical_bytes(corpus, tmp_path, workers):
    outputs = {}
    for n in (1, workers):
        settings = Settings(validate=False, workers=n)
        out = tmp_path / f"w{n}"
        write_outputs(build([corpus], settings), out, settings)
        outputs[n] = ((out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes())
    assert outputs[1][0] == outputs[workers][0], "graph.ttl depends on the number of workers"
    assert outputs[1][1] == outputs[workers][1], "graph.html depends on the number of workers"


def test_pipeline_tokenizes_each_article_once(articles, monkeypatch):
    """Pass 2 reuses pass 1's tokens: jieba runs once per article, not once per pass."""
    calls = []
    real = text_module.segment         # jieba's segmentation, as tokenize runs it
    monkeypatch.setattr(text_module, "segment", lambda s: calls.append(s) or real(s))
    extract_corpus(articles, load_resources())
    assert len(calls) == len(articles)


def test_pipeline_token_lengths_round_trip():
    view = "黄石市" + "x" * 300 + "与楚峰新材料签约"
    tokens = text_module.tokenize(view)
    for_lengths = text_module.token_lengths(tokens)
    assert text_module.tokens_from_lengths(view, for_lengths) == tokens
    assert text_module.tokens_from_lengths("", text_module.token_lengths([])) == []


def test_pipeline_workers_plan():
    assert Workers(None, 1000).count == runner.default_workers()
    assert Workers(4, 10).count == 1          # too few articles to be worth a process
    assert Workers(1, 1000).count == 1


def test_pipeline_validation_sample_checks_whole_nodes(seed_build):
    from rdflib import RDF
    from rdflib.namespace import SH
    from kg.validate import validate_graph

    graph = seed_build.graph
    data, shapes = validation_sample(graph, limit=1000)
    assert 100 < len(data) < len(graph)
    assert set(data) == set(validation_sample(graph, limit=1000)[0])   # the same sample every run
    focus = set(shapes.objects(None, SH.targetNode))
    assert focus and not set(shapes.objects(None, SH.targetClass))
    for node in focus:                                          # a sampled node has all its triples
        assert set(data.predicate_objects(node)) == set(graph.predicate_objects(node))
    assert validate_graph(data, shapes_path=_write(shapes)).conforms
    # a broken node in the sample is found
    node = next(n for n in focus if (n, RDF.type, None) in data and data.value(n, RDF.type).endswith("Article"))
    data.remove((node, None, None))
    data.add((node, RDF.type, graph.value(node, RDF.type)))
    assert not validate_graph(data, shapes_path=_write(shapes)).conforms


def _write(g):
    import tempfile
    path = Path(tempfile.mkdtemp()) / "shapes.ttl"
    g.serialize(str(path), format="turtle")
    return path


def test_pipeline_compact_extractions_are_the_same(articles, tmp_path):
    res = load_resources()
    expected = as_data(reference(articles, res))
    compact = extract_corpus(articles, res, compact=True)
    assert isinstance(compact, Extractions) and len(compact) == len(articles)
    assert as_data(compact) == expected
    assert as_data([compact[i] for i in range(len(compact))]) == expected
    with ExtractionCache(tmp_path / "cache") as cache:         # filled compactly, read back either way
        assert as_data(extract_corpus(articles, res, cache=cache, compact=True)) == expected
    with ExtractionCache(tmp_path / "cache") as cache:
        assert as_data(extract_corpus(articles, res, cache=cache)) == expected


def test_pipeline_large_build_mode_writes_the_same_files(corpus, tmp_path, monkeypatch):
    """Above COMPACT_ABOVE articles a build keeps extractions pickled and writes without
    forking: the same graph.ttl and graph.html as a small build."""
    from click.testing import CliRunner
    from kg.cli import main
    for name, limit in (("small", 10**9), ("large", 0)):
        monkeypatch.setattr(pipeline, "COMPACT_ABOVE", limit)
        result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(tmp_path / name), "-q",
                                           "--no-validate", "--workers", "2"])
        assert result.exit_code == 0, result.output
    for file in ("graph.ttl", "graph.html"):
        assert (tmp_path / "small" / file).read_bytes() == (tmp_path / "large" / file).read_bytes()


def test_pipeline_large_build_is_checked_on_a_sample_of_its_stream(corpus, monkeypatch):
    monkeypatch.setattr(pipeline, "COMPACT_ABOVE", 0)
    # the corpus repeats bodies under new titles: kept apart, for a graph larger than the limit
    result = build([corpus], Settings(validate=False, workers=1, keep_reposts=True), keep_text=False)
    assert result.extractions == () and all(a.text == "" for a in result.articles)
    check(result, limit=1000)          # the sample conforms
    data, _ = validation_sample(result, limit=1000)
    assert 0 < len(data) < result.triple_count
    assert "graph" not in result.__dict__       # checked without making the whole rdflib graph


def test_pipeline_page_started_before_validation_writes_the_same_bytes(corpus, tmp_path):
    """build(page=True) draws graph.html in a forked process while it validates; write_outputs
    takes that page: the same files as a build that draws it in write_outputs."""
    settings = Settings(workers=2)
    early = build([corpus], settings, page=True)
    assert early.page is not None
    write_outputs(early, tmp_path / "early", settings)
    assert early.page is None
    late = build([corpus], settings)
    assert late.page is None
    write_outputs(late, tmp_path / "late", settings)
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "early" / name).read_bytes() == (tmp_path / "late" / name).read_bytes()
    one = Settings(workers=1)        # one worker: the page is drawn in write_outputs, not aside
    assert build([corpus], one, page=True).page is None


def test_pipeline_page_started_is_ended_when_validation_fails(corpus, monkeypatch):
    import kg.validate
    from kg.errors import ValidationError
    from kg.runner import Forked
    started = []
    real_init = Forked.__init__
    monkeypatch.setattr(Forked, "__init__", lambda self, fn: started.append(self) or real_init(self, fn))

    def refuse(result, **_):
        raise ValidationError("the graph does not conform (a test)")
    monkeypatch.setattr(kg.validate, "check", refuse)
    with pytest.raises(ValidationError):
        build([corpus], Settings(workers=2), page=True)
    assert started         # the page (and the repost merging before it) forked, and all ended
    assert not any(f._process.is_alive() for f in started)


def test_pipeline_reposts_merged_aside_give_the_same_build(corpus):
    """With two workers reposts are merged in a forked process (while this one loads the
    extraction's resources): the same articles, notes and graph as merged here."""
    aside = build([corpus], Settings(workers=2, validate=False))
    here = build([corpus], Settings(workers=1, validate=False))
    assert pipeline.dedup_aside(len(aside.articles), Settings(workers=2)) == runner.can_fork()
    assert not pipeline.dedup_aside(len(aside.articles), Settings(workers=1))
    assert here.notes and any(a.copies for a in here.articles)     # the corpus repeats its articles
    assert aside.articles == here.articles and aside.notes == here.notes and aside.linked == here.linked
