"""Tests for kg.cli: exit codes, one-line errors on stderr, help with examples, atomic outputs."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph

from kg.cli import main
from kg.vocab import KG

SUMMARY = re.compile(r"^10 articles -> \d+ entities \(\d+ \w+(, \d+ \w+)*\), \d+ relations between entities, "
                     r"\d+ values \(amounts, dates\), \d+ triples$")
ARTICLE = "-\n【襄阳招商】襄阳市签约一批重点项目\n襄阳市与湖北楚峰新材料有限公司签约。\n2024-05-01\n"


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(seed_dir, tmp_path_factory):
    """`kg build seeds --out DIR -q`, run once for this module."""
    out = tmp_path_factory.mktemp("cli") / "out"
    return run("build", seed_dir, "--out", out, "-q"), out


# --- help ---

@pytest.mark.parametrize("args", [["-h"], ["--help"]])
def test_cli_help(args):
    result = run(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    for name in main.commands:
        assert name in result.stdout


def test_cli_group_help_ends_with_example():
    assert re.search(r"Example:\s+kg \S.*\s*$", main.help), main.help


@pytest.mark.parametrize("name", sorted(main.commands))
def test_cli_command_help_ends_with_example(name):
    command = main.commands[name]
    assert command.help, f"kg {name} has no help text"
    assert re.search(rf"Example:\s+kg {name} \S.*\s*$", command.help), command.help
    result = run(name, "-h")
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_cli_python_m_kg_help():
    proc = subprocess.run([sys.executable, "-m", "kg", "-h"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: kg ")


# --- build ---

def test_cli_build_seeds(built):
    result, out = built
    assert result.exit_code == 0, result.output
    assert result.stderr == ""          # -q: no progress bar, no warnings
    lines = result.stdout.splitlines()
    assert SUMMARY.match(lines[0]), lines[0]
    assert lines[1:] == [f"wrote {out / 'graph.ttl'}", f"wrote {out / 'graph.html'}"]
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]
    assert (out / "graph.ttl").stat().st_size > 0 and (out / "graph.html").stat().st_size > 0


def test_cli_build_warnings_on_stderr(data_dir, tmp_path):
    result = run("build", data_dir / "footer.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "kg: warning: footer.txt:5: skipped a line outside any article: 有想补充的信息?点我投稿" in result.stderr
    assert "kg: warning" not in result.stdout
    assert result.stdout.startswith("1 article -> ")


def test_cli_build_strict_turns_warnings_into_errors(data_dir, tmp_path):
    out = tmp_path / "out"
    result = run("build", data_dir / "footer.txt", "--out", out, "--strict", "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: 1 warning(s), first: footer.txt:5: skipped a line")
    assert not out.exists()


def test_cli_build_nonexistent_path(tmp_path):
    missing = tmp_path / "missing"
    result = run("build", missing, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: {missing}: no such file or folder\n"
    assert result.stdout == ""


def test_cli_build_bad_article_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text(ARTICLE + "-\n【襄阳招商】没有日期\n正文。\n", encoding="utf-8")
    result = run("build", bad, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("kg: error: bad.txt:6: article has no YYYY-MM-DD date line")
    assert result.stderr.count("\n") == 1


def test_cli_build_without_paths_is_usage_error():
    result = run("build")
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_cli_failed_build_keeps_previous_outputs(tmp_out, tmp_path):
    out = tmp_out
    (out / "graph.ttl").write_bytes(b"# sentinel: the previous graph\n")
    (out / "graph.html").write_bytes(b"<!-- sentinel -->\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("-\n【襄阳招商】标题\n正文。\n2024-13-40\n", encoding="utf-8")
    result = run("build", bad, "--out", out, "-q")
    assert result.exit_code == 1
    assert (out / "graph.ttl").read_bytes() == b"# sentinel: the previous graph\n"
    assert (out / "graph.html").read_bytes() == b"<!-- sentinel -->\n"
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


# --- validate and view ---

def test_cli_validate_built_graph(built):
    _, out = built
    ttl = out / "graph.ttl"
    result = run("validate", ttl)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"{re.escape(str(ttl))} conforms \(\d+ triples\)\n", result.stdout), result.stdout


def test_cli_validate_entity_without_label(built, tmp_path):
    _, out = built
    g = Graph().parse(out / "graph.ttl", format="turtle")
    company = sorted(g.subjects(RDF.type, KG.Company))[0]
    g.remove((company, RDFS.label, None))
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    result = run("validate", broken)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"kg: error: {broken} does not conform:")
    assert "rdfs:label" in result.stderr


def test_cli_validate_unparsable_file(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle .\n", encoding="utf-8")
    result = run("validate", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"kg: error: {bad}: cannot parse:")


def test_cli_view_writes_html(built, tmp_path):
    _, out = built
    target = tmp_path / "view.html"
    result = run("view", out / "graph.ttl", "--out", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {target}\n"
    assert target.read_bytes() == (out / "graph.html").read_bytes()


def test_cli_build_timings_lists_the_stages(seed_dir, tmp_path):
    result = run("build", seed_dir, "--out", tmp_path, "--no-validate", "-q", "--timings")
    assert result.exit_code == 0, result.output
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("timings: parse ")
    assert all(f"{stage} " in line for stage in ("resources", "extract", "link", "turtle"))
