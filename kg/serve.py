"""A SPARQL 1.1 Protocol endpoint over the embedded store, with a small query page.

``make_server(store, host, port)`` returns a threading HTTP server:

- ``GET /sparql?query=…`` and ``POST /sparql`` (form-encoded ``query=…`` or a
  ``application/sparql-query`` body), with ``default-graph-uri`` and
  ``named-graph-uri``; SPARQL Update (``update=…`` or ``application/sparql-update``)
  only when made with ``allow_update=True``: the endpoint is read-only by default.
- Content negotiation on ``Accept`` (or a ``format`` parameter): SELECT and ASK as
  SPARQL results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE as Turtle,
  N-Triples, JSON-LD or RDF/XML. ``406`` when none of the accepted types fits.
- ``GET /`` is a query page (no external scripts) with the example queries.

Safe to share on a network by default (Fuseki and Virtuoso have the same knobs):

- no federated queries: a query with ``SERVICE`` is refused with ``400`` unless the
  operator lists the hosts it may call (``allow_service``), so a client cannot make
  the server call services on its own network and read their answers;
- each query runs in a worker process (``kg.workers``, forked from this one and
  kept for the next queries) that is killed after ``timeout`` seconds (``503``),
  so a runaway query frees its core; at most ``max_queries`` run at once, the
  others wait for a free one, up to the timeout (then ``503``);
- an answer keeps at most ``max_rows`` rows or triples, with a ``Warning`` header
  saying it was cut; request bodies and open connections are bounded.

Errors are plain-text bodies: ``400`` for a malformed request or query or a refused
SERVICE, ``403`` for an update on a read-only endpoint, ``405``, ``406``, ``413``,
``503`` for a query stopped at the timeout or a busy endpoint.
"""
from __future__ import annotations

import html
import json
import os
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg import formats
from kg.errors import InputError, KgError, QueryTimeout, UsageError
from kg.export.turtle import iter_serialized
from kg.store import (QueryLimits, Results, answer_of, error_text, examples, execute, result_kind,
                      run_update, to_rdflib)
from kg.workers import WorkerPool

MAX_BODY = 1024 * 1024               # a query's request body; a large query is a mistake or an attack
MAX_UPDATE_BODY = 16 * 1024 * 1024   # with --update, INSERT DATA may carry a graph
MAX_CONNECTIONS = 128                # open connections (one thread each); more are answered 503 at once
DEFAULT_TIMEOUT = 10.0               # seconds a query may run
DEFAULT_MAX_ROWS = 10000             # rows or triples in one answer

# (short name, media type, what pyoxigraph writes) in the order of preference, from kg.formats
SOLUTION_TYPES = [(r.name, r.media_type, r.oxigraph) for r in formats.RESULT_FORMATS]
GRAPH_TYPES = [(f.name, f.media_type, f.oxigraph) for f in formats.SERVED]
# other names clients use for the same formats
ALSO_ACCEPTED = {media: f.name for f in (*formats.RESULT_FORMATS, *formats.SERVED) for media in f.media_aliases}
FORMAT_NAMES = {**{r.name: r.name for r in formats.RESULT_FORMATS},
                **{name: f.name for f in formats.SERVED for name in (f.name, *f.aliases)}}


class HttpError(Exception):
    """An HTTP error status with a plain-text message for the client (and headers to send with it)."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def negotiate(accept: str | None, offers: list[tuple], override: str | None = None) -> tuple:
    """The offer (name, media type, format) that the Accept header (or a format name) prefers."""
    if override:
        name = FORMAT_NAMES.get(override.lower())
        for offer in offers:
            if offer[0] == name:
                return offer
        raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                        f"format={override} does not fit this query; use one of {', '.join(o[0] for o in offers)}")
    if not accept or not accept.strip():
        return offers[0]
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media, q = fields[0].lower(), 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media, q))
    best, best_q = None, 0.0
    for offer in offers:
        aliases = {m for m, n in ALSO_ACCEPTED.items() if n == offer[0]}
        q = _quality(offer[1], aliases, ranges)
        if q > best_q:
            best, best_q = offer, q
    if best is None:
        raise HttpError(HTTPStatus.NOT_ACCEPTABLE,
                        "none of the accepted types fits; this query gives " + ", ".join(o[1] for o in offers))
    return best


def _quality(media_type: str, aliases: set[str], ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range that matches: the type or an alias exactly, then type/*, then */*."""
    best_specificity, q = -1, 0.0
    major = media_type.split("/")[0]
    for media, rq in ranges:
        specificity = (2 if media == media_type or media in aliases else 1 if media == f"{major}/*"
                       else 0 if media == "*/*" else -1)
        if specificity > best_specificity:
            best_specificity, q = specificity, rq
    return q


