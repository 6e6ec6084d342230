"""Tests for kg.serve: the SPARQL 1.1 Protocol over HTTP on 127.0.0.1 (random free ports, bounded waits)."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
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
        assert bindings(get(server.url, "SELECT ?l WHERE { <http://e/a> rdfs:label ?l }")) == []   # a worker now
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
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph_file), "--port", "0",
                             "--max-rows", "1", "--timeout", "30"],
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
        response = get(found.group(1), "SELECT ?x WHERE { ?x a kg:Event }")      # --max-rows 1
        assert len(response.json()["results"]["bindings"]) == 1 and "cut at 1 rows" in response.headers["Warning"]
        response = get(found.group(1), "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")
        assert response.status_code == 400 and "--allow-service" in response.text
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


# --- safe on a network: SERVICE, timeout, caps, load (issue 16) ---

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"      # a cross product: hours


class Canary:
    """An HTTP server on 127.0.0.1 that records every request and answers 501 with a secret page."""

    SECRET = "CANARY-SECRET-7f3a"

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, HTTPServer

        seen = self.requests = []
        secret = self.SECRET

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                seen.append((self.command, self.path, self.rfile.read(length) if length else b""))
                body = f"<!DOCTYPE HTML><html><body>{secret}</body></html>".encode()
                self.send_response(501)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _any

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def canary():
    c = Canary()
    yield c
    c.close()


def children() -> set[int]:
    """The processes this test process started that are still there (query workers, while they run)."""
    found = set()
    for stat in os.listdir("/proc"):
        if stat.isdigit():
            try:
                with open(f"/proc/{stat}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid():
                found.add(int(stat))
    return found


def wait_for(condition, what: str, limit: float = TIMEOUT):
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {limit} s"
        time.sleep(0.02)


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads /proc to see the query workers")


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/secret> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:PORT/secret> { ?s ?p ?o } }",
    "PREFIX c: <http://127.0.0.1:PORT/> SELECT * WHERE { ?x a kg:District OPTIONAL { SERVICE c:secret { ?x ?p ?o } } }",
    "ASK { ?x a kg:District FILTER EXISTS { SERVICE <http://127.0.0.1:PORT/secret> { ?x ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:PORT/secret> { ?s ?p ?o } } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:PORT/secret> { ?s ?p ?o } }",
    "SELECT * WHERE { VALUES ?e { <http://127.0.0.1:PORT/secret> } SERVICE ?e { ?s ?p ?o } }",
    # a comment first, then the call: the comment must not hide it
    "SELECT * WHERE { # nothing here\n SERVICE <http://127.0.0.1:PORT/secret> { ?s ?p ?o } }",
])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_serve_service_is_refused_by_default(endpoint, canary, query, method):
    query = query.replace("PORT", str(canary.port))
    if method == "GET":
        response = get(endpoint, query)
    else:
        response = requests.post(endpoint, data=query.encode(), timeout=TIMEOUT,
                                 headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 400, response.text
    assert "federated queries are off on this endpoint" in response.text
    assert "kg serve with --allow-service HOST" in response.text
    assert canary.requests == []


@pytest.mark.parametrize("query", [
    'SELECT ?l WHERE { ?d rdfs:label ?l FILTER (?l = "SERVICE <http://127.0.0.1:PORT/secret> { }") }',
    "SELECT ?d WHERE { ?d a kg:District } # SERVICE <http://127.0.0.1:PORT/secret> { ?s ?p ?o }",
    "SELECT ?service WHERE { ?service a kg:District }",
])
def test_serve_the_word_service_alone_is_not_refused(endpoint, canary, query):
    response = get(endpoint, query.replace("PORT", str(canary.port)))
    assert response.status_code == 200, response.text
    assert canary.requests == []


def test_serve_allow_service_calls_only_the_listed_hosts_and_never_relays_their_answer(graph_file, canary):
    other = Canary()
    server, stop = serving(memory_store([graph_file]), allow_service=(f"127.0.0.1:{canary.port}",))
    try:
        response = get(server.url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{canary.port}/sparql> {{ ?s ?p ?o }} }}")
        assert len(canary.requests) == 1                        # allowed: the call is made
        assert response.status_code == 400
        assert Canary.SECRET not in response.text and "DOCTYPE" not in response.text
        response = get(server.url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{other.port}/x> {{ ?s ?p ?o }} }}")
        assert response.status_code == 400
        assert f"this endpoint calls only 127.0.0.1:{canary.port}" in response.text
        assert other.requests == []
    finally:
        stop()
        other.close()


@needs_proc
def test_serve_timeout_stops_a_heavy_query_while_a_light_one_answers(graph_file):
    server, stop = serving(memory_store([graph_file]), timeout=1)
    try:
        heavy = {}

        def run_heavy():
            start = time.monotonic()
            heavy["response"] = get(server.url, HEAVY)
            heavy["seconds"] = time.monotonic() - start

        before = children()
        thread = threading.Thread(target=run_heavy)
        thread.start()
        wait_for(lambda: children() - before, "a query worker")
        (worker,) = children() - before
        light = get(server.url, "ASK { ?x a kg:Project }")          # another client, meanwhile
        assert light.json()["boolean"] is True
        assert thread.is_alive() and worker in children()           # the heavy query was still running then
        thread.join(TIMEOUT)
        response = heavy["response"]
        assert response.status_code == 503
        assert response.text.startswith("the query ran longer than 1 s and was stopped (this endpoint's limit")
        assert heavy["seconds"] < 1 + 5                             # stopped at the timeout, not hours later
        assert worker not in children() | server.workers.pids()     # killed and reaped: no core still busy
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)
        assert get(server.url, "ASK { ?x a kg:Project }").json()["boolean"] is True     # a new worker answers
    finally:
        stop()


def test_serve_runs_at_most_max_queries_at_once(graph_file):
    server, stop = serving(memory_store([graph_file]), timeout=1, max_queries=2)
    try:
        most = 0
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(get, server.url, HEAVY) for _ in range(4)]
            while not all(f.done() for f in futures):
                most = max(most, len(server.workers.pids()))
                time.sleep(0.01)
        assert 1 <= most <= 2
        assert {f.result().status_code for f in futures} == {503}
    finally:
        stop()


def test_serve_busy_when_no_slot_frees_within_the_timeout(graph_file):
    server, stop = serving(memory_store([graph_file]), timeout=0.5, max_queries=1)
    try:
        server.slots.acquire()                      # as if one query were running all along
        response = get(server.url, "ASK { ?x a kg:Project }")
        assert response.status_code == 503
        assert response.headers["Retry-After"] == "1"
        assert response.text.startswith("busy: 1 queries are running")
        server.slots.release()
        assert get(server.url, "ASK { ?x a kg:Project }").json()["boolean"] is True
    finally:
        stop()


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv"])
def test_serve_max_rows_cuts_and_says_so(graph_file, accept):
    ordered = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
    store = memory_store([graph_file])
    server, stop = serving(store, max_rows=5)
    try:
        response = get(server.url, ordered, accept)
        assert response.status_code == 200
        assert "the answer was cut at 5 rows" in response.headers["Warning"]
        full = get(server.url, ordered + " LIMIT 5", accept)          # the same first five, with no warning
        assert "Warning" not in full.headers
        assert response.content == full.content
    finally:
        stop()


def test_serve_max_rows_keeps_terms_exactly(graph_file):
    """The cut answer is the uncut one's first rows: languages, datatypes, blank nodes, unbound variables."""
    store = memory_store([graph_file])
    store.add(ox.Quad(ox.BlankNode("b1"), ox.NamedNode("http://e/p"), ox.Literal("1", datatype=ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#integer")), DATA_GRAPH))
    query = ("SELECT ?s ?o ?l WHERE { { ?s <http://e/p> ?o } UNION { ?s rdfs:label ?l } } "
             "ORDER BY DESC(BOUND(?o)) ?s ?l LIMIT 8")
    server, stop = serving(store, max_rows=3)
    try:
        cut = get(server.url, query)
        assert "Warning" in cut.headers
    finally:
        stop()
    server, stop = serving(store, max_rows=0)
    try:
        whole = get(server.url, query)
        assert "Warning" not in whole.headers
    finally:
        stop()
    assert cut.json()["results"]["bindings"] == whole.json()["results"]["bindings"][:3]
    assert cut.json()["results"]["bindings"][0]["o"]["datatype"].endswith("#integer")


def test_serve_max_rows_cuts_graphs_too(graph_file):
    server, stop = serving(memory_store([graph_file]), max_rows=4)
    try:
        response = get(server.url, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "application/n-triples")
        assert len(response.text.splitlines()) == 4
        assert "the answer was cut at 4 triples" in response.headers["Warning"]
        exactly = get(server.url, "CONSTRUCT { ?s a kg:Project } WHERE { ?s a kg:Project } LIMIT 4",
                      "application/n-triples")
        assert len(exactly.text.splitlines()) == 4 and "Warning" not in exactly.headers
    finally:
        stop()


def test_serve_request_body_is_bounded(endpoint, graph_file):
    from kg.serve import MAX_BODY

    big = "# " + "x" * MAX_BODY + "\nASK { ?s ?p ?o }"
    response = requests.post(endpoint, data=big.encode(), headers={"Content-Type": "application/sparql-query"},
                             timeout=TIMEOUT)
    assert response.status_code == 413
    assert f"larger than {MAX_BODY} bytes" in response.text
    assert get(endpoint, "ASK { ?x a kg:Project }").json()["boolean"] is True      # still serving
    server, stop = serving(memory_store([graph_file]), allow_update=True)           # updates may be larger
    try:
        update = "# " + "x" * MAX_BODY + "\nINSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
        response = requests.post(server.url, data=update.encode(), timeout=TIMEOUT,
                                 headers={"Content-Type": "application/sparql-update"})
        assert response.status_code == 204, response.text
    finally:
        stop()


def test_serve_open_connections_are_bounded(graph_file, monkeypatch):
    import socket

    import kg.serve

    monkeypatch.setattr(kg.serve, "MAX_CONNECTIONS", 2)
    server, stop = serving(memory_store([graph_file]))
    held = []
    try:
        address = server.server_address[:2]
        held = [socket.create_connection(address, timeout=TIMEOUT) for _ in range(2)]    # idle: one thread each
        wait_for(lambda: server.connections == 2, "two open connections")
        third = socket.create_connection(address, timeout=TIMEOUT)
        answer = third.recv(4096).decode()
        third.close()
        assert answer.startswith("HTTP/1.1 503 ") and "too many connections" in answer
        for s in held:
            s.close()
        held = []
        wait_for(lambda: server.connections == 0, "the connections to close")
        assert get(server.url, "ASK { ?x a kg:Project }").json()["boolean"] is True
    finally:
        for s in held:
            s.close()
        stop()


@pytest.mark.parametrize("path", ["/../etc/passwd", "/sparql/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                  "/output/graph.ttl", "/kg/serve.py", "//etc/passwd"])
def test_serve_serves_no_file(endpoint, path):
    import http.client

    host, port = endpoint.removeprefix("http://").split("/")[0].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == 404 and body.startswith("no such resource")


def test_serve_answers_from_a_store_folder(seed_build, tmp_path):
    from kg.store import build_store, open_store

    build_store(seed_build.graph, tmp_path / "store")
    server, stop = serving(open_store(tmp_path / "store"))
    try:
        rows = bindings(get(server.url, COUNT, **{"default-graph-uri": DATA_GRAPH.value}))
        assert int(rows[0]["n"]["value"]) == len(seed_build.graph)
    finally:
        stop()


def test_serve_load_all_requests_succeed(endpoint):
    """400 requests from 20 clients at once, each on a new connection: every one answered 200."""
    queries = [ex.text for ex in examples()]
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda i: get(endpoint, queries[i % len(queries)]).status_code, range(400)))
    assert statuses == [200] * 400


def test_serve_updates_reach_the_workers_of_a_store_folder(seed_build, tmp_path):
    from kg.store import build_store

    build_store(seed_build.graph, tmp_path / "store")
    server, stop = serving(ox.Store(str(tmp_path / "store")), allow_update=True)
    try:
        for i in range(3):
            response = requests.post(server.url, timeout=TIMEOUT, data={
                "update": f'INSERT DATA {{ GRAPH <{DATA_GRAPH.value}> {{ <http://e/a{i}> <http://e/b> "{i}" }} }}'})
            assert response.status_code == 204, response.text
            rows = bindings(get(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://e/b> ?o }"))
            assert int(rows[0]["n"]["value"]) == i + 1
    finally:
        stop()


def test_serve_close_ends_the_workers(graph_file):
    server, stop = serving(memory_store([graph_file]))
    assert get(server.url, "ASK { ?x a kg:Project }").json()["boolean"] is True
    workers = server.workers.pids()
    assert len(workers) == 1
    stop()
    for pid in workers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


@needs_proc
def test_cli_serve_workers_die_with_the_server(graph_file):
    """A worker busy with a query that has no time limit ends when kg serve is killed (-9), not hours later."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(graph_file), "--port", "0",
                             "--timeout", "0", "-q"], stdout=subprocess.PIPE, text=True)
    worker = None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        assert ready, "kg serve printed nothing within 60 s"
        url = re.search(r"(http://\S+/sparql)", proc.stdout.readline()).group(1)
        def heavy():
            with contextlib.suppress(requests.RequestException):       # the server is killed under it
                requests.get(url, params={"query": HEAVY}, timeout=60)
        threading.Thread(target=heavy, daemon=True).start()

        def workers():
            found = set()
            for pid in os.listdir("/proc"):
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == proc.pid:
                            found.add(int(pid))
                except (OSError, ValueError, IndexError):
                    pass
            return found

        wait_for(workers, "a query worker", 30)
        (worker,) = workers()
        proc.kill()
        proc.wait(TIMEOUT)

        def gone():
            try:
                with open(f"/proc/{worker}/stat") as f:
                    return f.read().rsplit(")", 1)[1].split()[0] == "Z"      # ended, waiting to be reaped by init
            except OSError:
                return True
        wait_for(gone, "the worker's end")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if worker is not None:                  # never leave a busy orphan behind, even when the test fails
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)


@needs_proc
def test_serve_replaces_a_worker_that_died_while_idle(graph_file):
    server, stop = serving(memory_store([graph_file]))
    try:
        assert get(server.url, "ASK { ?x a kg:Project }").json()["boolean"] is True
        (worker,) = server.workers.pids()
        os.kill(worker, signal.SIGKILL)
        wait_for(lambda: open(f"/proc/{worker}/stat").read().rsplit(")", 1)[1].split()[0] == "Z", "its end")
        assert get(server.url, "ASK { ?x a kg:Project }").json()["boolean"] is True
        assert worker not in server.workers.pids()
    finally:
        stop()
