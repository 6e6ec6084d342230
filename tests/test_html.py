"""Tests for kg.export.html: an offline, deterministic, injection-safe page for exploring the graph."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

from kg.cli import main
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
id:government\\/g1 a kg:GovernmentBody ; rdfs:label "黄石市商务局"@zh ; skos:altLabel "市商务局"@zh ;
    kg:jurisdiction id:district\\/420200 ; kg:mentionedIn id:article\\/a1, id:article\\/a2 .
id:project\\/p1 a kg:Project ; rdfs:label "劲牌智能制造项目"@zh ; kg:investor id:company\\/c1 ;
    kg:locatedIn id:district\\/x00zone ; kg:investmentAmount id:amount\\/m1 ;
    kg:mentionedIn id:article\\/a1 .
id:amount\\/m1 a schema:MonetaryAmount ; schema:value "500000000"^^xsd:decimal ;
    schema:currency "CNY" .
id:event\\/e1 a kg:Event ; rdfs:label "黄石招商推介会"@zh ; kg:organizer id:government\\/g1 ;
    kg:locatedIn id:district\\/420200 ; kg:startDate "2019"^^xsd:gYear ;
    kg:mentionedIn id:article\\/a2 .
id:article\\/a1 a kg:Article ; schema:headline "劲牌项目落户黄石开发区"@zh ;
    schema:datePublished "2025-07-10"^^xsd:date ; kg:sourceTag "黄石招商" ;
    kg:sourceFile "000_91cd689a35f32709.txt" ; kg:sourceLine 2 .
id:article\\/a2 a kg:Article ; schema:headline "黄石举办招商推介会"@zh ;
    schema:datePublished "2024-01-05"^^xsd:date ; kg:sourceTag "黄石招商" ;
    kg:sourceFile "000_91cd689a35f32709.txt" ; kg:sourceLine 9 .
id:evidence\\/v1 a kg:Evidence ; rdf:subject id:project\\/p1 ; rdf:predicate kg:locatedIn ;
    rdf:object id:district\\/x00zone ; prov:wasDerivedFrom id:article\\/a1 ;
    kg:evidenceText "劲牌智能制造项目落户黄石经济技术开发区。"@zh ; kg:charStart 12 ; kg:charEnd 31 .
id:evidence\\/v2 a kg:Evidence ; rdf:subject id:event\\/e1 ; rdf:predicate kg:organizer ;
    rdf:object id:government\\/g1 ; prov:wasDerivedFrom id:article\\/a2 ;
    kg:evidenceText "市商务局主办了黄石招商推介会。"@zh ; kg:charStart 0 ; kg:charEnd 15 .
id:evidence\\/v3 a kg:Evidence ; rdf:subject id:project\\/p1 ; rdf:predicate kg:investmentAmount ;
    rdf:object id:amount\\/m1 ; prov:wasDerivedFrom id:article\\/a1 ;
    kg:evidenceText "劲牌智能制造项目总投资5亿元。"@zh ; kg:charStart 32 ; kg:charEnd 46 .
"""

LABELS = ["湖北省", "黄石市", "黄石经济技术开发区", "劲牌有限公司", "黄石市商务局",
          "劲牌智能制造项目", "黄石招商推介会"]

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                      re.IGNORECASE)
SCRIPT = re.compile(r"<script( [^>]*)?>(.*?)</script>", re.S)


def sample_graph() -> Graph:
    """The MODEL.md example: districts, company, government, project, event, two articles, evidence."""
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


def node_ids(data: dict) -> dict[str, str]:
    """Label -> IRI of the drawn nodes."""
    return {n["label"]: n["id"] for n in data["nodes"]}


def without_vis(page: str) -> str:
    """The page minus the inlined vis-network library (whose source holds tag-like strings)."""
    return page.replace(kg_html.vis_js(), "")


def entity(graph: Graph, kind: str, key: str, label: str, cls=None) -> URIRef:
    """Add a core entity with a label and an article mention."""
    iri = URIRef(f"{ID}{kind}/{key}")
    graph.add((iri, RDF.type, cls or getattr(KG, kind.capitalize())))
    graph.add((iri, RDFS.label, Literal(label, lang="zh")))
    graph.add((iri, KG.mentionedIn, URIRef(f"{ID}article/a1")))
    return iri


# --- an offline page

def test_html_is_self_contained_utf8_page():
    page = render_html(sample_graph())
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert not EXTERNAL.search(page), EXTERNAL.search(page).group()
    for pattern in ('src="http', "src='http", 'href="http', "href='http", "url(http", "@import"):
        assert pattern not in page
    assert "<link" not in page and "<img" not in without_vis(page)
    assert "vis.Network" in page  # vis-network is inlined, not loaded


