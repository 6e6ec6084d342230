"""One registry of the entity types and relations: names, labels, drawing, IRI slugs.

Every module names a type or a predicate through the constants below (``COMPANY``,
``LOCATED_IN`` …), never by spelling its string: a misspelt constant is a NameError,
a misspelt string a silent miss. The constants are plain ``str``, equal to the
ontology's local names, so ``Mention.type``, ``Entity.type`` and
``Relation.predicate`` stay strings (records are pickled and cached).

Each type and relation carries what was kept in separate tables before: the ontology
IRI, the English and Chinese ``rdfs:label`` of ``ontology/kg.ttl`` (the view's legend,
``kg explain`` and the build summary use these and no others), the colour and shape
of the HTML view, the first segment of instance IRIs (``district/420200``) and, for
relations, the domain and range. ``tests/test_registry.py`` checks the registry
against ``ontology/kg.ttl`` (every class and property, its labels, domains and ranges)
and that no type or predicate name is spelled as a string elsewhere in ``kg/``.

A development zone (开发区, 高新区, 工业园 …) is a District in the ontology
(``kg:DevelopmentZone rdfs:subClassOf kg:District``): recognisers type its mentions
``DISTRICT``, and ``linked_type`` alone decides that a linked District is a zone.
To add a type or a relation: declare it in ``ontology/kg.ttl`` (and its shape in
``ontology/shapes.ttl``), then add one row here.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

# --------------------------------------------------------------------------- names

# entity types: the ontology's classes of things named in articles
COMPANY = "Company"
DISTRICT = "District"
DEVELOPMENT_ZONE = "DevelopmentZone"
GOVERNMENT_BODY = "GovernmentBody"
PROJECT = "Project"
EVENT = "Event"

# relations between two entities (edges of the view)
INVESTOR = "investor"
LOCATED_IN = "locatedIn"
PART_OF = "partOf"
JURISDICTION = "jurisdiction"
ORGANIZER = "organizer"
AT_EVENT = "atEvent"

# values of an entity: an amount or a date (``kg.records.Value``)
INVESTMENT_AMOUNT = "investmentAmount"
START_DATE = "startDate"
SIGNED_ON = "signedOn"
STARTED_ON = "startedOn"
COMPLETED_ON = "completedOn"

# the kg:level of every development zone (administrative divisions have
# province/city/county/town from the gazetteer)
ZONE_LEVEL = "zone"

# Value.datatype of the values a value predicate takes
AMOUNT = "amount"
DATES = ("date", "gYearMonth", "gYear")


@functools.cache
def term(name: str):
    """The ontology IRI of a local name, one ``URIRef`` object per name (rdflib is
    imported on first use, so importing the registry stays cheap)."""
    from rdflib import URIRef

    from kg.vocab import KG
    return URIRef(KG[name])


# --------------------------------------------------------------------------- entity types

@dataclass(frozen=True)
class EntityType:
    """One class of entity: how the ontology names it, and how it is drawn and addressed."""

    name: str           # the class's local name: what Mention.type and Entity.type hold
    en: str             # rdfs:label @en in ontology/kg.ttl
    zh: str             # rdfs:label @zh in ontology/kg.ttl
    slug: str           # first segment of instance IRIs: <base>district/420200
    shape: str          # a vis-network shape that puts the label below the node
    color: str
    border: str
    parent: str = ""    # the entity type it is a subclass of (rdfs:subClassOf), if any
    level: str = ""     # the kg:level all its instances have, if one

    @property
    def iri(self):
        """The class's IRI (``kg:Company``)."""
        return term(self.name)

    @property
    def classes(self) -> tuple[str, ...]:
        """The entity types an instance is typed with: its own and its parent's."""
        return (self.name, self.parent) if self.parent else (self.name,)

    @property
    def mention_type(self) -> str:
        """The type its mentions carry: the parent's (a zone is recognised as a District)."""
        return self.parent or self.name