def default_max_queries() -> int:
    """Queries run at once by default: two per core, so light queries still pass while a few heavy ones run."""
    return 2 * (os.cpu_count() or 1)


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: a store, whether updates are allowed, the query limits, and a request log."""

    daemon_threads = True
    block_on_close = False         # idle keep-alive connections must not hold up shutdown
    allow_reuse_address = True
    request_queue_size = 128       # the listen backlog: with 5, bursts of clients waited 1 s for a SYN retry

    def __init__(self, address: tuple[str, int], store: ox.Store, *, allow_update: bool = False,
                 title: str = "kg SPARQL endpoint", log: Callable[[str], None] | None = None,
                 limits: QueryLimits = QueryLimits(DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS, ()),
                 max_queries: int | None = None):
        self.store, self.allow_update, self.title, self.log = store, allow_update, title, log
        self.limits, self.max_queries = limits, max_queries or default_max_queries()
        self.slots = threading.BoundedSemaphore(self.max_queries)
        self.fork_lock = threading.Lock()          # an update and a worker's fork never overlap
        self.connections, self._count_lock = 0, threading.Lock()
        self.workers = WorkerPool(self._execute, fork_lock=self.fork_lock)
        try:
            super().__init__(address, Handler)
        except OSError:
            self.workers.close()
            raise

    def _execute(self, request: dict) -> tuple[dict, bytes]:
        """One query in a worker process: run, cut at max_rows, render as the client asked."""
        def render(results: Results) -> tuple[bytes, dict]:
            try:
                return render_results(results, request["accept"], request["format"])
            except HttpError as err:
                return b"", {"status": int(err.status), "message": err.message}

        return execute(self.store, request["query"], render, max_rows=self.limits.max_rows,
                       service_hosts=self.limits.service_hosts, default_graphs=request["default_graphs"],
                       named_graphs=request["named_graphs"])

    def server_close(self) -> None:
        """Stop listening and end the query workers."""
        super().server_close()
        self.workers.close()

    def process_request(self, request, client_address) -> None:
        """Serve the connection in a thread of its own, or answer 503 at once when there are too many."""
        with self._count_lock:
            full = self.connections >= MAX_CONNECTIONS
            if not full:
                self.connections += 1
        if not full:
            super().process_request(request, client_address)
            return
        body = b"too many connections; try again shortly\n"
        try:
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            b"Retry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        except OSError:
            pass
        self.shutdown_request(request)

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._count_lock:
                self.connections -= 1

    @property
    def url(self) -> str:
        """The endpoint's URL (``http://host:port/sparql``)."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/sparql"


def make_server(store: ox.Store, host: str = "127.0.0.1", port: int = 7878, *, allow_update: bool = False,
                title: str = "kg SPARQL endpoint", log: Callable[[str], None] | None = None,
                timeout: float = DEFAULT_TIMEOUT, max_rows: int = DEFAULT_MAX_ROWS,
                max_queries: int | None = None, allow_service: tuple[str, ...] = ()) -> SparqlServer:
    """A SPARQL endpoint on host:port (port 0 picks a free one); call serve_forever() on it.

    timeout (seconds) and max_rows bound each query (0: no bound), max_queries the
    queries run at once (default: two per core); allow_service lists the
    hosts (``host`` or ``host:port``) a SERVICE clause may call: none by default.
    """
    limits = QueryLimits(timeout=timeout, max_rows=max_rows, service_hosts=tuple(allow_service))
    return SparqlServer((host, port), store, allow_update=allow_update, title=title, log=log, limits=limits,
                        max_queries=max_queries)


