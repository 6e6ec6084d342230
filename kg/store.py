"""The embedded triple store (Oxigraph, through pyoxigraph): load graphs, run SPARQL, write results.

A store holds two named graphs: the data in ``DATA_GRAPH`` and ``ontology/kg.ttl``
in ``ONTOLOGY_GRAPH``. Queries see their union as the default graph, so
``?x a/rdfs:subClassOf* kg:District`` and ``rdfs:label`` of a property work with no
inference, while ``GRAPH ?g`` still tells data from ontology.

A store is either in memory, loaded from graph files for one command
(``memory_store``), or a folder on disk that ``kg build --store DIR`` writes
(``build_store``: into a new folder, swapped in at the end, so a failed build keeps
the old store) and ``kg query`` / ``kg serve`` open read-only (``open_store``).

Results are written in the SPARQL 1.1 Query Results formats (JSON, CSV, TSV, XML)
by Oxigraph itself, or as a table for people (``format_table``). Graph results
(CONSTRUCT, DESCRIBE) are written as Turtle, N-Triples or JSON-LD.

The example queries are the ``.rq`` files in ``kg/queries/``; the first comment
line of each is its one-line description.
"""
from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Union
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from kg import errors, formats
from kg.errors import InputError, KgError, StoreError, UsageError, shown
from kg.export.turtle import iter_serialized, ntriples_reader
from kg.vocab import DEFAULT_BASE_IRI, ONTOLOGY_FILE, ONTOLOGY_IRI
from kg.workers import run_in_fork

DATA_GRAPH = ox.NamedNode("https://w3id.org/zskg/graph")
ONTOLOGY_GRAPH = ox.NamedNode("https://w3id.org/zskg/ontology")
QUERIES_DIR = Path(__file__).resolve().parent / "queries"

# prefixes a query may use without declaring them
PREFIXES = {
    "kg": ONTOLOGY_IRI,
    "id": DEFAULT_BASE_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
}

Results = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]

TABLE_CELL_WIDTH = 60          # display columns; longer cells end with …
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Example:
    """A shipped example query: its name (file stem), one-line description and SPARQL text."""

    name: str
    description: str
    text: str


