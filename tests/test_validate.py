"""Tests for kg.validate: SHACL shapes on a small graph that follows ontology/MODEL.md."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from rdflib.namespace import SKOS

from kg.validate import MAX_PROBLEMS, ValidationReport, load_graph, validate_graph
from kg.vocab import KG, PROV, SCHEMA

ID = Namespace("https://w3id.org/zskg/id/")

PREFIXES = """
@prefix kg:         <https://w3id.org/zskg/ontology#> .
@prefix rdf:        <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:       <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:       <http://www.w3.org/2004/02/skos/core#> .
@prefix schema:     <http://schema.org/> .
@prefix prov:       <http://www.w3.org/ns/prov#> .
@prefix xsd:        <http://www.w3.org/2001/XMLSchema#> .
@prefix district:   <https://w3id.org/zskg/id/district/> .
@prefix company:    <https://w3id.org/zskg/id/company/> .
@prefix government: <https://w3id.org/zskg/id/government/> .
@prefix project:    <https://w3id.org/zskg/id/project/> .
@prefix event:      <https://w3id.org/zskg/id/event/> .
@prefix article:    <https://w3id.org/zskg/id/article/> .
@prefix amount:     <https://w3id.org/zskg/id/amount/> .
@prefix evidence:   <https://w3id.org/zskg/id/evidence/> .
"""

GOOD = PREFIXES + """
district:420000 a kg:District ; rdfs:label "湖北省"@zh ; skos:altLabel "湖北"@zh , "鄂"@zh ;
    kg:divisionCode "420000" ; kg:level "province" ; kg:mentionedIn article:a01 .
district:420200 a kg:District ; rdfs:label "黄石市"@zh ; skos:altLabel "黄石"@zh ;
    kg:divisionCode "420200" ; kg:level "city" ; kg:partOf district:420000 ;
    kg:mentionedIn article:a01 .
district:xa1 a kg:District , kg:DevelopmentZone ; rdfs:label "大冶湖高新区"@zh ;
    kg:level "zone" ; kg:partOf district:420200 ; kg:mentionedIn article:a01 .

company:c1 a kg:Company ; rdfs:label "浙江德昱汽车零部件有限公司"@zh ;
    skos:altLabel "德昱"@zh ; kg:locatedIn district:420200 ; kg:mentionedIn article:a01 .
government:g1 a kg:GovernmentBody ; rdfs:label "黄石市商务局"@zh ;
    skos:altLabel "市商务局"@zh ; kg:jurisdiction district:420200 ; kg:mentionedIn article:a01 .

project:p1 a kg:Project ; rdfs:label "轻量化汽车结构件生产基地"@zh ;
    kg:investor company:c1 ; kg:locatedIn district:xa1 ;
    kg:investmentAmount amount:m1 ; kg:mentionedIn article:a01 .
amount:m1 a schema:MonetaryAmount ;
    schema:value "500000000"^^xsd:decimal ; schema:currency "CNY" .

event:e1 a kg:Event ; rdfs:label "第三届中国(黄石)工业互联网创新发展大会"@zh ;
    kg:organizer government:g1 ; kg:locatedIn district:420200 ;
    kg:startDate "2020-06-30"^^xsd:date ; kg:mentionedIn article:a01 .

article:a01 a kg:Article ; schema:headline "德昱汽车零部件项目落户黄石"@zh ;
    schema:datePublished "2025-07-10"^^xsd:date ; kg:sourceTag "黄石招商" ;
    kg:sourceFile "000_91cd689a35f32709.txt" ; kg:sourceLine 2 .

evidence:v1 a kg:Evidence ;
    rdf:subject project:p1 ; rdf:predicate kg:investor ;
    rdf:object company:c1 ; prov:wasDerivedFrom article:a01 ;
    kg:evidenceText "浙江德昱汽车零部件有限公司投资建设轻量化汽车结构件生产基地。"@zh ;
    kg:charStart 0 ; kg:charEnd 31 .
