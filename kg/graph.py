"""Records -> RDF, by the ontology in ontology/kg.ttl (see ontology/MODEL.md).

IRIs are ASCII and stable: districts by GB/T 2260 code, other entities by a hash
of their type and canonical label, evidence by a hash of what it supports.

The graph is made as a stream of subject blocks (``blocks``): every triple of one
subject together, articles first, then each entity followed by its amount and
evidence nodes, all in IRI order. The Turtle writer and the HTML view read that
stream (or the records) without ever holding the whole graph, so a build of
100,000 articles stays small; ``build_graph`` makes an ``rdflib.Graph`` of it for
SPARQL, the SHACL check and everything else that wants rdflib's API.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from typing import Iterator

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from kg.link import Linked
from kg.records import Article, Copy, Entity, Relation, Value
from kg.registry import TYPES, term
from kg.vocab import KG, PROV, SCHEMA

KIND = {t.name: t.slug for t in TYPES}      # the first segment of an entity's IRI, by type
CLASSES = {t.name: tuple(term(c) for c in t.classes) for t in TYPES}     # its rdf:types
DATATYPE = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}

# subject -> predicate -> its objects, each once (the keys of a dict, or a tuple)
Block = tuple[URIRef, dict[URIRef, "dict[Node, None] | tuple[Node, ...]"]]

# the terms every block uses, made once: the same objects make dictionary look-ups
# identity checks (a DefinedNamespace makes a new URIRef on every attribute access)
_TYPE, _LABEL, _ALT = URIRef(RDF.type), URIRef(RDFS.label), URIRef(SKOS.altLabel)
_SUBJECT, _PREDICATE, _OBJECT = URIRef(RDF.subject), URIRef(RDF.predicate), URIRef(RDF.object)
_ARTICLE, _EVIDENCE = URIRef(KG.Article), URIRef(KG.Evidence)
_HEADLINE, _PUBLISHED = URIRef(SCHEMA.headline), URIRef(SCHEMA.datePublished)
_TAG, _FILE, _LINE = URIRef(KG.sourceTag), URIRef(KG.sourceFile), URIRef(KG.sourceLine)
_URL, _PUBLISHER, _ANYURI = URIRef(SCHEMA.url), URIRef(SCHEMA.publisher), URIRef(XSD.anyURI)
_REPOST, _REPOST_OF = URIRef(KG.Repost), URIRef(KG.repostOf)
_CODE, _LEVEL, _MENTIONED = URIRef(KG.divisionCode), URIRef(KG.level), URIRef(KG.mentionedIn)
_AMOUNT, _VALUE, _CURRENCY = URIRef(SCHEMA.MonetaryAmount), URIRef(SCHEMA.value), URIRef(SCHEMA.currency)
_DERIVED, _TEXT = URIRef(PROV.wasDerivedFrom), URIRef(KG.evidenceText)
_START, _END = URIRef(KG.charStart), URIRef(KG.charEnd)
_DATE, _DECIMAL = URIRef(XSD.date), URIRef(XSD.decimal)


def namespaces(base_iri: str) -> list[tuple[str, str]]:
    """The prefixes a built graph binds: (prefix, namespace)."""
    return [("kg", str(KG._NS)), ("id", base_iri), ("schema", str(SCHEMA)), ("prov", str(PROV)),
            ("skos", str(SKOS)), ("rdf", str(RDF)), ("rdfs", str(RDFS)), ("xsd", str(XSD))]


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


def copy_iri(base: Namespace, a: Article, c: Copy) -> URIRef:
    """article/<article id>/copy/<hash of the copy's id and place>: a repost merged into the article."""
    return base[f"article/{a.id}/copy/{_hex(c.id, c.url, c.path, str(c.line))}"]


def amount_iri(base: Namespace, subject: URIRef, v: Value) -> URIRef:
    return base[f"amount/{_hex(str(subject), v.value, v.currency)}"]