def examples() -> tuple[Example, ...]:
    """The example queries in kg/queries/, by name."""
    found = []
    for path in sorted(QUERIES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        found.append(Example(path.stem, first.lstrip("#").strip(), text))
    return tuple(found)


def example(name: str) -> Example:
    """The example query called name, or UsageError listing the names."""
    for ex in examples():
        if ex.name == name:
            return ex
    names = ", ".join(ex.name for ex in examples())
    raise UsageError(f"no example query named {name!r}; the examples are: {names} (kg query --list)")


def resolve_query(query: str) -> tuple[str, str]:
    """The SPARQL text of QUERY (SPARQL, a .rq file or an example's name) and a name for messages."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", query):
        return example(query).text, query
    if "\n" not in query and (query.endswith(".rq") or query.endswith(".sparql") or os.path.isfile(query)):
        path = Path(query)
        if not path.is_file():
            raise InputError("no such query file", path=query)
        try:
            return path.read_text(encoding="utf-8"), query
        except (OSError, UnicodeDecodeError) as err:
            raise InputError(f"cannot read the query: {err}", path=query) from err
    return query, "query"


# --- stores ---

def load_file(store: ox.Store, path: Path | str, *, to: ox.NamedNode = DATA_GRAPH) -> None:
    """Parse an RDF file (format by extension, ``kg.formats``) into a graph of the store."""
    path = Path(path)
    fmt = formats.for_path(path)
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    try:
        store.bulk_load(path=str(path), format=fmt.oxigraph, to_graph=to, base_iri=path.resolve().as_uri())
    except SyntaxError as err:
        raise InputError(f"not valid {fmt.label}: {err}", path=str(path)) from err
    except (OSError, ValueError) as err:
        raise InputError(f"cannot load: {err}", path=str(path)) from err


def load_graph(store: ox.Store, graph: Graph, *, to: ox.NamedNode = DATA_GRAPH) -> None:
    """Copy an rdflib graph into a graph of the store (streamed as N-Triples)."""
    store.bulk_load(ntriples_reader(graph), ox.RdfFormat.N_TRIPLES, to_graph=to)


def load_ontology(store: ox.Store) -> None:
    """Put ontology/kg.ttl into ONTOLOGY_GRAPH, so queries can follow rdfs:subClassOf."""
    load_file(store, ONTOLOGY_FILE, to=ONTOLOGY_GRAPH)


def memory_store(paths: Iterable[Path | str]) -> ox.Store:
    """An in-memory store with the ontology and the graph files (all into DATA_GRAPH)."""
    store = ox.Store()
    load_ontology(store)
    for path in paths:
        load_file(store, path)
    return store


def is_store(path: Path | str) -> bool:
    """Whether path is a folder with an Oxigraph (RocksDB) store in it."""
    return (Path(path) / "CURRENT").is_file()


def open_store(path: Path | str) -> ox.Store:
    """Open the store folder that ``kg build --store`` wrote, read-only."""
    path = Path(path)
    if not is_store(path):
        raise StoreError(f"{path}: no store there; make one with `kg build ARTICLES --store {path}`")
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise StoreError(f"{path}: cannot open the store: {err}") from err


def build_store(graph: Graph, path: Path | str) -> int:
    """Write graph and ontology into a new store folder and swap it in for path; the number of quads.

    The old store is replaced only once the new one is complete. A folder that is
    not a store is never replaced. A running ``kg serve --store`` must be restarted
    to answer from the new store.
    """
    path = Path(path)
    if path.exists() and not (path.is_dir() and (is_store(path) or not any(path.iterdir()))):
        raise StoreError(f"{path}: exists and is not a kg store; choose another --store folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent))
    try:
        store = ox.Store(str(tmp))
        load_ontology(store)
        load_graph(store, graph)
        store.flush()
        count = len(store)
        del store                  # closes the database before its folder moves
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            os.rename(path, old / "store")
        os.rename(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return count
    except OSError as err:
        raise StoreError(f"{path}: cannot write the store: {err}") from err
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


# --- queries ---

def parse_params(pairs) -> dict:
    """``NAME=VALUE`` pairs -> values for the query's variables (SPARQL substitution, SEP-0007):
    an integer, a decimal, an ISO date (2024, 2024-03, 2024-03-18) or else a string."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise UsageError(f"--param {pair!r}: write it NAME=VALUE, e.g. --param months=12")
        value = value.strip()
        if re.fullmatch(r"-?\d+", value):
            term = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
        elif re.fullmatch(r"-?\d+\.\d+", value):
            term = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal"))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            term = ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
        else:
            term = ox.Literal(value)
        out[ox.Variable(name)] = term
    return out


def run_query(store: ox.Store, sparql: str, *, default_graphs: list[str] | None = None,
              named_graphs: list[str] | None = None, label: str = "query", params: dict | None = None) -> Results:
    """Run a SPARQL query; the default graph is the union of all graphs unless default_graphs are given.
    ``params`` give variables values (``parse_params``)."""
    options: dict = {"prefixes": PREFIXES}
    if params:
        options["substitutions"] = params
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        return store.query(sparql, **options)
    except SyntaxError as err:
        raise InputError(f"SPARQL syntax error: {err}", path=label) from err
    except (OSError, ValueError, TypeError) as err:
        raise InputError(f"the query failed: {error_text(err)}", path=label) from err


def run_update(store: ox.Store, sparql: str, *, label: str = "update") -> None:
    """Run a SPARQL Update on the store."""
    try:
        store.update(sparql, prefixes=PREFIXES)
    except SyntaxError as err:
        raise InputError(f"SPARQL syntax error: {err}", path=label) from err
    except (OSError, ValueError) as err:
        raise StoreError(f"the update failed: {err}") from err


# --- bounded queries: a time limit, a row cap, federated calls only where allowed ---

@dataclass(frozen=True)
class QueryLimits:
    """What one query may do: seconds before it is stopped, rows (or triples) kept, SERVICE hosts it may call.

    0 means no limit; ``service_hosts=None`` allows any SERVICE endpoint, ``()`` none.
    """

    timeout: float = 0.0
    max_rows: int = 0
    service_hosts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Answer:
    """What a bounded query gives: the rendered body, what render said about it, and whether the cap cut it."""

    body: bytes
    info: dict
    cut: bool


def run_bounded(store: ox.Store, sparql: str, render: Callable[[Results], tuple[bytes, dict]], *,
                limits: QueryLimits = QueryLimits(), default_graphs: list[str] | None = None,
                named_graphs: list[str] | None = None, label: str = "query", fork_lock=None,
                params: dict | None = None) -> Answer:
    """Run the query in a forked process (kg.workers) that is stopped after limits.timeout.

    The worker checks the SERVICE calls, keeps limits.max_rows and calls
    render(results) -> (body, info), so only bytes come back; it is killed when the
    time is up (``QueryTimeout``), which frees its core at once, as Oxigraph cannot
    interrupt a query. Ctrl-C stops it too. fork_lock, when given, is held while forking.
    """
    header, body = run_in_fork(lambda: execute(store, sparql, render, max_rows=limits.max_rows,
                                               service_hosts=limits.service_hosts, default_graphs=default_graphs,
                                               named_graphs=named_graphs, label=label, params=params),
                               limits.timeout, fork_lock)
    return answer_of(header, body)


def execute(store: ox.Store, sparql: str, render: Callable[[Results], tuple[bytes, dict]], *, max_rows: int = 0,
            service_hosts: tuple[str, ...] | None = None, default_graphs: list[str] | None = None,
            named_graphs: list[str] | None = None, label: str = "query",
            params: dict | None = None) -> tuple[dict, bytes]:
    """Check SERVICE calls, run the query, keep max_rows, render: a JSON-able header and the body.

    A worker's task (see answer_of): the SERVICE check parses the query, which is
    slow on a crafted one, so it too runs under the time limit. A KgError goes into
    the header, so that it can be raised again in the process that asked.
    """
    try:
        check_service(sparql, service_hosts, label=label)
        results = run_query(store, sparql, default_graphs=default_graphs, named_graphs=named_graphs, label=label,
                            params=params)
        try:
            results, cut = cap_results(results, max_rows)
            body, info = render(results)        # SELECT and CONSTRUCT results are computed as they are read
        except (OSError, ValueError, RuntimeError) as err:
            raise InputError(f"the query failed: {error_text(err)}", path=label) from err
        return {"cut": cut, "info": info}, body
    except KgError as err:
        return {"error": type(err).__name__, "message": str(err)}, b""


def answer_of(header: dict, body: bytes) -> Answer:
    """The Answer that execute's header and body make, or the error it reported, raised here."""
    if "error" in header:
        cls = getattr(errors, header["error"], None)
        if isinstance(cls, type) and issubclass(cls, KgError):
            raise cls(header["message"])
        raise StoreError(f"the query failed: {header['message']}")
    return Answer(body, header["info"], header["cut"])


def cap_results(results: Results, max_rows: int) -> tuple[Results, bool]:
    """The first max_rows solutions or triples (all when 0), and whether there were more."""
    kind = result_kind(results)
    if max_rows <= 0 or kind == "boolean":
        return results, False
    if kind == "graph":
        triples = list(itertools.islice(results, max_rows + 1))
        return triples[:max_rows], len(triples) > max_rows
    # Oxigraph writes the solutions as TSV, a header line and one line a row, until a
    # row too many; its own reader makes them QuerySolutions again, with every term
    # as it was, for its writers to write in the format asked for
    sink = _Lines(max_rows + 1)
    try:
        results.serialize(sink, ox.QueryResultsFormat.TSV)
    except Exception:
        if not sink.full:
            raise
    return ox.parse_query_results(sink.text(), ox.QueryResultsFormat.TSV), sink.full


class _Lines(io.RawIOBase):
    """A binary sink that keeps the first lines written and stops the writer at one line more."""

    def __init__(self, keep: int):
        super().__init__()
        self.keep, self.seen, self.parts, self.full = keep, 0, [], False

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.parts.append(data)
        self.seen += data.count(b"\n")
        if self.seen > self.keep:
            self.full = True
            raise EOFError("enough rows")
        return len(data)

    def text(self) -> bytes:
        data = b"".join(self.parts)
        if self.full:
            end = -1
            for _ in range(self.keep):
                end = data.index(b"\n", end + 1)
            data = data[:end + 1]
        return data


def error_text(err: BaseException) -> str:
    """An error's message on one line, without what another server answered (a SERVICE call's payload)."""
    text = " ".join(str(err).split())
    text = re.split(r"\s*\bwith payload\b", text, maxsplit=1)[0]
    return shown(text[:300])


def service_endpoints(sparql: str) -> list[str | None]:
    """The endpoint IRIs of the query's SERVICE clauses (None for a variable), as rdflib's SPARQL parser reads it.

    A query whose text, with its \\u escapes decoded, does not contain the word
    ``service`` cannot call one, and is not parsed again. Raises rdflib's
    ParseException when the parser cannot read the query.
    """
    if "service" not in _unescape(sparql).lower():
        return []
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    tree = parseQuery(sparql)
    prefixes, base = dict(PREFIXES), ""
    for decl in tree[0]:
        if decl.name == "PrefixDecl":
            prefixes[decl.get("prefix") or ""] = str(decl["iri"])
        elif decl.name == "Base":
            base = str(decl["iri"])
    found: list[str | None] = []

    def endpoint(term) -> str | None:
        if isinstance(term, CompValue) and term.name == "pname":
            namespace = prefixes.get(term.get("prefix") or "")
            return None if namespace is None else namespace + (term.get("localname") or "")
        if isinstance(term, URIRef):
            return urljoin(base, str(term)) if base else str(term)
        return None                                     # a variable: any server at all

    def walk(node) -> None:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(endpoint(node.get("term")))
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(list(tree))
    return found


def check_service(sparql: str, hosts: tuple[str, ...] | None, *, label: str = "query") -> None:
    """InputError unless every SERVICE of the query calls one of hosts (``host`` or ``host:port``); None: any."""
    if hosts is None:
        return
    how = "start kg serve with --allow-service HOST to let it call the hosts you list"
    try:
        endpoints = service_endpoints(sparql)
    except Exception as err:                            # rdflib's ParseException, or a parser bug
        raise InputError(f"federated queries (SERVICE) are off here, and this query mentions SERVICE in a form "
                         f"kg cannot check ({error_text(err)})", path=label) from None
    for found in endpoints:
        if found is not None and _host_allowed(found, hosts):
            continue
        what = f"SERVICE <{found}>" if found else "SERVICE with a variable or unknown endpoint"
        if not hosts:
            raise InputError(f"{what}: federated queries are off on this endpoint, so that it never calls other "
                             f"servers on its network for a client; {how}", path=label)
        raise InputError(f"{what}: this endpoint calls only {', '.join(hosts)} (kg serve --allow-service)",
                         path=label)


def _host_allowed(endpoint: str, hosts: tuple[str, ...]) -> bool:
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return False
    for allowed in hosts:
        allowed = allowed.lower()
        if allowed.startswith("["):                       # [::1] or [::1]:8080
            name, _, allowed_port = allowed[1:].partition("]")
            allowed_port = allowed_port.removeprefix(":")
        elif allowed.count(":") == 1:
            name, _, allowed_port = allowed.partition(":")
        else:
            name, allowed_port = allowed, ""
        if name == parts.hostname.lower() and (not allowed_port or allowed_port == str(port)):
            return True
    return False


def _unescape(text: str) -> str:
    """The \\uXXXX and \\UXXXXXXXX escapes decoded, as SPARQL parsers do before reading a query."""
    def char(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})", char, text)


