"""Records -> rdflib.Graph, by the ontology in ontology/kg.ttl (see ontology/MODEL.md).

IRIs are ASCII and stable: districts by GB/T 2260 code, other entities by a hash
of their type and canonical label, evidence by a hash of what it supports.
"""
from __future__ import annotations

import hashlib

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

from kg.link import Linked
from kg.records import Article, Entity, Relation, Value
from kg.vocab import KG, PROV, SCHEMA

KIND = {"Company": "company", "District": "district", "DevelopmentZone": "district",
        "GovernmentBody": "government", "Project": "project", "Event": "event"}
DATATYPE = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}


def _hex(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(base: Namespace, e: Entity) -> URIRef:
    """district/420200, or <kind>/<hash of type and label>."""
    kind = KIND[e.type]
    if e.code:
        return base[f"{kind}/{e.code}"]
    return base[f"{kind}/{_hex(e.type, e.label)}"]


def article_iri(base: Namespace, a: Article) -> URIRef:
    return base[f"article/{a.id}"]


def build_graph(articles: list[Article], linked: Linked, *, base_iri: str) -> Graph:
    """The RDF graph of all articles, entities, relations and their evidence."""
    base = Namespace(base_iri)
    g = Graph()
    g.bind("kg", str(KG._NS))
    g.bind("id", base_iri)
    g.bind("schema", SCHEMA)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)
    art = {a.id: article_iri(base, a) for a in articles}
    for a in articles:
        node = art[a.id]
        g.add((node, RDF.type, KG.Article))
        g.add((node, SCHEMA.headline, Literal(a.title, lang="zh")))
        g.add((node, SCHEMA.datePublished, Literal(a.published, datatype=XSD.date)))
        g.add((node, KG.sourceTag, Literal(a.source)))
        if a.path:
            g.add((node, KG.sourceFile, Literal(a.path)))
            g.add((node, KG.sourceLine, Literal(a.line)))
    iri = {}
    for e in linked.entities:
        node = iri[e.key] = entity_iri(base, e)
        g.add((node, RDF.type, KG[e.type]))
        if e.type == "DevelopmentZone":
            g.add((node, RDF.type, KG.District))
        g.add((node, RDFS.label, Literal(e.label, lang="zh")))
        for alias in e.aliases:
            g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
        if e.code:
            g.add((node, KG.divisionCode, Literal(e.code)))
        if e.level:
            g.add((node, KG.level, Literal(e.level)))
        for a in e.articles:
            if a in art:
                g.add((node, KG.mentionedIn, art[a]))
    for r in linked.relations:
        _add_relation(g, base, iri, art, r)
    return g


def _add_relation(g: Graph, base: Namespace, iri: dict, art: dict, r: Relation) -> None:
    s = iri[r.subject]
    pred = KG[r.predicate]
    if isinstance(r.obj, Value):
        if r.obj.datatype == "amount":
            o = base[f"amount/{_hex(str(s), r.obj.value, r.obj.currency)}"]
            g.add((o, RDF.type, SCHEMA.MonetaryAmount))
            g.add((o, SCHEMA.value, Literal(r.obj.value, datatype=XSD.decimal)))
            g.add((o, SCHEMA.currency, Literal(r.obj.currency)))
        else:
            o = Literal(r.obj.value, datatype=DATATYPE[r.obj.datatype])
    else:
        o = iri[r.obj]
    g.add((s, pred, o))
    for ev in r.evidence:
        node = base[f"evidence/{_hex(str(s), str(pred), str(o), ev.article_id, str(ev.start))}"]
        g.add((node, RDF.type, KG.Evidence))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, pred))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, art[ev.article_id]))
        g.add((node, KG.evidenceText, Literal(ev.sentence, lang="zh")))
        g.add((node, KG.charStart, Literal(ev.start)))
        g.add((node, KG.charEnd, Literal(ev.end)))
