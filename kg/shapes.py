"""The SHACL shapes compiled once into checks that run on a stream of subject blocks.

pySHACL needs the whole graph in an rdflib store and takes seconds per hundred
thousand triples. Every shape in ``ontology/shapes.ttl`` is about one focus node:
its own triples, and the types of the nodes they point to. So ``Shapes`` reads the
shapes file with rdflib once, turns every shape into plain Python checks, and
``Checker.block`` runs them on each subject block of the graph as it streams by
(``kg.graph.blocks``: every triple of one subject together). What a block cannot
decide alone waits for the end of the stream:

- ``sh:class`` of a value whose block has not been seen yet (the types of every
  node that could satisfy some ``sh:class`` are remembered, nothing else);
- ``sh:targetObjectsOf``: a node whose block went by before the triple that makes
  it a target is checked in a second pass over the stream (never in a build,
  whose amount nodes follow the entity that points to them).

The results are the ones pySHACL gives (``tests/test_shapes.py`` compares both on
the seed, the dev corpus and a broken graph for every constraint kind): the same
focus nodes, paths, values, constraint components and messages. The shapes file
may use any of the constructs in ``SUPPORTED``; anything else (a SPARQL
constraint, a property path other than one IRI, sh:closed, qualified shapes, …)
stops ``Shapes`` with ``UnsupportedShape``, naming the shape and the term, so an
edit of the shapes can never be silently skipped (``kg validate --full-shacl``
runs pySHACL on any shapes).

The data graph is the stream alone, with the ontology's ``rdfs:subClassOf``
hierarchy, as ``kg.validate.validate_graph`` gives pySHACL (``ont_graph``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
from pyshacl.rdfutil.compare import compare_literal

from kg.errors import KgError

Block = tuple[Node, dict]

# the parameters of constraint components this module checks, and the other
# shape terms it understands; any other sh: term on a shape is refused
CONSTRAINTS = {
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.maxInclusive,
    SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.pattern, SH.languageIn, SH.uniqueLang,
    SH["in"], SH.hasValue, SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals,
    SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH.property,
}
OTHER_TERMS = {
    SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    SH.flags, SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
}
SUPPORTED = CONSTRAINTS | OTHER_TERMS
TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
NODE_KINDS = {
    SH.IRI: (URIRef,), SH.Literal: (Literal,), SH.BlankNode: (BNode,),
    SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal), SH.IRIOrLiteral: (URIRef, Literal),
}
_TYPE = URIRef(RDF.type)


class UnsupportedShape(KgError):
    """The shapes use a SHACL construct the streaming checks do not implement."""


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL reports it."""

    focus: Node
    path: URIRef | None
    value: Node | None
    component: URIRef
    messages: tuple[str, ...]
    severity: URIRef
    focus_name: str = field(compare=False, default="")


class _Later(Exception):
    """A check needs the types of a node whose block has not been seen yet."""


@dataclass(eq=False)
class _Shape:
    node: Node
    path: URIRef | None = None
    messages: tuple[str, ...] = ()
    severity: URIRef = SH.Violation
    # (component, test) run on each value node: test(value, types_of) -> bool
    value_tests: list = field(default_factory=list)
    # (component, test) run on the set of values: test(focus, values, props) -> [(value or None)] failures
    set_tests: list = field(default_factory=list)
    properties: list = field(default_factory=list)      # nested property shapes (sh:property)
    local: bool = True          # needs no triples but the focus node itself and the types of values
    by_objects: bool = False    # a target of sh:targetObjectsOf


