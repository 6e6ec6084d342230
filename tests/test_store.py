"""Tests for kg.store: in-memory and on-disk stores, kg build --store / --format, kg query --store."""
from __future__ import annotations

import os
import subprocess
import sys

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from kg.cli import main
from kg.errors import InputError, StoreError
from kg.export.turtle import write_graph
from kg.store import (DATA_GRAPH, ONTOLOGY_GRAPH, build_store, cap_results, check_service, error_text, is_store, load_file,
                      memory_store, open_store, run_query, service_endpoints)
from kg.vocab import ONTOLOGY_FILE


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def count(store, graph) -> int:
    return len(list(store.quads_for_pattern(None, None, None, graph)))


@pytest.fixture(scope="module")
def graph(seed_build) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="module")
def built(seed_dir, tmp_path_factory):
    """`kg build seeds --out DIR --store DIR/store --format nt --format jsonld -q`, once."""
    out = tmp_path_factory.mktemp("store") / "out"
    result = run("build", seed_dir, "--out", out, "--store", out / "store", "--format", "nt", "--format", "jsonld",
                 "-q")
    return result, out


def test_store_memory_store_has_data_and_ontology(graph, tmp_path):
    path = tmp_path / "g.nt"
    write_graph(graph, path)
    store = memory_store([path])
    assert count(store, DATA_GRAPH) == len(graph)
    ontology = Graph().parse(ONTOLOGY_FILE)
    assert count(store, ONTOLOGY_GRAPH) == len(ontology)


def test_store_build_and_open(graph, tmp_path):
    target = tmp_path / "store"
    total = build_store(graph, target)
    assert is_store(target)
    store = open_store(target)
    assert count(store, DATA_GRAPH) == len(graph)
    assert len(store) == total > len(graph)
    assert [p.name for p in tmp_path.iterdir()] == ["store"]     # no temporary folders left


def test_store_rebuild_replaces_the_data(graph, tmp_path):
    target = tmp_path / "store"
    build_store(graph, target)
    small = Graph()
    small.add((URIRef("https://w3id.org/zskg/id/company/x"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
               Literal("新公司", lang="zh")))
    build_store(small, target)
    store = open_store(target)
    assert count(store, DATA_GRAPH) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_store_failed_build_keeps_the_old_store(graph, tmp_path):
    target = tmp_path / "store"
    build_store(graph, target)
    bad = Graph()
    bad.add((URIRef("https://w3id.org/zskg/id/has space"), URIRef("http://e/p"), Literal("x")))
    with pytest.raises(ValueError, match="cannot write the IRI"):
        build_store(bad, target)
    assert count(open_store(target), DATA_GRAPH) == len(graph)
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_store_never_replaces_a_folder_that_is_not_a_store(graph, tmp_path):
    folder = tmp_path / "precious"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(StoreError, match="exists and is not a kg store"):
        build_store(graph, folder)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_store_open_missing(tmp_path):
    with pytest.raises(StoreError, match=r"no store there; make one with `kg build ARTICLES --store"):
        open_store(tmp_path / "nothing")


@pytest.mark.parametrize("name,content,message", [
    ("bad.ttl", "<a> <b> .", "not valid Turtle"),
    ("bad.nt", "<http://a> <http://b> <http://c>", "not valid N-Triples"),
    ("bad.jsonld", "{\"@id\": ", "not valid JSON-LD"),
    ("graph.xyz", "", "cannot tell the RDF format from the extension '.xyz'"),
])
def test_store_load_errors_name_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as err:
        load_file(ox.Store(), path)
    assert str(err.value).startswith(f"{path}: ")


# --- kg build --store / --format, kg query --store ---

@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_cli_build_store_and_formats(built, graph):
    result, out = built
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == [f"wrote {out / 'graph.ttl'}", f"wrote {out / 'graph.html'}",
                                              f"wrote {out / 'graph.nt'}", f"wrote {out / 'graph.jsonld'}",
                                              f"wrote {out / 'store'} (store)"]
    for name, fmt in (("graph.ttl", "turtle"), ("graph.nt", "nt"), ("graph.jsonld", "json-ld")):
        assert len(Graph().parse(out / name, format=fmt)) == len(graph), name


def test_cli_query_store(built):
    _, out = built
    by_store = run("query", "class-members", "--store", out / "store", "--format", "csv")
    by_file = run("query", "class-members", "--graph", out / "graph.ttl", "--format", "csv")
    assert by_store.exit_code == 0, by_store.output
    assert by_store.stdout_bytes == by_file.stdout_bytes
    assert by_store.stdout_bytes.count(b"\r\n") > 5


def test_cli_query_store_and_graph_together_is_usage_error(built):
    _, out = built
    result = run("query", "ASK {}", "--store", out / "store", "--graph", out / "graph.ttl")
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_cli_query_missing_store(tmp_path):
    result = run("query", "ASK {}", "--store", tmp_path / "none")
    assert result.exit_code == 4
    assert result.stderr == (f"kg: error: {tmp_path / 'none'}: no store there; make one with "
                             f"`kg build ARTICLES --store {tmp_path / 'none'}`\n")


def test_store_query_default_graph_options(graph, tmp_path):
    path = tmp_path / "g.ttl"
    write_graph(graph, path)
    store = memory_store([path])
    union = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    data_only = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[DATA_GRAPH.value])
    assert int(next(iter(data_only))["n"].value) == len(graph)
    assert int(next(iter(union))["n"].value) > len(graph)


