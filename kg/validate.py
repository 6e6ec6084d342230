"""Validate a graph against the SHACL shapes, and load RDF files.

Two engines give the same verdict and the same problem lines:

- ``fast`` (the default): the shapes compiled once into checks that run on each
  subject block as the graph streams by (``kg.shapes``). ``validate_blocks``
  checks a build's stream (``kg build``), ``validate_file`` a file read with
  pyoxigraph (``kg validate``): seconds for a million triples.
- ``pyshacl``: pySHACL on an rdflib graph (``kg validate --full-shacl``), for any
  shapes, and for ``inference="rdfs"``.

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
from xml.sax import SAXException

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.exceptions import Error as RdflibError
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD, NamespaceManager
from rdflib.term import Node

from kg import formats
from kg.vocab import ONTOLOGY_FILE, ONTOLOGY_IRI, ORG, PROV, SCHEMA, SHAPES_FILE

ENGINES = ("fast", "pyshacl")

MAX_PROBLEMS = 50

# formats the fast check streams with pyoxigraph, subject run by subject run (others are read whole with rdflib)
STREAMED = (formats.TURTLE, formats.NTRIPLES)

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
    engine: str = "fast",
) -> ValidationReport:
    """Check ``graph`` against the SHACL shapes, with the ontology's class hierarchy.

    ``engine="fast"`` streams the graph's subject blocks through the compiled shapes
    (``kg.shapes``); ``"pyshacl"`` (and any ``inference`` but "none") runs pySHACL."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; one of {', '.join(ENGINES)}")
    if engine == "fast" and inference == "none":
        return validate_blocks(lambda: graph_blocks(graph), shapes_path=shapes_path, ontology_path=ontology_path)
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


_COMPILED: dict = {}


def compiled_shapes(shapes_path: Path | str = SHAPES_FILE, ontology_path: Path | str = ONTOLOGY_FILE):
    """The shapes compiled for the streaming check (once per process and pair of files)."""
    from kg.shapes import Shapes
    key = (str(shapes_path), str(ontology_path))
    known = _COMPILED.get(key)
    if known is None:
        known = _COMPILED[key] = Shapes(shapes_path, ontology_path)
    return known


def validate_blocks(stream, *, shapes_path: Path | str = SHAPES_FILE,
                    ontology_path: Path | str = ONTOLOGY_FILE) -> ValidationReport:
    """The fast check of the subject blocks that ``stream()`` yields (``kg.graph.blocks``:
    each subject with all its triples). ``stream`` is called again only when the graph
    does not conform (to name the values of problems) or an objects-of target came early."""
    from kg.shapes import check_stream
    shapes = compiled_shapes(shapes_path, ontology_path)
    results = check_stream(shapes, stream)
    return report_of(results, stream)


def report_of(results, stream=None) -> ValidationReport:
    """The report of the fast check's results: one sorted line per problem, as ``summarise``."""
    from kg.shapes import names_of
    names = display_names()
    if not results:
        return ValidationReport(conforms=True, problems=(), text="Validation Report\nConforms: True\n")
    wanted = {r.value for r in results if r.value is not None and not isinstance(r.value, Literal)
              and r.value != r.focus}
    labels = names_of(wanted, stream) if stream is not None else {}

    def name(node, label: str) -> str:
        if isinstance(node, Literal):
            return node.n3(names)
        return label or compact(node, names)

    lines, text = set(), [f"Validation Report\nConforms: False\nResults ({len(results)}):"]
    for r in results:
        line = f"{SEVERITY_PREFIX.get(r.severity, '')}{name(r.focus, r.focus_name)}: {'; '.join(r.messages)}"
        if r.value is not None and r.value != r.focus:
            line += f", got {name(r.value, labels.get(r.value, ''))}"
        if r.path is not None:
            line += f" (path {compact(r.path, names)})"
        lines.add(line)
        kind = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}.get(r.severity, "Violation")
        text.append(f"Constraint {kind} in {compact(r.component, names)}: {line}")
    return ValidationReport(conforms=False, problems=_capped(sorted(lines), MAX_PROBLEMS),
                            text="\n".join(text) + "\n")


def _capped(lines: list[str], limit: int) -> tuple[str, ...]:
    if len(lines) > limit:
        hidden = len(lines) - (limit - 1)
        lines = lines[: limit - 1] + [f"... and {hidden} more problems (see the full report)"]
    return tuple(lines)


def graph_blocks(graph: Graph):
    """An rdflib graph as subject blocks (each subject with all its triples), in subject order."""
    for s in sorted(graph.subjects(unique=True)):
        props: dict = {}
        for p, o in graph.predicate_objects(s):
            props.setdefault(p, {})[o] = None
        yield s, props