class Shapes:
    """``shapes.ttl`` (and the ontology's class hierarchy) compiled into block checks."""

    def __init__(self, shapes_path: Path | str, ontology_path: Path | str | None = None):
        self.graph = Graph().parse(str(shapes_path), format="turtle")
        self.ontology = Graph()
        if ontology_path is not None:
            self.ontology.parse(str(ontology_path), format="turtle")
        self._compiled: dict[Node, _Shape] = {}
        # one object per IRI the checks look up: a stream's terms map to these once
        # (Checker.canonical), and then every dictionary look-up is an identity check
        self.terms: dict[Node, Node] = {RDF.type: URIRef(RDF.type)}
        self.class_members: dict[URIRef, frozenset] = {}     # class -> it and all its subclasses
        self._asked: set = set()        # the classes that sh:class constraints ask about, with subclasses
        self.by_class: dict[Node, list[_Shape]] = {}
        self.by_node: dict[Node, list[_Shape]] = {}
        self.by_subject_of: dict[Node, list[_Shape]] = {}
        self.by_object_of: dict[Node, list[_Shape]] = {}
        g = self.graph
        for shape in sorted(set(g.subjects(SH.targetClass)) | set(g.subjects(SH.targetNode))
                            | set(g.subjects(SH.targetSubjectsOf)) | set(g.subjects(SH.targetObjectsOf)), key=str):
            self._refuse_unknown(shape)
            if self._deactivated(shape):
                continue
            compiled = self._compile(shape)
            for c in g.objects(shape, SH.targetClass):
                for member in self._members(c):
                    self.by_class.setdefault(member, []).append(compiled)
            for n in g.objects(shape, SH.targetNode):
                self.by_node.setdefault(n, []).append(compiled)
            for p in g.objects(shape, SH.targetSubjectsOf):
                self.by_subject_of.setdefault(self.intern(p), []).append(compiled)
            for p in g.objects(shape, SH.targetObjectsOf):
                self.by_object_of.setdefault(self.intern(p), []).append(compiled)
                compiled.by_objects = True
        for s in set(g.subjects(RDF.type, RDFS.Class)) | set(g.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))):
            if (s, RDF.type, SH.NodeShape) in g or (s, RDF.type, SH.PropertyShape) in g:
                raise UnsupportedShape(f"{s}: a shape that is also a class (implicit class target) is not supported")
        # the classes whose members sh:class asks about: a node's types are remembered only if among these
        self.relevant = frozenset(self._asked)

    # --- compiling -----------------------------------------------------------

    def intern(self, term: Node) -> Node:
        """The one object the checks use for that term."""
        return self.terms.setdefault(term, term)

    def _members(self, cls: Node) -> frozenset:
        known = self.class_members.get(cls)
        if known is None:
            known = self.class_members[cls] = frozenset(
                self.intern(c) for c in self.ontology.transitive_subjects(RDFS.subClassOf, cls))
        return known

    def _deactivated(self, shape: Node) -> bool:
        return any(bool(v.toPython()) for v in self.graph.objects(shape, SH.deactivated) if isinstance(v, Literal))

    def _refuse_unknown(self, shape: Node) -> None:
        for p in set(self.graph.predicates(shape)):
            if str(p).startswith(str(SH)) and p not in SUPPORTED:
                raise UnsupportedShape(f"shape {self._name(shape)} uses {p.n3()}, which the streaming SHACL "
                                       "check does not implement (kg validate --full-shacl runs pySHACL)")

    def _name(self, shape: Node) -> str:
        return shape.n3(self.graph.namespace_manager) if isinstance(shape, URIRef) else "a blank node shape"

    def _list(self, head: Node) -> list:
        return list(Collection(self.graph, head))

    def _one(self, shape: Node, p: URIRef) -> Node | None:
        values = list(self.graph.objects(shape, p))
        if len(values) > 1:
            raise UnsupportedShape(f"shape {self._name(shape)} has {len(values)} values of {p.n3()}")
        return values[0] if values else None

    def _compile(self, shape: Node, *, nested_on_values: bool = False) -> _Shape:
        """The checks of one shape (cached). ``nested_on_values``: it is applied to the
        value nodes of another shape (sh:node, sh:or …), whose triples a block lacks."""
        known = self._compiled.get(shape)
        if known is not None:
            if nested_on_values and not known.local:
                raise self._needs_triples(shape)
            return known
        self._refuse_unknown(shape)
        g = self.graph
        path = self._one(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise UnsupportedShape(f"shape {self._name(shape)}: sh:path must be one IRI for the streaming "
                                   "SHACL check (inverse, sequence and other property paths are not supported)")
        compiled = _Shape(node=shape, path=self.intern(path) if path is not None else None)
        self._compiled[shape] = compiled        # before the nested shapes: a cycle ends here
        compiled.messages = tuple(sorted(str(m) for m in g.objects(shape, SH.message)))
        compiled.severity = self._one(shape, SH.severity) or SH.Violation
        if self._deactivated(shape):
            return compiled
        if path is not None:
            compiled.local = False      # values of a path: triples of the focus node
        if nested_on_values and path is not None:
            raise self._needs_triples(shape)
        for p, o in sorted(g.predicate_objects(shape)):
            if p in CONSTRAINTS:
                self._constraint(compiled, p, o)
        if compiled.properties:
            compiled.local = False
        if nested_on_values and not compiled.local:
            raise self._needs_triples(shape)
        return compiled

    def _needs_triples(self, shape: Node) -> UnsupportedShape:
        return UnsupportedShape(f"shape {self._name(shape)} is applied to the values of another shape and needs "
                                "their triples: the streaming SHACL check sees one subject's triples at a time "
                                "(kg validate --full-shacl runs pySHACL)")

    def _nested(self, parent: _Shape, shape: Node) -> _Shape:
        """A shape used by sh:node/sh:or/sh:and/sh:not/sh:xone of ``parent``."""
        # on a property shape it applies to the values; on a node shape, to the focus itself
        return self._compile(shape, nested_on_values=parent.path is not None)

    def _constraint(self, s: _Shape, p: URIRef, o: Node) -> None:
        add_value = s.value_tests.append
        if p == SH.property:
            if s.path is not None:      # a property of the values: their triples
                raise self._needs_triples(o)
            sub = self._compile(o)
            if sub.path is None:
                raise UnsupportedShape(f"sh:property of {self._name(s.node)} has no sh:path")
            s.properties.append(sub)
        elif p == SH["class"]:
            members = self._members(o)
            self._asked |= members
            add_value((SH.ClassConstraintComponent, _class_test(members), f"Value does not have class {o.n3()}"))
        elif p == SH.datatype:
            add_value((SH.DatatypeConstraintComponent, _memo(_datatype_test(o)), f"Value is not Literal with datatype {o.n3()}"))
        elif p == SH.nodeKind:
            kinds = NODE_KINDS.get(o)
            if kinds is None:
                raise UnsupportedShape(f"{self._name(s.node)}: unknown sh:nodeKind {o}")
            add_value((SH.NodeKindConstraintComponent, lambda v, _t, k=kinds: isinstance(v, k),
                       f"Value is not of Node Kind {o.n3()}"))
        elif p in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            component = {SH.minInclusive: SH.MinInclusiveConstraintComponent,
                         SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
                         SH.minExclusive: SH.MinExclusiveConstraintComponent,
                         SH.maxExclusive: SH.MaxExclusiveConstraintComponent}[p]
            add_value((component, _memo(_range_test(p, o)), f"Value is not in range ({p.n3()} {o})"))
        elif p in (SH.minLength, SH.maxLength):
            n = int(o)
            test = (lambda v, _t: not isinstance(v, BNode) and len(str(v)) >= n) if p == SH.minLength \
                else (lambda v, _t: not isinstance(v, BNode) and len(str(v)) <= n)
            component = SH.MinLengthConstraintComponent if p == SH.minLength else SH.MaxLengthConstraintComponent
            add_value((component, test, f"String length not {'>=' if p == SH.minLength else '<='} {n}"))
        elif p == SH.pattern:
            flags = self._one(s.node, SH.flags)
            regex = re.compile(str(o), _re_flags(str(flags or "")))

            def pattern_test(v, _t, regex=regex):
                return not isinstance(v, BNode) and regex.search(str(v)) is not None
            add_value((SH.PatternConstraintComponent, _memo(pattern_test), f"Value does not match pattern '{o}'"))
        elif p == SH.languageIn:
            langs = {str(x).lower() for x in self._list(o)}

            def lang_test(v, _t, langs=langs):
                if not isinstance(v, Literal) or not v.language:
                    return False
                lang = v.language.lower()
                return "*" in langs or lang in langs or lang.split("-")[0] in langs
            add_value((SH.LanguageInConstraintComponent, lang_test, f"String language is not in {sorted(langs)}"))
        elif p == SH["in"]:
            members = self._list(o)
            add_value((SH.InConstraintComponent, _memo(lambda v, _t, m=members: v in m),
                       f"Value is not in {' '.join(x.n3() for x in members)}"))
        elif p == SH.uniqueLang:
            if bool(o.toPython()):
                s.set_tests.append((SH.UniqueLangConstraintComponent, _unique_lang, "More than one String shares the same Language"))
        elif p == SH.minCount:
            n = int(o)
            s.set_tests.append((SH.MinCountConstraintComponent,
                                lambda f, values, props, n=n: [None] if len(values) < n else [],
                                f"Less than {n} values"))
        elif p == SH.maxCount:
            n = int(o)
            s.set_tests.append((SH.MaxCountConstraintComponent,
                                lambda f, values, props, n=n: [None] if len(values) > n else [],
                                f"More than {n} values"))
        elif p == SH.hasValue:
            s.set_tests.append((SH.HasValueConstraintComponent,
                                lambda f, values, props, o=o: [] if any(v == o for v in values) else [None],
                                f"Node does not have value {o.n3()}"))
        elif p in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            o = self.intern(o)
            if not isinstance(o, URIRef):
                raise UnsupportedShape(f"{self._name(s.node)}: {p.n3()} must name one property")
            if p in (SH.lessThan, SH.lessThanOrEquals) and s.path is None:
                raise UnsupportedShape(f"{self._name(s.node)}: {p.n3()} belongs on a property shape")
            s.set_tests.append(_pair_test(p, o))
            s.local = False     # the values of another property of the focus
        elif p in (SH["or"], SH["and"], SH.xone):
            members = [self._nested(s, x) for x in self._list(o)]
            need = {SH["or"]: lambda n, k: n >= 1, SH["and"]: lambda n, k: n == k, SH.xone: lambda n, k: n == 1}[p]
            component = {SH["or"]: SH.OrConstraintComponent, SH["and"]: SH.AndConstraintComponent,
                         SH.xone: SH.XoneConstraintComponent}[p]

            def logic_test(v, types_of, members=members, need=need):
                return need(sum(1 for m in members if _conforms(m, v, None, types_of)), len(members))
            add_value((component, logic_test, f"Node does not conform to {p.n3()}"))
        elif p == SH["not"]:
            member = self._nested(s, o)
            add_value((SH.NotConstraintComponent, lambda v, t, m=member: not _conforms(m, v, None, t),
                       "Node conforms to a shape it must not"))
        elif p == SH.node:
            member = self._nested(s, o)
            add_value((SH.NodeConstraintComponent, lambda v, t, m=member: _conforms(m, v, None, t),
                       f"Value does not conform to shape {self._name(o)}"))
        else:       # pragma: no cover - CONSTRAINTS and this chain list the same terms
            raise UnsupportedShape(f"{self._name(s.node)}: {p.n3()} is not implemented")
        # a nested shape applied to the focus itself that reads its triples
        if p in (SH["or"], SH["and"], SH.xone, SH["not"], SH.node) and s.path is None:
            nested = self._list(o) if p in (SH["or"], SH["and"], SH.xone) else [o]
            if any(not self._compiled[x].local for x in nested):
                s.local = False     # its checks read the focus's triples (through _FOCUS_PROPS)


def _memo(test: Callable) -> Callable:
    """A test of one value that needs nothing else, remembered per value object (a
    stream repeats the same literal objects: numbers, dates, tags)."""
    seen: dict[int, tuple] = {}

    def memo(v, types_of) -> bool:
        known = seen.get(id(v))
        if known is not None and known[0] is v:
            return known[1]
        ok = test(v, types_of)
        if len(seen) >= 50_000:
            seen.clear()
        seen[id(v)] = (v, ok)       # v kept alive: its id is not reused while it is here
        return ok
    return memo


def _re_flags(flags: str) -> int:
    return sum({"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(f, 0) for f in flags)


def _class_test(members: frozenset) -> Callable:
    def test(v, types_of) -> bool:
        if isinstance(v, Literal):
            return False
        return any(t in members for t in types_of(v))
    return test


def _datatype_test(datatype: Node) -> Callable:
    """pySHACL's sh:datatype: the declared datatype, and a lexical form that fits it."""
    name = str(datatype)

    def test(v, _t) -> bool:
        if not isinstance(v, Literal):
            return False
        dt = v.datatype
        if dt is not None and str.__eq__(dt, name):
            if getattr(v, "ill_typed", None) is True:
                return False
            return _actual(v, datatype)
        if datatype == RDFS.Literal:
            return True
        if datatype == RDFS.Datatype and dt:
            return True
        if dt is None and v.language is None and datatype == XSD.string:
            return True
        if datatype == RDF.langString and v.language:
            return True
        return False
    return test


def _actual(v: Literal, datatype: Node) -> bool:
    """pySHACL's check that the Python value of a literal fits its declared datatype."""
    return DatatypeConstraintComponent._assert_actual_datatype(None, v, datatype)


def _range_test(p: URIRef, bound: Literal) -> Callable:
    bound_is_string = isinstance(bound.value, str)

    def test(v, _t) -> bool:
        if not isinstance(v, Literal):
            return False
        if isinstance(v.value, str) != bound_is_string:
            return False
        try:
            cmp = compare_literal(v, bound)
        except (TypeError, NotImplementedError):
            return False
        if p == SH.minInclusive:
            return cmp >= 0
        if p == SH.minExclusive:
            return cmp > 0
        if p == SH.maxInclusive:
            return cmp <= 0
        return cmp < 0
    return test


def _unique_lang(f, values, props) -> list:
    seen, dup = set(), set()
    for v in values:
        if isinstance(v, Literal) and v.language:
            lang = v.language.lower()
            (dup if lang in seen else seen).add(lang)
    return [None] * len(dup)


def _comparable(x: Node):
    if isinstance(x, BNode):
        return None, False
    if isinstance(x, URIRef):
        return str(x), True
    if isinstance(x, Literal) and isinstance(x.value, str):
        return x.value, True
    return x, False


def _pair_test(p: URIRef, other: URIRef):
    def values_of(props, other=other):
        return props.get(other, ()) if props is not None else ()
    if p == SH.equals:
        def test(f, values, props):
            others = set(values_of(props))
            mine = set(values)
            return sorted(mine ^ others, key=str)
        return SH.EqualsConstraintComponent, test, f"Value of {other.n3()} differs"
    if p == SH.disjoint:
        def test(f, values, props):
            others = set(values_of(props))
            return [v for v in values if v in others]
        return SH.DisjointConstraintComponent, test, f"Value is also a value of {other.n3()}"
    strict = p == SH.lessThan

    def test(f, values, props):
        bad = []
        for v in values:
            a, a_string = _comparable(v)
            for w in values_of(props):
                if type(v) is Literal and type(w) is Literal and type(v.value) is int and type(w.value) is int \
                        and v.datatype is not None and str.__eq__(v.datatype, w.datatype or ""):
                    if not (v.value < w.value if strict else v.value <= w.value):     # Literal's own order
                        bad.append(v)
                    continue
                b, b_string = _comparable(w)
                if a is None or b is None or a_string != b_string:
                    bad.append(v)
                    continue
                try:
                    ok = a < b if strict else a <= b
                except TypeError:
                    ok = False
                if not ok:
                    bad.append(v)
        return bad
    component = SH.LessThanConstraintComponent if strict else SH.LessThanOrEqualsConstraintComponent
    return component, test, f"Value is not {'<' if strict else '<='} value of {other.n3()}"


_FOCUS_PROPS: list = [None]     # the triples of the focus of a node shape whose nested shapes read them


def _conforms(shape: _Shape, focus: Node, props: dict | None, types_of) -> bool:
    """Whether focus conforms to shape (no results kept); may raise _Later."""
    if props is None and not shape.local:
        props = _FOCUS_PROPS[0] if _FOCUS_PROPS[0] is not None and _FOCUS_PROPS[0][0] == focus else None
        props = props[1] if props is not None else {}
    if shape.path is not None:
        values = props.get(shape.path, ()) if props is not None else ()
    else:
        values = (focus,)
    for _component, test, _text in shape.set_tests:
        if test(focus, values, props):
            return False
    for _component, test, _text in shape.value_tests:
        for v in values:
            if not test(v, types_of):
                return False
    for sub in shape.properties:
        if not _conforms(sub, focus, props, types_of):
            return False
    return True


class Checker:
    """Runs compiled shapes over one stream of blocks; ``results`` at the end.

        checker = Checker(shapes)
        for subject, props in stream: checker.block(subject, props)
        results = checker.finish(again)     # again(): the stream once more, or None
    """

    def __init__(self, shapes: Shapes):
        self.shapes = shapes
        self.results: list[Result] = []
        self.types: dict[Node, tuple] = {}     # node -> its types that some sh:class asks about
        self.deferred: list = []                # (shape, component, test, text, focus, props, value, name)
        self.pending: dict[Node, set] = {}      # objects-of targets whose block is still to come
        self.object_done: dict[Node, set] = {}  # objects-of targets checked, and by which shapes
        self._canonical: dict[int, tuple] = {}  # id of a stream's term -> (term, the shapes' object)
        self._type = shapes.terms[RDF.type]
        self._current: tuple = (None, None)
        self._final = False

    def canonical(self, props: dict) -> dict:
        """The block's properties keyed by the shapes' own term objects (so that look-ups
        are identity checks); values as they are."""
        known, terms = self._canonical, self.shapes.terms
        out = {}
        for p, objects in props.items():
            entry = known.get(id(p))
            if entry is None or entry[0] is not p:
                entry = known[id(p)] = (p, terms.get(p, p))
            out[entry[1]] = objects
        return out

    def _types(self, props: dict) -> tuple:
        known, terms = self._canonical, self.shapes.terms
        out = []
        for t in props.get(self._type, ()):
            entry = known.get(id(t))
            if entry is None or entry[0] is not t:
                entry = known[id(t)] = (t, terms.get(t, t))
            out.append(entry[1])
        return tuple(out)

    def types_of(self, node: Node) -> tuple:
        subject, props = self._current
        if node is subject and props is not None:
            return self._types(props)
        known = self.types.get(node)
        if known is not None:
            return known
        if self._final:
            return ()
        raise _Later

    def block(self, subject: Node, props: dict) -> None:
        """Check one subject with all its triples."""
        sh = self.shapes
        props = self.canonical(props)
        types = self._types(props) if self._type in props else ()
        if types and sh.relevant:
            kept = tuple(t for t in types if t in sh.relevant)
            if kept:
                self.types[subject] = kept
        shapes: list = []
        for t in types:
            found = sh.by_class.get(t)
            if found:
                shapes.extend(found)
        if sh.by_node:
            shapes.extend(sh.by_node.get(subject, ()))
        if sh.by_subject_of:
            for p in props:
                shapes.extend(sh.by_subject_of.get(p, ()))
        if sh.by_object_of:
            waiting = self.pending.pop(subject, None)
            if waiting:
                shapes.extend(waiting)
            marked = [s for s in shapes if s.by_objects]
            if marked:
                self.object_done.setdefault(subject, set()).update(marked)
            for p, targeting in sh.by_object_of.items():
                for o in props.get(p, ()):
                    self._object_target(o, targeting)
        if not shapes:
            return
        if len(shapes) > 1:
            shapes = list(dict.fromkeys(shapes))
        self._focus(subject, props, shapes)

    def _focus(self, subject: Node, props: dict, shapes) -> None:
        self._current = (subject, props)
        _FOCUS_PROPS[0] = (subject, props)
        name = None
        for shape in shapes:
            name = self._check(shape, subject, props, name)
            for sub in shape.properties:
                name = self._check(sub, subject, props, name)
        _FOCUS_PROPS[0] = None
        self._current = (None, None)

    def _object_target(self, o: Node, targeting: list) -> None:
        done = self.object_done.get(o, ())
        todo = [s for s in targeting if s not in done]
        if not todo:
            return
        if isinstance(o, Literal):      # a literal has no block: checked now, with no triples
            self.object_done.setdefault(o, set()).update(todo)
            saved = self._current, _FOCUS_PROPS[0]
            self._focus(o, {}, todo)
            self._current, _FOCUS_PROPS[0] = saved
            return
        self.pending.setdefault(o, set()).update(todo)

    def _check(self, shape: _Shape, focus: Node, props: dict, name: str | None) -> str | None:
        """The results of focus against one shape (not its property shapes); the focus's display name."""
        values = props.get(shape.path, ()) if shape.path is not None else (focus,)
        for component, test, text in shape.set_tests:
            for value in test(focus, values, props):
                name = name if name is not None else _display_name(focus, props)
                self._result(shape, component, text, focus, value, name)
        if values:
            for component, test, text in shape.value_tests:
                for v in values:
                    try:
                        ok = test(v, self.types_of)
                    except _Later:
                        name = name if name is not None else _display_name(focus, props)
                        self.deferred.append((shape, component, test, text, focus, props, v, name))
                        continue
                    if not ok:
                        name = name if name is not None else _display_name(focus, props)
                        self._result(shape, component, text, focus, v, name)
        return name

    def _result(self, shape: _Shape, component, text, focus, value, name) -> None:
        self.results.append(Result(focus, shape.path, value, component, shape.messages or (text,),
                                   shape.severity, name))

    def finish(self, again: Callable[[], Iterable[Block]] | None = None) -> list[Result]:
        """Resolve what waited for the end of the stream; all results."""
        self._final = True
        for shape, component, test, text, focus, props, v, name in self.deferred:
            self._current = (focus, props)
            _FOCUS_PROPS[0] = (focus, props)
            if not test(v, self.types_of):
                self._result(shape, component, text, focus, v, name)
        self.deferred = []
        _FOCUS_PROPS[0] = None
        self._current = (None, None)
        if self.pending:
            # targets of sh:targetObjectsOf whose block came before the triple that made them
            # one (or that have no triples): checked now, from a second pass if there is one
            pending, self.pending = self.pending, {}
            if again is not None:
                for subject, props in again():
                    shapes = pending.pop(subject, None)
                    if shapes:
                        self._focus(subject, self.canonical(props), sorted(shapes, key=lambda s: str(s.node)))
            for subject, shapes in sorted(pending.items(), key=lambda kv: str(kv[0])):
                self._focus(subject, {}, sorted(shapes, key=lambda s: str(s.node)))
        return self.results


_LABEL = URIRef(RDFS.label)
_HEADLINE = URIRef("http://schema.org/headline")


def _display_name(node: Node, props: dict) -> str:
    """The node's Chinese labels (or headline), as kg.validate.describe names it; "" if none."""
    for prop in (_LABEL, _HEADLINE):
        found = props.get(prop)
        if found is None:       # keyed by other objects of the same IRI
            found = next((objects for p, objects in props.items() if p == prop), ())
        literals = [o for o in found if isinstance(o, Literal)]
        if literals:
            chinese = [o for o in literals if (o.language or "").lower().startswith("zh")]
            return " / ".join(sorted(str(o) for o in chinese or literals))
    return ""


def check_stream(shapes: Shapes, stream: Callable[[], Iterable[Block]]) -> list[Result]:
    """Every result of the blocks that ``stream()`` yields (called again only if needed)."""
    checker = Checker(shapes)
    for subject, props in stream():
        checker.block(subject, props)
    return checker.finish(stream)


def names_of(nodes: set, stream: Callable[[], Iterable[Block]]) -> dict[Node, str]:
    """Display names of those nodes, read from one more pass over the stream."""
    out: dict[Node, str] = {}
    if not nodes:
        return out
    for subject, props in stream():
        if subject in nodes:
            out[subject] = _display_name(subject, props)
    return out


def blocks_of_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[Block]:
    """Runs of triples with one subject as blocks (a subject may come back later:
    see ``group_blocks``)."""
    subject, props = None, None
    for s, p, o in triples:
        if s != subject:
            if props is not None:
                yield subject, props
            subject, props = s, {}
        props.setdefault(p, {})[o] = None
    if props is not None:
        yield subject, props
