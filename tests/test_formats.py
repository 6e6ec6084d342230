"""Tests for kg.export.turtle: Turtle, N-Triples and JSON-LD that every parser reads, byte for byte stable.

Each file is loaded by independent parsers — raptor's ``rapper``, pyoxigraph, and
N3.js / jsonld.js (tests/js, installed by .ci/run with npm ci) — which must accept it
without error or warning and count as many triples as rdflib. In CI (``CI`` set) a
missing parser fails the test instead of skipping it.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from kg import formats
from kg.errors import InputError
from kg.export.turtle import serialize, write_graph

REPO = Path(__file__).resolve().parent.parent
JS = REPO / "tests" / "js"
EX = Namespace("http://example.org/ns#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")      # plain, so pytest's collection does not warn
FORMATS = {"turtle": ".ttl", "nt": ".nt", "json-ld": ".jsonld"}
RAPPER_SYNTAX = {"turtle": "turtle", "nt": "ntriples"}
OX_FORMAT = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD}
RDFLIB_FORMAT = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}
JS_FORMAT = {"turtle": "turtle", "nt": "ntriples", "json-ld": "jsonld"}
NUMERIC = {XSD.decimal, XSD.integer, XSD.double, XSD.float, XSD.boolean}


def missing(tool: str, how: str):
    """Skip when a parser is not installed, except in CI, where it must be."""
    message = f"{tool} is not installed ({how}; .ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# --- edge cases: a row is a triple that a naive writer gets wrong ---

# typed literals are made with normalize=False: rdflib would otherwise fix their lexical forms
EDGE_CASES = [
    ("decimal without digits after the dot", (EX.a, EX.value, Literal("1.", datatype=XSD.decimal, normalize=False))),
    ("decimal with exponent", (EX.a, EX.value2, Literal("1e3", datatype=XSD.decimal, normalize=False))),
    ("integer with a sign", (EX.a, EX.number, Literal("+5", datatype=XSD.integer, normalize=False))),
    ("integer with spaces", (EX.a, EX.number2, Literal(" 5", datatype=XSD.integer, normalize=False))),
    ("boolean written as 1", (EX.a, EX.flag, Literal("1", datatype=XSD.boolean, normalize=False))),
    ("double kept exactly", (EX.a, EX.ratio, Literal("0.123456789e0", datatype=XSD.double, normalize=False))),
    ("ill-typed integer", (EX.a, EX.number3, Literal("many", datatype=XSD.integer, normalize=False))),
    ("explicit xsd:string", (EX.a, EX.note, Literal("x", datatype=XSD.string))),
    ("newline, tab, CR", (EX.a, EX.text, Literal("line 1\nline 2\tend\r"))),
    ("quotes and backslash", (EX.a, EX.text2, Literal('say "hi" \\ bye"'))),
    ("triple quotes", (EX.a, EX.text3, Literal('a """ b'))),
    ("control characters", (EX.a, EX.text4, Literal("bell\x07 esc\x1b del\x7f"))),
    ("empty string", (EX.a, EX.text5, Literal(""))),
    ("characters outside the BMP", (EX.a, EX.text6, Literal("𠀀𝄞", lang="zh-Hant"))),
    ("Chinese with language tag", (EX.a, RDFS.label, Literal("黄石市", lang="zh"))),
    ("local name with a dot", (EX["a.b"], EX.p, EX["c.d"])),
    ("local name ending in a dot", (EX["end."], EX.p, EX.o)),
    ("local name with a digit first", (EX["1abc"], EX.p, EX.o)),
    ("local name with percent and brackets", (EX["a%20b(c)"], EX.p, EX.o)),
    ("non-ASCII local name", (EX["黄石"], EX.p, EX.o)),
    ("namespace IRI as object", (EX.a, RDFS.seeAlso, URIRef(str(EX)))),
    ("IRI in no bound namespace", (URIRef("urn:isbn:978-7-111"), EX.p, URIRef("http://other.example/x/y"))),
    ("blank node subject and object", (BNode("b1"), EX.p, BNode("b2"))),
    ("rdf:type with a literal", (EX.a, RDF.type, Literal("not a class"))),
    ("several types", (EX.a, RDF.type, EX.Thing)),
    ("several types, second", (EX.a, RDF.type, EX.Other)),
]


def edge_graph() -> Graph:
    g = Graph()
    g.bind("ex", EX)
    for _, triple in EDGE_CASES:
        g.add(triple)
    return g


