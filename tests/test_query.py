"""Tests for kg query and the example queries in kg/queries/.

Each example runs on the seed graph (with the ontology, as ``kg query`` loads it) and
its answer is checked against the same question answered in Python over the rdflib
graph, so the tests hold whatever the extraction finds, as long as it is right.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from decimal import Decimal
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS

from kg.cli import main
from kg.errors import InputError, UsageError
from kg.export.turtle import write_graph
from kg.store import QUERIES_DIR, examples, memory_store, resolve_query, run_query, term_text, write_results
from kg.vocab import KG, ONTOLOGY_FILE, PROV, SCHEMA

def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def graph(seed_build) -> Graph:
    return seed_build.graph


@pytest.fixture(scope="module")
def graph_file(graph, tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "graph.ttl"
    write_graph(graph, path)
    return path


@pytest.fixture(scope="module")
def store(graph_file):
    return memory_store([graph_file])


def rows(store, name: str) -> list[dict[str, str]]:
    """An example's solutions as dicts of variable -> text ('' when unbound)."""
    results = run_query(store, resolve_query(name)[0], label=name)
    names = [v.value for v in results.variables]
    return [{n: term_text(sol[n], compact=False) for n in names} for sol in results]


def label(g: Graph, node) -> str:
    return str(g.value(node, RDFS.label))


def typed(g: Graph, cls) -> set:
    return set(g.subjects(RDF.type, cls))


def ancestors(g: Graph, district) -> set:
    """The district and every district it is kg:partOf, transitively."""
    seen, todo = set(), [district]
    while todo:
        d = todo.pop()
        if d not in seen:
            seen.add(d)
            todo.extend(g.objects(d, KG.partOf))
    return seen


def amount_value(g: Graph, amount) -> Decimal:
    return Decimal(str(g.value(amount, SCHEMA.value)))


def number(text: str) -> Decimal:
    return Decimal(text) if text else Decimal(0)


# --- the examples ---

def test_query_at_least_ten_examples_with_descriptions():
    shipped = examples()
    assert len(shipped) >= 10
    for ex in shipped:
        assert ex.text.startswith("# "), ex.name
        assert 20 <= len(ex.description) <= 140, ex.description
        assert re.fullmatch(r"[a-z0-9-]+", ex.name)
    assert {p.stem for p in QUERIES_DIR.glob("*.rq")} == {ex.name for ex in shipped}


@pytest.mark.parametrize("name", [ex.name for ex in examples()])
def test_query_example_answers_on_the_seed(store, name):
    assert rows(store, name), f"{name} found nothing in the seed graph"


@pytest.mark.parametrize("name", [ex.name for ex in examples()])
def test_query_example_is_portable_sparql(name):
    """Each example declares its prefixes, so it runs as is on Fuseki, Virtuoso, GraphDB…"""
    text = resolve_query(name)[0]
    used = set(re.findall(r"(?<![\w:<\"])([a-z]+):[A-Za-z]", re.sub(r"#.*|<[^>]*>|\"[^\"]*\"", "", text)))
    declared = set(re.findall(r"PREFIX\s+(\w+):", text))
    assert used <= declared, used - declared
    ox.Store().query(text)            # parses without kg's default prefixes


def test_query_investment_by_district_rolls_up_part_of(store, graph):
    g = graph
    expected = defaultdict(lambda: [Decimal(0), set()])
    for project in typed(g, KG.Project):
        amounts = set(g.objects(project, KG.investmentAmount))
        areas = set().union(*(ancestors(g, d) for d in g.objects(project, KG.locatedIn)))
        for area in areas:
            for amount in amounts:
                expected[label(g, area)][0] += amount_value(g, amount)
            if amounts:
                expected[label(g, area)][1].add(project)
    got = {r["district"]: (number(r["total"]), int(r["projects"])) for r in rows(store, "investment-by-district")}
    assert got == {k: (v[0], len(v[1])) for k, v in expected.items()}
    # a province includes its cities: 湖北省 holds at least as much as any district in it
    totals = [number(r["total"]) for r in rows(store, "investment-by-district")]
    assert totals == sorted(totals, reverse=True)


def test_query_top_investors(store, graph):
    g = graph
    projects, invested = defaultdict(set), {}
    for project in typed(g, KG.Project):
        for who in g.objects(project, KG.investor):
            projects[who].add(project)
            for amount in set(g.objects(project, KG.investmentAmount)):
                invested[who] = invested.get(who, Decimal(0)) + amount_value(g, amount)
    kinds = {KG.Company: "Company", KG.GovernmentBody: "Government body"}
    # an investor whose projects state no amount has a blank amount, not 0
    expected = {(label(g, w), kind): (len(p), invested.get(w))
                for w, p in projects.items() for cls, kind in kinds.items() if (w, RDF.type, cls) in g}
    assert None in {v for _, v in expected.values()}
    result = rows(store, "top-investors")
    assert {(r["investor"], r["kind"]): (int(r["projects"]), number(r["invested"]) if r["invested"] else None)
            for r in result} == expected
    assert int(result[0]["projects"]) == max(n for n, _ in expected.values())


