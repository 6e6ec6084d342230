"""Tests for ontology/kg.ttl and ontology/shapes.ttl against kg.vocab and the scorer's rules."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.vocab import KG, ONTOLOGY_IRI, SCHEMA

TERMS = tuple(KG.__annotations__)
CORE = ("Company", "District", "GovernmentBody", "Project", "Event")


def local(term) -> str:
    """The part after the last '#' or '/', as the scorer reads names."""
    return re.split(r"[#/]", str(term))[-1]


def members(graph: Graph, node) -> set:
    """A class or datatype, or the members of its owl:unionOf."""
    union = graph.value(node, OWL.unionOf)
    return set(Collection(graph, union)) if union is not None else {node}


def test_ontology_declares_its_iri(ontology):
    header = URIRef(ONTOLOGY_IRI.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None


@pytest.mark.parametrize("name", TERMS)
def test_ontology_term_is_declared_and_documented(ontology, name):
    term = KG[name]
    types = set(ontology.objects(term, RDF.type))
    expected = {OWL.Class} if name[0].isupper() else {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert types & expected, f"{name} is not declared as an owl:Class or owl:*Property"
    labels = {o.language: str(o) for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal)}
    assert labels.get("zh") and labels.get("en"), f"{name} needs rdfs:label @zh and @en"
    comments = [o for o in ontology.objects(term, RDFS.comment) if isinstance(o, Literal)]
    assert any(c.language == "en" for c in comments), f"{name} needs an English rdfs:comment"


@pytest.mark.parametrize("name", TERMS)
def test_ontology_term_is_aligned_outside_kg(ontology, name):
    term = KG[name]
    parent = RDFS.subClassOf if name[0].isupper() else RDFS.subPropertyOf
    ancestors = set(ontology.transitive_objects(term, parent)) - {term}
    external = {a for a in ancestors if isinstance(a, URIRef) and not a.startswith(ONTOLOGY_IRI)}
    assert external, f"{name} has no rdfs:subClassOf / rdfs:subPropertyOf outside kg:"


def test_ontology_has_no_terms_missing_from_vocab(ontology):
    declared = {
        s for s in ontology.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(ONTOLOGY_IRI)
    }
    assert sorted(local(s) for s in declared) == sorted(TERMS)


# (property, object or datatype property, domain classes, range classes)
SIGNATURES = [
    ("investor", OWL.ObjectProperty, {"Project"}, {"Company", "GovernmentBody"}),
    ("locatedIn", OWL.ObjectProperty, {"Project", "Event", "Company"}, {"District"}),
    ("partOf", OWL.ObjectProperty, {"District"}, {"District"}),
    ("jurisdiction", OWL.ObjectProperty, {"GovernmentBody"}, {"District"}),
    ("organizer", OWL.ObjectProperty, {"Event"}, {"Company", "GovernmentBody"}),
    ("investmentAmount", OWL.ObjectProperty, {"Project"}, {"MonetaryAmount"}),
    ("mentionedIn", OWL.ObjectProperty, set(CORE), {"Article"}),
    ("startDate", OWL.DatatypeProperty, {"Event"}, {"date", "gYearMonth", "gYear"}),
    ("divisionCode", OWL.DatatypeProperty, {"District"}, {"string"}),
    ("sourceTag", OWL.DatatypeProperty, {"Article", "Repost"}, {"string"}),
    ("sourceFile", OWL.DatatypeProperty, {"Article", "Repost"}, {"string"}),
    ("sourceLine", OWL.DatatypeProperty, {"Article", "Repost"}, {"integer"}),
    ("evidenceText", OWL.DatatypeProperty, {"Evidence"}, {"langString"}),
    ("charStart", OWL.DatatypeProperty, {"Evidence"}, {"integer"}),
    ("charEnd", OWL.DatatypeProperty, {"Evidence"}, {"integer"}),
    ("repostOf", OWL.ObjectProperty, {"Repost"}, {"Article"}),
]


@pytest.mark.parametrize(("name", "kind", "domain", "range_"), SIGNATURES, ids=[row[0] for row in SIGNATURES])
def test_ontology_property_signature(ontology, name, kind, domain, range_):
    term = KG[name]
    assert (term, RDF.type, kind) in ontology
    assert {local(c) for c in members(ontology, ontology.value(term, RDFS.domain))} == domain
    assert {local(c) for c in members(ontology, ontology.value(term, RDFS.range))} == range_


def test_ontology_level_values(ontology):
    datatype = ontology.value(KG.level, RDFS.range)
    values = Collection(ontology, ontology.value(datatype, OWL.oneOf))
    assert sorted(str(v) for v in values) == ["city", "county", "province", "town", "zone"]


# (kg class, classes it must specialise)
ALIGNMENTS = [
    ("Company", {SCHEMA.Organization, URIRef("http://www.w3.org/ns/org#Organization")}),
    ("GovernmentBody", {SCHEMA.GovernmentOrganization, URIRef("http://www.w3.org/ns/org#Organization")}),
    ("District", {SCHEMA.AdministrativeArea}),
    ("DevelopmentZone", {KG.District, SCHEMA.AdministrativeArea}),
    ("Project", {SCHEMA.Project, URIRef("http://www.w3.org/ns/prov#Activity")}),
    ("Event", {SCHEMA.Event}),
    ("Article", {SCHEMA.NewsArticle, URIRef("http://www.w3.org/ns/prov#Entity")}),
    ("Evidence", {RDF.Statement, URIRef("http://www.w3.org/ns/prov#Entity")}),
    ("Repost", {SCHEMA.NewsArticle, URIRef("http://www.w3.org/ns/prov#Entity")}),
]


@pytest.mark.parametrize(("name", "supers"), ALIGNMENTS, ids=[row[0] for row in ALIGNMENTS])
def test_ontology_class_alignment(ontology, name, supers):
    assert supers <= set(ontology.transitive_objects(KG[name], RDFS.subClassOf))


def scorer_core_classes(graph: Graph) -> dict:
    """Class -> core type names, found as eval/score.py does (local names, subClassOf chains)."""
    candidates = set(graph.objects(None, RDF.type)) | set(graph.subjects(RDFS.subClassOf, None))
    candidates |= set(graph.objects(None, RDFS.subClassOf))
    result = defaultdict(set)
    for c in candidates:
        if isinstance(c, URIRef) and local(c) in CORE:
            for sub in graph.transitive_subjects(RDFS.subClassOf, c):
                result[sub].add(local(c))
    return result


def test_ontology_core_classes_as_the_scorer_sees_them(ontology, shapes):
    found = scorer_core_classes(ontology + shapes)
    kg_classes = {c: types for c, types in found.items() if str(c).startswith(ONTOLOGY_IRI)}
    assert kg_classes == {
        KG.Company: {"Company"},
        KG.District: {"District"},
        KG.DevelopmentZone: {"District"},
        KG.GovernmentBody: {"GovernmentBody"},
        KG.Project: {"Project"},
        KG.Event: {"Event"},
    }
    # Only external superclasses (schema:Event, schema:Project) may share a core local name.
    others = {c for c in found if not str(c).startswith(ONTOLOGY_IRI)}
    assert others <= {SCHEMA.Event, SCHEMA.Project}


def test_ontology_and_shapes_type_no_instances(ontology, shapes):
    typed = {s for s, c in (ontology + shapes).subject_objects(RDF.type) if str(c).startswith(ONTOLOGY_IRI)}
    assert typed == set()


@pytest.mark.parametrize("name", [*CORE, "Article", "Evidence"])
def test_ontology_shapes_target_class(shapes, name):
    shape = shapes.value(predicate=SH.targetClass, object=KG[name])
    assert shape is not None and (shape, RDF.type, SH.NodeShape) in shapes


def test_ontology_shapes_use_only_declared_kg_terms(shapes):
    used = {t for t in shapes.all_nodes() if isinstance(t, URIRef) and t.startswith(ONTOLOGY_IRI)}
    assert {local(t) for t in used} <= set(TERMS)
