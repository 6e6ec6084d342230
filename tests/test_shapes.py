"""The streaming SHACL check (kg.shapes) against pySHACL: the same verdict and the same
results (focus, path, value, constraint component, severity) on the seed, the dev
corpus, and a broken graph for every kind of constraint the shapes file uses."""
from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace
from rdflib.namespace import SH

from kg.cli import main
from kg.errors import ValidationError
from kg.pipeline import build
from kg.validate import check
from kg.settings import Settings
from kg.shapes import Checker, Shapes, UnsupportedShape, check_stream
from kg.validate import file_blocks, graph_blocks, validate_blocks, validate_file, validate_graph
from kg.vocab import KG, ONTOLOGY_FILE, ONTOLOGY_IRI, SCHEMA, SHAPES_FILE
from test_validate import AMOUNT, ARTICLE, BROKEN, CITY, COMPANY, CONFORMING, EVENT, EVIDENCE, PREFIXES, \
    PROJECT, graph_with

SHARED_DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"


def pyshacl_results(graph: Graph, shapes_path=SHAPES_FILE) -> tuple[bool, Counter]:
    shapes = Graph().parse(str(shapes_path), format="turtle")
    ontology = Graph().parse(str(ONTOLOGY_FILE), format="turtle")
    conforms, results, _ = shacl_validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="none")
    found = Counter()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        found[(results.value(r, SH.focusNode), results.value(r, SH.resultPath), results.value(r, SH.value),
               results.value(r, SH.sourceConstraintComponent), results.value(r, SH.resultSeverity))] += 1
    return bool(conforms), found


def fast_results(stream, shapes_path=SHAPES_FILE) -> tuple[bool, Counter]:
    results = check_stream(Shapes(shapes_path, ONTOLOGY_FILE), stream)
    found = Counter((r.focus, r.path, r.value, r.component, r.severity) for r in results)
    return not results, found


def assert_agree(graph: Graph, shapes_path=SHAPES_FILE, stream=None) -> Counter:
    expected = pyshacl_results(graph, shapes_path)
    got = fast_results(stream or (lambda: graph_blocks(graph)), shapes_path)
    assert got == expected
    assert validate_graph(graph, shapes_path=shapes_path).problems == \
        validate_graph(graph, shapes_path=shapes_path, engine="pyshacl").problems
    return got[1]


# broken graphs beyond test_validate.BROKEN, so that every constraint kind is raised
MORE_BROKEN = [
    ("amount node without triples", [(AMOUNT, None, None)], ""),
    ("literal amount", [], 'project:p1 kg:investmentAmount "5亿元" .'),
    ("amount negative", [(AMOUNT, SCHEMA.value, None)], 'amount:m1 schema:value "-1"^^xsd:decimal .'),
    ("evidence text empty", [(EVIDENCE, KG.evidenceText, None)], 'evidence:v1 kg:evidenceText ""@zh .'),
    ("evidence start negative", [(EVIDENCE, KG.charStart, None)], "evidence:v1 kg:charStart -1 ."),
    ("evidence subject literal", [(EVIDENCE, RDF.subject, None)], 'evidence:v1 rdf:subject "x" .'),
    ("district neither mentioned nor coded", [(CITY, KG.mentionedIn, None), (CITY, KG.divisionCode, None)], ""),
    ("two codes", [], 'district:420200 kg:divisionCode "420201" .'),
    ("article line zero", [(ARTICLE, KG.sourceLine, None)], "article:a01 kg:sourceLine 0 ."),
    ("headline as IRI", [(ARTICLE, SCHEMA.headline, None)], "article:a01 schema:headline district:420200 ."),
    ("altLabel as IRI", [], "company:c1 skos:altLabel district:420200 ."),
    ("startDate ill-typed", [(EVENT, KG.startDate, None)], 'event:e1 kg:startDate "2020-13-45"^^xsd:date .'),
    ("investor literal", [], 'project:p1 kg:investor "某公司" .'),
    ("forward reference to a later block", [], "company:c1 kg:locatedIn project:p1 ."),
]


@pytest.mark.parametrize(("remove", "add"), [row[1:3] for row in BROKEN] + [row[1:] for row in MORE_BROKEN],
                         ids=[row[0] for row in BROKEN] + [row[0] for row in MORE_BROKEN])
def test_shapes_agree_with_pyshacl_on_broken_graphs(remove, add):
    found = assert_agree(graph_with(remove, add))
    assert found      # each of these breaks some shape


@pytest.mark.parametrize(("remove", "add"), [row[1:] for row in CONFORMING], ids=[row[0] for row in CONFORMING])
def test_shapes_agree_with_pyshacl_on_conforming_variants(remove, add):
    assert assert_agree(graph_with(remove, add)) == Counter()