def test_query_projects_by_sector(store, graph):
    g = graph
    text = resolve_query("projects-by-sector")[0]
    sectors = re.findall(r'\?matched = "(\S+)"\s+&& REGEX\(\?project, "([^"]+)"\)', text)
    assert len(sectors) >= 8
    expected = set()
    for project in typed(g, KG.Project):
        name = label(g, project)
        matched = [s for s, pattern in sectors if re.search(pattern, name)]
        expected |= {(s, name) for s in matched or ["其他"]}
    result = rows(store, "projects-by-sector")
    assert {(r["sector"], r["project"]) for r in result} == expected
    assert any(r["sector"] != "其他" for r in result)
    for r in result:
        project = next(p for p in typed(g, KG.Project) if label(g, p) == r["project"])
        places = {label(g, d) for d in g.objects(project, KG.locatedIn)}
        assert set(filter(None, r["places"].split("、"))) == places


def test_query_events_by_date_with_organizers(store, graph):
    g = graph
    result = rows(store, "events-by-date")
    assert len(result) == len(typed(g, KG.Event))
    for r in result:
        event = next(e for e in typed(g, KG.Event) if label(g, e) == r["event"])
        date = g.value(event, KG.startDate)
        assert r["date"] == (str(date) if date is not None else "")
        assert set(filter(None, r["organizers"].split("、"))) == {label(g, o) for o in g.objects(event, KG.organizer)}
        assert set(filter(None, r["places"].split("、"))) == {label(g, p) for p in g.objects(event, KG.locatedIn)}
    dates = [r["date"] or "9999" for r in result]
    assert dates == sorted(dates)
    assert any(r["organizers"] for r in result)


def test_query_governing_bodies(store, graph):
    g = graph
    expected = {(label(g, d), label(g, b)) for b in typed(g, KG.GovernmentBody) for d in g.objects(b, KG.jurisdiction)}
    result = rows(store, "governing-bodies")
    assert {(r["area"], r["body"]) for r in result} == expected
    assert [r["area"] for r in result] == sorted(r["area"] for r in result)


def test_query_multi_district_companies(store, graph):
    g = graph
    expected = {}
    for company in typed(g, KG.Company):
        places = set(g.objects(company, KG.locatedIn))
        for thing in set(g.subjects(KG.investor, company)) | set(g.subjects(KG.organizer, company)):
            places |= set(g.objects(thing, KG.locatedIn))
        if len(places) > 1:
            expected[label(g, company)] = {label(g, p) for p in places}
    result = rows(store, "multi-district-companies")
    assert {r["company"]: set(r["where"].split("、")) for r in result} == expected
    assert all(int(r["districts"]) == len(expected[r["company"]]) for r in result)


def test_query_article_facts_with_evidence(store, graph):
    g = graph
    evidence = typed(g, KG.Evidence)
    result = rows(store, "article-facts")
    assert len(result) == len(evidence)
    assert {r["sentence"] for r in result} == {str(g.value(e, KG.evidenceText)) for e in evidence}
    relations = {str(o) for p in set(g.objects(None, RDF.predicate)) for o in
                 Graph().parse(ONTOLOGY_FILE, format="turtle").objects(p, RDFS.label) if o.language == "zh"}
    assert {r["relation"] for r in result} <= relations
    for r in result:      # the subject's label is the one of the evidence's rdf:subject
        assert r["subject"] in {label(g, s) for s in g.objects(None, RDF.subject)}
    by_article = defaultdict(list)
    for r in result:
        by_article[r["headline"]].append(int(r["start"]))
    assert all(starts == sorted(starts) for starts in by_article.values())


def test_query_entities_by_alias(store, graph):
    g = graph
    expected = {(str(a), label(g, e)) for e, a in g.subject_objects(SKOS.altLabel)}
    result = rows(store, "entities-by-alias")
    assert {(r["alias"], r["entity"]) for r in result} == expected
    assert len(result) == len(expected)          # one class each: the most specific
    zones = {label(g, z) for z in typed(g, KG.DevelopmentZone)}
    for r in result:
        if r["entity"] in zones:
            assert r["class"] == "Development zone"


def test_query_class_members_follow_subclasses(store, graph):
    g = graph
    result = {r["label"]: int(r["members"]) for r in rows(store, "class-members")}
    assert result["Company"] == len(typed(g, KG.Company))
    assert result["District"] == len(typed(g, KG.District) | typed(g, KG.DevelopmentZone))
    assert result["Project"] == len(typed(g, KG.Project))


