"""The ontology's terms as Python names, and where the ontology files live.

Misspelt terms raise (``_fail = True``), so code cannot drift from the ontology.
The namespace is fixed by ``ontology/kg.ttl``; instance IRIs use a separate base
that ``--base-iri`` can override (see ``kg.settings``).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace



def _ontology_dir() -> Path:
    """The ontology's folder: kg/ontology in an installed package (setup.py maps the
    checkout's ontology/ there), else ontology/ beside the package in a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "ontology"
    return installed if (installed / "kg.ttl").is_file() else package.parent / "ontology"


ONTOLOGY_DIR = _ontology_dir()
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

ONTOLOGY_IRI = "https://w3id.org/zskg/ontology#"
DEFAULT_BASE_IRI = "https://w3id.org/zskg/id/"

SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
ORG = Namespace("http://www.w3.org/ns/org#")


class KG(DefinedNamespace):
    """Classes and properties of the 招商引资 ontology (``ontology/kg.ttl``)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Company: URIRef
    District: URIRef
    DevelopmentZone: URIRef      # subclass of District: 开发区, 高新区, 工业园 ...
    GovernmentBody: URIRef
    Project: URIRef
    Event: URIRef
    Article: URIRef
    Evidence: URIRef             # a sentence that states a relation (an rdf:Statement)
    Repost: URIRef               # a near-identical copy of an Article, merged into it (kg.dedup)

    # relations between entities
    investor: URIRef
    locatedIn: URIRef
    partOf: URIRef
    jurisdiction: URIRef
    organizer: URIRef
    # values
    investmentAmount: URIRef     # -> schema:MonetaryAmount node (schema:value, schema:currency)
    startDate: URIRef            # xsd:date | xsd:gYearMonth | xsd:gYear
    # project lifecycle (milestones and the event at which one happened)
    signedOn: URIRef             # Project -> xsd:date | xsd:gYearMonth | xsd:gYear: agreement signed
    startedOn: URIRef            # Project -> date: construction began
    completedOn: URIRef          # Project -> date: built or put into operation
    atEvent: URIRef              # Project -> Event at which one of its milestones happened
    divisionCode: URIRef         # GB/T 2260 code of a District
    level: URIRef                # administrative level of a District: province/city/county/town/zone
    # provenance
    mentionedIn: URIRef          # entity -> Article
    sourceTag: URIRef            # Article -> the 【tag】 of its title line
    sourceFile: URIRef           # Article -> file name it was read from
    sourceLine: URIRef           # Article -> 1-based line of its title in that file
    repostOf: URIRef             # Repost -> the Article it copies
    evidenceText: URIRef         # Evidence -> the sentence as written
    charStart: URIRef            # Evidence -> offset of the sentence in the article body
    charEnd: URIRef