# Order: the legend's, the build summary's.
TYPES = (
    EntityType(COMPANY, "Company", "企业", "company", "dot", "#4E79A7", "#2F4A66"),
    EntityType(GOVERNMENT_BODY, "Government body", "政府机构", "government", "star", "#E15759", "#8F2F31"),
    EntityType(DISTRICT, "District", "行政区划", "district", "square", "#59A14F", "#36622F"),
    EntityType(DEVELOPMENT_ZONE, "Development zone", "开发区", "district", "triangle", "#76B7B2", "#3F6F6B",
               parent=DISTRICT, level=ZONE_LEVEL),
    EntityType(PROJECT, "Project", "投资项目", "project", "diamond", "#F28E2B", "#96561A"),
    EntityType(EVENT, "Event", "活动", "event", "hexagon", "#B07AA1", "#6B4A62"),
)
TYPE = {t.name: t for t in TYPES}
TYPE_NAMES = tuple(t.name for t in TYPES)

# The types a recogniser assigns to mentions (a zone is a District until linked).
RECOGNISED = (COMPANY, DISTRICT, GOVERNMENT_BODY, PROJECT, EVENT)

# The one type the view gives an entity that carries several (a zone is also a District).
DISPLAY_PRIORITY = (DEVELOPMENT_ZONE, DISTRICT, GOVERNMENT_BODY, COMPANY, PROJECT, EVENT)


def linked_type(mention_type: str, code: str) -> str:
    """The type of an entity linked from mentions of ``mention_type``: a District without
    a GB/T 2260 code is a development zone (the gazetteer codes every administrative
    division down to the town; zones have no code), every other type stays."""
    return DEVELOPMENT_ZONE if mention_type == DISTRICT and not code else mention_type


# --------------------------------------------------------------------------- relations and values

@dataclass(frozen=True)
class RelationType:
    """One predicate of Relation.predicate: between two entities, or to a value."""

    name: str                   # the property's local name: what Relation.predicate holds
    en: str                     # rdfs:label @en in ontology/kg.ttl
    zh: str                     # rdfs:label @zh in ontology/kg.ttl
    domain: tuple[str, ...]     # the entity types of its subject (rdfs:domain)
    range: tuple[str, ...]      # entity types of its object, or the Value.datatype it takes
    color: str = ""             # the view's edge colour; "" for values, listed but not drawn

    @property
    def iri(self):
        """The property's IRI (``kg:locatedIn``)."""
        return term(self.name)

    @property
    def is_value(self) -> bool:
        """True for a predicate whose object is a ``Value`` (an amount or a date)."""
        return not self.color


_ORGANS = (COMPANY, GOVERNMENT_BODY)

# Order: the legend's.
RELATIONS = (
    RelationType(INVESTOR, "investor", "投资方", (PROJECT,), _ORGANS, "#C0392B"),
    RelationType(LOCATED_IN, "located in", "位于", (PROJECT, EVENT, COMPANY), (DISTRICT,), "#8A96A3"),
    RelationType(PART_OF, "part of", "隶属于", (DISTRICT,), (DISTRICT,), "#3C8D40"),
    RelationType(JURISDICTION, "jurisdiction", "管辖区域", (GOVERNMENT_BODY,), (DISTRICT,), "#8E44AD"),
    RelationType(ORGANIZER, "organizer", "主办方", (EVENT,), _ORGANS, "#2471A3"),
    RelationType(AT_EVENT, "at event", "发生于活动", (PROJECT,), (EVENT,), "#D4AC0D"),
)
VALUES = (
    RelationType(INVESTMENT_AMOUNT, "investment amount", "投资额", (PROJECT,), (AMOUNT,)),
    RelationType(START_DATE, "start date", "开始日期", (EVENT,), DATES),
    RelationType(SIGNED_ON, "signed on", "签约日期", (PROJECT,), DATES),
    RelationType(STARTED_ON, "started on", "开工日期", (PROJECT,), DATES),
    RelationType(COMPLETED_ON, "completed on", "建成日期", (PROJECT,), DATES),
)
PREDICATE = {p.name: p for p in RELATIONS + VALUES}

# A project's milestones, in the order they happen.
MILESTONES = (SIGNED_ON, STARTED_ON, COMPLETED_ON)

# The ontology's other terms: the articles, their copies and the evidence sentences,
# and the properties ``kg.graph`` writes itself (codes, levels, provenance). Listed so
# that every class and property of ontology/kg.ttl is known here (tests/test_registry.py).
RECORD_CLASSES = ("Article", "Repost", "Evidence")
RECORD_PROPERTIES = ("mentionedIn", "divisionCode", "level", "sourceTag", "sourceFile", "sourceLine",
                     "repostOf", "evidenceText", "charStart", "charEnd")