def test_shapes_every_constraint_kind_of_the_shapes_is_raised_by_some_broken_graph():
    """The broken graphs above cover every constraint component that ontology/shapes.ttl uses."""
    shapes = Graph().parse(str(SHAPES_FILE), format="turtle")
    used = {p for p in shapes.predicates() if p in {
        SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minInclusive, SH.minLength,
        SH.pattern, SH.languageIn, SH.uniqueLang, SH["in"], SH.lessThan, SH["or"], SH["and"], SH["not"],
        SH.xone, SH.node, SH.hasValue, SH.equals, SH.disjoint, SH.maxInclusive, SH.minExclusive,
        SH.maxExclusive, SH.maxLength, SH.lessThanOrEquals}}
    raised = set()
    for _, remove, add, *_ in BROKEN + [(r[0], r[1], r[2]) for r in MORE_BROKEN]:
        raised |= {key[3] for key in fast_results(lambda g=graph_with(remove, add): graph_blocks(g))[1]}
    component = {p: SH[p.split("#")[1][0].upper() + p.split("#")[1][1:] + "ConstraintComponent"] for p in used}
    missing = {p for p in used if component[p] not in raised}
    assert not missing, f"no broken graph raises {sorted(missing)}"


def test_shapes_agree_on_the_seed(seed_build):
    graph = seed_build.graph
    assert fast_results(seed_build.blocks) == pyshacl_results(graph) == (True, Counter())
    # and on the seed with a random tenth of its triples removed: many kinds of violation at once
    rng = random.Random(7)
    broken = Graph()
    broken += (t for t in sorted(graph) if rng.random() > 0.1)     # sorted: the same triples every run
    found = assert_agree(broken)
    assert len({key[3] for key in found}) >= 2


def test_shapes_agree_on_the_dev_corpus(shared_dir):
    files = sorted((shared_dir / "eval" / "dev").glob("*.txt"))
    assert files
    result = build(files, Settings(validate=False, workers=1))
    assert fast_results(result.blocks) == pyshacl_results(result.graph) == (True, Counter())


def test_shapes_stream_order_does_not_matter():
    """Blocks in any order, an amount node before the project that points to it included."""
    graph = graph_with([(AMOUNT, SCHEMA.currency, None)], 'company:c1 kg:locatedIn project:p1 .')
    expected = pyshacl_results(graph)
    blocks = list(graph_blocks(graph))
    for seed in range(5):
        random.Random(seed).shuffle(blocks)
        assert fast_results(lambda: iter(blocks)) == expected


def test_shapes_untyped_amount_seen_before_it_is_pointed_to_is_checked_in_a_second_pass():
    graph = graph_with([(AMOUNT, RDF.type, None), (AMOUNT, SCHEMA.currency, None)])
    blocks = sorted(graph_blocks(graph), key=lambda b: b[0] != AMOUNT)       # the amount first
    passes = []

    def stream():
        passes.append(1)
        return iter(blocks)
    assert fast_results(stream) == pyshacl_results(graph)
    assert len(passes) == 2


def test_shapes_conforming_stream_is_read_once(seed_build):
    passes = []

    def stream():
        passes.append(1)
        return seed_build.blocks()
    assert validate_blocks(stream).conforms
    assert passes == [1]


def test_shapes_generic_over_new_shapes(tmp_path):
    """Shapes added to the file are checked like the others (here: made-up shapes on kg:Project and kg:Article
    beside the file's own)."""
    extra = SHAPES_FILE.read_text(encoding="utf-8") + """
kgsh:ProjectLifecycleShape a sh:NodeShape ;
    sh:targetClass kg:Project ;
    sh:property [ sh:path kg:signedOn ; sh:maxCount 1 ; sh:datatype xsd:date ;
                  sh:message "kg:signedOn must be at most one xsd:date" ] ;
    sh:property [ sh:path kg:atEvent ; sh:class kg:Event ; sh:message "kg:atEvent must point to a kg:Event" ] .
kgsh:ArticleProvenanceShape a sh:NodeShape ;
    sh:targetClass kg:Article ;
    sh:property [ sh:path schema:sameAs ; sh:maxCount 1 ; sh:nodeKind sh:IRI ;
                  sh:message "schema:sameAs must be at most one IRI" ] ;
    sh:property [ sh:path schema:publisher ; sh:minLength 2 ; sh:maxLength 40 ;
                  sh:not [ sh:hasValue "未知" ] ; sh:message "schema:publisher must name the publisher" ] .
"""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(extra, encoding="utf-8")
    good = graph_with(add='project:p1 kg:signedOn "2024-05-01"^^xsd:date ; kg:atEvent event:e1 .'
                          'article:a01 schema:sameAs <https://example.org/a01> ; schema:publisher "黄石日报" .')
    assert assert_agree(good, shapes) == Counter()
    bad = graph_with(add='project:p1 kg:signedOn "2024年" ; kg:atEvent company:c1 .'
                         'article:a01 schema:sameAs "https://example.org/a01" ; schema:publisher "未知" , "x" .')
    found = assert_agree(bad, shapes)
    kg = Namespace(ONTOLOGY_IRI)     # terms other helpers are adding to the ontology
    assert {key[1] for key in found} == {kg.signedOn, kg.atEvent, SCHEMA.sameAs, SCHEMA.publisher}


