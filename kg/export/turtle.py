"""rdflib.Graph -> Turtle, N-Triples or JSON-LD: deterministic, streamed, written atomically.

rdflib stays the API (a built graph is an ``rdflib.Graph``), but its serializers
are not used: its Turtle writer takes minutes for a million triples, and the order
of its N-Triples and JSON-LD output depends on its store. These writers go over the
graph once, render each distinct term once, sort, and stream text in chunks.

Turtle keeps the layout of rdflib's writer, so files written before are unchanged:
subjects ordered by (blank node, number of times used as an object, IRI); per
subject ``a`` then ``rdfs:label`` then the other predicates by IRI; objects sorted
as rdflib sorts them; four-space indents. Where rdflib's output is fragile, these
writers are stricter, for every parser (raptor, pyoxigraph, N3.js):

- a prefixed name only when the local part is ``[A-Za-z_][A-Za-z0-9_-]*``; any
  other IRI is written in full (no escapes, no dots, no non-ASCII local names);
- strings on one line, with ``\\n``, ``\\t``… and ``\\uXXXX`` for control characters;
- a number, boolean or decimal bare only when its lexical form is valid Turtle
  for it (``"1"^^xsd:boolean`` stays quoted, doubles are never rounded);
- blank nodes as ``_:label``.

N-Triples is sorted line by line (the order of ``sort``), one triple per line,
for bulk loaders. JSON-LD is one flat ``@graph`` with a ``@context`` of the
prefixes used, one node per line, full IRIs for nodes and typed values kept as
strings, so every triple round-trips unchanged. All three are UTF-8 without BOM.
"""
from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import formats
from kg.atomic import write_chunks
from kg.errors import UsageError

CHUNK_CHARS = 1 << 20          # flush the output about every megabyte

_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
_LOCAL_TAIL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z|\Z")
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\\x7f]')
_ESCAPES = {i: f"\\u{i:04X}" for i in (*range(0x20), 0x7F)}
_ESCAPES.update({ord("\b"): "\\b", ord("\t"): "\\t", ord("\n"): "\\n", ord("\f"): "\\f", ord("\r"): "\\r",
                 ord('"'): '\\"', ord("\\"): "\\\\"})
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?\Z")
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+\Z")
_DOUBLE = re.compile(r"[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+\Z")
_JSONLD_PREFIX_END = ":/?#[]@"
_TYPE, _LABEL, _CLASS = URIRef(RDF.type), URIRef(RDFS.label), URIRef(RDFS.Class)   # plain URIRefs: fast lookups
_FIRST = (_TYPE, _LABEL)
_INT, _DEC, _DBL, _BOOL = URIRef(XSD.integer), URIRef(XSD.decimal), URIRef(XSD.double), URIRef(XSD.boolean)
_IRI_SCHEMES = {"http", "https", "urn", "file", "mailto", "tag", "data", "ftp"}


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """The graph as UTF-8 bytes in a deterministic form: Turtle, sorted N-Triples or JSON-LD."""
    return "".join(iter_serialized(graph, fmt)).encode("utf-8")


def write_graph(graph: Graph, path: Path | str, fmt: str | None = None) -> None:
    """Serialise in the format given or named by the extension (``kg.formats``), streamed, and write atomically."""
    write_chunks(Path(path), iter_serialized(graph, formats.to_write(path, fmt).name))


def iter_serialized(graph: Graph, fmt: str = "turtle") -> Iterator[str]:
    """The serialised graph as text chunks of about a megabyte, in a format kg writes (a name of ``kg.formats``)."""
    rdf_format = formats.by_name(fmt)
    if rdf_format.name not in WRITERS:
        raise UsageError(f"kg does not write {rdf_format.label}; it writes "
                                 f"{formats.either(f.name for f in formats.WRITTEN)}")
    return _chunked(WRITERS[rdf_format.name](graph))


def ntriples_reader(graph: Graph) -> io.BufferedReader:
    """A binary file object that reads the graph as sorted N-Triples (for bulk loaders)."""
    return io.BufferedReader(_ChunkReader(s.encode("utf-8") for s in iter_serialized(graph, "nt")),
                             buffer_size=CHUNK_CHARS)


class _ChunkReader(io.RawIOBase):
    """A readable raw stream over an iterator of bytes."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks, self._rest = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            self._rest = next(self._chunks, b"")
            if not self._rest:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def _chunked(parts: Iterator[str]) -> Iterator[str]:
    buf, size = [], 0
    for part in parts:
        buf.append(part)
        size += len(part)
        if size >= CHUNK_CHARS:
            yield "".join(buf)
            buf, size = [], 0
    if buf:
        yield "".join(buf)


# --- terms ---

def quote(text: str) -> str:
    """A string literal's quoted form, on one line, valid in Turtle and N-Triples."""
    if _NEEDS_ESCAPE.search(text):
        text = text.translate(_ESCAPES)
    return f'"{text}"'


def iri(node: URIRef) -> str:
    """``<iri>``, or ValueError for an IRI no parser accepts."""
    if _IRI_FORBIDDEN.search(node):
        raise ValueError(f"cannot write the IRI {str(node)!r}: it contains a space or one of <>\"{{}}|^`\\")
    return f"<{node}>"


