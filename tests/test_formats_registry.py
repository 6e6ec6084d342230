"""kg.formats: one table of RDF formats, so every command reads the same files and refuses the same ones.

A small graph that conforms to the shapes (tests/test_validate.py's GOOD) is written in
each readable format, under each of its extensions, and every command that takes a graph
file (validate, check-names, view, query, serve, push) is run on it: each must read the
same triples. A file with an unknown extension gets the same one-line error from all of
them, naming the file and the extensions kg reads.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from kg import formats
from kg.cli import main
from kg.errors import InputError, UsageError
from kg.export import turtle
from kg.store import DATA_GRAPH

from test_push import recorder  # noqa: F401  (a Graph Store that records what it is sent)
from test_validate import GOOD

READ_AS = [(f.name, ext) for f in formats.RDF_FORMATS for ext in f.extensions]
COMMANDS = ["validate", "check-names", "view", "query", "serve", "push"]
PAGE = "graph.html"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def good() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    """GOOD in every readable format, under every extension: {extension: path}."""
    folder = tmp_path_factory.mktemp("registry")
    graph, out = good(), {}
    for name, ext in READ_AS:
        path = folder / f"good{ext}"
        path.write_bytes(graph.serialize(format=formats.by_name(name).rdflib, encoding="utf-8"))
        out[ext] = path
    return out


def data_triples(store: ox.Store) -> set[str]:
    return {str(q.triple) for q in store.quads_for_pattern(None, None, None, DATA_GRAPH)}


# --- the table ---

def test_formats_table_agrees_with_oxigraph():
    """Each row's media type and first extension are the ones Oxigraph gives its format."""
    for f in formats.RDF_FORMATS:
        assert f.media_type == f.oxigraph.media_type, f.name
        assert f.extensions[0] == "." + f.oxigraph.file_extension, f.name
        assert all(ext == ext.lower() and ext.startswith(".") for ext in f.extensions)


def test_formats_extensions_and_names_are_unambiguous():
    exts = formats.extensions()
    assert len(exts) == len(set(exts))
    names = [n for f in formats.RDF_FORMATS for n in (f.name, *f.aliases)]
    assert len(names) == len(set(names))
    assert not {r.name for r in formats.RESULT_FORMATS} & set(names)     # kg query --format means one thing


def test_formats_written_are_the_writers_of_kg_export_turtle():
    assert [f.name for f in formats.WRITTEN] == list(turtle.WRITERS)


@pytest.mark.parametrize("name,expected", [("TTL", "turtle"), ("n-triples", "nt"), ("json-ld", "jsonld"),
                                           ("rdfxml", "rdfxml"), ("n3", "n3")])
def test_formats_by_name_takes_aliases(name, expected):
    assert formats.by_name(name).name == expected


def test_formats_by_name_unknown():
    with pytest.raises(UsageError, match=r"unknown RDF format 'trig'; use turtle, nt, jsonld, rdfxml or n3"):
        formats.by_name("trig")


