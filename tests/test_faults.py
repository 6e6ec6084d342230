"""Faults end to end: exit codes, one-line errors and never a traceback, outputs kept
when a build fails or is interrupted (Ctrl-C included), the same bytes whatever the
order of the input files, and hostile text that still gives valid Turtle and a safe page.

The parser's own cases (encodings, structure, limits) are in tests/test_parse.py.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Graph, Literal

from kg.cli import main
from kg.export.turtle import serialize
from kg.parse import MAX_ARTICLE_CHARS
from kg.pipeline import build, write_outputs
from kg.settings import Settings
from kg.validate import ValidationReport, validate_graph
from kg.vocab import KG, SCHEMA

ONE = "-\n【襄阳招商】襄阳市签约一批重点项目\n襄阳市与湖北楚峰新材料有限公司签约。\n2024-05-01\n"
TWO = "-\n【宜昌招商】宜昌高新区新引进项目5个\n宜昌高新区引进湖北宜瑞生物科技有限公司。\n2024-06-02\n"
THREE = ("-\n【黄石招商】黄石市商务局签约\n黄石市商务局与湖北楚峰新材料有限公司签约，投资5亿元建设锂电池隔膜项目，"
         "落户黄石经济技术开发区。\n2024-05-10\n")
BLOCK = re.compile(r"^-\n【.*?^\d{4}-\d{2}-\d{2}\n", re.M | re.S)
SENTINEL_TTL, SENTINEL_HTML = b"# sentinel: the previous graph\n", b"<!-- sentinel: the previous page -->\n"
REPORT = "(please report it with the output of `kg --debug ...`)"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def previous(tmp_path) -> Path:
    """An output folder holding an earlier build (sentinel files)."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_bytes(SENTINEL_TTL)
    (out / "graph.html").write_bytes(SENTINEL_HTML)
    return out


def assert_untouched(out: Path) -> None:
    """The earlier outputs are as they were and no temporary file is left behind."""
    assert (out / "graph.ttl").read_bytes() == SENTINEL_TTL
    assert (out / "graph.html").read_bytes() == SENTINEL_HTML
    assert sorted(p.name for p in out.iterdir()) == ["graph.html", "graph.ttl"]


# --- exit codes and one-line messages ---

