"""Property-based tests (hypothesis): arbitrary text never crashes the parser or the
build, and a build always gives Turtle that rdflib and pyoxigraph read back and a
graph that conforms to the shapes.

Examples are derandomised (the same ones on every run, so CI never fails by
chance) and their numbers come from ``EXAMPLES``; ``KG_FUZZ_SCALE=10`` runs ten
times as many, and ``KG_FUZZ_SEED=<n>`` draws other examples, for a longer hunt.
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
from pathlib import Path

import pyoxigraph as ox
from hypothesis import HealthCheck, assume, event, example, given, seed, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.errors import InputError
from kg.export.html import render_html
from kg.export.turtle import serialize
from kg.parse import DATE, clean, parse_text
from kg.pipeline import build
from kg.settings import Settings

SCALE = float(os.environ.get("KG_FUZZ_SCALE", "1"))
SEED = os.environ.get("KG_FUZZ_SEED")
EXAMPLES = {"parse_any": 2500, "parse_blocks": 1200, "build_fragments": 400, "build_any": 150}

settings.register_profile(
    "kg-fuzz", deadline=None, database=None, print_blob=True, derandomize=SEED is None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
FUZZ = settings.get_profile("kg-fuzz")


def examples(name: str) -> settings:
    """The fuzz profile with the number of examples of one test."""
    return settings(FUZZ, max_examples=max(1, int(EXAMPLES[name] * SCALE)))


def seeded(test):
    """Draw other examples when KG_FUZZ_SEED is set."""
    return test if SEED is None else seed(int(SEED))(test)


# --- strategies: realistic fragments of 招商引资 news, and hostile ones ---

PLACES = ["黄石市", "黄石", "大冶市", "阳新县", "西塞山区", "下陆区", "铁山区", "湖北省", "湖北", "武汉市", "北京市",
          "恩施土家族苗族自治州", "利川市", "黄石经济技术开发区", "黄石港", "宜昌高新区", "襄阳", "临港产业园", "黃石市"]
STEMS = ["楚峰", "新材料", "宜瑞生物", "劲牌", "智能制造", "锂电池隔膜", "工业互联网", "5G", "园博大道", "美尔雅",
         "东贝", "华新水泥", "有色", "电子信息", "新能源汽车", "光谷", "中国", "省", "市", "区", "县"]
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "集团", "公司", "项目", "建设项目", "工程", "一期", "二期",
            "大会", "论坛", "培训", "博览会", "局", "商务局", "经信局", "人民政府", "政府", "管委会", "委员会",
            "开发区", "产业园", "工业园", "高新区", "园区", "基地", "中心", "簽約", "項目"]
LINKS = ["与", "和", "及", "以及", "、", "等", "等5个项目", "等企业", "等一批", "签约", "投资", "总投资", "建设",
         "落户", "举办", "主办", "承办", "由", "位于", "在", "开工", "投产", "引进", "召开", "暨", "的", "了"]
AMOUNTS = ["5亿元", "50.88亿元", "3000万元", "1.2万亿元", "十七亿元", "2亿美元", "0亿元", "99999999999999亿元",
           "5亿", "亿元", "万元", "5 亿元", "５亿元"]
DATES = ["2019年", "2024年5月", "5月10日", "2024年5月10日", "近日", "今年", "2024年13月", "2024年2月30日", "0000年",
         "9999年12月31日", "2024-05-01", "上午"]
PUNCT = ["，", "。", "！", "？", "；", "：", "“", "”", "‘", "’", "「", "」", "《", "》", "（", "）", "(", ")",
         ",", ".", " ", "\u3000", "\t", "—", "…"]
HOSTILE = ['"', "'", "\\", "<", ">", "&", "</script>", "<b>", "</b>", "<!--", "-->", "&amp;", "&lt;", "&#10;",
           "&#0;", "&#xD800;", "&nbsp;", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ud800",
           "\udfff", "\ufeff", "\u200b", "\ufffe", "】", "【", "-", "\\u0000", '"""', "'''", "#", "^^", "@zh",
           "_:b0", "<http://x/>", "%", "%zz", "\U0001F600", "\U00020000", "\r", "\n"]
LONG = st.builds(lambda s, n: s * n, st.sampled_from(["有", "有限公司", "项目", "、", "等", "5", "亿元", "黄石", "\\"]),
                 st.integers(20, 300))