UNSUPPORTED = [
    ("sparql constraint", 'kgsh:X a sh:NodeShape ; sh:targetClass kg:Company ; sh:sparql [ sh:select "SELECT $this {}" ] .'),
    ("inverse path", "kgsh:X a sh:NodeShape ; sh:targetClass kg:Article ; "
                     "sh:property [ sh:path [ sh:inversePath kg:mentionedIn ] ; sh:minCount 1 ] ."),
    ("closed shape", "kgsh:X a sh:NodeShape ; sh:targetClass kg:Company ; sh:closed true ."),
    ("qualified shape", "kgsh:X a sh:NodeShape ; sh:targetClass kg:Project ; sh:property [ sh:path kg:investor ; "
                        "sh:qualifiedValueShape [ sh:class kg:Company ] ; sh:qualifiedMinCount 1 ] ."),
    ("shape on the values' triples", "kgsh:X a sh:NodeShape ; sh:targetClass kg:Project ; sh:property [ "
                                     "sh:path kg:investor ; sh:node [ sh:property [ sh:path rdfs:label ; sh:minCount 1 ] ] ] ."),
    ("sequence path", "kgsh:X a sh:NodeShape ; sh:targetClass kg:Project ; "
                      "sh:property [ sh:path ( kg:investor rdfs:label ) ; sh:minCount 1 ] ."),
]


@pytest.mark.parametrize("turtle", [row[1] for row in UNSUPPORTED], ids=[row[0] for row in UNSUPPORTED])
def test_shapes_refuse_what_they_cannot_check(tmp_path, turtle):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES_FILE.read_text(encoding="utf-8") + "\n" + turtle + "\n", encoding="utf-8")
    with pytest.raises(UnsupportedShape, match="kgsh:X|blank node shape"):
        Shapes(shapes, ONTOLOGY_FILE)


def test_shapes_check_of_a_build_raises_with_the_problem_lines():
    graph = graph_with(add="project:p1 kg:investor district:420200 .")
    with pytest.raises(ValidationError) as err:
        check(graph)
    assert "轻量化汽车结构件生产基地: kg:investor must point to a kg:Company or a kg:GovernmentBody, got 黄石市" \
        in str(err.value)
    check(graph_with())     # conforms: no error


def test_shapes_validate_file_turtle_nt_and_regrouped(tmp_path):
    broken = graph_with([(AMOUNT, SCHEMA.currency, None)], "company:c1 kg:locatedIn project:p1 .")
    expected = validate_graph(broken, engine="pyshacl").problems
    assert expected
    for name, fmt in (("g.ttl", "turtle"), ("g.nt", "nt"), ("g.jsonld", "json-ld")):
        path = tmp_path / name
        path.write_text(broken.serialize(format=fmt), encoding="utf-8")
        report, triples = validate_file(path)
        assert report.problems == expected and triples == len(broken)
    # N-Triples sorted by object: a subject's triples are not together
    lines = sorted(broken.serialize(format="nt").splitlines(), key=lambda x: x.split(" ", 2)[2])
    scattered = tmp_path / "scattered.nt"
    scattered.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, triples = validate_file(scattered)
    assert report.problems == expected and triples == len(broken)
    with pytest.raises(ValueError, match="not valid Turtle"):
        (tmp_path / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
        file_blocks(tmp_path / "bad.ttl")()
        validate_file(tmp_path / "bad.ttl")


def test_shapes_kg_validate_command(tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(graph_with().serialize(format="turtle"), encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(graph_with(add="project:p1 kg:investor district:420200 .").serialize(format="turtle"),
                   encoding="utf-8")
    for extra in ([], ["--full-shacl"]):
        ok = CliRunner().invoke(main, ["validate", str(good), *extra])
        assert ok.exit_code == 0 and f"conforms ({len(graph_with())} triples)" in ok.output
        no = CliRunner().invoke(main, ["validate", str(bad), *extra])
        assert no.exit_code == 3
        assert "got 黄石市 (path kg:investor)" in no.output


def test_shapes_blank_node_entity_and_literal_focus():
    graph = graph_with(add='[] a kg:Company ; rdfs:label "某公司"@zh ; kg:mentionedIn article:a01 .')
    graph.add((BNode(), KG.investmentAmount, Literal("x")))
    assert_agree(graph)


def test_shapes_checker_remembers_only_the_types_sh_class_asks_about(seed_build):
    checker = Checker(Shapes(SHAPES_FILE, ONTOLOGY_FILE))
    for block in seed_build.blocks():
        checker.block(*block)
    assert not checker.finish()
    kept = set(checker.types)
    evidence = {s for s, props in seed_build.blocks() if KG.Evidence in props.get(RDF.type, ())}
    assert evidence and not (kept & evidence)
    assert all(isinstance(t, tuple) for t in checker.types.values())
    assert RDFS.label not in checker.types