"""

COMPANY = ID["company/c1"]
GOVERNMENT = ID["government/g1"]
PROJECT = ID["project/p1"]
EVENT = ID["event/e1"]
AMOUNT = ID["amount/m1"]
CITY = ID["district/420200"]
ZONE = ID["district/xa1"]
ARTICLE = ID["article/a01"]
EVIDENCE = ID["evidence/v1"]


def graph_with(remove=(), add="") -> Graph:
    """The good graph, less the triple patterns in ``remove``, plus Turtle ``add``."""
    graph = Graph().parse(data=GOOD, format="turtle")
    for pattern in remove:
        graph.remove(pattern)
    if add:
        graph.parse(data=PREFIXES + add, format="turtle")
    return graph


@pytest.mark.parametrize("inference", ["none", "rdfs"])
def test_validate_good_graph_conforms(inference):
    report = validate_graph(graph_with(), inference=inference)
    assert report.conforms, report.text
    assert report.problems == ()


# (id, triples to remove, Turtle to add) — each must still conform.
CONFORMING = [
    (
        "zone typed only DevelopmentZone is a District",
        [(PROJECT, KG.locatedIn, None)],
        """district:xa2 a kg:DevelopmentZone ; rdfs:label "城西北工业园"@zh ;
               kg:partOf district:420200 ; kg:mentionedIn article:a01 .
           project:p1 kg:locatedIn district:xa2 .
           company:c1 kg:locatedIn district:xa2 .
           district:xa1 kg:partOf district:xa2 .""",
    ),
    ("government body as investor", [], "project:p1 kg:investor government:g1 ."),
    ("company as organizer", [], "event:e1 kg:organizer company:c1 ."),
    (
        "startDate as gYearMonth",
        [(EVENT, KG.startDate, None)],
        'event:e1 kg:startDate "2020-06"^^xsd:gYearMonth .',
    ),
    ("startDate as gYear", [(EVENT, KG.startDate, None)], 'event:e1 kg:startDate "2020"^^xsd:gYear .'),
    ("label tagged zh-Hans", [(COMPANY, RDFS.label, None)], 'company:c1 rdfs:label "德昱公司"@zh-Hans .'),
    ("no optional properties", [(CITY, KG.divisionCode, None), (EVENT, KG.startDate, None)], ""),
    (
        "12-digit town code",
        [],
        """district:420281100000 a kg:District ; rdfs:label "罗家桥街道"@zh ;
               kg:divisionCode "420281100000" ; kg:level "town" ; kg:mentionedIn article:a01 .""",
    ),
]


@pytest.mark.parametrize("inference", ["none", "rdfs"])
@pytest.mark.parametrize(
    ("remove", "add"), [row[1:] for row in CONFORMING], ids=[row[0] for row in CONFORMING]
)
def test_validate_variant_conforms(remove, add, inference):
    report = validate_graph(graph_with(remove, add), inference=inference)
    assert report.conforms, report.text


# (id, triples to remove, Turtle to add, text that some problem line contains).
BROKEN = [
    ("missing label", [(COMPANY, RDFS.label, None)], "", "(path rdfs:label)"),
    (
        "label without @zh",
        [(COMPANY, RDFS.label, None)],
        'company:c1 rdfs:label "浙江德昱汽车零部件有限公司" .',
        "(path rdfs:label)",
    ),
    ("extra English label", [], 'company:c1 rdfs:label "Deyu Auto Parts"@en .', "(path rdfs:label)"),
    ("two zh labels", [], 'district:420200 rdfs:label "黄石"@zh .', "(path rdfs:label)"),
    ("altLabel without language", [], 'district:420200 skos:altLabel "Huangshi" .', "(path skos:altLabel)"),
    ("missing mentionedIn", [(EVENT, KG.mentionedIn, None)], "", "(path kg:mentionedIn)"),
    (
        "mentionedIn to a non-article",
        [(GOVERNMENT, KG.mentionedIn, None)],
        "government:g1 kg:mentionedIn district:420200 .",
        "(path kg:mentionedIn)",
    ),
    ("investor is a District", [], "project:p1 kg:investor district:420200 .", "(path kg:investor)"),
    (
        "project locatedIn a Company",
        [(PROJECT, KG.locatedIn, None)],
        "project:p1 kg:locatedIn company:c1 .",
        "(path kg:locatedIn)",
    ),
    ("company locatedIn a literal", [], 'company:c1 kg:locatedIn "黄石" .', "(path kg:locatedIn)"),
    ("partOf a GovernmentBody", [], "district:420200 kg:partOf government:g1 .", "(path kg:partOf)"),
    (
        "jurisdiction is a Company",
        [],
        "government:g1 kg:jurisdiction company:c1 .",
        "(path kg:jurisdiction)",
    ),
    ("organizer is a District", [], "event:e1 kg:organizer district:420200 .", "(path kg:organizer)"),
    (
        "currency in lower case",
        [(AMOUNT, SCHEMA.currency, None)],
        'amount:m1 schema:currency "cny" .',
        "(path schema:currency)",
    ),
    (
        "amount value as text",
        [(AMOUNT, SCHEMA.value, None)],
        'amount:m1 schema:value "5亿" .',
        "(path schema:value)",
    ),
    ("amount without value", [(AMOUNT, SCHEMA.value, None)], "", "(path schema:value)"),
    (
        "untyped amount node",
        [(AMOUNT, RDF.type, None), (AMOUNT, SCHEMA.currency, None)],
        "",
        "(path schema:currency)",
    ),
    (
        "startDate as plain string",
        [(EVENT, KG.startDate, None)],
        'event:e1 kg:startDate "2020年6月30日" .',
        "(path kg:startDate)",
    ),
    ("two startDates", [], 'event:e1 kg:startDate "2020"^^xsd:gYear .', "(path kg:startDate)"),
    (
        "divisionCode too short",
        [(CITY, KG.divisionCode, None)],
        'district:420200 kg:divisionCode "42020" .',
        "(path kg:divisionCode)",
    ),
    ("unknown level", [(CITY, KG.level, None)], 'district:420200 kg:level "prefecture" .', "(path kg:level)"),
    ("article without headline", [(ARTICLE, SCHEMA.headline, None)], "", "(path schema:headline)"),
    (
        "datePublished as string",
        [(ARTICLE, SCHEMA.datePublished, None)],
        'article:a01 schema:datePublished "2025年7月10日" .',
        "(path schema:datePublished)",
    ),
    ("evidence without subject", [(EVIDENCE, RDF.subject, None)], "", "(path rdf:subject)"),
    (
        "evidence from a non-article",
        [(EVIDENCE, PROV.wasDerivedFrom, None)],
        "evidence:v1 prov:wasDerivedFrom district:420200 .",
        "(path prov:wasDerivedFrom)",
    ),
    ("evidence without text", [(EVIDENCE, KG.evidenceText, None)], "", "(path kg:evidenceText)"),
    (
        "evidence ends before it starts",
        [(EVIDENCE, KG.charEnd, None)],
        "evidence:v1 kg:charEnd 0 .",
        "(path kg:charStart)",
    ),
    (
        "entity as a blank node",
        [],
        '[] a kg:Company ; rdfs:label "某公司"@zh ; kg:mentionedIn article:a01 .',
        "must be an IRI",
    ),
]


@pytest.mark.parametrize(
    ("remove", "add", "expected"), [row[1:] for row in BROKEN], ids=[row[0] for row in BROKEN]
)
def test_validate_broken_variant_fails(remove, add, expected):
    report = validate_graph(graph_with(remove, add))
    assert not report.conforms
    assert report.problems, report.text
    assert any(expected in line for line in report.problems), report.problems


def test_validate_zone_is_a_district_through_the_ontology(tmp_path):
    zone_only = graph_with(remove=[(ZONE, RDF.type, KG.District)])
    assert validate_graph(zone_only).conforms
    empty = tmp_path / "empty.ttl"
    empty.write_text("", encoding="utf-8")
    report = validate_graph(zone_only, ontology_path=empty)
    assert not report.conforms
    assert any("(path kg:locatedIn)" in line for line in report.problems), report.problems


def test_validate_problem_names_focus_and_value():
    report = validate_graph(graph_with(add="project:p1 kg:investor district:420200 ."))
    assert report.problems == (
        "轻量化汽车结构件生产基地: kg:investor must point to a kg:Company or a kg:GovernmentBody,"
        " got 黄石市 (path kg:investor)",
    )


def test_validate_problem_without_label_uses_compact_iri():
    report = validate_graph(graph_with(remove=[(AMOUNT, SCHEMA.currency, None)]))
    assert report.problems == (
        "<https://w3id.org/zskg/id/amount/m1>: needs exactly one schema:currency,"
        ' an ISO 4217 code such as "CNY" (path schema:currency)',
    )


def test_validate_problems_sorted_and_deterministic():
    graph = graph_with(
        remove=[(EVENT, KG.mentionedIn, None), (AMOUNT, SCHEMA.currency, None)],
        add='district:420200 rdfs:label "黄石"@zh . company:c1 kg:locatedIn "黄石" .',
    )
    first = validate_graph(graph)
    assert len(first.problems) >= 4
    assert list(first.problems) == sorted(first.problems)
    assert validate_graph(graph).problems == first.problems


def test_validate_problems_capped():
    rows = (f'company:{n:016x} a kg:Company ; rdfs:label "公司{n}"@zh .' for n in range(2 * MAX_PROBLEMS))
    add = "\n".join(rows)     # none is kg:mentionedIn an article
    report = validate_graph(graph_with(add=add))
    assert len(report.problems) == MAX_PROBLEMS
    hidden = 2 * MAX_PROBLEMS - (MAX_PROBLEMS - 1)    # the last line stands in for the rest
    assert report.problems[-1] == f"... and {hidden} more problems (see the full report)"


def test_validate_leaves_input_graph_unchanged():
    graph = graph_with()
    before = len(graph)
    validate_graph(graph)
    assert len(graph) == before


def test_validate_report_is_frozen_with_full_text():
    report = validate_graph(graph_with(remove=[(COMPANY, RDFS.label, None)]))
    assert isinstance(report, ValidationReport)
    assert "Constraint Violation" in report.text
    with pytest.raises(AttributeError):
        report.conforms = True  # type: ignore[misc]


def test_validate_thousands_of_triples_fast():
    graph = graph_with()
    for n in range(0x1000, 0x1000 + 500):     # clear of the hex ids in GOOD
        node = ID[f"company/{n:016x}"]
        graph.add((node, RDF.type, KG.Company))
        graph.add((node, RDFS.label, Literal(f"测试公司{n}", lang="zh")))
        graph.add((node, SKOS.altLabel, Literal(f"测试{n}", lang="zh")))
        graph.add((node, KG.locatedIn, ZONE if n % 2 else CITY))
        graph.add((node, KG.mentionedIn, ARTICLE))
        amount = ID[f"amount/{n:016x}"]
        graph.add((PROJECT, KG.investmentAmount, amount))
        graph.add((amount, RDF.type, SCHEMA.MonetaryAmount))
        graph.add((amount, SCHEMA.value, Literal(Decimal(n))))
        graph.add((amount, SCHEMA.currency, Literal("CNY")))
    assert len(graph) > 4000
    report = validate_graph(graph)
    assert report.conforms, report.problems


# (file name, serialisation format)
FORMATS = [("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld"), ("GRAPH.TTL", "turtle")]


@pytest.mark.parametrize(("name", "rdf_format"), FORMATS)
def test_validate_load_graph_by_extension(tmp_path, name, rdf_format):
    graph = graph_with()
    path = tmp_path / name
    path.write_text(graph.serialize(format=rdf_format), encoding="utf-8")
    loaded = load_graph(path)
    assert len(loaded) == len(graph)
    assert (PROJECT, KG.investor, COMPANY) in loaded


# (file name, content, text the error message contains)
BAD_FILES = [
    ("graph.rdf", "", "not valid RDF/XML"),
    ("graph.n3", "<a> <b> .", "not valid N3"),
    ("graph.ttl", "this is not turtle", "not valid Turtle"),
    ("graph.nt", "<a> <b> .\n", "not valid N-Triples"),
    ("graph.jsonld", '{"@id": ', "not valid JSON-LD"),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_FILES)
def test_validate_load_graph_rejects_bad_file(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(expected)):
        load_graph(path)


def test_validate_load_graph_missing_file(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        load_graph(tmp_path / "absent.ttl")


def test_validate_empty_graph_conforms():
    report = validate_graph(Graph())
    assert report == ValidationReport(conforms=True, problems=(), text=report.text)