def canonical(g: Graph) -> set:
    """The triples with numeric literals by value (a bare 5.0 and "5.0"^^xsd:decimal are the same)."""
    def term(t):
        if isinstance(t, Literal) and t.datatype in NUMERIC and t.value is not None:
            return ("value", str(t.datatype), Decimal(str(t.value)) if t.datatype != XSD.boolean else t.value)
        if isinstance(t, Literal) and t.datatype == XSD.string:
            return Literal(str(t))
        return t
    return {(term(s), term(p), term(o)) for s, p, o in g}


def same_triples(a: Graph, b: Graph) -> bool:
    """Equal up to blank node labels and numeric lexical forms."""
    bnodes_a = sorted(str(t) for t in canonical(a) if any(isinstance(x, BNode) for x in t))
    bnodes_b = sorted(str(t) for t in canonical(b) if any(isinstance(x, BNode) for x in t))
    plain_a = {t for t in canonical(a) if not any(isinstance(x, BNode) for x in t)}
    plain_b = {t for t in canonical(b) if not any(isinstance(x, BNode) for x in t)}
    return plain_a == plain_b and len(bnodes_a) == len(bnodes_b)


@pytest.fixture(scope="module")
def seed_graph(seed_build) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="module")
def written(seed_graph, tmp_path_factory) -> dict:
    """The seed graph and the edge-case graph in each format: {(name, fmt): path}."""
    folder = tmp_path_factory.mktemp("formats")
    files = {}
    for name, graph in (("seed", seed_graph), ("edges", edge_graph())):
        for fmt, ext in FORMATS.items():
            path = folder / f"{name}{ext}"
            write_graph(graph, path)
            files[name, fmt] = path
    return files


GRAPHS = {"seed": None, "edges": None}
CASES = [(name, fmt) for name in GRAPHS for fmt in FORMATS]


def expected_count(name, seed_graph) -> int:
    return len(seed_graph) if name == "seed" else len(edge_graph())


# --- Turtle keeps rdflib's layout ---

def test_formats_turtle_same_bytes_as_rdflib_for_the_seed(seed_graph):
    """The fast writer reproduces rdflib's Turtle serializer exactly on the seed graph."""
    assert serialize(seed_graph) == seed_graph.serialize(format="turtle", encoding="utf-8")


def test_formats_ntriples_same_lines_as_rdflib_for_the_seed(seed_graph):
    lines = seed_graph.serialize(format="nt", encoding="utf-8").splitlines()
    assert serialize(seed_graph, "nt") == b"\n".join(sorted(set(l for l in lines if l.strip()))) + b"\n"


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_formats_insertion_order_does_not_matter(seed_graph, fmt):
    """Shuffle the triples (and the prefixes' binding order): the bytes never change."""
    triples = list(seed_graph)
    first = serialize(seed_graph, fmt)
    for seed in (1, 2):
        random.Random(seed).shuffle(triples)
        g = Graph()
        namespaces = list(seed_graph.namespaces())
        random.Random(seed).shuffle(namespaces)
        for prefix, ns in namespaces:
            g.bind(prefix, ns, override=True, replace=True)
        for t in triples:
            g.add(t)
        assert serialize(g, fmt) == first


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_formats_utf8_without_bom(written, fmt):
    data = written["seed", fmt].read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    data.decode("utf-8")
    assert "黄石".encode("utf-8") in data         # Chinese as UTF-8, not \u escapes


def test_formats_prefixed_names_are_plain(written):
    """Only prefix:name with [A-Za-z_][A-Za-z0-9_-]* locals: no escapes, dots or non-ASCII in names."""
    text = written["edges", "turtle"].read_text(encoding="utf-8")
    for bad in ("ex:a.b", "ex:end.", "ex:1abc", "ex:a\\%", "ex:黄石", "\\(", "\\)"):
        assert bad not in text, bad
    assert "<http://example.org/ns#a.b>" in text
    assert "<http://example.org/ns#1abc>" in text
    assert '"1."^^xsd:decimal' in text and '"1"^^xsd:boolean' in text
    assert " 0.123456789e0" in text and 'ex:number +5 ;' in text
    assert '"line 1\\nline 2\\tend\\r"' in text and '"bell\\u0007 esc\\u001B del\\u007F"' in text


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("name,fmt", CASES)
def test_formats_round_trip_rdflib(written, seed_graph, name, fmt):
    original = seed_graph if name == "seed" else edge_graph()
    parsed = Graph().parse(written[name, fmt], format=RDFLIB_FORMAT[fmt])
    assert len(parsed) == len(original)
    assert same_triples(parsed, original)


@pytest.mark.parametrize("name,fmt", CASES)
def test_formats_pyoxigraph_reads_them(written, seed_graph, name, fmt):
    quads = list(ox.parse(path=str(written[name, fmt]), format=OX_FORMAT[fmt]))
    assert len(quads) == expected_count(name, seed_graph)