def summarise(results: Graph, data: Graph, *, limit: int = MAX_PROBLEMS) -> tuple[str, ...]:
    """Turn a SHACL results graph into sorted, de-duplicated one-line problems."""
    names = display_names()
    found = results.subjects(RDF.type, SH.ValidationResult)
    return _capped(sorted({problem_line(results, result, data, names) for result in found}), limit)


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
    """Parse an RDF file, choosing the format from its extension (``kg.formats``).

    InputError for an extension no format has; ValueError for a missing or invalid file."""
    path = Path(path)
    rdf_format = formats.for_path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        return Graph().parse(str(path), format=rdf_format.rdflib)
    except (SyntaxError, ValueError, RdflibError, SAXException) as err:     # SAXException: RDF/XML
        raise ValueError(f"{path}: not valid {rdf_format.label}: {' '.join(str(err).split())}") from err


class _Regrouped(Exception):
    """A subject came back after its triples were interrupted by another subject's."""


def file_blocks(path: Path | str, *, grouped: bool = False):
    """The subject blocks of an RDF file, for the fast check: a function that streams them
    (each call parses the file again). Turtle and N-Triples are read with pyoxigraph;
    runs of triples with one subject are a block, as ``kg build`` writes them, and the
    stream raises ``_Regrouped`` if a subject comes back later; ``grouped`` reads the
    file into memory grouped by subject instead. Raises ValueError for a file that
    cannot be parsed (InputError for an unknown extension)."""
    path = Path(path)
    rdf_format = formats.for_path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    if rdf_format not in STREAMED:
        graph = load_graph(path)
        return lambda: graph_blocks(graph)
    from kg.shapes import blocks_of_triples

    def runs():
        seen: set = set()
        for subject, props in blocks_of_triples(_oxigraph_triples(path, rdf_format)):
            if subject in seen:
                raise _Regrouped
            seen.add(subject)
            yield subject, props
    if not grouped:
        return runs
    together: dict = {}
    for s, p, o in _oxigraph_triples(path, rdf_format):
        together.setdefault(s, {}).setdefault(p, {})[o] = None
    return lambda: iter(together.items())


def _oxigraph_triples(path: Path, rdf_format: formats.RdfFormat):
    """The triples of an RDF file, read with pyoxigraph, as rdflib terms (ValueError if invalid)."""
    import pyoxigraph as ox
    terms: dict = {}
    string = str(XSD.string)
    lang_string = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

    def term(t):
        known = terms.get(t)
        if known is not None:
            return known
        if isinstance(t, ox.NamedNode):
            made = URIRef(t.value)
        elif isinstance(t, ox.BlankNode):
            made = BNode(t.value)
        else:
            dt = t.datatype.value
            if t.language:
                made = Literal(t.value, lang=t.language)
            elif dt == string:
                made = Literal(t.value)     # as rdflib reads a plain literal
            elif dt == lang_string:
                made = Literal(t.value)
            else:
                made = Literal(t.value, datatype=URIRef(dt))
            if len(terms) > 200_000:     # long texts repeat rarely: keep the cache small
                terms.clear()
        terms[t] = made
        return made
    try:
        for quad in ox.parse(path=str(path), format=rdf_format.oxigraph):
            yield term(quad.subject), term(quad.predicate), term(quad.object)
    except SyntaxError as err:
        raise ValueError(f"{path}: not valid {rdf_format.label}: {' '.join(str(err).split())}") from err


def validate_file(path: Path | str, *, engine: str = "fast", shapes_path: Path | str = SHAPES_FILE,
                  ontology_path: Path | str = ONTOLOGY_FILE) -> tuple[ValidationReport, int]:
    """Check a graph file; (report, number of triples). ValueError if it cannot be read."""
    if engine == "pyshacl":
        graph = load_graph(path)
        return validate_graph(graph, shapes_path=shapes_path, ontology_path=ontology_path, engine=engine), len(graph)
    try:
        return _validate_file(file_blocks(path), shapes_path, ontology_path)
    except _Regrouped:
        return _validate_file(file_blocks(path, grouped=True), shapes_path, ontology_path)


def _validate_file(stream, shapes_path, ontology_path) -> tuple[ValidationReport, int]:
    counted = [0]

    def first():
        for block in stream():
            counted[0] += sum(len(objects) for objects in block[1].values())
            yield block
    used = [False]

    def once_counted():
        if used[0]:
            return stream()
        used[0] = True
        return first()
    report = validate_blocks(once_counted, shapes_path=shapes_path, ontology_path=ontology_path)
    return report, counted[0]


# --- the check of a build (kg build) ------------------------------------------

VALIDATE_ALL_MAX = 200_000   # triples: pySHACL (check(engine="pyshacl")) checks larger graphs on a sample


