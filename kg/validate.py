"""Validate a built graph against the SHACL shapes (pySHACL), and load RDF files.

``validate_graph`` checks a graph with ``ontology/shapes.ttl``. The data graph
does not contain the ontology: ``ontology/kg.ttl`` is handed to pySHACL as
``ont_graph``, which copies its axioms into a scratch copy of the data graph
(the caller's graph is never changed). SHACL's ``sh:targetClass`` and
``sh:class`` follow ``rdfs:subClassOf*``, so a node typed only
``kg:DevelopmentZone`` counts as a ``kg:District`` without any inference.

Inference is off by default on purpose: RDFS entailment applies the ontology's
``rdfs:range`` axioms, which would type every ``kg:locatedIn`` target as a
``kg:District`` and so hide the very errors ``sh:class`` is there to find.
``inference="rdfs"`` is accepted; a conforming graph conforms either way.

The report gives one sorted line per problem, ``<focus>: <message> (path <p>)``,
where ``<focus>`` is the node's ``rdfs:label`` (or headline, or compact IRI),
and the message is the shape's ``sh:message``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.exceptions import Error as RdflibError
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD, NamespaceManager
from rdflib.term import Node

from kg.vocab import ONTOLOGY_FILE, ONTOLOGY_IRI, ORG, PROV, SCHEMA, SHAPES_FILE

MAX_PROBLEMS = 50

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}
FORMAT_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "json-ld": "JSON-LD"}

# Fixed prefixes for problem lines, so they read the same whatever the graph binds.
DISPLAY_PREFIXES = {
    "kg": Namespace(ONTOLOGY_IRI),
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "org": ORG,
    "sh": SH,
}
SEVERITY_PREFIX = {SH.Violation: "", SH.Warning: "warning: ", SH.Info: "info: "}


@dataclass(frozen=True)
class ValidationReport:
    """Outcome of a SHACL validation: verdict, short problem lines, full pySHACL text."""

    conforms: bool
    problems: tuple[str, ...]
    text: str


def validate_graph(
    graph: Graph,
    *,
    shapes_path: Path | str = SHAPES_FILE,
    ontology_path: Path | str = ONTOLOGY_FILE,
    inference: str = "none",
) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes, with the ontology's class hierarchy."""
    shapes = Graph().parse(str(shapes_path), format="turtle")
    ontology = Graph().parse(str(ontology_path), format="turtle")
    conforms, results, text = shacl_validate(
        graph,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference=inference,
    )
    return ValidationReport(
        conforms=bool(conforms),
        problems=summarise(results, graph, limit=MAX_PROBLEMS),
        text=str(text),
    )


def summarise(results: Graph, data: Graph, *, limit: int = MAX_PROBLEMS) -> tuple[str, ...]:
    """Turn a SHACL results graph into sorted, de-duplicated one-line problems."""
    names = display_names()
    found = results.subjects(RDF.type, SH.ValidationResult)
    lines = sorted({problem_line(results, result, data, names) for result in found})
    if len(lines) > limit:
        hidden = len(lines) - (limit - 1)
        lines = lines[: limit - 1] + [f"... and {hidden} more problems (see the full report)"]
    return tuple(lines)


def problem_line(results: Graph, result: Node, data: Graph, names: NamespaceManager) -> str:
    """One result as ``<focus>: <message>[, got <value>] (path <property>)``."""
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    message = "; ".join(messages) or str(results.value(result, SH.sourceConstraintComponent))
    line = f"{SEVERITY_PREFIX.get(severity, '')}{describe(focus, data, names)}: {message}"
    if value is not None and value != focus:
        line += f", got {describe(value, data, names)}"
    if path is not None:
        line += f" (path {compact(path, names)})"
    return line


def describe(node: Node | None, data: Graph, names: NamespaceManager) -> str:
    """A readable name for a node: its (Chinese) labels or headline, else compact IRI or literal."""
    if isinstance(node, Literal):
        return node.n3(names)
    if node is None:
        return "?"
    for prop in (RDFS.label, SCHEMA.headline):
        literals = [o for o in data.objects(node, prop) if isinstance(o, Literal)]
        chinese = [o for o in literals if (o.language or "").lower().startswith("zh")]
        if literals:
            return " / ".join(sorted(str(o) for o in chinese or literals))
    return compact(node, names)


def compact(node: Node, names: NamespaceManager) -> str:
    """``prefix:local`` for IRIs in a known namespace, ``<iri>`` otherwise."""
    if isinstance(node, URIRef):
        return node.n3(names)
    if isinstance(node, BNode):
        return "a blank node"     # blank node ids change from run to run
    return str(node)


def display_names() -> NamespaceManager:
    """A namespace manager with exactly the display prefixes bound."""
    names = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for prefix, namespace in DISPLAY_PREFIXES.items():
        names.bind(prefix, namespace)
    return names


def load_graph(path: Path | str) -> Graph:
    """Parse an RDF file, choosing the format from its extension (.ttl, .nt, .jsonld)."""
    path = Path(path)
    rdf_format = FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise ValueError(
            f"{path}: cannot tell the RDF format from the extension {path.suffix!r}; "
            "use .ttl (Turtle), .nt (N-Triples) or .jsonld (JSON-LD)"
        )
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        return Graph().parse(str(path), format=rdf_format)
    except (SyntaxError, ValueError, RdflibError) as err:
        raise ValueError(f"{path}: not valid {FORMAT_NAMES[rdf_format]}: {err}") from err