def test_store_on_disk_survives_the_process(graph, tmp_path):
    """A store written by one process is read by another (kg query --store in a subprocess)."""
    target = tmp_path / "store"
    build_store(graph, target)
    proc = subprocess.run([sys.executable, "-m", "kg", "query", "ASK { ?x a kg:Project }", "--store", str(target)],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONHASHSEED": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "true\n"


# --- SERVICE: read from the parsed query, never from the words of comments or strings ---

@pytest.mark.parametrize("query,endpoints", [
    ("SELECT * WHERE { ?s ?p ?o }", []),
    ("SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ["http://a.example/sparql"]),
    ("select * { service silent <http://a.example/q> { ?s ?p ?o } }", ["http://a.example/q"]),
    ("PREFIX e: <http://a.example/> SELECT * { ?s ?p ?o OPTIONAL { SERVICE e:q { ?s ?p ?o } } }",
     ["http://a.example/q"]),
    ("BASE <http://a.example/> SELECT * { SERVICE <q> { ?s ?p ?o } }", ["http://a.example/q"]),
    ("SELECT * { SERVICE ?where { ?s ?p ?o } }", [None]),
    ("SELECT * { SERVICE nope:q { ?s ?p ?o } }", [None]),
    ("ASK { FILTER NOT EXISTS { SERVICE <http://b.example/> { ?s ?p ?o } } }", ["http://b.example/"]),
    ("SELECT * { { SELECT ?s { SERVICE <http://a.example/> { ?s ?p ?o } } } "
     "SERVICE <http://b.example/> { ?s ?p ?o } }", ["http://a.example/", "http://b.example/"]),
    (r"SELECT * { \u0053ERVICE <http://a.example/> { ?s ?p ?o } }", ["http://a.example/"]),
    ('SELECT * { ?s ?p "SERVICE <http://a.example/> { ?s ?p ?o }" }', []),
    ("SELECT * { ?s ?p ?o } # SERVICE <http://a.example/> { ?s ?p ?o }", []),
    ("SELECT ?service { ?service <http://a.example/service> ?o }", []),
])
def test_store_service_endpoints(query, endpoints):
    assert service_endpoints(query) == endpoints


@pytest.mark.parametrize("query,hosts,allowed", [
    ("SELECT * { ?s ?p ?o }", (), True),
    ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", None, True),
    ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", (), False),
    ("SELECT * { SERVICE <http://a.example/sparql> { ?s ?p ?o } }", ("a.example",), True),
    ("SELECT * { SERVICE <http://A.example:80/sparql> { ?s ?p ?o } }", ("a.example:80",), True),
    ("SELECT * { SERVICE <https://a.example/sparql> { ?s ?p ?o } }", ("a.example:80",), False),
    ("SELECT * { SERVICE <http://a.example.evil/sparql> { ?s ?p ?o } }", ("a.example",), False),
    ("SELECT * { SERVICE <http://a.example@127.0.0.1/sparql> { ?s ?p ?o } }", ("a.example",), False),
    ("SELECT * { SERVICE <file:///etc/passwd> { ?s ?p ?o } }", ("a.example",), False),
    ("SELECT * { SERVICE <http://[::1]:8080/q> { ?s ?p ?o } }", ("[::1]:8080",), True),
    ("SELECT * { SERVICE <http://[::1]:8081/q> { ?s ?p ?o } }", ("[::1]:8080",), False),
    ("SELECT * { SERVICE ?x { ?s ?p ?o } }", ("a.example",), False),
    ("SELECT * { SERVICE <http://a.example/> { ?s ?p ?o } SERVICE <http://b.example/> { ?s ?p ?o } }",
     ("a.example",), False),
    ("SELECT * { SERVICE <http://a.example/> {  # a service kg's parser cannot read", (), False),
])
def test_store_check_service(query, hosts, allowed):
    if allowed:
        check_service(query, hosts)
    else:
        with pytest.raises(InputError, match="SERVICE"):
            check_service(query, hosts)


def test_store_error_text_drops_another_servers_answer():
    err = OSError("Error 501 Unsupported method returned by http://127.0.0.1:9/x with payload: <!DOCTYPE HTML>\n"
                  "<html>secret</html>")
    assert error_text(err) == "Error 501 Unsupported method returned by http://127.0.0.1:9/x"


# --- the row cap keeps every term as it was ---

@pytest.fixture(scope="module")
def odd_terms() -> ox.Store:
    store, g, p = ox.Store(), ox.NamedNode("http://e/g"), ox.NamedNode("http://e/p")
    for s, o in [(ox.BlankNode("b1"), ox.Literal('行一\n行二\t"引"\\ \r end')),
                 (ox.BlankNode("b1"), ox.Literal("x", language="zh-Hans")),
                 (ox.NamedNode("http://e/a"), ox.Literal("1.50", datatype=ox.NamedNode(
                     "http://www.w3.org/2001/XMLSchema#decimal"))),
                 (ox.NamedNode("http://e/a"), ox.Literal(""))]:
        store.add(ox.Quad(s, p, o, g))
    return store


@pytest.mark.parametrize("query", [
    "SELECT * {}",
    "SELECT * { ?s ?p ?o } ORDER BY ?o",
    "SELECT ?unbound ?s { ?s ?p ?o } ORDER BY ?o",
    "SELECT * { ?s ?p ?o BIND(<<( ?s ?p ?o )>> AS ?t) } ORDER BY ?o",
    "SELECT * { ?s ?p ?o } LIMIT 0",
])
@pytest.mark.parametrize("cap", [1, 2, 4, 10])
def test_store_cap_results_keeps_the_first_rows_exactly(odd_terms, query, cap):
    import json

    whole = json.loads(run_query(odd_terms, query).serialize(format=ox.QueryResultsFormat.JSON))
    results, cut = cap_results(run_query(odd_terms, query), cap)
    kept = json.loads(results.serialize(format=ox.QueryResultsFormat.JSON))
    assert kept["head"] == whole["head"]
    assert kept["results"]["bindings"] == whole["results"]["bindings"][:cap]
    assert cut == (len(whole["results"]["bindings"]) > cap)
