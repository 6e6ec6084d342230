"""kg.read: the same story as a seed block, a JSON Lines record, a .json list, a CSV row and a
saved web page gives the same article and the same facts; fields, dates, provenance, streaming."""
from __future__ import annotations

import csv
import io
import json
import shutil
import tracemalloc

import pytest
import rdflib
from rdflib import Literal, URIRef

from kg import pipeline
from kg.parse import read_articles
from kg.read import format_of, read_file
from kg.read.fields import parse_date
from kg.settings import Settings
from kg.vocab import KG, SCHEMA

TITLE = "黄石经开区签约3个项目 总投资12亿元"
DATE = "2024-05-08"
BODY = ["5月7日，黄石经济技术开发区举行重点项目集中签约仪式，3个项目现场签约，总投资12亿元。",
        "其中，湖北华力新材料有限公司投资8亿元建设新能源电池材料项目，项目达产后预计年产值20亿元。",
        "武汉长盛电子科技有限公司投资4亿元建设智能传感器生产基地项目，主要生产汽车电子用传感器。",
        "黄石市商务局负责人表示，今年以来全市招商引资工作稳步推进，一批优质项目加快落地。"]
URL = "https://www.hsdaily.example/news/2024/0508/123.html"


def write_story(folder, fmt: str, data_dir):
    """The story in one format, as a file in folder."""
    if fmt == "seed":
        path = folder / "story.txt"
        path.write_text(f"-\n【黄石日报】{TITLE}\n" + "\n".join(BODY) + f"\n{DATE}\n", encoding="utf-8")
    elif fmt == "jsonl":
        path = folder / "story.jsonl"
        record = {"title": TITLE, "published": "2024-05-08T09:30:00+08:00", "content": "\n".join(BODY),
                  "url": URL, "source": "黄石日报"}
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    elif fmt == "json":
        path = folder / "story.json"
        record = {"headline": TITLE, "pub_date": "2024年5月8日 09:30", "body": "".join(f"<p>{b}</p>" for b in BODY),
                  "link": URL, "site": "黄石日报"}
        path.write_text(json.dumps([record], ensure_ascii=False, indent=2), encoding="utf-8")
    elif fmt == "csv":
        path = folder / "story.csv"
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["标题", "发布时间", "正文", "链接", "来源"])
        writer.writerow([TITLE, "2024/5/8", "\n".join(BODY), URL, "黄石日报"])
        path.write_text(out.getvalue(), encoding="utf-8")
    else:
        path = folder / "story.html"
        shutil.copy(data_dir / "read" / "story.html", path)
    return path


FORMATS = ["seed", "jsonl", "json", "csv", "html"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory, data_dir):
    """One build per format of the same story."""
    out = {}
    for fmt in FORMATS:
        folder = tmp_path_factory.mktemp(fmt)
        path = write_story(folder, fmt, data_dir)
        out[fmt] = pipeline.build([path], Settings(validate=True, workers=1))
    return out


def facts(result) -> set[tuple]:
    """(subject, predicate, object) of every relation, by labels and values."""
    label = {e.key: e.label for e in result.linked.entities}
    return {(label[r.subject], r.predicate, label.get(r.obj, None) if isinstance(r.obj, str) else r.obj.value)
            for r in result.linked.relations}


@pytest.mark.parametrize("fmt", FORMATS)
def test_read_same_story_same_article_and_facts(builds, fmt):
    seed = builds["seed"]
    result = builds[fmt]
    a, = result.articles
    assert (a.title, a.published) == (TITLE, DATE)
    assert facts(result) == facts(seed)
    assert any(p == "investmentAmount" and o == "800000000" for _, p, o in facts(result))


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "html"])
def test_read_record_keeps_its_url_publisher_file_and_line(builds, fmt):
    result = builds[fmt]
    a, = result.articles
    assert a.text.split("\n") == BODY
    assert a.url == URL and a.publisher == "黄石日报"
    node = URIRef(result.base_iri + f"article/{a.id}")
    g = result.graph
    assert set(g.objects(node, SCHEMA.url)) == {Literal(URL, datatype=rdflib.XSD.anyURI)}
    assert set(g.objects(node, SCHEMA.publisher)) == {Literal("黄石日报")}
    assert set(g.objects(node, KG.sourceFile)) == {Literal(f"story.{fmt}")}
    lines = {int(x) for x in g.objects(node, KG.sourceLine)}
    # the record's line: the first of a .jsonl, the one after the header or the '[' of a list
    assert lines == ({1} if fmt == "jsonl" else set() if fmt == "html" else {2})