FRAGMENT = st.one_of(
    st.sampled_from(PLACES), st.sampled_from(STEMS), st.sampled_from(SUFFIXES), st.sampled_from(LINKS),
    st.sampled_from(AMOUNTS), st.sampled_from(DATES), st.sampled_from(PUNCT), st.sampled_from(HOSTILE),
    st.text(min_size=1, max_size=4), LONG,
)
WORDS = st.lists(FRAGMENT, min_size=1, max_size=30).map("".join)
TAGS = st.one_of(st.sampled_from([p + "招商" for p in PLACES] + ["招商引资", "黄石招商"]), WORDS)
DATE_TEXT = st.dates().map(lambda d: d.isoformat())
# characters that make up the format, to reach every branch of the parser
STRUCTURE = st.text(alphabet=st.sampled_from(list("-\n\r【】2024-05-01/年月日<>&#;ab黄石招商 \x00\u2028\ufeff")),
                    max_size=80)


def one_line(text: str) -> str:
    return re.sub(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", " ", text)


@st.composite
def article_blocks(draw, words=WORDS) -> tuple[str, int]:
    """Text of a file in the seed format, and how many well-formed blocks it has."""
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        tag = one_line(draw(TAGS)).replace("】", "")[:20]
        title = one_line(draw(WORDS))
        lines = [one_line(draw(words)) for _ in range(draw(st.integers(1, 4)))]
        blocks.append(f"-\n【{tag}】{title}\n" + "\n".join(lines) + f"\n{draw(DATE_TEXT)}\n")
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return "".join(blocks).replace("\n", newline), len(blocks)


# --- the parser ---

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
WHERE = re.compile(r"^f\.txt:\d+: ")


def check_parsed(parsed, text: str) -> None:
    """What every parse result must be: clean one-line fields, real dates, lines inside the file."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for a in parsed.articles:
        assert a.title and a.text and a.source
        assert a.title == clean(a.title) and a.source == a.source.strip()
        assert "\n" not in a.title and "\n" not in a.source
        assert not CONTROL.search(a.title + a.text + a.source), (a.title, a.text)
        assert all(line == clean(line) and line for line in a.text.split("\n"))
        assert DATE.match(a.published)
        assert 1 <= a.line <= lines
        a.text.encode("utf-8")
    for w in parsed.warnings:
        assert WHERE.match(w) and "\n" not in w, w


def check_error(err: InputError) -> None:
    assert WHERE.match(str(err)) and "\n" not in str(err) and err.line >= 1, str(err)


@seeded
@examples("parse_any")
@given(st.one_of(st.text(), STRUCTURE, st.lists(WORDS | STRUCTURE, max_size=8).map("\n".join)))
def test_fuzz_parse_any_text(text):
    """Any text at all: articles or an InputError naming the line, never anything else."""
    try:
        parsed = parse_text(text, "f.txt")
    except InputError as err:
        check_error(err)
        return
    check_parsed(parsed, text)


@seeded
@examples("parse_blocks")
@given(article_blocks())
def test_fuzz_parse_article_files(sample):
    """Files in the seed format with hostile titles and bodies: each block is an article, or an error says where."""
    text, blocks = sample
    try:
        parsed = parse_text(text, "f.txt")
    except InputError as err:
        check_error(err)
        return
    check_parsed(parsed, text)
    if not parsed.warnings:     # nothing skipped, merged or split: one article per block
        assert len(parsed.articles) == blocks


# --- the whole build ---

class Records(logging.Handler):
    """Collects warnings that libraries log (rdflib logs a traceback for a bad literal)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def check_build(text: str) -> None:
    """Build one file: the graph must serialise, read back in rdflib and pyoxigraph, conform, and render."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.txt"
        path.write_bytes(text.encode("utf-8", "replace"))      # a file holds no lone surrogate
        records = Records()
        logging.getLogger().addHandler(records)
        try:
            result = build([path], Settings(validate=True))     # raises ValidationError when it does not conform
        except InputError:
            assume(False)           # not an article file: the parser's tests cover that
            return
        finally:
            logging.getLogger().removeHandler(records)
    assert not records.records, [r.getMessage() for r in records.records]
    count = lambda n: str(n) if n < 5 else "5 or more"
    event(f"entities: {count(len(result.linked.entities))}, relations: {count(len(result.linked.relations))}")
    data = serialize(result.graph)
    again = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert len(again) == len(result.graph)
    quads = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert len(quads) == len(result.graph)
    page = render_html(result.graph)
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.S):
        assert "<" not in block and "\u2028" not in block


@seeded
@examples("build_fragments")
@given(article_blocks())
@example(("-\n【黄石市招商】黄石市\n黄石市大会2024年2月30日\n2000-01-01\n", 1))    # found: an xsd:date "2024-02-30"
def test_fuzz_build_from_news_fragments(sample):
    """Chinese-ish text from realistic and hostile fragments: extract, link, graph, validate, export."""
    check_build(sample[0])


@seeded
@examples("build_any")
@given(article_blocks(words=st.text(min_size=1, max_size=60).map(lambda s: "据" + s)))
def test_fuzz_build_from_any_text(sample):
    """Bodies of arbitrary Unicode: extract, link, graph, validate, export."""
    check_build(sample[0])