def bnode(node: BNode) -> str:
    """``_:label`` (labels that are not valid Turtle are hex-encoded)."""
    label = str(node)
    if not _BNODE_LABEL.match(label):
        label = "x" + label.encode("utf-8").hex()
    return f"_:{label}"


def nt_term(node: Node) -> str:
    """A term in N-Triples syntax."""
    if isinstance(node, URIRef):
        return iri(node)
    if isinstance(node, Literal):
        if node.language:
            return f"{quote(node)}@{node.language}"
        if node.datatype is not None:
            return f"{quote(node)}^^{iri(node.datatype)}"
        return quote(node)
    if isinstance(node, BNode):
        return bnode(node)
    raise ValueError(f"cannot write the term {node!r} as N-Triples")


class Names:
    """Prefixed names for IRIs in the graph's bound namespaces; remembers the prefixes it used."""

    def __init__(self, graph: Graph | Iterable[tuple[str, str]], *, usable=lambda prefix, namespace: True):
        self.namespaces: dict[str, str] = {}
        bound = graph.namespaces() if isinstance(graph, Graph) else graph
        for prefix, namespace in bound:
            if _PREFIX.match(prefix) and usable(prefix, str(namespace)):
                self.namespaces.setdefault(str(namespace), prefix)
        self.used: dict[str, str] = {}

    def pname(self, node: URIRef) -> str | None:
        """``prefix:local`` when a bound namespace and a safe local name make up the IRI, else None."""
        text = str(node)
        prefix = self.namespaces.get(text)
        if prefix is not None:                        # the IRI is a namespace itself
            self.used[prefix] = text
            return f"{prefix}:"
        local = _LOCAL_TAIL.search(text).group()      # like rdflib's split_uri, ASCII names only
        namespace = text[: len(text) - len(local)]
        prefix = self.namespaces.get(namespace) if local else None
        if prefix is None:
            return None
        self.used[prefix] = namespace
        return f"{prefix}:{local}"