def result_kind(results: Results) -> str:
    """``solutions`` (SELECT), ``boolean`` (ASK) or ``graph`` (CONSTRUCT, DESCRIBE)."""
    if isinstance(results, ox.QuerySolutions):
        return "solutions"
    if isinstance(results, ox.QueryBoolean):
        return "boolean"
    return "graph"


def check_format(results: Results, fmt: str) -> str:
    """The format to write results in, or UsageError when it does not fit their kind."""
    kind = result_kind(results)
    graph_formats = [f.name for f in formats.WRITTEN]
    if kind == "graph":
        if fmt == "table":
            return formats.TURTLE.name
        if fmt not in graph_formats:
            raise UsageError(f"--format {fmt} is for SELECT and ASK results; this query gives a graph: "
                             f"use --format {formats.either(graph_formats)}")
        return fmt
    if fmt in graph_formats:
        raise UsageError(f"--format {fmt} is for CONSTRUCT and DESCRIBE results; use "
                         f"{formats.either(['table', *(r.name for r in formats.RESULT_FORMATS)])}")
    return fmt


def write_results(results: Results, out: BinaryIO, fmt: str = "table") -> int | None:
    """Write the results in fmt (table, csv, tsv, json, xml; turtle, nt, jsonld for graphs).

    Returns the number of rows or triples when it is known (table and graphs), else None.
    """
    fmt = check_format(results, fmt)
    kind = result_kind(results)
    if kind == "graph":
        graph = to_rdflib(results)
        for chunk in iter_serialized(graph, fmt):
            out.write(chunk.encode("utf-8"))
        return len(graph)
    if fmt == "table":
        if kind == "boolean":
            out.write(b"true\n" if bool(results) else b"false\n")
            return None
        text, rows = format_table(results)
        out.write(text.encode("utf-8"))
        return rows
    tail = _LastByte(out)
    results.serialize(tail, formats.result_format(fmt).oxigraph)      # Oxigraph follows the W3C results specs
    if tail.last != b"\n":
        out.write(b"\n")       # JSON, XML and a csv/tsv ASK end without one; a prompt should not follow
    return None