def test_formats_kg_does_not_write_what_it_only_reads(tmp_path):
    with pytest.raises(UsageError, match=r"kg does not write RDF/XML; it writes Turtle, N-Triples or JSON-LD"):
        turtle.write_graph(good(), tmp_path / "g.rdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["graph.xyz", "graph", "graph.ttl.bak"])
def test_formats_unknown_extension_names_file_and_extensions(name):
    with pytest.raises(InputError) as caught:
        formats.for_path(name)
    message = str(caught.value)
    assert message.startswith(f"{name}: cannot tell the RDF format from ")
    assert message.endswith("(kg reads .ttl, .nt, .jsonld, .json, .rdf, .owl, .xml or .n3)")


# --- every command reads every format ---

@pytest.mark.parametrize("name,ext", READ_AS)
def test_formats_validate_reads(files, name, ext):
    result = run("validate", files[ext])
    assert result.exit_code == 0, result.output
    assert result.output == f"{files[ext]} conforms ({len(good())} triples)\n"


@pytest.mark.parametrize("name,ext", READ_AS)
def test_formats_check_names_reads(files, name, ext):
    result = run("check-names", files[ext])
    assert result.exit_code == 0, result.output
    assert result.output == f"{files[ext]}: no suspicious labels\n"


def test_formats_view_draws_the_same_page_from_every_format(files, tmp_path):
    pages = {}
    for _, ext in READ_AS:
        target = tmp_path / f"{ext[1:]}.html"
        result = run("view", files[ext], "--out", target)
        assert result.exit_code == 0, result.output
        pages[ext] = target.read_bytes()
    assert "德昱汽车零部件项目落户黄石" in pages[".ttl"].decode("utf-8")
    assert {ext for ext, page in pages.items() if page != pages[".ttl"]} == set()


@pytest.mark.parametrize("name,ext", READ_AS)
def test_formats_query_reads(files, name, ext):
    result = run("query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/zskg/graph> { ?s ?p ?o } }",
                 "--graph", files[ext], "--format", "csv")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [["n"], [str(len(good()))]]


@pytest.mark.parametrize("name,ext", READ_AS)
def test_formats_serve_reads(files, name, ext, monkeypatch):
    served = {}

    class Server:                       # stands in for the HTTP server: stops at once, as after Ctrl-C
        url = "http://127.0.0.1:0/sparql"

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    def make_server(store, *args, **kw):
        served["triples"] = data_triples(store)
        return Server()
    monkeypatch.setattr("kg.serve.make_server", make_server)
    result = run("serve", "--graph", files[ext])
    assert result.exit_code == 0, result.output
    assert served["triples"] == data_triples_of(files[".nt"])


def data_triples_of(path: Path) -> set[str]:
    return stored(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


def stored(quads) -> set[str]:
    """The triples as a store keeps them (numbers by value: 500000000 and 500000000.0 are one decimal)."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, DATA_GRAPH) for q in quads)
    return data_triples(store)


@pytest.mark.parametrize("name,ext", READ_AS)
def test_formats_push_reads(files, name, ext, recorder):  # noqa: F811
    store = recorder()
    result = run("push", files[ext], "--store", store.url, "--graph", "https://example.org/g", "-q")
    assert result.exit_code == 0, result.output
    sent = [q for r in store.accepted for q in ox.parse(r["body"], format=ox.RdfFormat.N_TRIPLES)]
    assert len(sent) == len(good())
    assert stored(sent) == data_triples_of(files[".nt"])
    assert {r["headers"]["Content-Type"] for r in store.accepted} == {"text/turtle; charset=utf-8"}


# --- every command refuses an unknown extension in the same words ---

def command_line(command: str, path: Path) -> list:
    return {"validate": ["validate", path], "check-names": ["check-names", path], "view": ["view", path],
            "query": ["query", "ASK { ?s ?p ?o }", "--graph", path], "serve": ["serve", "--graph", path],
            "push": ["push", path, "--store", "http://127.0.0.1:9/store", "--graph", "https://example.org/g", "-q"],
            }[command]


@pytest.mark.parametrize("command", COMMANDS)
def test_formats_every_command_refuses_an_unknown_extension_alike(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("graph.trig").write_text(GOOD, encoding="utf-8")
    result = run(*command_line(command, Path("graph.trig")))
    assert result.exit_code == 1
    assert result.stderr == ("kg: error: graph.trig: cannot tell the RDF format from the extension '.trig' "
                             "(kg reads .ttl, .nt, .jsonld, .json, .rdf, .owl, .xml or .n3)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.trig"]


@pytest.mark.parametrize("ext,label", [(".ttl", "Turtle"), (".nt", "N-Triples"), (".jsonld", "JSON-LD"),
                                       (".rdf", "RDF/XML"), (".n3", "N3")])
@pytest.mark.parametrize("command", ["validate", "query"])
def test_formats_invalid_file_named_with_its_format(command, ext, label, tmp_path):
    path = tmp_path / f"bad{ext}"
    path.write_text("<a> <b> ", encoding="utf-8")
    result = run(*command_line(command, path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: error: {path}: ")
    assert f"not valid {label}: " in result.stderr
    assert result.stderr.count("\n") == 1