def test_html_csp_runs_only_the_pages_own_scripts():
    page = render_html(sample_graph())
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    allowed = set(directives["script-src"].split())
    code = [body for attrs, body in SCRIPT.findall(page) if not attrs]
    assert len(code) == 2  # vis-network and the page's own script; the data block is JSON
    expected = {f"'sha256-{base64.b64encode(hashlib.sha256(c.encode()).digest()).decode()}'" for c in code}
    assert allowed == expected  # no 'unsafe-inline': injected handlers or scripts cannot run


# --- legend, shapes, relations

def test_html_contains_every_label_and_legend_entry():
    page = render_html(sample_graph())
    data = page_data(page)
    assert sorted(n["label"] for n in data["nodes"]) == sorted(LABELS)
    for etype in kg_html.ENTITY_TYPES:
        assert f'data-type="{etype.name}"' in page
        assert f'class="kg-filter" value="{etype.name}" checked' in page
        assert f"{etype.zh} {etype.name}" in page
    types = {n["label"]: n["type"] for n in data["nodes"]}
    assert types["黄石经济技术开发区"] == "DevelopmentZone"
    assert types["黄石市"] == "District"
    assert types["劲牌智能制造项目"] == "Project"
    assert len({(data["types"][t]["shape"], data["types"][t]["color"]) for t in types.values()}) == 6


def test_html_relation_legend_filters_each_relation():
    page = render_html(sample_graph())
    data = page_data(page)
    keys = [r.name for r in kg_html.RELATIONS]
    assert data["relationOrder"] == keys
    assert len({data["relations"][k]["color"] for k in keys}) == len(keys)
    for relation in kg_html.RELATIONS:
        assert f'data-rel="{relation.name}"' in page
        assert f'class="kg-rel-filter" value="{relation.name}" checked' in page
        assert data["relations"][relation.name]["label"] == f"{relation.name} {relation.zh}"


def test_html_edges_are_relations_and_values_stay_off_graph():
    data = page_data(render_html(sample_graph()))
    ids = node_ids(data)
    edges = {(e["from"], e["rel"], e["to"]) for e in data["edges"]}
    assert (ids["劲牌智能制造项目"], "investor", ids["劲牌有限公司"]) in edges
    assert (ids["劲牌智能制造项目"], "locatedIn", ids["黄石经济技术开发区"]) in edges
    assert (ids["黄石市"], "partOf", ids["湖北省"]) in edges
    assert (ids["黄石市商务局"], "jurisdiction", ids["黄石市"]) in edges
    assert (ids["黄石招商推介会"], "organizer", ids["黄石市商务局"]) in edges
    assert len(data["edges"]) == 8
    assert not any("/amount/" in n["id"] or "/article/" in n["id"] for n in data["nodes"])


# --- the details panel's data

@pytest.mark.parametrize("label, key, expected", [
    ("黄石市", "aliases", ["黄石"]),
    ("黄石市", "code", "420200"),
    ("黄石市", "level", "city"),
    ("黄石市商务局", "aliases", ["市商务局"]),
    ("劲牌智能制造项目", "amounts", ["5亿 CNY (500000000)"]),
    ("黄石招商推介会", "dates", ["2019"]),
    ("湖北省", "aliases", []),
])
def test_html_details_hold_names_codes_and_values(label, key, expected):
    data = page_data(render_html(sample_graph()))
    assert data["details"][node_ids(data)[label]][key] == expected


def test_html_panel_details_include_relations_and_evidence():
    data = page_data(render_html(sample_graph()))
    ids = node_ids(data)
    details = data["details"][ids["劲牌智能制造项目"]]
    assert {(r["dir"], r["rel"], r["otherLabel"]) for r in details["relations"]} == {
        ("out", "investor", "劲牌有限公司"), ("out", "locatedIn", "黄石经济技术开发区")}
    sentences = [data["evidence"][i] for i in details["evidence"]]
    assert [(e["rel"], e["text"], e["oLabel"]) for e in sentences] == [
        ("locatedIn", "劲牌智能制造项目落户黄石经济技术开发区。", "黄石经济技术开发区"),
        ("investmentAmount", "劲牌智能制造项目总投资5亿元。", "5亿 CNY (500000000)"),
    ]
    article = data["articles"][sentences[0]["art"]]
    assert (article["headline"], article["date"]) == ("劲牌项目落户黄石开发区", "2025-07-10")
    zone = data["details"][ids["黄石经济技术开发区"]]
    assert [data["evidence"][i]["text"] for i in zone["evidence"]] == ["劲牌智能制造项目落户黄石经济技术开发区。"]


