"""The RDF formats kg reads and writes, and the SPARQL results formats: one table each.

Every command that takes a graph file (``kg validate``, ``check-names``, ``view``,
``query --graph``, ``serve --graph``, ``push``) picks its format with ``for_path``,
so they all accept the same files and refuse an unknown extension with the same
message. ``kg build --format``, ``kg query --format`` and ``kg serve``'s content
negotiation take their names and media types from here too, as ``kg push`` its
Content-Type. rdflib's plugin registry (``rdflib/plugin.py``: one name, its
aliases, its media type) is the model.

Every row of ``RDF_FORMATS`` can be read, by rdflib (``rdflib``: its parser name)
and by Oxigraph (``oxigraph``); ``writes`` marks the formats kg's own writers
(``kg.export.turtle``: deterministic, streamed) produce; ``served`` those
``kg serve`` offers for CONSTRUCT and DESCRIBE, in its order of preference.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, UsageError


@dataclass(frozen=True)
class RdfFormat:
    """One RDF serialisation: its names, file extensions, parsers and media type."""

    name: str                          # as options spell it (kg build/query --format, kg serve format=)
    label: str                         # as messages name it ("not valid Turtle")
    extensions: tuple[str, ...]        # lower case; the first is the one kg writes
    rdflib: str                        # rdflib's parser (and serializer) name
    oxigraph: ox.RdfFormat
    media_type: str
    aliases: tuple[str, ...] = ()      # other names accepted for it
    media_aliases: tuple[str, ...] = ()   # other media types clients ask for it by (kg serve's Accept)
    writes: bool = False               # kg.export.turtle writes it (files, kg query --format)
    served: bool = False               # kg serve answers a graph query in it


@dataclass(frozen=True)
class ResultFormat:
    """A SPARQL 1.1 query results format (SELECT and ASK answers), written by Oxigraph."""

    name: str
    media_type: str
    oxigraph: ox.QueryResultsFormat
    media_aliases: tuple[str, ...] = ()


TURTLE = RdfFormat("turtle", "Turtle", (".ttl",), "turtle", ox.RdfFormat.TURTLE, "text/turtle",
                   aliases=("ttl",),
                   # a client that reads TriG reads Turtle, which is TriG without named graphs
                   media_aliases=("application/x-turtle", "application/trig"), writes=True, served=True)
NTRIPLES = RdfFormat("nt", "N-Triples", (".nt",), "nt", ox.RdfFormat.N_TRIPLES, "application/n-triples",
                     aliases=("ntriples", "n-triples"), media_aliases=("text/plain",), writes=True, served=True)
JSONLD = RdfFormat("jsonld", "JSON-LD", (".jsonld", ".json"), "json-ld", ox.RdfFormat.JSON_LD, "application/ld+json",
                   aliases=("json-ld",), writes=True, served=True)
RDFXML = RdfFormat("rdfxml", "RDF/XML", (".rdf", ".owl", ".xml"), "xml", ox.RdfFormat.RDF_XML, "application/rdf+xml",
                   served=True)
N3 = RdfFormat("n3", "N3", (".n3",), "n3", ox.RdfFormat.N3, "text/n3")

RDF_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML, N3)

# in kg serve's order of preference (the first when the client does not say)
RESULT_FORMATS = (
    ResultFormat("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON,
                 media_aliases=("application/json",)),
    ResultFormat("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML,
                 media_aliases=("application/xml", "text/xml")),
    ResultFormat("csv", "text/csv", ox.QueryResultsFormat.CSV),
    ResultFormat("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
)

WRITTEN = tuple(f for f in RDF_FORMATS if f.writes)
SERVED = tuple(f for f in RDF_FORMATS if f.served)

_BY_EXTENSION = {ext: f for f in RDF_FORMATS for ext in f.extensions}
_BY_NAME = {n: f for f in RDF_FORMATS for n in (f.name, *f.aliases)}
_RESULTS_BY_NAME = {r.name: r for r in RESULT_FORMATS}


def either(words) -> str:
    """``a, b or c``."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def extensions(rows=RDF_FORMATS) -> list[str]:
    """The file extensions of the formats, in the table's order."""
    return [ext for f in rows for ext in f.extensions]


def for_path(path: Path | str) -> RdfFormat:
    """The RDF format a file's extension names (any case); InputError naming the file and the extensions kg reads."""
    suffix = Path(path).suffix.lower()
    found = _BY_EXTENSION.get(suffix)
    if found is None:
        what = f"the extension {suffix!r}" if suffix else "a file name without an extension"
        raise InputError(f"cannot tell the RDF format from {what}", path=str(path),
                         hint=f"kg reads {either(extensions())}")
    return found


def by_name(name: str) -> RdfFormat:
    """The RDF format called name or one of its aliases (``ttl``, ``json-ld`` …), any case."""
    found = _BY_NAME.get(name.lower())
    if found is None:
        raise UsageError(f"unknown RDF format {name!r}; use {either(f.name for f in RDF_FORMATS)}")
    return found


def to_write(path: Path | str, name: str | None = None) -> RdfFormat:
    """The format to write path in: the one named, or else the one its extension names; kg must write it."""
    fmt = by_name(name) if name else for_path(path)
    if not fmt.writes:
        raise UsageError(f"{path}: kg does not write {fmt.label}; it writes {either(f.label for f in WRITTEN)} "
                         f"({either(f.extensions[0] for f in WRITTEN)})")
    return fmt


def result_format(name: str) -> ResultFormat:
    """The SPARQL results format called name (json, xml, csv, tsv)."""
    return _RESULTS_BY_NAME[name]