class _TurtleTerms:
    """Renders terms as Turtle, each distinct term once (while the cache is not full)."""

    CACHE_MAX = 200_000     # rendered terms kept: a streamed graph has millions used once

    def __init__(self, names: Names):
        self.names = names
        # by the term object (id: no slow rdflib hashing); the entry keeps the object alive
        self.cache: dict[int, tuple[Node, str]] = {}

    def __call__(self, node: Node) -> str:
        hit = self.cache.get(id(node))
        if hit is not None:
            return hit[1]
        if type(node) is Literal and node.language:       # a sentence or name: rarely repeated, not kept
            return f"{quote(node)}@{node.language}"
        if len(self.cache) >= self.CACHE_MAX:
            self.cache.clear()
        text = self._render(node)
        self.cache[id(node)] = (node, text)
        return text

    def _render(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.names.pname(node) or iri(node)
        if isinstance(node, Literal):
            return self._literal(node)
        if isinstance(node, BNode):
            return bnode(node)
        raise ValueError(f"cannot write the term {node!r} as Turtle")

    def _literal(self, node: Literal) -> str:
        if node.language:
            return f"{quote(node)}@{node.language}"
        datatype = node.datatype
        if datatype is None:
            return quote(node)
        dt = self.names.pname(datatype) or iri(datatype)   # rdflib declares the prefix even when bare
        lexical = str(node)
        if datatype == _INT and _INTEGER.match(lexical):
            return lexical
        if datatype == _DEC:
            if _INTEGER.match(lexical):
                return lexical + ".0"
            if _DECIMAL.match(lexical):
                return lexical
        if datatype == _DBL and _DOUBLE.match(lexical):
            return lexical
        if datatype == _BOOL and lexical in ("true", "false"):
            return lexical
        return f"{quote(node)}^^{dt}"


# --- Turtle ---

def _turtle(graph: Graph) -> Iterator[str]:
    term = _TurtleTerms(Names(graph))
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    references: dict[Node, int] = defaultdict(int)
    for s, p, o in graph.triples((None, None, None)):
        by_subject[s][p].append(o)
        references[o] += 1
    # rdflib's order: members of rdfs:Class first, then by (blank node, references, subject)
    top = sorted((s for s in by_subject if _CLASS in by_subject[s].get(_TYPE, ())), key=_sort_key)
    first = set(top)
    rest = sorted((s for s in by_subject if s not in first),
                  key=lambda s: (isinstance(s, BNode), references.get(s, 0), _sort_key(s)))
    body = [_block(term, s, by_subject.pop(s)) for s in top + rest]
    # prefixes are known once every term is rendered
    yield "".join(f"@prefix {prefix}: <{namespace}> .\n" for prefix, namespace in sorted(term.names.used.items()))
    yield from body
    yield "\n"


def turtle_blocks(blocks: Iterable[tuple[Node, dict]], namespaces: Iterable[tuple[str, str]], *,
                  prefixes: bool = True, end: bool = True) -> Iterator[str]:
    """Turtle of a stream of subject blocks (subject, predicate -> objects), in the stream's order.

    Nothing is held but the rendered names of IRIs: this writes graphs of any size
    from ``kg.graph.blocks``. Every namespace given is declared, used or not; each
    block is laid out as ``write_graph`` lays out a subject. Without ``prefixes``
    and ``end`` the text is a middle part of a document (written in parallel).
    """
    names = Names(namespaces)
    if prefixes:
        yield "".join(f"@prefix {prefix}: <{namespace}> .\n" for namespace, prefix in sorted(
            names.namespaces.items(), key=lambda item: item[1]))
    term = _TurtleTerms(names)
    for s, properties in blocks:
        if properties:
            yield _block(term, s, properties)
    if end:
        yield "\n"


def _block(term: "_TurtleTerms", s: Node, properties: dict) -> str:
    """One subject with all its predicates and objects."""
    verbs = []
    known = term.cache.get          # the renderer's cache, looked up here: most terms are in it
    for p in _predicate_order(properties):
        objects = properties[p]
        verb = "a" if str.__eq__(p, _TYPE) else term(p)     # str's ==: rdflib's is slow
        if len(objects) == 1:
            for o in objects:
                hit = known(id(o))
                verbs.append(f"{verb} {hit[1] if hit is not None else term(o)}")
        else:
            texts = [hit[1] if (hit := known(id(o))) is not None else term(o)
                     for o in _sorted_objects(list(objects))]
            verbs.append(f"{verb} " + ",\n        ".join(texts))
    return f"\n{term(s)} " + " ;\n    ".join(verbs) + " .\n"


def _sort_key(node: Node) -> tuple:
    """Sorts as rdflib's Node ordering does for nodes of one kind: by type, then text."""
    return (not isinstance(node, BNode), not isinstance(node, URIRef), str(node))


_ORDERS: dict[tuple, list] = {}      # the predicates of a block, as listed -> in the order written


def _predicate_order(properties: dict[Node, list[Node]]) -> list[Node]:
    if len(properties) == 1:
        return list(properties)
    listed = tuple(properties)
    order = _ORDERS.get(listed)
    if order is None:
        first = [p for p in _FIRST if p in properties]
        order = first + sorted((p for p in properties if p not in first), key=_sort_key)
        if len(_ORDERS) < 10_000:
            _ORDERS[listed] = order
    return order


def _sorted_objects(objects: list[Node]) -> list[Node]:
    if len(objects) < 2:
        return objects
    if all(type(o) is URIRef for o in objects):
        return sorted(objects, key=str)
    return sorted(objects)          # rdflib's own ordering of literals and mixed terms


# --- N-Triples ---

def _ntriples(graph: Graph) -> Iterator[str]:
    cache: dict[Node, str] = {}

    def term(node: Node) -> str:
        text = cache.get(node)
        if text is None:
            text = cache[node] = nt_term(node)
        return text

    rows = [(term(s), term(p), term(o)) for s, p, o in graph.triples((None, None, None))]
    cache.clear()
    rows.sort()
    for s, p, o in rows:
        yield f"{s} {p} {o} .\n"


# --- JSON-LD ---

def _jsonld(graph: Graph) -> Iterator[str]:
    names = Names(graph, usable=lambda prefix, namespace: (
        namespace[-1:] in _JSONLD_PREFIX_END and not prefix.startswith("@") and prefix not in _IRI_SCHEMES
        and ":" not in prefix))

    def key(node: URIRef) -> str:
        return names.pname(node) or str(node)

    def node_id(node: Node) -> str:
        return bnode(node) if isinstance(node, BNode) else str(node)

    def value(node: Node) -> dict:
        if isinstance(node, Literal):
            if node.language:
                return {"@value": str(node), "@language": node.language}
            if node.datatype is not None:
                return {"@value": str(node), "@type": key(node.datatype)}
            return {"@value": str(node)}
        return {"@id": node_id(node)}

    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph.triples((None, None, None)):
        by_subject[s][p].append(o)
    lines = []
    for s in sorted(by_subject, key=lambda n: (isinstance(n, BNode), node_id(n))):
        properties = by_subject.pop(s)
        obj: dict = {"@id": node_id(s)}
        types = sorted(str(o) for o in properties.get(_TYPE, ()) if isinstance(o, URIRef))
        if types:
            obj["@type"] = [key(URIRef(t)) for t in types]
        for p in sorted(properties, key=str):
            objects = [o for o in properties[p] if not (p == _TYPE and isinstance(o, URIRef))]
            if objects:
                obj[key(p)] = [value(o) for o in sorted(objects, key=nt_term)]
        lines.append(json.dumps(obj, ensure_ascii=False))
    context = json.dumps(dict(sorted((p, ns) for p, ns in names.used.items())), ensure_ascii=False, indent=2)
    yield '{\n"@context": ' + context + ',\n"@graph": [\n'
    for i, line in enumerate(lines):
        yield line + (",\n" if i < len(lines) - 1 else "\n")
    yield "]\n}\n"


# kg.formats.WRITTEN names the formats these write (a test keeps the two equal)
WRITERS = {formats.TURTLE.name: _turtle, formats.NTRIPLES.name: _ntriples, formats.JSONLD.name: _jsonld}
