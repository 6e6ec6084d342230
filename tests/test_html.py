"""Tests for kg.export.html: an offline, deterministic, injection-safe HTML page."""
from __future__ import annotations

import json
import os
import random
import re

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.errors import UsageError
from kg.export import html as kg_html
from kg.export.html import render_html, to_networkx, write_html
from kg.vocab import KG, SCHEMA

ID = "https://w3id.org/zskg/id/"

SAMPLE_TTL = """
@prefix kg: <https://w3id.org/zskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/zskg/id/> .

id:district\\/420000 a kg:District ; rdfs:label "湖北省"@zh ; kg:divisionCode "420000" ;
    kg:level "province" ; kg:mentionedIn id:article\\/a1 .
id:district\\/420200 a kg:District ; rdfs:label "黄石市"@zh ; skos:altLabel "黄石"@zh ;
    kg:divisionCode "420200" ; kg:level "city" ; kg:partOf id:district\\/420000 ;
    kg:mentionedIn id:article\\/a1 .
id:district\\/x00zone a kg:District, kg:DevelopmentZone ; rdfs:label "黄石经济技术开发区"@zh ;
    kg:level "zone" ; kg:partOf id:district\\/420200 ; kg:mentionedIn id:article\\/a1 .
id:company\\/c1 a kg:Company ; rdfs:label "劲牌有限公司"@zh ; skos:altLabel "劲牌"@zh ;
    kg:locatedIn id:district\\/420200 ; kg:mentionedIn id:article\\/a1 .
id:government\\/g1 a kg:GovernmentBody ; rdfs:label "黄石市商务局"@zh ;
    kg:jurisdiction id:district\\/420200 ; kg:mentionedIn id:article\\/a1 .
id:project\\/p1 a kg:Project ; rdfs:label "劲牌智能制造项目"@zh ; kg:investor id:company\\/c1 ;
    kg:locatedIn id:district\\/x00zone ; kg:investmentAmount id:amount\\/m1 ;
    kg:mentionedIn id:article\\/a1 .
id:amount\\/m1 a schema:MonetaryAmount ; schema:value "500000000"^^xsd:decimal ;
    schema:currency "CNY" .
id:event\\/e1 a kg:Event ; rdfs:label "黄石招商推介会"@zh ; kg:organizer id:government\\/g1 ;
    kg:locatedIn id:district\\/420200 ; kg:startDate "2019"^^xsd:gYear ;
    kg:mentionedIn id:article\\/a1 .
id:article\\/a1 a kg:Article ; schema:headline "劲牌项目落户黄石开发区"@zh ;
    schema:datePublished "2025-07-10"^^xsd:date ; kg:sourceTag "黄石招商" ;
    kg:sourceFile "000_91cd689a35f32709.txt" ; kg:sourceLine 2 .
id:evidence\\/v1 a kg:Evidence ; rdf:subject id:project\\/p1 ; rdf:predicate kg:locatedIn ;
    rdf:object id:district\\/x00zone ; prov:wasDerivedFrom id:article\\/a1 ;
    kg:evidenceText "劲牌智能制造项目落户黄石经济技术开发区。"@zh ; kg:charStart 12 ; kg:charEnd 31 .
"""

LABELS = ["湖北省", "黄石市", "黄石经济技术开发区", "劲牌有限公司", "黄石市商务局",
          "劲牌智能制造项目", "黄石招商推介会"]

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                      re.IGNORECASE)


def sample_graph() -> Graph:
    """The MODEL.md example: districts, company, government, project, event, article, evidence."""
    return Graph().parse(data=SAMPLE_TTL, format="turtle")


def shuffled(graph: Graph, seed: int) -> Graph:
    """The same triples added in a different order."""
    triples = sorted(graph)
    random.Random(seed).shuffle(triples)
    out = Graph()
    for triple in triples:
        out.add(triple)
    return out


