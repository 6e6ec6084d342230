"""kg.registry: the one table of entity types and relations, checked against
ontology/kg.ttl, and the rule that no other module of kg/ spells their names."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg import registry
from kg.graph import DATATYPE, blocks
from kg.link import Linked
from kg.records import Entity
from kg.registry import (DEVELOPMENT_ZONE, DISTRICT, PREDICATE, RELATIONS, TYPE, TYPE_NAMES, TYPES, VALUES,
                         linked_type)
from kg.validate import validate_graph
from kg.vocab import KG, ONTOLOGY_IRI, SCHEMA
from test_validate import CITY, ZONE, graph_with

KG_DIR = Path(registry.__file__).resolve().parent
NAMES = frozenset(TYPE_NAMES) | frozenset(PREDICATE)

VALUE_RANGE = {registry.AMOUNT: SCHEMA.MonetaryAmount, **DATATYPE}     # what a Value.datatype stands for


def local(term) -> str:
    return str(term)[len(ONTOLOGY_IRI):]


def declared(ontology: Graph, *kinds) -> set[str]:
    """The local names of the ontology's own terms of those kinds."""
    return {local(s) for kind in kinds for s in ontology.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(ONTOLOGY_IRI)}


def labels(ontology: Graph, term) -> dict[str, str]:
    return {o.language: str(o) for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)}


def members(ontology: Graph, node) -> set:
    """A class or datatype, or the members of its owl:unionOf."""
    union = ontology.value(node, OWL.unionOf)
    return set(Collection(ontology, union)) if union is not None else {node}


# --------------------------------------------------------------------------- against the ontology

def test_registry_types_are_the_ontology_classes(ontology):
    assert declared(ontology, OWL.Class) == set(TYPE_NAMES) | set(registry.RECORD_CLASSES)


def test_registry_predicates_are_the_ontology_properties(ontology):
    properties = declared(ontology, OWL.ObjectProperty, OWL.DatatypeProperty)
    assert properties == set(PREDICATE) | set(registry.RECORD_PROPERTIES)


@pytest.mark.parametrize("t", TYPES, ids=lambda t: t.name)
def test_registry_type_matches_the_ontology(ontology, t):
    assert t.iri == KG[t.name]
    assert labels(ontology, t.iri) == {"en": t.en, "zh": t.zh}
    parents = {local(o) for o in ontology.objects(t.iri, RDFS.subClassOf) if str(o).startswith(ONTOLOGY_IRI)}
    assert parents == ({t.parent} if t.parent else set())


@pytest.mark.parametrize("p", RELATIONS + VALUES, ids=lambda p: p.name)
def test_registry_predicate_matches_the_ontology(ontology, p):
    assert p.iri == KG[p.name]
    assert labels(ontology, p.iri) == {"en": p.en, "zh": p.zh}
    assert {local(c) for c in members(ontology, ontology.value(p.iri, RDFS.domain))} == set(p.domain)
    range_ = members(ontology, ontology.value(p.iri, RDFS.range))
    if p.is_value:
        assert range_ == {VALUE_RANGE[d] for d in p.range}
    else:
        assert (p.iri, RDF.type, OWL.ObjectProperty) in ontology
        assert {local(c) for c in range_} == set(p.range)


def test_registry_zone_level_is_an_ontology_level(ontology):
    levels = next(ontology.objects(KG.level, RDFS.range))
    assert Literal(TYPE[DEVELOPMENT_ZONE].level) in set(Collection(ontology, ontology.value(levels, OWL.oneOf)))


def test_registry_zone_shape_states_the_registry_rule(shapes):
    """shapes.ttl says of a DevelopmentZone what linked_type decides: its level, no code."""
    shape = next(shapes.subjects(SH.targetClass, KG.DevelopmentZone))
    props = {shapes.value(p, SH.path): p for p in shapes.objects(shape, SH.property)}
    assert list(Collection(shapes, shapes.value(props[KG.level], SH["in"]))) == [Literal(TYPE[DEVELOPMENT_ZONE].level)]
    assert shapes.value(props[KG.divisionCode], SH.maxCount) == Literal(0)


# (id, triples to remove from test_validate's good graph, Turtle to add, the problem reported)
ZONE_BROKEN = [
    ("zone with a division code", [], 'district:xa1 kg:divisionCode "420299" .', "has no kg:divisionCode"),
    ("zone at a county's level", [(ZONE, KG.level, None)], 'district:xa1 kg:level "county" .',
     'the kg:level of a kg:DevelopmentZone is "zone"'),
    ("district at level zone not typed a zone", [(CITY, KG.level, None)], 'district:420200 kg:level "zone" .',
     'a kg:District at kg:level "zone" must be typed kg:DevelopmentZone'),
]