def test_faults_exit_0_ok(tmp_path):
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", tmp_path / "out", "-q", "--no-validate")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_faults_exit_1_input_error(tmp_path):
    bad = write(tmp_path, "bad.txt", "-\n【襄阳招商】标题\n正文。\n2024/5/1\n")
    result = run("build", bad, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 1
    assert result.stderr == ("kg: error: bad.txt:4: the date 2024/5/1 is not written YYYY-MM-DD "
                             "(write the publication date as YYYY-MM-DD, e.g. 2024-05-01)\n")


@pytest.mark.parametrize("base", [
    "http://example.org/a b/", "example.org/id/", "https://example.org/id", "https://example.org/<id>/",
    "https://example.org/%zz/", "https://example.org/\n/", 'https://example.org/"/', "https://example.org/#a#",
])
def test_faults_exit_2_bad_base_iri(tmp_path, base):
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", tmp_path / "out", "-q", "--base-iri", base)
    assert result.exit_code == 2
    assert "is not an absolute IRI ending in / or #, e.g. https://example.org/id/" in result.stderr
    assert not (tmp_path / "out").exists()


def test_faults_exit_3_graph_does_not_conform(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.validate.validate_blocks",       # the check kg build runs on its stream
                        lambda stream: ValidationReport(False, ("襄阳市: needs a label (path rdfs:label)",), ""))
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", tmp_path / "out", "-q")
    assert result.exit_code == 3
    assert result.stderr == ("kg: error: the graph does not conform to ontology/shapes.ttl:\n"
                             "  襄阳市: needs a label (path rdfs:label)\n")
    assert not (tmp_path / "out").exists()


def test_faults_exit_130_interrupted(previous, tmp_path, monkeypatch):
    def interrupted(*args, **kw):
        raise KeyboardInterrupt
    monkeypatch.setattr("kg.pipeline.build", interrupted)
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", previous, "-q")
    assert result.exit_code == 130
    assert result.stderr == "kg: interrupted; earlier outputs were left as they were\n"
    assert_untouched(previous)


def test_faults_internal_error_is_one_line(previous, tmp_path, monkeypatch):
    def broken(*args, **kw):
        raise RuntimeError("boom\n  in a second line")
    monkeypatch.setattr("kg.pipeline.build", broken)
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", previous, "-q")
    assert result.exit_code == 1
    assert result.stderr == f"kg: internal error: RuntimeError: boom in a second line {REPORT}\n"
    assert "Traceback" not in result.output
    assert_untouched(previous)


def test_faults_debug_shows_the_traceback(tmp_path, monkeypatch):
    def broken(*args, **kw):
        raise RuntimeError("boom")
    monkeypatch.setattr("kg.pipeline.build", broken)
    result = run("--debug", "build", write(tmp_path, "a.txt", ONE), "--out", tmp_path / "out", "-q")
    assert isinstance(result.exception, RuntimeError)       # not caught: Python prints the traceback
    assert "internal error" not in result.stderr


def test_faults_debug_has_help():
    result = run("-h")
    assert "--debug" in result.stdout and "traceback" in result.stdout


def test_faults_os_error_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    out = blocker / "out"
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", out, "-q", "--no-validate")
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: {out}: Not a directory (check the path)\n"


def test_faults_no_traceback_in_a_real_process(tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    proc = subprocess.run([sys.executable, "-m", "kg", "build", str(binary), "--out", str(tmp_path / "out"), "-q"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr == f"kg: error: {binary}: binary data, not an article file (pass .txt files in the seed format)\n"


# --- warnings, --strict ---

def test_faults_warnings_name_file_and_line(tmp_path):
    a = write(tmp_path, "a.txt", ONE)
    b = write(tmp_path, "b.txt", TWO + ONE[2:] + "<p>页脚</p>\n", "gbk")
    result = run("build", a, b, "--out", tmp_path / "out", "--no-validate")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("kg: warning: ")]
    assert warnings == [
        f"kg: warning: {b}: read as GB18030, not UTF-8 (re-save it as UTF-8)",
        "kg: warning: b.txt:5: no '-' line before this article; read it as a new article "
        "(add a line with only '-' before it)",
        "kg: warning: b.txt:8: skipped a line outside any article: 页脚",
        "kg: warning: b.txt:8: removed HTML markup (tags, entities such as &nbsp;) from 1 line(s), the first on this line; offsets count the text without it",
        "kg: warning: b.txt:5: same article as a.txt:2, kept once",
    ]
    assert result.stdout.startswith("2 articles -> ")


def test_faults_strict_stops_before_extraction(data_dir, tmp_path, monkeypatch):
    def never(*args, **kw):
        raise AssertionError("--strict must stop before extraction")
    monkeypatch.setattr("kg.pipeline.extract_corpus", never)
    result = run("build", data_dir / "footer.txt", "--out", tmp_path / "out", "--strict", "-q")
    assert result.exit_code == 1
    assert result.stderr == ("kg: error: 1 warning(s), first: footer.txt:5: skipped a line outside any article: "
                             "有想补充的信息?点我投稿 (fix the input or drop --strict)\n")


def test_faults_enormous_line_is_skipped_with_a_warning(tmp_path):
    huge = tmp_path / "huge.txt"
    line = "黄石市签约一批重点项目。" * (50 * 1024 * 1024 // 36)          # 50 MB on one line
    huge.write_text(f"-\n【黄石招商】一行整站\n{line}\n2024-05-01\n", encoding="utf-8")
    good = write(tmp_path, "good.txt", ONE)
    result = run("build", huge, good, "--out", tmp_path / "out", "--no-validate")
    assert result.exit_code == 0, result.output
    assert (f"kg: warning: huge.txt:2: article of {len(line) + 10:,} characters is longer than the limit of "
            f"{MAX_ARTICLE_CHARS:,}; line 3 alone has {len(line):,}; skipped") in result.stderr
    assert result.stdout.startswith("1 article -> ")
    strict = run("build", huge, good, "--out", tmp_path / "out2", "--strict", "-q")
    assert strict.exit_code == 1
    assert strict.stderr.startswith("kg: error: 2 warning(s), first: huge.txt:2: article of ")
    assert not (tmp_path / "out2").exists()


# --- nothing lost ---

def test_faults_interrupt_while_rendering_keeps_outputs(previous, tmp_path, monkeypatch):
    def interrupted(*args, **kw):
        raise KeyboardInterrupt
    monkeypatch.setattr("kg.export.html.render_records", interrupted)
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", previous, "-q", "--no-validate")
    assert result.exit_code == 130
    assert_untouched(previous)


def test_faults_interrupt_while_writing_keeps_outputs(previous, tmp_path, monkeypatch):
    def half_then_interrupted(blocks, namespaces, **kw):
        yield "@prefix kg: <https://w3id.org/zskg/ontology#> .\n"
        raise KeyboardInterrupt
    monkeypatch.setattr("kg.export.turtle.turtle_blocks", half_then_interrupted)
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", previous, "-q", "--no-validate")
    assert result.exit_code == 130
    assert_untouched(previous)


def test_faults_disk_full_keeps_outputs(previous, tmp_path, monkeypatch):
    real = os.replace

    def full(src, dst):
        raise OSError(28, "No space left on device", str(dst))
    monkeypatch.setattr(os, "replace", full)          # the rename of kg.atomic.replacing
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", previous, "-q", "--no-validate")
    monkeypatch.setattr(os, "replace", real)
    assert result.exit_code == 1
    assert result.stderr == f"kg: error: {previous / 'graph.ttl'}: No space left on device (free some disk space)\n"
    assert_untouched(previous)


def test_faults_new_outputs_are_readable_by_others(tmp_path):
    out = tmp_path / "out"
    result = run("build", write(tmp_path, "a.txt", ONE), "--out", out, "-q", "--no-validate")
    assert result.exit_code == 0, result.output
    assert {oct((out / name).stat().st_mode & 0o777) for name in ("graph.ttl", "graph.html")} == {oct(0o644)}


@pytest.fixture(scope="module")
def big_corpus(seed_dir, tmp_path_factory) -> Path:
    """300 files, each the seed's ten articles with titles of their own (about 30 MB)."""
    blocks = BLOCK.findall(next(seed_dir.glob("*.txt")).read_text(encoding="utf-8"))
    assert len(blocks) == 10
    folder = tmp_path_factory.mktemp("big") / "corpus"
    folder.mkdir()
    for k in range(300):
        text = "".join(b.replace("】", f"】第{k}期 ", 1) for b in blocks)
        (folder / f"{k:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _default_sigint() -> None:
    # a shell without job control starts background jobs with SIGINT ignored; Python
    # then never raises KeyboardInterrupt, so give the child the default back
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("delay", [0.0, 0.8, 2.5])
def test_faults_ctrl_c_during_a_real_build_keeps_outputs(big_corpus, previous, delay):
    """Ctrl-C as a terminal sends it: SIGINT to the whole process group, workers included."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "build", str(big_corpus), "--out", str(previous)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=_default_sigint)
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"extracting" not in seen and time.monotonic() < deadline:     # the build has started
            chunk = os.read(proc.stderr.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
        assert b"extracting" in seen, seen
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    stderr = (seen + stderr).decode("utf-8")
    assert proc.returncode == 130, stderr
    assert stderr.endswith("kg: interrupted; earlier outputs were left as they were\n"), stderr
    assert "Traceback" not in stderr and "Process " not in stderr, stderr
    assert stdout == b""
    assert_untouched(previous)


# --- the same bytes whatever the order of the files ---

def test_faults_same_corpus_any_file_order_same_bytes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    files = [
        write(corpus, "a.txt", ONE + TWO),
        write(corpus, "b.txt", THREE.replace("\n", "\r\n"), "gb18030"),
        write(corpus, "c.txt", "\ufeff" + TWO + ONE.replace("【襄阳招商】", "【湖北招商】")),   # duplicates
        write(corpus, "d.txt", THREE.replace("2024-05-10", "2024-05-11")),
    ]
    outputs = set()
    for i, order in enumerate([files, files[::-1], [files[2], files[0], files[3], files[1]], [corpus]]):
        result = build(order, Settings(validate=False))
        out = tmp_path / f"out{i}"
        write_outputs(result, out)
        outputs.add(((out / "graph.ttl").read_bytes(), (out / "graph.html").read_bytes(), result.warnings))
    assert len(outputs) == 1


# --- hostile text ---

HOSTILE_TITLE = '"标题" <b>&amp;</b> </script><script>alert(1)</script>\\'
HOSTILE_BODY = [
    '黄石市商务局与湖北"楚峰"新材料有限公司签约，投资5亿元建设\\锂电池<隔膜>项目&amp;。',
    "湖北\x00\x07楚峰\u2028新材料\x85有限公司在</script>黄石经济技术开发区投资建设「一期'\"\\项目」。",
    '<script>var x = "</script>";</script>黄石市人民政府举办2024黄石&lt;招商&gt;大会&#10;第二届。',
    "大冶市\"\"\"三引号'''有限公司投资3亿元建设<!--x-->大冶\\u0000项目。",
    "阳新县" + "有限公司" * 3000 + "项目。",
    "、".join(["黄石市"] * 500) + "等企业。",
    "签约" + "5亿元" * 2000,
    "\ufeff零宽\u200b字符\U0001F600表情\U00020000扩展汉字有限公司签约。@prefix _:b <http://x> .",
    "湖北\\u0022引号\\n换行\\\\反斜杠有限公司在黄石市投资^^xsd:string项目。",
]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A corpus of hostile text, built, validated and written."""
    folder = tmp_path_factory.mktemp("hostile")
    text = f"-\n【黄石招商】{HOSTILE_TITLE}\n" + "\n".join(HOSTILE_BODY) + "\n2024-05-01\n" + ONE
    path = folder / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    result = build([path], Settings(validate=True))
    write_outputs(result, folder / "out")
    return result, folder / "out"


def test_faults_hostile_text_is_cleaned(hostile):
    result, _ = hostile
    article = next(a for a in result.articles if a.source == "黄石招商")
    assert article.title == '"标题" & \\'
    assert "<script>" not in article.text and "<!--" not in article.text and "\x00" not in article.text
    assert "\u2028" not in article.text and "\ufeff" not in article.text
    assert "</script>" not in article.text and "<http://x>" not in article.text         # tags, even stray ones
    assert "黄石市人民政府举办2024黄石<招商>大会 第二届。" in article.text          # escaped text stays text
    assert "\\u0000" in article.text and "\U00020000" in article.text
    assert result.warnings == ("hostile.txt:2: removed HTML markup (tags, entities such as &nbsp;) from 6 line(s), the first on this line; offsets count the text without it",
                               "hostile.txt:4: removed 2 control character(s) from the text, the first on this line "
                               "(the file may be damaged)")


def test_faults_hostile_text_gives_valid_turtle(hostile):
    result, out = hostile
    data = (out / "graph.ttl").read_bytes()
    again = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert len(again) == len(result.graph)
    # the same triples as the build's graph, read back through the same Turtle writer
    assert set(again) == set(Graph().parse(data=serialize(result.graph).decode("utf-8"), format="turtle"))
    assert serialize(Graph().parse(data=serialize(again).decode("utf-8"), format="turtle")) == serialize(again)
    assert validate_graph(again).conforms
    for literal in (o for _, _, o in again if isinstance(o, Literal)):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ud800-\udfff]", str(literal)), repr(literal)


def test_faults_hostile_text_gives_turtle_pyoxigraph_reads(hostile):
    ox = pytest.importorskip("pyoxigraph")
    result, out = hostile
    quads = list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(result.graph)


def test_faults_hostile_text_gives_turtle_rapper_reads(hostile):
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    result, out = hostile
    proc = subprocess.run([rapper, "-i", "turtle", "-c", str(out / "graph.ttl")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert f"returned {len(result.graph)} triples" in proc.stderr, proc.stderr


def test_faults_hostile_text_gives_a_safe_page(hostile):
    _, out = hostile
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "</script>\";" not in page
    assert "\u2028" not in page and "\u2029" not in page
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page)
    blocks = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S)
    assert blocks
    for block in blocks:
        assert "<" not in block and ">" not in block
        json.loads(block)
    assert "扩展汉字有限公司" in page


@pytest.mark.parametrize("base", ["https://example.org/图谱/id/", "urn:x-kg:id/", "https://example.org/kg#",
                                  "https://example.org/a%20b/"])
def test_faults_any_accepted_base_iri_gives_iris_strict_parsers_read(tmp_path, base):
    ox = pytest.importorskip("pyoxigraph")
    path = write(tmp_path, "a.txt", THREE)
    result = run("build", path, "--out", tmp_path / "out", "-q", "--base-iri", base)
    assert result.exit_code == 0, result.output
    ttl = tmp_path / "out" / "graph.ttl"
    subjects = {str(q.subject.value) for q in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE)}
    assert subjects and all(s.startswith(base) for s in subjects if "zskg/ontology" not in s)
    g = Graph().parse(ttl, format="turtle")
    assert any(str(s).startswith(base) for s in g.subjects(RDF.type, KG.Article))


def test_faults_interrupted_store_load_keeps_the_old_store(tmp_path, monkeypatch):
    store = pytest.importorskip("kg.store")
    target = tmp_path / "store"
    first = run("build", write(tmp_path, "a.txt", THREE), "--out", tmp_path / "out", "-q", "--no-validate",
                "--store", target)
    assert first.exit_code == 0, first.output
    opened = store.open_store(target)
    before = len(opened)
    del opened

    def half_then_interrupted(ox_store, graph, **kw):
        ox_store.add(store.ox.Quad(store.ox.NamedNode("https://example.org/half"),
                                   store.ox.NamedNode("https://example.org/loaded"), store.ox.Literal("x"),
                                   store.DATA_GRAPH))
        raise KeyboardInterrupt
    monkeypatch.setattr(store, "load_graph", half_then_interrupted)
    result = run("build", tmp_path / "a.txt", write(tmp_path, "b.txt", ONE), "--out", tmp_path / "out", "-q",
                 "--no-validate", "--store", target)
    assert result.exit_code == 130
    assert result.stderr == "kg: interrupted; earlier outputs were left as they were\n"
    assert len(store.open_store(target)) == before
    assert "第" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "襄阳" not in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt", "out", "store"]


def test_faults_messy_dump_builds_with_a_warning_per_problem(data_dir, tmp_path):
    """tests/data/messy.txt: UTF-8 BOM, CRLF, HTML, a control character, a missing '-',
    a 【tag】 line inside a body and a footer, all at once."""
    result = run("build", data_dir / "messy.txt", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("kg: ")] == [
        "kg: warning: messy.txt:6: no '-' line before this article; read it as a new article "
        "(add a line with only '-' before it)",
        "kg: warning: messy.txt:8: a 【tag】title line inside the article at line 6; kept as body text "
        "(if a new article starts here, end the one before with its date and put a '-' line before it)",
        "kg: warning: messy.txt:10: skipped a line outside any article: 有想补充的信息?点我投稿",
        "kg: warning: messy.txt:2: removed HTML markup (tags, entities such as &nbsp;) from 3 line(s), the first on this line; offsets count the text without it",
        "kg: warning: messy.txt:7: removed 1 control character(s) from the text, the first on this line "
        "(the file may be damaged)",
    ]
    assert result.stdout.startswith("2 articles -> ")
    g = Graph().parse(tmp_path / "out" / "graph.ttl", format="turtle")
    headlines = sorted(str(o) for o in g.objects(None, SCHEMA.headline))
    assert headlines == ["大冶市签约一批项目", "黄石市签约&落地"]
    assert not any("tracker" in str(o) or "<p>" in str(o) for o in g.objects(None, KG.evidenceText))


def test_faults_closed_pipe_stops_quietly(repo_dir):
    """`kg query … | head -1`: the reader goes away; no error line, no traceback."""
    graph = repo_dir / "output" / "graph.ttl"
    if not graph.is_file():
        pytest.skip("output/graph.ttl is not built")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "query", "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 200000",
                             "--graph", str(graph), "--format", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()          # the header: the query runs
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 1
    assert stderr == b""