class Handler(BaseHTTPRequestHandler):
    """One request: the query page, a query or an update."""

    server: SparqlServer
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    timeout = 30                   # seconds an idle keep-alive connection (or a slow request) is kept
    disable_nagle_algorithm = True # headers and body go out in two writes: no 40 ms wait for a delayed ACK

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._refuse_method()

    do_DELETE = do_PATCH = do_PUT

    def _refuse_method(self) -> None:
        self._drain()
        self._send_error(HttpError(HTTPStatus.METHOD_NOT_ALLOWED, "use GET or POST on /sparql"),
                         {"Allow": "GET, POST"})

    def _handle(self, method: str) -> None:
        try:
            url = urlsplit(self.path)
            params = parse_qs(url.query, keep_blank_values=True)
            if url.path in ("/", "/index.html") and method == "GET":
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._page().encode("utf-8"))
                return
            if url.path != "/sparql":
                self._drain()
                raise HttpError(HTTPStatus.NOT_FOUND, f"no such resource: {url.path}; the endpoint is /sparql")
            if method == "POST":
                params = self._post_params(params)
            queries, updates = params.get("query", []), params.get("update", [])
            if len(queries) + len(updates) > 1:
                raise HttpError(HTTPStatus.BAD_REQUEST, "give exactly one query or one update")
            if updates:
                if method != "POST":
                    raise HttpError(HTTPStatus.BAD_REQUEST, "SPARQL Update needs POST")
                self._update(updates[0])
            elif queries:
                self._query(queries[0], params)
            elif method == "GET":
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self._page().encode("utf-8"))
            else:
                raise HttpError(HTTPStatus.BAD_REQUEST, "no query: send query=… or an application/sparql-query body")
        except HttpError as err:
            self._send_error(err, err.headers)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as err:          # a bug or a store failure: tell the client, keep serving
            self._send_error(HttpError(HTTPStatus.INTERNAL_SERVER_ERROR,
                                       f"internal error: {type(err).__name__}: {error_text(err)}"))

    def _max_body(self) -> int:
        return MAX_UPDATE_BODY if self.server.allow_update else MAX_BODY

    def _drain(self) -> None:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if 0 < length <= self._max_body():
            self.rfile.read(length)
        elif length:
            self.close_connection = True

    def _post_params(self, params: dict) -> dict:
        length = self.headers.get("Content-Length")
        if length is None:
            raise HttpError(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        if not length.strip().isdigit():
            self.close_connection = True
            raise HttpError(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
        if int(length) > self._max_body():
            self.close_connection = True         # the body is not read: the connection cannot go on
            raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                            f"the request body is larger than {self._max_body()} bytes, this endpoint's limit")
        body = self.rfile.read(int(length))
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
        if ctype == "application/x-www-form-urlencoded":
            merged = dict(params)
            for key, values in parse_qs(text, keep_blank_values=True).items():
                merged[key] = merged.get(key, []) + values
            return merged
        if ctype == "application/sparql-query":
            return {**params, "query": [text]}
        if ctype == "application/sparql-update":
            return {**params, "update": [text]}
        raise HttpError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                        "POST application/x-www-form-urlencoded, application/sparql-query or application/sparql-update")

    def _query(self, sparql: str, params: dict) -> None:
        server, limits = self.server, self.server.limits
        request = {"query": sparql, "accept": self.headers.get("Accept"), "format": (params.get("format") or [None])[0],
                   "default_graphs": params.get("default-graph-uri"), "named_graphs": params.get("named-graph-uri")}
        wait = limits.timeout if limits.timeout > 0 else None
        if not server.slots.acquire(timeout=wait):
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE,
                            f"busy: {server.max_queries} queries are running and none ended within "
                            f"{limits.timeout:g} s; try again shortly", {"Retry-After": "1"})
        try:
            answer = answer_of(*server.workers.call(request, limits.timeout))
        except QueryTimeout as err:
            raise HttpError(HTTPStatus.SERVICE_UNAVAILABLE,
                            str(err).replace("(--timeout;", "(this endpoint's limit, kg serve --timeout;")) from None
        except (InputError, UsageError) as err:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(err).removeprefix("query: ")) from None
        except KgError as err:                    # the worker ended without an answer
            raise HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, str(err).removeprefix("query: ")) from None
        finally:
            server.slots.release()
        if "status" in answer.info:
            raise HttpError(HTTPStatus(answer.info["status"]), answer.info["message"])
        headers = {}
        if answer.cut:
            what = "triples" if answer.info["kind"] == "graph" else "rows"
            headers["Warning"] = (f'199 kg "the answer was cut at {limits.max_rows} {what}, this endpoint\'s limit '
                                  f'(kg serve --max-rows); use LIMIT and OFFSET to page through it"')
        self._send(HTTPStatus.OK, f"{answer.info['media']}; charset=utf-8", answer.body, headers)

    def _update(self, sparql: str) -> None:
        if not self.server.allow_update:
            raise HttpError(HTTPStatus.FORBIDDEN, "this endpoint is read-only; start kg serve with --update to allow "
                                                  "SPARQL Update")
        try:
            with self.server.fork_lock:
                try:
                    run_update(self.server.store, sparql)
                finally:
                    self.server.workers.renew()       # the next queries see the change
        except KgError as err:
            raise HttpError(HTTPStatus.BAD_REQUEST, str(err).removeprefix("update: ")) from None
        self._send(HTTPStatus.NO_CONTENT, None, b"")

    def _send(self, status: HTTPStatus, ctype: str | None, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_error(self, err: HttpError, headers: dict | None = None) -> None:
        self._send(err.status, "text/plain; charset=utf-8", (err.message + "\n").encode("utf-8"), headers)

    def log_message(self, format: str, *args) -> None:
        if self.server.log:
            self.server.log(f"{self.address_string()} {format % args}")

    def _page(self) -> str:
        shipped = [{"name": e.name, "description": e.description, "text": e.text} for e in examples()]
        data = json.dumps(shipped, ensure_ascii=False).replace("</", "<\\/")
        mode = "read and write (SPARQL Update allowed)" if self.server.allow_update else "read-only"
        return PAGE.replace("$TITLE", html.escape(self.server.title)).replace("$MODE", mode).replace("$EXAMPLES", data)


def render_results(results: Results, accept: str | None, override: str | None) -> tuple[bytes, dict]:
    """Results in the format the Accept header (or format=) asks for: the body, its media type and kind."""
    kind = result_kind(results)
    if kind == "graph":
        name, media, fmt = negotiate(accept, GRAPH_TYPES, override)
        if formats.by_name(name).writes:     # kg's own writers: sorted, safe prefixed names
            body = "".join(iter_serialized(to_rdflib(results), name)).encode("utf-8")
        else:
            body = ox.serialize(results, format=fmt)
    else:
        _, media, fmt = negotiate(accept, SOLUTION_TYPES, override)
        body = results.serialize(format=fmt)
    return body, {"media": media, "kind": kind}


def stderr_log(line: str) -> None:
    """Write one request line to stderr."""
    print(line, file=sys.stderr, flush=True)


PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<title>$TITLE</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
textarea { width: 100%; height: 16em; font: 13px/1.4 monospace; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; max-width: 40em; }
th { background: #f3f3f3; }
#status { margin-left: 1em; color: #555; }
pre { white-space: pre-wrap; }
</style>
</head>
<body>
<h1>$TITLE</h1>
<p>SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST), $MODE. Prefixes such as
<code>kg:</code>, <code>rdfs:</code>, <code>schema:</code> need no PREFIX line.</p>
<p><label>Example: <select id="example"><option value="">(choose)</option></select></label></p>
<form id="form">
<textarea id="query" name="query" spellcheck="false">SELECT ?class (COUNT(?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class ORDER BY DESC(?n)</textarea>
<p><button type="submit">Run</button>
<label>Results as <select id="format">
<option value="table">table</option><option value="json">JSON</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="xml">XML</option></select></label>
<span id="status"></span></p>
</form>
<div id="results"></div>
<script>
const examples = $EXAMPLES;
const pick = document.getElementById("example");
for (const e of examples) {
  const o = document.createElement("option");
  o.value = e.name; o.textContent = e.name + " — " + e.description;
  pick.appendChild(o);
}
pick.addEventListener("change", () => {
  const e = examples.find(x => x.name === pick.value);
  if (e) document.getElementById("query").value = e.text;
});
function cell(term) {
  if (!term) return "";
  return term.type === "bnode" ? "_:" + term.value : term.value;
}
document.getElementById("form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const format = document.getElementById("format").value;
  const status = document.getElementById("status"), out = document.getElementById("results");
  const accept = {table: "application/sparql-results+json, text/turtle;q=0.9", json: "application/sparql-results+json",
                  csv: "text/csv", tsv: "text/tab-separated-values", xml: "application/sparql-results+xml"}[format];
  status.textContent = "running…"; out.textContent = "";
  const started = performance.now();
  const response = await fetch("/sparql", {method: "POST", headers: {"Content-Type": "application/sparql-query",
    "Accept": accept}, body: document.getElementById("query").value});
  const text = await response.text();
  const ms = Math.round(performance.now() - started);
  const warning = response.headers.get("Warning");
  if (warning) { const note = document.createElement("p"); note.textContent = warning.replace(/^199 kg "|"$/g, "");
    out.appendChild(note); }
  if (!response.ok) { status.textContent = response.status + " " + response.statusText; 
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre); return; }
  const ctype = response.headers.get("Content-Type") || "";
  if (format !== "table" || !ctype.startsWith("application/sparql-results+json")) {
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre);
    status.textContent = ms + " ms"; return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) { out.textContent = String(data.boolean); status.textContent = ms + " ms"; return; }
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
  }
  out.appendChild(table);
  status.textContent = data.results.bindings.length + " rows, " + ms + " ms";
});
</script>
</body>
</html>
"""