def test_html_articles_by_date_point_to_nodes_and_edges():
    data = page_data(render_html(sample_graph()))
    ids = node_ids(data)
    assert [(a["date"], a["headline"]) for a in data["articles"]] == [
        ("2024-01-05", "黄石举办招商推介会"), ("2025-07-10", "劲牌项目落户黄石开发区")]
    arts = {n["label"]: n["arts"] for n in data["nodes"]}
    assert arts["黄石招商推介会"] == [0]
    assert arts["黄石市商务局"] == [0, 1]
    assert arts["劲牌有限公司"] == [1]
    by_edge = {(e["from"], e["rel"], e["to"]): e["arts"] for e in data["edges"]}
    assert by_edge[(ids["黄石招商推介会"], "organizer", ids["黄石市商务局"])] == [0]
    assert by_edge[(ids["劲牌智能制造项目"], "locatedIn", ids["黄石经济技术开发区"])] == [1]
    assert by_edge[(ids["黄石市"], "partOf", ids["湖北省"])] == []  # no evidence: shown with its ends


def test_html_sizes_by_degree_and_by_investment():
    data = page_data(render_html(sample_graph()))
    nodes = {n["label"]: n for n in data["nodes"]}
    assert nodes["黄石市"]["size"] > nodes["湖北省"]["size"]  # more connections, bigger
    assert nodes["劲牌智能制造项目"]["invest"] == 500000000
    assert nodes["劲牌有限公司"]["invest"] == 500000000  # the investor carries its project's amount
    assert nodes["黄石经济技术开发区"]["invest"] == 500000000  # so does the place it is in
    assert nodes["黄石市"]["invest"] == 0
    assert nodes["劲牌智能制造项目"]["sizeInvest"] == 50
    assert nodes["黄石市"]["sizeInvest"] < nodes["劲牌智能制造项目"]["sizeInvest"]


# --- determinism and safety

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
    assert next(n for n in data["nodes"] if n["id"] == str(c1))["label"] == HOSTILE[0]
    assert HOSTILE[1] in data["details"][str(c1)]["aliases"]
    assert HOSTILE[2] in [a["headline"] for a in data["articles"]]
    assert HOSTILE[3] in [e["text"] for e in data["evidence"]]
    assert "innerHTML" not in ours and "insertAdjacentHTML" not in ours and "document.write" not in ours


# --- large graphs

def test_html_truncates_to_most_connected_nodes_and_says_what_was_left_out():
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
    note = re.search(r'<p id="kg-note">(.*?)</p>', page).group(1)
    assert "showing 3 of 8 nodes" in note
    assert "未显示 5 个：2 企业、3 活动" in note
    assert "--html-max-nodes" in note
    # left out of the drawing, still findable by name
    assert [o[0] for o in data["omitted"]] == ["公司0", "公司1", "孤立活动0", "孤立活动1", "孤立活动2"]
    assert 'id="kg-note"' not in render_html(graph)
    with pytest.raises(UsageError):
        render_html(graph, max_nodes=0)


def test_html_positions_are_fixed_and_physics_off():
    page = render_html(sample_graph())
    data = page_data(page)
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) == len(data["nodes"])
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert "physics: { enabled: false }" in without_vis(page)


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
    assert data["nodes"] == [] and data["edges"] == [] and data["articles"] == []


# --- reading and writing

def test_html_to_networkx_reads_model():
    nxg = to_networkx(sample_graph())
    assert nxg.number_of_nodes() == 7
    assert nxg.has_edge(f"{ID}project/p1", f"{ID}company/c1", key="investor")
    assert nxg.nodes[f"{ID}district/420200"]["code"] == "420200"
    assert nxg.nodes[f"{ID}project/p1"]["invested"] == 500000000