def page_data(page: str) -> dict:
    """The JSON the page's script reads."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match, "kg-data block missing"
    return json.loads(match.group(1))


def without_vis(page: str) -> str:
    """The page minus the inlined vis-network library (whose source holds tag-like strings)."""
    return page.replace(kg_html._vis_js(), "")


def entity(graph: Graph, kind: str, key: str, label: str, cls=None) -> URIRef:
    """Add a core entity with a label and an article mention."""
    iri = URIRef(f"{ID}{kind}/{key}")
    graph.add((iri, RDF.type, cls or getattr(KG, kind.capitalize())))
    graph.add((iri, RDFS.label, Literal(label, lang="zh")))
    graph.add((iri, KG.mentionedIn, URIRef(f"{ID}article/a1")))
    return iri


def test_html_is_self_contained_utf8_page():
    page = render_html(sample_graph())
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert not EXTERNAL.search(page), EXTERNAL.search(page).group()
    for pattern in ('src="http', "src='http", 'href="http', "href='http", "url(http", "@import"):
        assert pattern not in page
    assert "<link" not in page
    assert "vis.Network" in page  # vis-network is inlined, not loaded


def test_html_contains_every_label_and_legend_entry():
    page = render_html(sample_graph())
    data = page_data(page)
    assert sorted(n["label"] for n in data["nodes"]) == sorted(LABELS)
    for label in LABELS:
        assert label in page
    for etype in kg_html.ENTITY_TYPES:
        assert f'data-type="{etype.key}"' in page
        assert f"{etype.zh} {etype.key}" in page
    types = {n["label"]: n["type"] for n in data["nodes"]}
    assert types["黄石经济技术开发区"] == "DevelopmentZone"
    assert types["黄石市"] == "District"
    assert types["劲牌智能制造项目"] == "Project"
    assert len({(data["types"][t]["shape"], data["types"][t]["color"]) for t in types.values()}) == 6


def test_html_edges_are_labelled_relations_and_values_stay_off_graph():
    data = page_data(render_html(sample_graph()))
    ids = {n["label"]: n["id"] for n in data["nodes"]}
    edges = {(e["from"], e["label"], e["to"]) for e in data["edges"]}
    assert (ids["劲牌智能制造项目"], "investor 投资方", ids["劲牌有限公司"]) in edges
    assert (ids["劲牌智能制造项目"], "locatedIn 位于", ids["黄石经济技术开发区"]) in edges
    assert (ids["黄石市"], "partOf 隶属于", ids["湖北省"]) in edges
    assert (ids["黄石市商务局"], "jurisdiction 管辖", ids["黄石市"]) in edges
    assert (ids["黄石招商推介会"], "organizer 主办方", ids["黄石市商务局"]) in edges
    assert len(data["edges"]) == 8
    assert not any("/amount/" in n["id"] or "/article/" in n["id"] for n in data["nodes"])


@pytest.mark.parametrize("label, expected", [
    ("黄石市", ["行政区 District", "黄石市", "别名 aliases: 黄石", "420200", "劲牌项目落户黄石开发区 (2025-07-10)"]),
    ("劲牌智能制造项目", ["项目 Project", "5亿 CNY (500000000)"]),
    ("黄石招商推介会", ["活动 Event", "时间 date: 2019"]),
])
def test_html_tooltip_lists_facts_as_plain_text(label, expected):
    data = page_data(render_html(sample_graph()))
    tip = next(n["tip"] for n in data["nodes"] if n["label"] == label)
    for text in expected:
        assert text in tip


def test_html_panel_details_include_relations_and_evidence():
    data = page_data(render_html(sample_graph()))
    project = next(n["id"] for n in data["nodes"] if n["label"] == "劲牌智能制造项目")
    details = data["details"][project]
    assert {(r["dir"], r["rel"], r["otherLabel"]) for r in details["relations"]} == {
        ("out", "investor", "劲牌有限公司"), ("out", "locatedIn", "黄石经济技术开发区")}
    [evidence] = details["evidence"]
    assert evidence["text"] == "劲牌智能制造项目落户黄石经济技术开发区。"
    assert (evidence["headline"], evidence["date"]) == ("劲牌项目落户黄石开发区", "2025-07-10")
    zone = next(n["id"] for n in data["nodes"] if n["label"] == "黄石经济技术开发区")
    assert data["details"][zone]["evidence"] == [evidence]


def test_html_is_byte_identical_for_same_and_shuffled_graphs():
    graph = sample_graph()
    first = render_html(graph)
    assert render_html(graph) == first
    for seed in range(3):
        assert render_html(shuffled(graph, seed)) == first


HOSTILE = [
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\"quoted' & <b>bold</b>\nnew line\x07\u2028end",
    "<!--<script>",
]


def test_html_hostile_text_is_never_markup():
    graph = sample_graph()
    c1 = URIRef(f"{ID}company/c1")
    graph.remove((c1, RDFS.label, None))
    graph.add((c1, RDFS.label, Literal(HOSTILE[0], lang="zh")))
    graph.add((c1, SKOS.altLabel, Literal(HOSTILE[1], lang="zh")))
    graph.set((URIRef(f"{ID}article/a1"), SCHEMA.headline, Literal(HOSTILE[2], lang="zh")))
    graph.set((URIRef(f"{ID}evidence/v1"), KG.evidenceText, Literal(HOSTILE[3], lang="zh")))
    page = render_html(graph, title="<b>标题</b> & </title>")
    ours = without_vis(page)
    assert "</script><script>alert" not in page
    assert "<img src=x" not in page
    assert "<b>" not in ours
    assert "<!--" not in page
    assert "\u2028" not in page
    assert ours.count("</script>") == ours.count("<script") == 3
    assert "<title>&lt;b&gt;标题&lt;/b&gt; &amp; &lt;/title&gt;</title>" in page
    data = page_data(page)
    details = data["details"][str(c1)]
    assert details["label"] == HOSTILE[0]
    assert HOSTILE[1] in details["aliases"]
    assert details["articles"][0]["headline"] == HOSTILE[2]
    assert "innerHTML" not in ours and "insertAdjacentHTML" not in ours


def test_html_truncates_to_most_connected_nodes():
    graph = Graph()
    hub = entity(graph, "district", "420200", "黄石市")
    companies = [entity(graph, "company", f"c{i}", f"公司{i}") for i in range(4)]
    for company in companies:
        graph.add((company, KG.locatedIn, hub))
    graph.add((companies[3], KG.partOf, companies[2]))
    for i in range(3):
        entity(graph, "event", f"e{i}", f"孤立活动{i}")
    page = render_html(graph, max_nodes=3)
    data = page_data(page)
    assert sorted(n["label"] for n in data["nodes"]) == ["公司2", "公司3", "黄石市"]
    assert "showing 3 of 8 nodes" in page
    assert "孤立活动" not in page
    assert "showing" not in render_html(graph)
    with pytest.raises(UsageError):
        render_html(graph, max_nodes=0)


def test_html_positions_are_fixed_and_physics_off():
    data = page_data(render_html(sample_graph()))
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) == len(data["nodes"])
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    sizes = {n["label"]: n["size"] for n in data["nodes"]}
    assert sizes["黄石市"] > sizes["湖北省"]  # size grows with degree
    assert "physics: { enabled: false }" in kg_html._APP_JS


def test_html_to_networkx_reads_model():
    nxg = to_networkx(sample_graph())
    assert nxg.number_of_nodes() == 7
    assert nxg.has_edge(f"{ID}project/p1", f"{ID}company/c1", key="investor")
    assert nxg.nodes[f"{ID}district/420200"]["code"] == "420200"


def test_html_write_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    write_html(sample_graph(), target)
    assert target.read_text(encoding="utf-8") == render_html(sample_graph())
    assert os.listdir(tmp_path) == ["graph.html"]

    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(kg_html.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_html(sample_graph(), target)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["graph.html"]
    monkeypatch.undo()

    with pytest.raises(UsageError):
        write_html(sample_graph(), target, max_nodes=0)
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["graph.html"]

    write_html(sample_graph(), target, title="新标题")
    assert "<title>新标题</title>" in target.read_text(encoding="utf-8")
    assert os.listdir(tmp_path) == ["graph.html"]


def test_html_large_graph_layout_is_deterministic():
    graph = Graph()
    hubs = [entity(graph, "district", f"42{i:04d}", f"区{i}") for i in range(12)]
    for i in range(300):
        company = entity(graph, "company", f"c{i:03d}", f"公司{i}")
        graph.add((company, KG.locatedIn, hubs[i % 12]))
        if i % 3 == 0:
            graph.add((company, KG.partOf, hubs[(i * 7) % 12]))
    first = render_html(graph)
    assert render_html(shuffled(graph, 1)) == first
    data = page_data(first)
    assert len(data["nodes"]) == 312
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == 312


def test_html_empty_graph_renders_a_page():
    data = page_data(render_html(Graph()))
    assert data["nodes"] == [] and data["edges"] == []
