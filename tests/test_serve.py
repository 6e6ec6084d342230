"""Tests for kg.serve: the SPARQL 1.1 Protocol over HTTP on 127.0.0.1 (random free ports, bounded waits)."""
from __future__ import annotations

import csv
import io
import json
import re
import select
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph

from kg.export.turtle import write_graph
from kg.serve import make_server, negotiate, SOLUTION_TYPES
from kg.store import DATA_GRAPH, examples, memory_store

TIMEOUT = 10
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS = "SELECT ?d ?l WHERE { ?d a kg:District ; rdfs:label ?l } ORDER BY ?d"
ZONES = "CONSTRUCT { ?z a kg:District } WHERE { ?z a kg:DevelopmentZone }"


@pytest.fixture(scope="module")
def graph_file(seed_build, tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "graph.ttl"
    write_graph(seed_build.graph, path)
    return path


def serving(store, **options):
    """Start a server on a free port in a thread; returns (server, stop)."""
    server = make_server(store, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)
    return server, stop


@pytest.fixture(scope="module")
def endpoint(graph_file):
    server, stop = serving(memory_store([graph_file]))
    yield server.url
    stop()


def get(url, query, accept=None, **params):
    headers = {"Accept": accept} if accept else {}
    return requests.get(url, params={"query": query, **params}, headers=headers, timeout=TIMEOUT)


def bindings(response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    return response.json()["results"]["bindings"]


# --- queries and content negotiation ---

def test_serve_get_json_by_default(endpoint, seed_build):
    rows = bindings(get(endpoint, COUNT))
    assert int(rows[0]["n"]["value"]) > len(seed_build.graph)        # data and ontology


@pytest.mark.parametrize("accept,media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/*;q=0.9, application/sparql-results+json;q=0.1", "text/csv"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
])
def test_serve_content_negotiation(endpoint, accept, media):
    response = get(endpoint, LABELS, accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == f"{media}; charset=utf-8"
    assert response.headers["Vary"] == "Accept"
    body = response.content.decode("utf-8")
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(body, newline="")))
        assert rows[0] == ["d", "l"] and body.startswith("d,l\r\n")
        assert any("黄石市" == r[1] for r in rows[1:])
    elif media == "text/tab-separated-values":
        assert body.splitlines()[0] == "?d\t?l"
        assert '"黄石市"@zh' in body
    elif media == "application/sparql-results+xml":
        root = ElementTree.fromstring(response.content)
        ns = "{http://www.w3.org/2005/sparql-results#}"
        assert [v.get("name") for v in root.iter(f"{ns}variable")] == ["d", "l"]
    else:
        assert any(b["l"]["value"] == "黄石市" and b["l"]["xml:lang"] == "zh"
                   for b in response.json()["results"]["bindings"])


def test_serve_format_parameter_overrides_accept(endpoint):
    response = get(endpoint, LABELS, "application/sparql-results+json", format="csv")
    assert response.headers["Content-Type"].startswith("text/csv")


def test_serve_not_acceptable(endpoint):
    response = get(endpoint, LABELS, "image/png")
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_serve_post_form_and_direct_body_give_the_same_answer(endpoint):
    by_get = get(endpoint, LABELS).json()
    by_form = requests.post(endpoint, data={"query": LABELS}, timeout=TIMEOUT)
    by_body = requests.post(endpoint, data=LABELS.encode("utf-8"), timeout=TIMEOUT,
                            headers={"Content-Type": "application/sparql-query"})
    assert by_form.json() == by_get == by_body.json()


def test_serve_ask(endpoint):
    response = get(endpoint, "ASK { ?x a kg:Project }")
    assert response.json() == {"head": {}, "boolean": True}


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
                                        (None, "turtle")])
def test_serve_construct(endpoint, seed_build, accept, fmt):
    response = get(endpoint, ZONES, accept)
    assert response.status_code == 200, response.text
    g = Graph().parse(data=response.content.decode("utf-8"), format=fmt)
    zones = {s for s, p, o in seed_build.graph if str(o).endswith("#DevelopmentZone")}
    assert set(g.subjects()) == zones and len(zones) > 0


def test_serve_default_graph_uri(endpoint, seed_build):
    rows = bindings(get(endpoint, COUNT, **{"default-graph-uri": DATA_GRAPH.value}))
    assert int(rows[0]["n"]["value"]) == len(seed_build.graph)