def test_query_class_members_needs_the_ontology_not_the_data(tmp_path):
    """A zone typed only kg:DevelopmentZone still counts as a District: rdfs:subClassOf from ontology/kg.ttl."""
    data = tmp_path / "zone.ttl"
    data.write_text('<https://w3id.org/zskg/id/district/x1> a <https://w3id.org/zskg/ontology#DevelopmentZone> .\n',
                    encoding="utf-8")
    result = {r["label"]: r["members"] for r in rows(memory_store([data]), "class-members")}
    assert result == {"District": "1", "Development zone": "1"}


def test_query_development_zones(store, graph):
    g = graph
    expected = {label(g, z): len({p for p in g.subjects(KG.locatedIn, z) if (p, RDF.type, KG.Project) in g})
                for z in typed(g, KG.DevelopmentZone)}
    assert {r["zone"]: int(r["projects"]) for r in rows(store, "development-zones")} == expected


def test_query_activity_by_district(store, graph):
    g = graph
    projects = defaultdict(set)
    for p in typed(g, KG.Project):
        for d in g.objects(p, KG.locatedIn):
            for area in ancestors(g, d):
                projects[area].add(p)
    result = {r["district"]: int(r["projects"]) for r in rows(store, "activity-by-district")}
    for area, found in projects.items():
        assert result[label(g, area)] == len(found)


def test_query_articles(store, graph):
    g = graph
    result = rows(store, "articles")
    assert len(result) == len(typed(g, KG.Article))
    for r in result:
        article = next(a for a in typed(g, KG.Article) if str(g.value(a, SCHEMA.headline)) == r["headline"])
        assert int(r["entities"]) == len(set(g.subjects(KG.mentionedIn, article)))
        assert int(r["facts"]) == len(set(g.subjects(PROV.wasDerivedFrom, article)))


# --- resolving QUERY ---

def test_query_resolve_by_name_file_or_text(tmp_path):
    assert resolve_query("top-investors")[0].startswith("# Top investors")
    rq = tmp_path / "mine.rq"
    rq.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1", encoding="utf-8")
    assert resolve_query(str(rq)) == ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", str(rq))
    assert resolve_query("ASK { ?s ?p ?o }") == ("ASK { ?s ?p ?o }", "query")
    with pytest.raises(UsageError, match="no example query named 'top-investor'"):
        resolve_query("top-investor")
    with pytest.raises(InputError, match="no such query file"):
        resolve_query(str(tmp_path / "missing.rq"))