class _LastByte:
    """A binary writer that passes bytes on and remembers the last one written."""

    def __init__(self, out: BinaryIO):
        self.out, self.last = out, b""

    def write(self, data) -> int:
        if data:
            self.last = bytes(data[-1:])
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


def to_rdflib(triples: Iterable[ox.Triple]) -> Graph:
    """Oxigraph triples (a CONSTRUCT result) as an rdflib graph with the usual prefixes bound."""
    graph = Graph(bind_namespaces="core")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    convert = {}

    def term(t):
        node = convert.get(t)
        if node is None:
            if isinstance(t, ox.NamedNode):
                node = URIRef(t.value)
            elif isinstance(t, ox.BlankNode):
                node = BNode(t.value)
            elif t.language:
                node = Literal(t.value, lang=t.language)
            elif t.datatype.value in (_XSD_STRING, _LANG_STRING):
                node = Literal(t.value)
            else:
                node = Literal(t.value, datatype=URIRef(t.datatype.value))
            convert[t] = node
        return node

    for t in triples:
        graph.add((term(t.subject), term(t.predicate), term(t.object)))
    return graph


def term_text(term, *, compact: bool = True) -> str:
    """A term as people read it: a literal's text, a prefixed name or an IRI, ``_:b`` for blank nodes."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        value = term.value
        if compact:
            for prefix, namespace in PREFIXES.items():
                if value.startswith(namespace) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", value[len(namespace):]):
                    return f"{prefix}:{value[len(namespace):]}"
        return value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def format_table(results: ox.QuerySolutions, *, cell_width: int = TABLE_CELL_WIDTH) -> tuple[str, int]:
    """SELECT results as an aligned text table (wide characters count double); the text and the row count."""
    names = [v.value for v in results.variables]
    rows = [[_clip(term_text(sol[i]), cell_width) for i in range(len(names))] for sol in results]
    widths = [max([_width(n)] + [_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip() + "\n"

    text = line(names) + line(["-" * w for w in widths]) + "".join(line(r) for r in rows)
    return text, len(rows)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())      # one line per row
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for c in text:
        w = _width(c)
        if used + w > limit - 1:
            break
        out.append(c)
        used += w
    return "".join(out) + "…"