def test_serve_example_queries_over_http(endpoint):
    for ex in examples():
        response = requests.post(endpoint, data={"query": ex.text}, timeout=TIMEOUT)
        assert response.status_code == 200, (ex.name, response.text)
        assert response.json()["results"]["bindings"], ex.name


def test_serve_parallel_requests(endpoint):
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda i: get(endpoint, f"SELECT ?x WHERE {{ ?x a kg:Project }} LIMIT {i + 1}"),
                                  range(16)))
    assert [len(r.json()["results"]["bindings"]) for r in responses] == list(range(1, 17))


# --- errors ---

def test_serve_syntax_error_is_400(endpoint):
    response = get(endpoint, "SELECT ?x WHERE { ?x a }")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith("SPARQL syntax error: ")


@pytest.mark.parametrize("how", ["form", "body"])
def test_serve_is_read_only_by_default(endpoint, how):
    update = "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    if how == "form":
        response = requests.post(endpoint, data={"update": update}, timeout=TIMEOUT)
    else:
        response = requests.post(endpoint, data=update.encode(), timeout=TIMEOUT,
                                 headers={"Content-Type": "application/sparql-update"})
    assert response.status_code == 403
    assert "read-only" in response.text
    assert bindings(get(endpoint, "SELECT * WHERE { <http://e/a> ?p ?o }")) == []


def test_serve_update_when_allowed(graph_file):
    server, stop = serving(memory_store([graph_file]), allow_update=True)
    try:
        response = requests.post(server.url, data={"update": "INSERT DATA { GRAPH <https://w3id.org/zskg/graph> { "
                                                              "<http://e/a> rdfs:label \"新\"@zh } }"},
                                 timeout=TIMEOUT)
        assert response.status_code == 204, response.text
        rows = bindings(get(server.url, "SELECT ?l WHERE { <http://e/a> rdfs:label ?l }"))
        assert rows == [{"l": {"type": "literal", "value": "新", "xml:lang": "zh"}}]
    finally:
        stop()


@pytest.mark.parametrize("method,path,status", [("GET", "/other", 404), ("PUT", "/sparql", 405),
                                                ("DELETE", "/sparql", 405)])
def test_serve_other_requests(endpoint, method, path, status):
    response = requests.request(method, endpoint.removesuffix("/sparql") + path, timeout=TIMEOUT)
    assert response.status_code == status


def test_serve_post_without_query(endpoint):
    response = requests.post(endpoint, data={"nothing": "here"}, timeout=TIMEOUT)
    assert response.status_code == 400
    response = requests.post(endpoint, data=b"x", headers={"Content-Type": "image/png"}, timeout=TIMEOUT)
    assert response.status_code == 415


# --- the query page ---

def test_serve_query_page(endpoint):
    for url in (endpoint.removesuffix("sparql"), endpoint):
        response = requests.get(url, timeout=TIMEOUT)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = response.text
        for ex in examples():
            assert f'"name": "{ex.name}"' in page
        assert "read-only" in page
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.I)      # offline


def test_serve_negotiate_prefers_server_order_on_ties():
    assert negotiate("text/csv, application/sparql-results+json", SOLUTION_TYPES)[0] == "json"
    assert negotiate(None, SOLUTION_TYPES)[0] == "json"


# --- kg serve on the command line ---

def test_cli_serve_starts_answers_and_stops(graph_file):
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph_file), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "kg serve printed nothing within 60 s"
        line = proc.stdout.readline()
        found = re.fullmatch(r"SPARQL endpoint (http://127\.0\.0\.1:\d+/sparql) \(read-only\); "
                             r"query page http://127\.0\.0\.1:\d+/\n", line)
        assert found, line
        response = get(found.group(1), "ASK { ?x a kg:Event }")
        assert response.json()["boolean"] is True
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert '"GET /sparql?query=' in err            # the request log
    assert err.rstrip().endswith("kg: stopped")


def test_cli_serve_port_in_use(graph_file):
    from click.testing import CliRunner

    from kg.cli import main
    server, stop = serving(ox.Store())
    try:
        port = server.server_address[1]
        result = CliRunner().invoke(main, ["serve", "--graph", str(graph_file), "--port", str(port)])
        assert result.exit_code == 2
        assert result.stderr.startswith(f"kg: error: cannot listen on 127.0.0.1:{port}: ")
    finally:
        stop()