def check(source, *, limit: int = VALIDATE_ALL_MAX, engine: str = "fast") -> None:
    """The SHACL check of a build (``kg.pipeline.Build``) or a graph; ValidationError if it does not conform.

    The fast engine (``kg.shapes``) checks the whole graph as it streams from the
    records, at a small fraction of the build's time. ``engine="pyshacl"`` runs
    pySHACL: on the whole graph up to ``limit`` triples, else on a sample."""
    import tempfile
    from kg.collector import gc_paused
    from kg.errors import ValidationError
    is_graph = isinstance(source, Graph)
    sampled = ""
    if engine == "fast":
        stream = (lambda: graph_blocks(source)) if is_graph else source.blocks
        with gc_paused():
            report = validate_blocks(stream)
    else:
        total = len(source) if is_graph else source.triple_count
        if total <= limit:
            report = validate_graph(source if is_graph else source.graph, engine="pyshacl")
        else:
            data, shapes = validation_sample(source, limit=limit)
            with tempfile.TemporaryDirectory(prefix="kg-shapes-") as folder:
                path = Path(folder) / "shapes.ttl"
                shapes.serialize(str(path), format="turtle")
                report = validate_graph(data, shapes_path=path, engine="pyshacl")
            sampled = f" (checked on a sample of {len(data):,} of its {total:,} triples)"
    if not report.conforms:
        raise ValidationError(f"the graph does not conform to ontology/shapes.ttl{sampled}:\n  "
                              + "\n  ".join(report.problems))


def validation_sample(source, *, limit: int = VALIDATE_ALL_MAX) -> tuple[Graph, Graph]:
    """A fixed sample of a build's (or a graph's) nodes for the SHACL check: (data, shapes).

    pySHACL takes minutes and gigabytes for millions of triples. Every shape is
    about one focus node, its own triples and the types of the nodes they point
    to; so the data keeps each sampled node with all its triples, and the types of
    the nodes they point to, and the shapes target exactly the sampled nodes that
    the real targets would (``sh:targetNode`` for ``sh:targetClass`` and the rest).
    Each sampled node is checked as in the whole graph. Nodes are kept by a hash of
    their IRI (the same sample every run), about limit / 2 triples in all. The
    graph is read as a stream of subject blocks, twice: a build is never held whole.
    ``kg validate graph.ttl`` checks a whole file.
    """
    import hashlib
    from kg.graph import namespaces
    if isinstance(source, Graph):
        total, stream, bound = len(source), lambda: graph_blocks(source), list(source.namespaces())
    else:
        total, stream, bound = source.triple_count, source.blocks, namespaces(source.base_iri)
    share = int((limit / 2) / max(1, total) * 2**32)

    def sampled(node) -> bool:
        return int(hashlib.sha1(str(node).encode("utf-8")).hexdigest()[:8], 16) < share

    shapes = Graph().parse(str(SHAPES_FILE), format="turtle")
    ontology = Graph().parse(str(ONTOLOGY_FILE), format="turtle")
    objects_of = set(shapes.objects(None, SH.targetObjectsOf))
    data = Graph()
    for prefix, namespace in bound:
        data.bind(prefix, namespace, override=True)
    focus, pointed, object_of = [], set(), set()
    for s, props in stream():             # the sampled nodes' triples
        keep = sampled(s)
        if keep:
            focus.append(s)
        for p, objects in props.items():
            for o in objects:
                if keep:
                    data.add((s, p, o))
                    if not isinstance(o, Literal):
                        pointed.add(o)
                if p in objects_of and not isinstance(o, Literal) and sampled(o):
                    object_of.add((p, o))
    for s, props in stream():             # the types of the nodes they point to
        if s in pointed:
            for t in props.get(RDF.type, ()):
                data.add((s, RDF.type, t))
    for shape in set(shapes.subjects(SH.targetClass)) | set(shapes.subjects(SH.targetObjectsOf)) \
            | set(shapes.subjects(SH.targetSubjectsOf)) | set(shapes.subjects(SH.targetNode)):
        classes = {c for t in shapes.objects(shape, SH.targetClass)
                   for c in ontology.transitive_subjects(RDFS.subClassOf, t)}
        shape_objects_of = set(shapes.objects(shape, SH.targetObjectsOf))
        subjects_of = set(shapes.objects(shape, SH.targetSubjectsOf))
        nodes = set(shapes.objects(shape, SH.targetNode))
        for target in (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode):
            shapes.remove((shape, target, None))
        for node in focus:
            if (node in nodes or any(t in classes for t in data.objects(node, RDF.type))
                    or any((p, node) in object_of for p in shape_objects_of)
                    or any((node, p, None) in data for p in subjects_of)):
                shapes.add((shape, SH.targetNode, node))
    return data, shapes