def test_read_seed_article_has_no_url_nor_publisher(builds):
    a, = builds["seed"].articles
    assert (a.url, a.publisher, a.source) == ("", "", "黄石日报")


def test_read_web_page_leaves_boilerplate_out(builds):
    a, = builds["html"].articles
    for boilerplate in ("相关阅读", "大冶市举行招商推介会", "网友评论", "版权所有", "首页", "编辑：王明"):
        assert boilerplate not in a.text


def test_read_publisher_from_the_url_host(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"title": TITLE, "date": DATE, "text": BODY[0] + BODY[1], "url": URL},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    a, = read_articles([path]).articles
    assert (a.publisher, a.source) == ("hsdaily.example", "")


def test_read_field_options_name_other_fields(tmp_path):
    path = tmp_path / "export.tsv"
    path.write_text("题名\t日子\t文字\n" + f"{TITLE}\t{DATE}\t{BODY[0]}\n", encoding="utf-8")
    a, = read_articles([path], fields={"title": "题名", "date": "日子", "text": "文字"}).articles
    assert (a.title, a.published, a.text) == (TITLE, DATE, BODY[0])


def test_read_format_in_forces_a_reader(tmp_path):
    path = tmp_path / "dump.log"
    path.write_text(json.dumps({"title": TITLE, "date": DATE, "text": BODY[0]}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert format_of(path).name == "seed" and format_of(path, "json").name == "jsonl"
    a, = read_articles([path], forced="jsonl").articles
    assert a.title == TITLE


def test_read_folder_takes_every_format(tmp_path, data_dir):
    for fmt in FORMATS:
        write_story(tmp_path, fmt, data_dir)
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    parsed = read_articles([tmp_path])
    # seed, jsonl and json and csv give the same title, date and body: one article, its copies kept
    ids = {a.id for a in parsed.articles}
    assert len(ids) == len(parsed.articles)
    assert all("same article as" in w for w in parsed.warnings)


@pytest.mark.parametrize("value, expected", [
    ("2024-05-01", "2024-05-01"), ("2024-5-1", "2024-05-01"), ("2024/05/01", "2024-05-01"),
    ("2024.5.1", "2024-05-01"), ("2024年5月1日", "2024-05-01"), ("2024年05月01日 10:30", "2024-05-01"),
    ("2024-05-01 23:59:59", "2024-05-01"), ("2024-05-01T23:30:00+08:00", "2024-05-01"),
    ("2024-05-01T10:00:00Z", "2024-05-01"), ("20240501", "2024-05-01"),
    ("Wed, 01 May 2024 10:00:00 +0800", "2024-05-01"), ("May 1, 2024", "2024-05-01"), ("1 May 2024", "2024-05-01"),
    (1714521600, "2024-05-01"), ("1714521600", "2024-05-01"), (1714521600000, "2024-05-01"),
    ("2024-02-30", None), ("昨天", None), ("3小时前", None), ("", None), (None, None), (True, None),
])
def test_read_parse_date(value, expected):
    assert parse_date(value) == expected


def _big_jsonl(path, n: int) -> int:
    """A JSON Lines file of n records of about 1,500 characters, written a line at a time."""
    body = "".join(BODY) * 5
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"title": f"{TITLE}（{i}）", "date": DATE, "text": body}, ensure_ascii=False) + "\n")
    return path.stat().st_size


@pytest.mark.parametrize("as_list", [False, True], ids=["jsonl", "json-list"])
def test_read_records_stream_without_holding_the_file(tmp_path, as_list):
    path = tmp_path / "big.jsonl"
    size = _big_jsonl(path, 20_000)
    if as_list:         # the same records as one .json list
        lines = path.read_text(encoding="utf-8").splitlines()
        path = tmp_path / "big.json"
        path.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
        del lines
    warnings = []
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_file(path, path.name, warn=warnings.append))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 20_000 and not warnings
    assert size > 40_000_000
    assert peak < size / 10          # a few records and a read buffer at a time, never the file


@pytest.mark.parametrize("meta_date", [True, False], ids=["meta-date", "date-in-the-text"])
def test_read_web_page_in_gbk(tmp_path, data_dir, meta_date):
    page = (data_dir / "read" / "story.html").read_text(encoding="utf-8").replace('charset="utf-8"', 'charset="gbk"')
    if not meta_date:       # then the date comes from the page's 发布时间 line
        page = page.replace('<meta property="article:published_time" content="2024-05-08T09:30:00+08:00">', "")
    path = tmp_path / "gbk.htm"
    path.write_bytes(page.encode("gbk"))
    parsed = read_articles([path])
    a, = parsed.articles
    assert (a.title, a.published, a.text.split("\n"), parsed.warnings) == (TITLE, DATE, BODY, ())
