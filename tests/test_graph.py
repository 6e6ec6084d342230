"""The graph as a stream of subject blocks: the Turtle and the page made from it (and
from the records) say exactly what the rdflib graph of the same build says."""
from __future__ import annotations

import pytest
from rdflib import Graph

from kg import pipeline
from kg.export.outputs import write_turtle
from kg.export.html import EVIDENCE_PER_FACT, render_html, render_records
from kg.export.turtle import serialize, turtle_blocks
from kg.graph import namespaces
from kg.settings import Settings
from kg.validate import validation_sample

from conftest import article_block
from test_html import page_data as _page_data


def _streamed(result) -> Graph:
    text = "".join(turtle_blocks(result.blocks(), namespaces(result.base_iri)))
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def unseen_build(data_dir):
    return pipeline.build([data_dir / "unseen"], Settings(validate=False, workers=1))


@pytest.fixture(scope="module")
def repeated_build(tmp_path_factory):
    """One fact stated in 25 articles, each with its own title and date."""
    folder = tmp_path_factory.mktemp("repeated")
    sentence = "黄石市西塞山区与湖北华鑫新材料有限公司签约年产10万吨铝合金新材料项目，总投资5亿元。"
    text = "".join(article_block(sentence, title=f"签约报道{i}", date=f"2024-05-{i + 1:02d}") for i in range(25))
    (folder / "news.txt").write_text(text, encoding="utf-8")
    # the same body 25 times is one story reposted: kept apart here, as 25 reports of one fact
    return pipeline.build([folder], Settings(validate=False, workers=1, keep_reposts=True))


@pytest.mark.parametrize("name", ["seed_build", "unseen_build", "repeated_build"])
def test_streamed_turtle_is_the_graph(name, request):
    result = request.getfixturevalue(name)
    streamed = _streamed(result)
    assert len(streamed) == len(result.graph) == result.triple_count
    # read back through the same Turtle numbers (5 as decimal is written 5.0)
    assert set(streamed) == set(Graph().parse(data=serialize(result.graph).decode(), format="turtle"))


def test_blocks_list_each_subject_once_in_order(seed_build):
    subjects = [s for s, _ in seed_build.blocks()]
    assert len(subjects) == len(set(subjects)) == len(set(seed_build.graph.subjects()))
    articles = [s for s in subjects if "/article/" in s]
    assert subjects[:len(articles)] == sorted(articles)       # articles first, in IRI order
    entities = [s for s in subjects[len(articles):] if "/evidence/" not in s and "/amount/" not in s]
    assert entities == sorted(entities)


@pytest.mark.parametrize("name", ["seed_build", "unseen_build", "repeated_build"])
def test_page_from_records_is_the_page_from_the_graph(name, request):
    result = request.getfixturevalue(name)
    for max_nodes in (3000, 5):
        assert render_records(result.articles, result.linked, base_iri=result.base_iri, max_nodes=max_nodes) \
            == render_html(result.graph, max_nodes=max_nodes)


def test_page_lists_a_repeated_fact_a_few_times_but_keeps_its_articles(repeated_build):
    data = _page_data(render_records(repeated_build.articles, repeated_build.linked,
                                     base_iri=repeated_build.base_iri))
    by_fact: dict[tuple, list] = {}
    for e in data["evidence"]:
        by_fact.setdefault((e["rel"], e["s"], e["o"], e["oLabel"]), []).append(e)
    assert max(len(rows) for rows in by_fact.values()) == EVIDENCE_PER_FACT
    dates = [data["articles"][e["art"]]["date"] for rows in by_fact.values() for e in rows]
    assert max(dates) == f"2024-05-{EVIDENCE_PER_FACT:02d}"        # the earliest articles' sentences
    # every edge still knows all 25 articles that state it (the article and date filters use them)
    stated = [edge for edge in data["edges"] if edge["arts"]]     # partOf from the gazetteer has none
    assert stated and all(len(edge["arts"]) == 25 for edge in stated)


def test_validation_sample_of_a_build_is_that_of_its_graph(seed_build):
    from_build, shapes_build = validation_sample(seed_build, limit=1000)
    from_graph, shapes_graph = validation_sample(seed_build.graph, limit=1000)
    assert set(from_build) == set(from_graph)
    from rdflib.namespace import SH
    targets = set(shapes_build.subject_objects(SH.targetNode))
    assert targets and targets == set(shapes_graph.subject_objects(SH.targetNode))


@pytest.mark.parametrize("name", ["seed_build", "repeated_build"])
def test_turtle_written_in_parts_is_the_same(name, request, tmp_path):
    result = request.getfixturevalue(name)
    written = []
    for parts in (1, 2, 3, 5):
        path = tmp_path / f"graph{parts}.ttl"
        with open(path, "wb") as target:
            assert write_turtle(result, target, parts, tmp_path) == len(result.graph)
        written.append(path.read_bytes())
    assert all(w == written[0] for w in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph1.ttl", "graph2.ttl", "graph3.ttl", "graph5.ttl"]


def test_blocks_parts_make_the_whole(seed_build):
    whole = [s for s, _ in seed_build.blocks()]
    for n in (2, 3, 7):
        assert [s for k in range(n) for s, _ in seed_build.blocks(part=(k, n))] == whole