@pytest.mark.parametrize("name,fmt", [c for c in CASES if c[1] in RAPPER_SYNTAX])
def test_formats_rapper_reads_them_without_warnings(written, seed_graph, name, fmt):
    if not shutil.which("rapper"):
        missing("rapper", "Debian package raptor2-utils")
    proc = subprocess.run(["rapper", "-i", RAPPER_SYNTAX[fmt], "-c", str(written[name, fmt])],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    noise = [l for l in proc.stderr.splitlines() if "Parsing URI" not in l and "Parsing returned" not in l]
    assert not noise, noise
    assert f"Parsing returned {expected_count(name, seed_graph)} triples" in proc.stderr


@pytest.mark.parametrize("name,fmt", CASES)
def test_formats_javascript_parsers_read_them(written, seed_graph, name, fmt):
    """N3.js for Turtle and N-Triples, jsonld.js for JSON-LD."""
    if not shutil.which("node"):
        missing("node", "Node.js")
    if not (JS / "node_modules" / "n3").is_dir() or not (JS / "node_modules" / "jsonld").is_dir():
        missing("N3.js / jsonld.js", "npm ci --prefix tests/js")
    proc = subprocess.run(["node", str(JS / "count.mjs"), str(written[name, fmt]), JS_FORMAT[fmt]],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert int(proc.stdout) == expected_count(name, seed_graph)


def test_formats_jsonld_structure(written):
    doc = json.loads(written["seed", "json-ld"].read_text(encoding="utf-8"))
    assert set(doc) == {"@context", "@graph"}
    assert doc["@context"]["kg"] == "https://w3id.org/zskg/ontology#"
    ids = [node["@id"] for node in doc["@graph"]]
    assert ids == sorted(ids)
    company = next(n for n in doc["@graph"] if "kg:Company" in n.get("@type", []))
    assert company["rdfs:label"][0]["@language"] == "zh"


# --- files ---

@pytest.mark.parametrize("name,expected", [("g.ttl", "turtle"), ("g.nt", "nt"), ("g.jsonld", "jsonld"),
                                           ("G.TTL", "turtle"), ("g.json", "jsonld")])
def test_formats_by_extension(name, expected):
    assert formats.to_write(name).name == expected


def test_formats_unknown_extension_is_an_error(tmp_path):
    with pytest.raises(InputError, match=r"cannot tell the RDF format from the extension '\.xyz'"):
        write_graph(edge_graph(), tmp_path / "g.xyz")
    assert list(tmp_path.iterdir()) == []


def test_formats_format_option_beats_extension(tmp_path):
    write_graph(edge_graph(), tmp_path / "g.txt", "nt")
    assert len(list(ox.parse(path=str(tmp_path / "g.txt"), format=ox.RdfFormat.N_TRIPLES))) == len(edge_graph())


def test_formats_failed_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "g.ttl"
    target.write_bytes(b"# the previous graph\n")
    bad = Graph()
    bad.add((EX.a, EX.p, EX.o))
    bad.add((URIRef("http://example.org/has space"), EX.p, EX.o))
    with pytest.raises(ValueError, match="cannot write the IRI"):
        write_graph(bad, target)
    assert target.read_bytes() == b"# the previous graph\n"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_formats_large_graph_is_written_whole():
    """100,000 triples (how fast: bench/build_speed.py and bench/query_latency.py measure it)."""
    g = Graph()
    g.bind("ex", EX)
    for i in range(12_500):
        s = URIRef(f"https://w3id.org/zskg/id/company/{i:016x}")
        g.add((s, RDF.type, EX.Company))
        g.add((s, RDFS.label, Literal(f"公司{i}", lang="zh")))
        g.add((s, EX.located, URIRef(f"https://w3id.org/zskg/id/district/{i % 300}")))
        g.add((s, EX.mentioned, URIRef(f"https://w3id.org/zskg/id/article/{i % 1000}")))
        g.add((s, EX.mentioned, URIRef(f"https://w3id.org/zskg/id/article/{(i + 7) % 1000}")))
        g.add((s, EX.start, Literal(i)))
        g.add((s, EX.amount, Literal(str(i * 1000), datatype=XSD.decimal)))
        g.add((s, EX.text, Literal(f"第{i}句话,包含“引号”和\\反斜杠。")))
    data = serialize(g)
    assert len(g) == 100_000 and len(data) > 4_000_000
    back = Graph().parse(data=data.decode("utf-8"), format="turtle")
    value = lambda t: (t.toPython(), t.language) if isinstance(t, Literal) else t  # noqa: E731 - 1000 is 1000.0
    assert {(s, p, value(o)) for s, p, o in back} == {(s, p, value(o)) for s, p, o in g}