@pytest.mark.parametrize("remove, add, message", [row[1:] for row in ZONE_BROKEN], ids=[row[0] for row in ZONE_BROKEN])
def test_registry_zone_rule_broken_is_reported_by_both_engines(remove, add, message):
    graph = graph_with(remove, add)
    fast, full = validate_graph(graph), validate_graph(graph, engine="pyshacl")
    assert not fast.conforms and fast.problems == full.problems
    assert any(message in line for line in fast.problems), fast.problems


# --------------------------------------------------------------------------- the tables themselves

def test_registry_constants_are_the_plain_names():
    for t in TYPES:
        assert type(t.name) is str and getattr(registry, re.sub(r"(?<!^)(?=[A-Z])", "_", t.name).upper()) == t.name
    for p in RELATIONS + VALUES:
        assert type(p.name) is str and getattr(registry, re.sub(r"(?<!^)(?=[A-Z])", "_", p.name).upper()) == p.name


def test_registry_view_tells_every_type_and_relation_apart():
    assert len({(t.shape, t.color) for t in TYPES}) == len(TYPES)
    assert len({r.color for r in RELATIONS}) == len(RELATIONS)
    assert all(v.is_value for v in VALUES) and not any(r.is_value for r in RELATIONS)
    assert sorted(registry.DISPLAY_PRIORITY) == sorted(TYPE_NAMES)
    # a type shares its IRI slug only with its parent (zones and divisions are district/…)
    for t in TYPES:
        assert {u.name for u in TYPES if u.slug == t.slug} <= {t.name, t.parent, *(u.name for u in TYPES if u.parent == t.name)}


def test_registry_recognised_types_are_those_without_a_parent():
    assert set(registry.RECOGNISED) == {t.mention_type for t in TYPES} == {t.name for t in TYPES if not t.parent}


@pytest.mark.parametrize("mention_type, code, expected", [
    (DISTRICT, "420200", DISTRICT),             # a gazetteer division
    (DISTRICT, "", DEVELOPMENT_ZONE),           # 大冶湖高新区: no GB/T 2260 code
    (registry.COMPANY, "", registry.COMPANY),
    (registry.PROJECT, "", registry.PROJECT),
])
def test_registry_linked_type(mention_type, code, expected):
    assert linked_type(mention_type, code) == expected


def test_registry_zone_is_typed_a_district_in_the_graph():
    zone = Entity(f"{DISTRICT}:大冶湖高新区", DEVELOPMENT_ZONE, "大冶湖高新区", level=TYPE[DEVELOPMENT_ZONE].level)
    town = Entity(f"{DISTRICT}:420281", DISTRICT, "大冶市", code="420281", level="county")
    types = {str(node): set(props[RDF.type])
             for node, props in blocks([], Linked((zone, town), ()), base_iri="http://example.org/id/")}
    assert types["http://example.org/id/district/420281"] == {KG.District}
    assert [t for node, t in types.items() if node != "http://example.org/id/district/420281"] == [
        {KG.DevelopmentZone, KG.District}]


# --------------------------------------------------------------------------- no names spelled elsewhere

def spelled(source: str) -> list[tuple[int, str]]:
    """(line, text) of each type or predicate name spelled in Python source: a string
    (or f-string part) that is a name or starts ``Name:``, or ``KG.name``; docstrings
    and other bare string statements aside."""
    tree = ast.parse(source)
    bare = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    keyed = re.compile(r"^(%s)(?::|$)" % "|".join(map(re.escape, sorted(NAMES))))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in bare:
            if keyed.match(node.value):
                found.append((node.lineno, node.value))
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "KG" \
                and node.attr in NAMES:
            found.append((node.lineno, f"KG.{node.attr}"))
    return found


@pytest.mark.parametrize("source, found", [
    ('if m.type == "Company": pass', ["Company"]),
    ('key = f"District:{m.code}"', ["District:"]),
    ('p = KG.locatedIn', ["KG.locatedIn"]),
    ('t = KG["DevelopmentZone"]', ["DevelopmentZone"]),
    ('MILESTONES = ("signedOn", "startedOn")', ["signedOn", "startedOn"]),
    ('def f():\n    """Company names: the registry\'s."""\n    return COMPANY', []),
    ('x = "Companies"; z = KG.Article', []),
])
def test_registry_spelled_finds_names(source, found):
    assert [text for _, text in spelled(source)] == found


def test_registry_no_type_or_predicate_name_is_spelled_outside_it():
    """Every module of kg/ names types and predicates through kg.registry (SPARQL .rq
    files aside)."""
    offences = []
    for path in sorted(KG_DIR.rglob("*.py")):
        rel = path.relative_to(KG_DIR.parent).as_posix()
        if rel == "kg/registry.py":
            continue
        offences += [f"{rel}:{line}: {text!r}" for line, text in spelled(path.read_text(encoding="utf-8"))]
    assert not offences, "use the constants of kg.registry:\n" + "\n".join(offences)