def test_query_default_prefixes_and_union_of_data_and_ontology(store):
    results = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (?g = <https://w3id.org/zskg/ontology>) }")
    assert int(next(iter(results))["n"].value) > 50
    results = run_query(store, "ASK { kg:DevelopmentZone rdfs:subClassOf kg:District . ?x a kg:Company }")
    assert bool(results)


# --- kg query on the command line ---

def test_cli_query_list():
    result = run("query", "--list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == len(examples()) >= 10
    for line, ex in zip(lines, examples()):
        assert re.fullmatch(rf"{re.escape(ex.name)} +{re.escape(ex.description)}", line)


def test_cli_query_table(graph_file):
    result = run("query", "governing-bodies", "--graph", graph_file)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["area", "level", "partOf", "body"]
    assert set(lines[1]) <= {"-", " "}
    assert re.fullmatch(r"\(\d+ rows\)\n", result.stderr)
    assert int(result.stderr[1:].split()[0]) == len(lines) - 2


def test_cli_query_timeout_stops_the_query(graph_file):
    """--timeout: the query's worker is stopped, nothing is printed on stdout, exit 4 with the reason."""
    result = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--graph", graph_file,
                 "--timeout", "0.5")
    assert result.exit_code == 4
    assert result.stdout == ""
    assert result.stderr == ("kg: error: the query ran longer than 0.5 s and was stopped (--timeout; narrow it "
                             "down with more specific patterns or a LIMIT)\n")


def test_cli_query_timeout_lets_a_quick_query_answer(graph_file):
    quick = run("query", "governing-bodies", "--graph", graph_file, "--timeout", "30")
    assert quick.exit_code == 0, quick.output
    assert quick.stdout == run("query", "governing-bodies", "--graph", graph_file).stdout


def test_cli_query_csv_follows_the_spec(graph_file):
    """SPARQL 1.1 CSV: a header of variable names, CRLF line ends, plain values."""
    result = run("query", "SELECT ?d ?code WHERE { ?d kg:divisionCode ?code } ORDER BY ?code", "--graph", graph_file,
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith(b"d,code\r\n") and raw.endswith(b"\r\n")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert all(row[0].startswith("https://w3id.org/zskg/id/district/") for row in table[1:])
    assert [row[1] for row in table[1:]] == sorted(row[1] for row in table[1:])


def test_cli_query_tsv_follows_the_spec(graph_file):
    """SPARQL 1.1 TSV: ?-prefixed header, terms in Turtle syntax."""
    result = run("query", "SELECT ?d ?l WHERE { ?d a kg:District ; rdfs:label ?l } LIMIT 3", "--graph", graph_file,
                 "--format", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "?d\t?l"
    assert all(re.fullmatch(r'<[^>]+>\t"[^"]+"@zh', line) for line in lines[1:]), lines


def test_cli_query_json_follows_the_spec(graph_file):
    result = run("query", "class-members", "--graph", graph_file, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["head"]["vars"] == ["class", "label", "members"]
    first = doc["results"]["bindings"][0]
    assert first["class"]["type"] == "uri"
    assert first["members"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


def test_cli_query_xml_and_ask(graph_file):
    result = run("query", "ASK { ?x a kg:Project }", "--graph", graph_file, "--format", "xml")
    assert result.exit_code == 0, result.output
    root = ElementTree.fromstring(result.stdout_bytes)
    assert root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"
    assert run("query", "ASK { ?x a kg:Nothing }", "--graph", graph_file).stdout == "false\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
@pytest.mark.parametrize("query", ["class-members", "ASK { ?x a kg:Project }"])
def test_cli_query_output_ends_with_a_newline(graph_file, fmt, query):
    result = run("query", query, "--graph", graph_file, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.endswith(b"\n") and not result.stdout_bytes.endswith(b"\n\n")


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", ["table", "turtle", "nt", "jsonld"])
def test_cli_query_construct(graph_file, fmt):
    query = "CONSTRUCT { ?z a kg:District } WHERE { ?z a kg:DevelopmentZone }"
    result = run("query", query, "--graph", graph_file, "--format", fmt)
    assert result.exit_code == 0, result.output
    parsed = Graph().parse(data=result.stdout, format={"table": "turtle", "turtle": "turtle", "nt": "nt",
                                                         "jsonld": "json-ld"}[fmt])
    assert len(parsed) >= 1 and set(parsed.objects()) == {KG.District}


def test_cli_query_several_graph_files(graph_file, tmp_path):
    extra = tmp_path / "extra.nt"
    extra.write_text('<https://w3id.org/zskg/id/company/extra> <http://www.w3.org/2000/01/rdf-schema#label> "额外公司"@zh .\n'
                     '<https://w3id.org/zskg/id/company/extra> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
                     '<https://w3id.org/zskg/ontology#Company> .\n',
                     encoding="utf-8")
    query = 'ASK { ?c a kg:Company ; rdfs:label "额外公司"@zh . ?d a kg:District }'
    result = run("query", query, "--graph", graph_file, "--graph", extra)
    assert result.stdout == "true\n", result.output


@pytest.mark.parametrize("args,code,message", [
    (["query", "ASK {}"], 2, "kg: error: give the data to use: --graph FILE (repeatable) or --store DIR, not both\n"),
    (["query"], 2, "kg: error: give a QUERY (SPARQL text, a .rq file or an example name; kg query --list shows them)\n"),
    (["query", "nope", "--graph", "g.ttl"], 2, "kg: error: no example query named 'nope'"),
])
def test_cli_query_usage_errors(args, code, message):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert result.stderr.startswith(message)


def test_cli_query_syntax_error(graph_file):
    result = run("query", "SELECT ?x WHERE { ?x a }", "--graph", graph_file)
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: query: SPARQL syntax error: ")
    assert result.stderr.count("\n") >= 1 and result.stdout == ""


def test_cli_query_format_that_does_not_fit(graph_file):
    result = run("query", "ASK {}", "--graph", graph_file, "--format", "turtle")
    assert result.exit_code == 2
    assert "is for CONSTRUCT and DESCRIBE results" in result.stderr
    result = run("query", "CONSTRUCT WHERE { ?s a ?c } LIMIT 1", "--graph", graph_file, "--format", "csv")
    assert result.exit_code == 2
    assert "use --format turtle, nt or jsonld" in result.stderr


def test_cli_query_bad_graph_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    result = run("query", "ASK {}", "--graph", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: error: {bad}: not valid Turtle: ")
    result = run("query", "ASK {}", "--graph", tmp_path / "missing.ttl")
    assert result.exit_code == 1
    assert "no such file" in result.stderr


def test_store_write_results_table_clips_and_aligns():
    store = ox.Store()
    long = "很" * 100
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal(long)))
    store.add(ox.Quad(ox.NamedNode("http://e/bb"), ox.NamedNode("http://e/p"), ox.Literal("x\ny")))
    out = io.BytesIO()
    n = write_results(store.query("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"), out, "table")
    lines = out.getvalue().decode("utf-8").splitlines()
    assert n == 2
    assert lines[2].endswith("…") and len(lines[2]) < 60
    assert lines[3] == "http://e/bb  x y"
