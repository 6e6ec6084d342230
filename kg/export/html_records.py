"""What the HTML view shows, read straight from the records (``kg.link.Linked``).

``render_html`` reads an rdflib graph; a build hands the page these records
instead, so a large build never has to hold its graph (``kg.graph.blocks`` streams
it to Turtle). ``RecordSource`` gives exactly what ``GraphSource`` reads from the
graph of the same records, node for node and sentence for sentence: the tests
compare the two pages byte for byte.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from decimal import Decimal

import networkx as nx
from rdflib import Namespace

from kg.export.html import (EVIDENCE_PER_FACT, TYPE_PRIORITY, _REL_KEY, _local, amount_text, project_stage, provenance,
                            relation_key)
from kg.graph import DATATYPE, amount_iri, article_iri, entity_iri
from kg.link import Linked
from kg.records import Value
from kg.registry import INVESTMENT_AMOUNT, MILESTONES, START_DATE, TYPE, term


MILESTONE_INDEX = {m: i for i, m in enumerate(MILESTONES)}


class RecordSource:
    """The page's entities, articles and evidence, from articles and linked records."""

    def __init__(self, articles, linked: Linked, *, base_iri: str):
        base = Namespace(base_iri)
        self.base = base
        self.linked = linked
        self.iri = {e.key: str(entity_iri(base, e)) for e in linked.entities}
        self.article_iri = {a.id: str(article_iri(base, a)) for a in articles}
        self.by_article_iri: dict[str, list] = defaultdict(list)
        for a in articles:
            self.by_article_iri[self.article_iri[a.id]].append(a)

    def networkx(self) -> nx.MultiDiGraph:
        entities: dict[str, list] = defaultdict(list)
        for e in self.linked.entities:
            entities[self.iri[e.key]].append(e)
        amounts: dict[str, dict[str, tuple[str, Decimal]]] = defaultdict(dict)
        dates: dict[str, set[str]] = defaultdict(set)
        milestones: dict[str, list[bool]] = defaultdict(lambda: [False, False, False])
        triples = set()
        for r in self.linked.relations:
            s = self.iri[r.subject]
            if isinstance(r.obj, Value):
                if r.predicate == INVESTMENT_AMOUNT and r.obj.datatype == "amount":
                    node = str(amount_iri(self.base, s, r.obj))
                    amounts[s][node] = amount_text(r.obj.value, r.obj.currency)
                elif r.predicate == START_DATE and r.obj.datatype in DATATYPE:
                    dates[s].add(r.obj.value)
                elif r.predicate in MILESTONE_INDEX and r.obj.datatype in DATATYPE:
                    milestones[s][MILESTONE_INDEX[r.predicate]] = True
            else:
                key = _REL_KEY.get(term(r.predicate))
                o = self.iri[r.obj]
                if key and s in entities and o in entities:
                    triples.add((s, o, key))
        nxg = nx.MultiDiGraph()
        for iri in sorted(entities):
            group = entities[iri]
            keys = {c for e in group for c in TYPE[e.type].classes}
            own = amounts.get(iri, {}).values()
            nxg.add_node(
                iri,
                type=next(k for k in TYPE_PRIORITY if k in keys),
                label=min(e.label for e in group),
                aliases=tuple(sorted({a for e in group for a in e.aliases})),
                code=", ".join(sorted({e.code for e in group if e.code})),
                level=", ".join(sorted({e.level for e in group if e.level})),
                amounts=tuple(sorted(text for text, _ in own)),
                invested=sum((value for _, value in own), Decimal(0)),
                dates=tuple(sorted(dates.get(iri, ()))),
                stage=project_stage(*milestones.get(iri, (False, False, False))),
                articles=tuple(sorted({self.article_iri[a] for e in group for a in e.articles
                                       if a in self.article_iri})),
            )
        for s, o, key in sorted(triples):
            nxg.add_edge(s, o, key=key)
        return nxg

    def articles(self, iris: set[str]) -> dict[str, dict]:
        out = {}
        for iri in sorted(iris):
            group = self.by_article_iri.get(iri, [])
            dates = sorted({a.published for a in group})
            out[iri] = {
                "iri": iri,
                "headline": group[0].title if group else _local(iri),
                "date": dates[0] if dates else "",
                "source": ", ".join(sorted({a.source for a in group})),
            }
            out[iri].update(provenance(
                {x.publisher for a in group for x in (a, *a.copies) if x.publisher},
                {x.url for a in group for x in (a, *a.copies) if x.url}))
        return out

    def evidence(self, shown: set[str], labels: dict[str, str]) -> tuple[list[dict], dict]:
        """Evidence rows of the facts about a shown entity (at most EVIDENCE_PER_FACT a fact,
        those of the earliest articles), and every article that states each edge."""
        art_key = {}
        for iri, group in self.by_article_iri.items():
            art_key[iri] = (min(a.published for a in group), group[0].title, iri)
        rows: list[dict] = []
        stated_in: dict[tuple[str, str, str], set[str]] = {}
        # fact -> its evidence nodes: (sort key, row fields); rows are made only for those listed
        facts: dict[tuple, list[tuple]] = defaultdict(list)
        for r in self.linked.relations:
            s_id = self.iri[r.subject]
            pred = term(r.predicate)
            rel = relation_key(pred)
            if rel is None:
                continue
            if isinstance(r.obj, Value):
                if r.obj.datatype == "amount":
                    o_id = str(amount_iri(self.base, s_id, r.obj))
                    o_label = amount_text(r.obj.value, r.obj.currency)[0]
                else:
                    o_id = o_label = r.obj.value
            else:
                o_id = self.iri[r.obj]
                o_label = labels[o_id] if o_id in labels else _local(o_id)
            if s_id not in shown and o_id not in shown:
                continue
            o_field = o_id if o_id in labels else ""
            s_label = labels[s_id] if s_id in labels else _local(s_id)
            # one evidence node per (s, p, o, article, start), as in the graph
            nodes: dict[tuple[str, int], set[str]] = {}
            for ev in r.evidence:
                nodes.setdefault((ev.article_id, ev.start), set()).add(ev.sentence)
            edge = stated_in.setdefault((s_id, o_field, rel), set())
            fact = facts[(s_id, rel, o_field, o_label)]
            for (article_id, start), texts in nodes.items():
                article = self.article_iri.get(article_id, "")
                if article:
                    edge.add(article)
                text = " ".join(sorted(texts))
                fact.append(((article not in art_key, art_key.get(article, ()), start, rel, text, s_id, o_field),
                             (rel, s_id, o_field, s_label, o_label, text, article, start)))
        for candidates in facts.values():
            for _, (rel, s_id, o_field, s_label, o_label, text, article, start) in heapq.nsmallest(
                    EVIDENCE_PER_FACT, candidates, key=lambda c: c[0]):
                rows.append({"rel": rel, "s": s_id, "o": o_field, "sLabel": s_label, "oLabel": o_label,
                             "text": text, "article": article, "start": start})
        return rows, stated_in