def evidence_iri(base: Namespace, s: URIRef, p: URIRef, o: Node, article_id: str, start: int) -> URIRef:
    return base[f"evidence/{_hex(str(s), str(p), str(o), article_id, str(start))}"]


def build_graph(articles: list[Article] | tuple[Article, ...], linked: Linked, *, base_iri: str) -> Graph:
    """The RDF graph of all articles, entities, relations and their evidence."""
    g = Graph()
    for prefix, namespace in namespaces(base_iri):
        g.bind(prefix, namespace)
    g.addN((s, p, o, g) for s, p, o in triples(articles, linked, base_iri=base_iri))
    return g


def triples(articles, linked: Linked, *, base_iri: str) -> Iterator[tuple[URIRef, URIRef, Node]]:
    """Every triple of the graph, subject by subject (see ``blocks``)."""
    for s, props in blocks(articles, linked, base_iri=base_iri):
        for p, objects in props.items():
            for o in objects:
                yield s, p, o


class _Terms:
    """Literals that repeat (numbers, dates, tags) made once."""

    def __init__(self):
        self._ints: dict[int, Literal] = {}
        self._typed: dict[tuple[str, URIRef], Literal] = {}

    def int(self, n: int) -> Literal:
        lit = self._ints.get(n)
        if lit is None:
            lit = self._ints[n] = Literal(n)
        return lit

    def typed(self, text: str, datatype: URIRef | None = None) -> Literal:
        lit = self._typed.get((text, datatype))
        if lit is None:
            if len(self._typed) > 100_000:
                self._typed.clear()
            lit = self._typed[(text, datatype)] = Literal(text, datatype=datatype)
        return lit


