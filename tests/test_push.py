"""Tests for kg push: the SPARQL 1.1 Graph Store HTTP Protocol, against a recording server and a real Virtuoso.

The recording server (127.0.0.1, a free port) asks for no login, HTTP basic or
digest, and can refuse a chosen request, so chunking, logins and error messages are
checked exactly. Then a real Virtuoso (Debian virtuoso-opensource; .ci/run installs
it) is started on loopback with a new database in a temporary folder: the seed graph
is pushed to it and read back over its SPARQL endpoint. Without Virtuoso those
tests skip, except in CI, where they fail. The password never appears in any output.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from urllib.request import parse_http_list, parse_keqv_list

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef

from kg.cli import main
from kg.errors import StoreError, UsageError
from kg.export.turtle import write_graph
from kg.push import push_file, split_credentials

TIMEOUT = 10
GRAPH = "https://w3id.org/zskg/graph/test"
PASSWORD = "Kg-s3cret-pw-4f9a"
NUMERIC = {"http://www.w3.org/2001/XMLSchema#decimal", "http://www.w3.org/2001/XMLSchema#integer"}


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


def missing(message: str):
    """Skip, except in CI, where Virtuoso is installed by .ci/run and must run."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


# --- a Graph Store that records what it is sent ---

class Recorder(ThreadingHTTPServer):
    """Records requests; asks for a login (None, "basic", "digest"); refuses request `fail_at` with `failure`."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, auth=None, user="pusher", password=PASSWORD, fail_at=None, failure=(500, "", "text/plain")):
        self.auth, self.user, self.password = auth, user, password
        self.fail_at, self.failure = fail_at, failure
        self.requests: list[dict] = []          # every request, refused or not
        self.accepted: list[dict] = []
        super().__init__(("127.0.0.1", 0), RecorderHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/store"


class RecorderHandler(BaseHTTPRequestHandler):
    server: Recorder
    protocol_version = "HTTP/1.1"
    timeout = TIMEOUT

    def do_PUT(self):
        self._record()

    def do_POST(self):
        self._record()

    def _record(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        request = {"method": self.command, "path": url.path, "params": parse_qs(url.query), "body": body,
                   "headers": dict(self.headers)}
        self.server.requests.append(request)
        if not self._logged_in():
            return
        if self.server.fail_at == len(self.server.accepted) + 1:
            status, text, ctype = self.server.failure
            return self._reply(status, text.encode("utf-8"), ctype)
        self.server.accepted.append(request)
        self._reply(201 if self.command == "PUT" else 204, b"")

    def _logged_in(self) -> bool:
        auth, given = self.server.auth, self.headers.get("Authorization", "")
        if auth is None:
            return True
        if auth == "basic":
            import base64
            expected = base64.b64encode(f"{self.server.user}:{self.server.password}".encode()).decode()
            if given == f"Basic {expected}":
                return True
            self._reply(401, b"login needed", "text/plain", {"WWW-Authenticate": 'Basic realm="test"'})
            return False
        if given.startswith("Digest "):
            parts = parse_keqv_list(parse_http_list(given[len("Digest "):]))
            ha1 = md5(f"{self.server.user}:test:{self.server.password}")
            ha2 = md5(f"{self.command}:{parts.get('uri')}")
            expected = md5(f"{ha1}:{parts.get('nonce')}:{parts.get('nc')}:{parts.get('cnonce')}:auth:{ha2}")
            if parts.get("username") == self.server.user and parts.get("response") == expected:
                return True
        self._reply(401, b"<html><body><h1>401 Unauthorized</h1></body></html>", "text/html",
                    {"WWW-Authenticate": 'Digest realm="test", nonce="n0nce", qop="auth", algorithm="MD5", '
                                         'opaque="0paque"'})
        return False

    def _reply(self, status, body, ctype="text/plain", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    """Start a Recorder with the given options; all are shut down after the test."""
    started = []

    def start(**options) -> Recorder:
        server = Recorder(**options)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        started.append((server, thread))
        return server
    yield start
    for server, thread in started:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


@pytest.fixture(scope="module")
def seed_file(seed_build, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("push") / "graph.ttl"
    write_graph(seed_build.graph, path)
    return path


def received(requests_: list[dict]) -> set:
    """The triples in the bodies of the requests (N-Triples), as N-Triples lines."""
    lines = set()
    for r in requests_:
        for quad in ox.parse(r["body"], format=ox.RdfFormat.N_TRIPLES):
            lines.add(str(quad.triple))
    return lines


def file_triples(path: Path) -> set:
    return {str(q.triple) for q in ox.parse(path=str(path))}


# --- the protocol ---

def test_push_replace_sends_put_then_post_in_chunks(recorder, seed_file):
    server = recorder()
    result = push_file(seed_file, url=server.url, graph=GRAPH, chunk_triples=1000)
    total = len(file_triples(seed_file))
    assert result.triples == total and result.requests == -(-total // 1000) and result.replaced
    methods = [r["method"] for r in server.accepted]
    assert methods == ["PUT"] + ["POST"] * (len(methods) - 1)
    for r in server.accepted:
        assert r["path"] == "/store" and r["params"] == {"graph": [GRAPH]}
        assert r["headers"]["Content-Type"] == "text/turtle; charset=utf-8"
        assert len(received([r])) <= 1000
    assert received(server.accepted) == file_triples(seed_file)


def test_push_append_only_posts(recorder, seed_file):
    server = recorder()
    result = push_file(seed_file, url=server.url, graph=GRAPH, replace=False, chunk_triples=2000)
    assert not result.replaced
    assert {r["method"] for r in server.accepted} == {"POST"}


@pytest.mark.parametrize("auth", ["digest", "basic"])
def test_push_logs_in_as_the_store_asks(recorder, seed_file, auth):
    server = recorder(auth=auth)
    result = push_file(seed_file, url=server.url, graph=GRAPH, user="pusher", password=PASSWORD, chunk_triples=1500)
    assert result.requests == len(server.accepted) >= 2
    assert all(r["headers"]["Authorization"].startswith(auth.capitalize()) for r in server.accepted)
    assert received(server.accepted) == file_triples(seed_file)


def test_push_forced_digest(recorder, seed_file):
    server = recorder(auth="digest")
    push_file(seed_file, url=server.url, graph=GRAPH, user="pusher", password=PASSWORD, auth="digest")
    assert len(server.accepted) == 1


def test_push_wrong_password(recorder, seed_file):
    server = recorder(auth="digest")
    with pytest.raises(StoreError) as err:
        push_file(seed_file, url=server.url, graph=GRAPH, user="pusher", password="wrong-one")
    assert str(err.value) == (f"{server.url} refused the login of user 'pusher' (HTTP 401 Unauthorized: "
                              "401 Unauthorized); check --user and --password")
    assert server.accepted == []


def test_push_login_needed(recorder, seed_file):
    server = recorder(auth="basic")
    with pytest.raises(StoreError, match=r"refused a request without login \(HTTP 401 Unauthorized: login needed\); "
                                         r"give --user and --password"):
        push_file(seed_file, url=server.url, graph=GRAPH)


def test_push_refusal_names_status_and_server_message(recorder, seed_file):
    page = ("<html><head><title>Error</title><style>p{}</style></head><body><h1>Quota</h1>"
            "<pre>Graph &lt;x&gt; exceeds the quota of 2000 triples</pre></body></html>")
    server = recorder(fail_at=2, failure=(507, page, "text/html"))
    with pytest.raises(StoreError) as err:
        push_file(seed_file, url=server.url, graph=GRAPH, chunk_triples=1000)
    total = len(file_triples(seed_file))
    assert str(err.value) == (f"{server.url} refused request 2 (1001–2000 of {total} triples) for graph <{GRAPH}> "
                              "(HTTP 507 Insufficient Storage: Quota Graph <x> exceeds the quota of 2000 triples); "
                              "the graph may now hold only the first 1000 triples, run the push again")


def test_push_password_is_masked_in_what_the_server_says(recorder, seed_file):
    server = recorder(auth="basic", fail_at=1, failure=(400, f"bad request from pusher:{PASSWORD}", "text/plain"))
    with pytest.raises(StoreError) as err:
        push_file(seed_file, url=server.url, graph=GRAPH, user="pusher", password=PASSWORD)
    assert PASSWORD not in str(err.value) and "pusher:***" in str(err.value)


def test_push_credentials_in_the_url(recorder, seed_file):
    server = recorder(auth="digest")
    url = server.url.replace("http://", f"http://pusher:{PASSWORD}@")
    result = push_file(seed_file, url=url, graph=GRAPH)
    assert result.endpoint == server.url
    assert len(server.accepted) == 1


def test_push_blank_nodes_go_in_one_request(recorder, tmp_path):
    g = Graph()
    for i in range(10):
        g.add((BNode(f"b{i}"), URIRef("http://e/p"), BNode(f"b{i + 1}")))
    path = tmp_path / "blank.nt"
    write_graph(g, path)
    server = recorder()
    result = push_file(path, url=server.url, graph=GRAPH, chunk_triples=3)
    assert result.requests == 1 and len(received(server.accepted)) == 10


def test_push_empty_file_empties_the_graph(recorder, tmp_path):
    path = tmp_path / "empty.ttl"
    path.write_text("", encoding="utf-8")
    server = recorder()
    result = push_file(path, url=server.url, graph=GRAPH)
    assert result.requests == 1 and server.accepted[0]["method"] == "PUT" and server.accepted[0]["body"] == b""


def test_push_unreachable_store(seed_file):
    url = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(StoreError, match=r": cannot reach the store: Connection refused$"):
        push_file(seed_file, url=url, graph=GRAPH)


@pytest.mark.parametrize("options,message", [
    ({"url": "ftp://host/x"}, "--store must be an http:// or https:// URL"),
    ({"graph": "not an iri"}, "--graph 'not an iri' is not an absolute IRI"),
    ({"auth": "ntlm"}, "unknown authentication 'ntlm'"),
])
def test_push_usage_errors(seed_file, options, message):
    args = {"url": "http://127.0.0.1:9/store", "graph": GRAPH, **options}
    with pytest.raises(UsageError, match=message):
        push_file(seed_file, **args)


def test_push_split_credentials():
    assert split_credentials("http://u:p%40ss@host:8890/x?y=1") == ("http://host:8890/x?y=1", "u", "p@ss")
    assert split_credentials("https://host/x") == ("https://host/x", None, None)


# --- kg push on the command line ---

def test_cli_push(recorder, seed_file):
    server = recorder(auth="digest")
    result = run("push", seed_file, "--store", server.url, "--graph", GRAPH, "--user", "pusher", "--password",
                 PASSWORD, "--chunk-size", "1000", "-q")
    assert result.exit_code == 0, result.output
    total = len(file_triples(seed_file))
    assert result.stdout == (f"replaced <{GRAPH}> at {server.url}: {total} triples in {-(-total // 1000)} "
                             "requests\n")
    assert result.stderr == ""


def test_cli_push_never_prints_the_password(recorder, seed_file):
    server = recorder(auth="digest")
    for password in (PASSWORD, PASSWORD + "-wrong"):
        for args in (["--user", "pusher", "--password", password],
                     ["--user", "pusher", "--password", password, "--auth", "basic"]):
            result = run("push", seed_file, "--store", server.url, "--graph", GRAPH, *args)
            assert PASSWORD not in result.stdout + result.stderr
        url = server.url.replace("http://", f"http://pusher:{password}@")
        result = run("push", seed_file, "--store", url, "--graph", GRAPH)
        assert PASSWORD not in result.stdout + result.stderr
    result = CliRunner().invoke(main, ["push", str(seed_file), "--store", server.url, "--graph", GRAPH, "-q"],
                                env={"KG_STORE_PASSWORD": PASSWORD + "-wrong"})
    assert PASSWORD not in result.stdout + result.stderr


def test_cli_push_refused(recorder, seed_file):
    server = recorder(fail_at=1, failure=(403, "read-only dataset", "text/plain"))
    result = run("push", seed_file, "--store", server.url, "--graph", GRAPH, "-q")
    assert result.exit_code == 4
    assert result.stderr.startswith(f"kg: error: {server.url} refused request 1 (1–")
    assert result.stderr.endswith("(HTTP 403 Forbidden: read-only dataset)\n")


def test_cli_push_without_a_terminal_says_how_to_give_the_password(seed_file, tmp_path):
    """No terminal, no password: one line naming --password-file and KG_STORE_PASSWORD, exit 2."""
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE_PASSWORD"}
    done = subprocess.run([sys.executable, "-m", "kg", "push", str(seed_file), "--store", "http://127.0.0.1:9/store",
                           "--graph", GRAPH, "--user", "dba"], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert done.stderr == ("kg: error: no password for dba and no terminal to ask on: give --password-file FILE "
                           "or set KG_STORE_PASSWORD\n")
    assert done.stdout == ""


def test_cli_push_password_file(recorder, seed_file, tmp_path):
    server = recorder(auth="digest")
    secret = tmp_path / "password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    result = run("push", seed_file, "--store", server.url, "--graph", GRAPH, "--user", "pusher",
                 "--password-file", secret, "-q")
    assert result.exit_code == 0, result.output
    assert len(server.accepted) == 1 and PASSWORD not in result.stdout + result.stderr


@pytest.mark.parametrize("content, message", [
    (None, "no such file"),
    ("", "the first line is empty (put the password on it)"),
    ("\nsecret\n", "the first line is empty (put the password on it)"),
])
def test_cli_push_password_file_problems(seed_file, tmp_path, content, message):
    secret = tmp_path / "password"
    if content is not None:
        secret.write_text(content, encoding="utf-8")
    result = run("push", seed_file, "--store", "http://127.0.0.1:9/store", "--graph", GRAPH, "--user", "dba",
                 "--password-file", secret)
    assert result.exit_code == 2
    assert result.stderr == f"kg: error: --password-file {secret}: {message}\n"


def test_cli_push_password_given_twice(seed_file, tmp_path):
    secret = tmp_path / "password"
    secret.write_text("x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["push", str(seed_file), "--store", "http://127.0.0.1:9/store", "--graph", GRAPH,
                                       "--user", "dba", "--password-file", str(secret)],
                                env={"KG_STORE_PASSWORD": "y"})
    assert result.exit_code == 2
    assert "give the password once" in result.stderr


# --- a real Virtuoso ---

VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
DirsAllowed        = .
[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {dir}
ServerThreads      = 4
Charset            = UTF-8
[SPARQL]
ResultSetMaxRows   = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso with a new database on loopback; yields its base URL. The dba password is PASSWORD."""
    exe, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not exe or not isql:
        missing("Virtuoso is not installed (Debian package virtuoso-opensource; .ci/run installs it)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port),
                                         encoding="utf-8")
    log = open(folder / "stdout.log", "wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                missing(f"Virtuoso did not start: {(folder / 'stdout.log').read_text(errors='replace')[-800:]}")
            try:
                if requests.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                missing("Virtuoso did not answer on its HTTP port within 120 s")
            time.sleep(0.3)
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"EXEC=user_set_password('dba', '{PASSWORD}');"],
                       check=True, capture_output=True, timeout=60)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def virtuoso_triples(base: str, graph: str) -> set:
    """The graph's triples as Virtuoso's SPARQL endpoint gives them, numbers by value."""
    response = requests.post(f"{base}/sparql", data={"query": f"SELECT ?s ?p ?o FROM <{graph}> WHERE {{ ?s ?p ?o }}"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    return {tuple(_term(b[v]) for v in "spo") for b in response.json()["results"]["bindings"]}


def _term(binding: dict):
    if binding["type"] == "uri":
        return URIRef(binding["value"])
    datatype = binding.get("datatype")
    if datatype in NUMERIC:
        return ("number", Decimal(binding["value"]))
    return Literal(binding["value"], lang=binding.get("xml:lang"), datatype=datatype)


def expected_triples(path: Path) -> set:
    g = Graph().parse(path)
    return {tuple(("number", Decimal(str(t))) if isinstance(t, Literal) and str(t.datatype) in NUMERIC else t
                  for t in triple) for triple in g}


def test_push_to_virtuoso(virtuoso, seed_file, tmp_path):
    crud = f"{virtuoso}/sparql-graph-crud-auth"
    result = run("push", seed_file, "--store", crud, "--graph", GRAPH, "--user", "dba", "--password", PASSWORD,
                 "--chunk-size", "1000", "-q")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    expected = expected_triples(seed_file)
    assert virtuoso_triples(virtuoso, GRAPH) == expected

    extra = tmp_path / "extra.nt"
    extra.write_text('<https://w3id.org/zskg/id/company/extra> <http://www.w3.org/2000/01/rdf-schema#label> '
                     '"额外公司"@zh .\n', encoding="utf-8")
    result = run("push", extra, "--store", crud, "--graph", GRAPH, "--append", "--user", "dba", "--password",
                 PASSWORD, "-q")
    assert result.exit_code == 0, result.output
    assert virtuoso_triples(virtuoso, GRAPH) == expected | expected_triples(extra)

    result = run("push", seed_file, "--store", crud, "--graph", GRAPH, "--user", "dba", "--password", PASSWORD, "-q")
    assert result.exit_code == 0, result.output
    assert virtuoso_triples(virtuoso, GRAPH) == expected


def test_push_to_virtuoso_wrong_password(virtuoso, seed_file):
    result = run("push", seed_file, "--store", f"{virtuoso}/sparql-graph-crud-auth", "--graph", GRAPH + "/other",
                 "--user", "dba", "--password", PASSWORD + "x", "-q")
    assert result.exit_code == 4
    assert "refused the login of user 'dba' (HTTP 401 Unauthorized" in result.stderr
    assert PASSWORD not in result.output


def test_push_to_virtuoso_refused_without_rights(virtuoso, seed_file):
    """The anonymous endpoint may not write: the status and Virtuoso's own message are shown."""
    result = run("push", seed_file, "--store", f"{virtuoso}/sparql-graph-crud", "--graph", GRAPH + "/anon", "-q")
    assert result.exit_code == 4
    assert "(HTTP 403 Forbidden: " in result.stderr and "Permission denied" in result.stderr