def test_html_write_is_atomic(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    write_html(sample_graph(), target)
    assert target.read_text(encoding="utf-8") == render_html(sample_graph())
    assert os.listdir(tmp_path) == ["graph.html"]

    target.write_text("old", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
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


# A hand-written file with another base IRI and prefix names: not a fresh build.
OTHER_TTL = """
@prefix kg: <https://w3id.org/zskg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
@prefix ex: <http://example.org/kg/> .

ex:xiangyang a kg:District ; rdfs:label "襄阳市"@zh ; kg:divisionCode "420600" ; kg:mentionedIn ex:news1 .
ex:chufeng a kg:Company ; rdfs:label "湖北楚峰新材料有限公司"@zh ; skos:altLabel "楚峰"@zh ;
    kg:locatedIn ex:xiangyang ; kg:mentionedIn ex:news1 .
ex:plant a kg:Project ; rdfs:label "楚峰新材料产业园"@zh ; kg:investor ex:chufeng ; kg:locatedIn ex:xiangyang .
ex:news1 a kg:Article ; schema:headline "襄阳市签约一批重点项目"@zh .
"""


def test_html_view_command_draws_any_turtle_that_follows_the_ontology(tmp_path, monkeypatch):
    source = tmp_path / "other.ttl"
    source.write_text(OTHER_TTL, encoding="utf-8")
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    result = CliRunner().invoke(main, ["view", str(source), "--open"])
    assert result.exit_code == 0, result.output
    target = tmp_path / "other.html"
    assert result.stdout == f"wrote {target}\n"
    assert opened == [target.resolve().as_uri()]
    data = page_data(target.read_text(encoding="utf-8"))
    assert sorted(n["label"] for n in data["nodes"]) == sorted(["襄阳市", "楚峰新材料产业园", "湖北楚峰新材料有限公司"])
    assert {e["rel"] for e in data["edges"]} == {"investor", "locatedIn"}
    assert [(a["headline"], a["date"]) for a in data["articles"]] == [("襄阳市签约一批重点项目", "")]
    assert data["details"]["http://example.org/kg/xiangyang"]["code"] == "420600"


# --- one set of names and counts: the build's summary, the page, the ontology ---

def test_html_counts_match_the_build_summary_and_the_ontology(seed_dir, tmp_path):
    result = CliRunner().invoke(main, ["build", str(seed_dir), "--out", str(tmp_path), "-q", "--no-validate"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.splitlines()[0]
    match = re.match(r"(\d+) articles -> (\d+) entities \((.*)\), (\d+) relations between entities, "
                     r"(\d+) values \(amounts, dates\), (\d+) triples$", summary)
    assert match, summary
    by_type = {name: int(n) for n, name in (part.split(" ") for part in match.group(3).split(", "))}
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    legend = dict(re.findall(r'data-type="(\w+)">.*?<span class="kg-count">(\d+)</span>', page))
    assert {k: int(v) for k, v in legend.items() if int(v)} == by_type
    relations = [int(n) for n in re.findall(r'data-rel="\w+">.*?<span class="kg-count">(\d+)</span>', page)]
    data = page_data(page)
    assert sum(relations) == len(data["edges"]) == int(match.group(4))
    assert sum(by_type.values()) == len(data["nodes"]) == int(match.group(2))
    stats = re.search(r'<span id="kg-stats" title="([^"]*)">([^<]*)</span>', page)
    assert stats.group(2) == f"{len(data['nodes'])} 节点 nodes · {len(data['edges'])} 边 edges"
    assert "an edge is one relation between two entities" in stats.group(1)
    # the names are the ontology's classes and properties
    from kg.vocab import ONTOLOGY_FILE
    ontology = Graph().parse(ONTOLOGY_FILE)
    for name in list(legend) + re.findall(r'data-rel="(\w+)"', page):
        assert (KG[name], None, None) in ontology, name


# --- layout: leaves on rings around their hub, nothing on top of anything else ---

def test_html_layout_leaves_ring_their_hub_and_nodes_keep_apart(seed_build):
    import math

    from kg.export.html import FIRST_RING, PIXELS_PER_UNIT, RING_GAP, layout, select_nodes

    nxg = to_networkx(seed_build.graph)
    sub = nxg.subgraph(select_nodes(nxg, 3000))
    pos = layout(sub)
    undirected = sub.to_undirected()
    hubs = {}
    for n in undirected:
        if undirected.degree(n) == 1:
            (hub,) = set(undirected[n])
            if undirected.degree(hub) > 1:
                hubs[n] = hub
    assert len(hubs) > 100
    for leaf, hub in hubs.items():
        d = math.dist(pos[leaf], pos[hub]) / PIXELS_PER_UNIT
        ring = (d - FIRST_RING) / RING_GAP
        assert abs(ring - round(ring)) < 0.02 and ring > -0.02, (leaf, hub, d)
    points = sorted(pos.values())
    nearest = min(math.dist(a, b) for i, a in enumerate(points) for b in points[i + 1:])
    assert nearest >= 0.3 * PIXELS_PER_UNIT


def test_html_same_bytes_whatever_the_hash_seed(repo_dir, tmp_path):
    """Layout and communities never depend on set order (string hashes vary by process)."""
    import subprocess
    import sys

    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"view{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-m", "kg", "view", str(repo_dir / "output" / "graph.ttl"), "--out", str(out)],
                              env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