def blocks(articles, linked: Linked, *, base_iri: str, part: tuple[int, int] = (0, 1)) -> Iterator[Block]:
    """The graph as subject blocks, in a fixed order: articles by IRI, then entities by
    IRI, each followed by its amount nodes and evidence nodes (by IRI). Nodes that
    two records give the same IRI are one block with the triples of both.

    ``part=(k, n)`` yields only the k-th of n consecutive runs of that sequence, of
    about equal numbers of triples: the n parts, one after the other, are the whole.
    """
    base = Namespace(base_iri)
    terms = _Terms()
    art = {}
    by_iri: dict[URIRef, list[Article]] = defaultdict(list)
    copies: dict[URIRef, tuple[Copy, URIRef]] = {}
    for a in articles:
        node = art[a.id] = article_iri(base, a)
        by_iri[node].append(a)
        for c in a.copies:
            copies[copy_iri(base, a, c)] = (c, node)
    iri = {e.key: entity_iri(base, e) for e in linked.entities}
    entities: dict[URIRef, list[Entity]] = defaultdict(list)
    for e in linked.entities:
        entities[iri[e.key]].append(e)
    relations: dict[URIRef, list[Relation]] = defaultdict(list)
    for r in linked.relations:
        relations[iri[r.subject]].append(r)
    article_nodes = sorted(by_iri.keys() | copies.keys(), key=str)
    entity_nodes = sorted(entities.keys() | relations.keys(), key=str)
    weights = [6] * len(article_nodes) + [
        8 + sum(len(e.aliases) + len(e.articles) for e in entities.get(node, ()))
        + sum(2 + 8 * len(r.evidence) for r in relations.get(node, ())) for node in entity_nodes]
    first, last = _run(weights, *part)
    for node in article_nodes[first:last]:
        props: dict = defaultdict(dict)
        if node in copies:
            c, original = copies[node]
            props[_TYPE][_REPOST] = None
            props[_REPOST_OF][original] = None
            _provenance(props, terms, c)
        for a in by_iri.get(node, ()):
            props[_TYPE][_ARTICLE] = None
            _provenance(props, terms, a)
            for c in a.copies:      # the story's every URL and site, on the article itself
                if c.url:
                    props[_URL][terms.typed(c.url, _ANYURI)] = None
                if c.publisher:
                    props[_PUBLISHER][terms.typed(c.publisher)] = None
        yield node, props
    for node in entity_nodes[max(0, first - len(article_nodes)):max(0, last - len(article_nodes))]:
        props = defaultdict(dict)
        for e in entities.get(node, ()):
            for cls in CLASSES[e.type]:
                props[_TYPE][cls] = None
            props[_LABEL][Literal(e.label, lang="zh")] = None
            for alias in e.aliases:
                props[_ALT][Literal(alias, lang="zh")] = None
            if e.code:
                props[_CODE][terms.typed(e.code)] = None
            if e.level:
                props[_LEVEL][terms.typed(e.level)] = None
            for a in e.articles:
                if a in art:
                    props[_MENTIONED][art[a]] = None
        amounts: dict[URIRef, dict] = {}
        evidence: dict[URIRef, dict] = {}
        for r in relations.get(node, ()):
            pred = term(r.predicate)
            if isinstance(r.obj, Value):
                if r.obj.datatype == "amount":
                    o = amount_iri(base, node, r.obj)
                    amount = amounts.setdefault(o, defaultdict(dict))
                    amount[_TYPE][_AMOUNT] = None
                    amount[_VALUE][terms.typed(r.obj.value, _DECIMAL)] = None
                    amount[_CURRENCY][terms.typed(r.obj.currency)] = None
                else:
                    o = terms.typed(r.obj.value, DATATYPE[r.obj.datatype])
            else:
                o = iri[r.obj]
            props[pred][o] = None
            for ev in r.evidence:
                ev_node = evidence_iri(base, node, pred, o, ev.article_id, ev.start)
                # one object each: tuples, not dicts (rdflib's Literal hashing is slow)
                ev_props = {_TYPE: (_EVIDENCE,), _SUBJECT: (node,), _PREDICATE: (pred,), _OBJECT: (o,),
                            _DERIVED: (art[ev.article_id],), _TEXT: (Literal(ev.sentence, lang="zh"),),
                            _START: (terms.int(ev.start),), _END: (terms.int(ev.end),)}
                known = evidence.get(ev_node)
                if known is None:
                    evidence[ev_node] = ev_props
                else:                   # the same sentence twice: one node with both
                    for p, objects in ev_props.items():
                        known[p] = {**dict.fromkeys(known.get(p, ())), **dict.fromkeys(objects)}
        yield node, props
        for o in sorted(amounts, key=str):
            yield o, amounts[o]
        for ev_node in sorted(evidence, key=str):
            yield ev_node, evidence[ev_node]


def _provenance(props: dict, terms: _Terms, a: "Article | Copy") -> None:
    """An article's or a copy's headline, date, tag, URL, publisher, file and line."""
    props[_HEADLINE][Literal(a.title, lang="zh")] = None
    props[_PUBLISHED][terms.typed(a.published, _DATE)] = None
    if a.source:
        props[_TAG][terms.typed(a.source)] = None
    if a.url:
        props[_URL][terms.typed(a.url, _ANYURI)] = None
    if a.publisher:
        props[_PUBLISHER][terms.typed(a.publisher)] = None
    if a.path:
        props[_FILE][terms.typed(a.path)] = None
        if a.line:
            props[_LINE][terms.int(a.line)] = None


def _run(weights: list[int], k: int, n: int) -> tuple[int, int]:
    """[first, last) of the k-th of n consecutive runs of items of about equal total weight."""
    if not 0 <= k < n:
        raise ValueError(f"part {k} of {n}")
    total = sum(weights) or 1
    bounds, done = [], 0
    for i, w in enumerate(weights):
        bounds.append(min(n - 1, (2 * done + w) * n // (2 * total)))     # the part item i's middle falls in
        done += w
    first = next((i for i, b in enumerate(bounds) if b >= k), len(weights))
    last = next((i for i, b in enumerate(bounds) if b > k), len(weights))
    return first, last
