"""kg.read: bad records and files give one line naming file and line or record, and what to
pass to fix it; a bad record is skipped with a warning, which --strict makes an error."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError, UsageError
from kg.parse import read_articles
from kg.read.fields import parse_field_options

GOOD = {"title": "黄石经开区签约3个项目", "date": "2024-05-08",
        "text": "5月7日，黄石经济技术开发区举行重点项目集中签约仪式，3个项目现场签约，总投资12亿元。"}


def jsonl(tmp_path, *lines: str, name: str = "news.jsonl"):
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def good(**changes) -> str:
    record = {**GOOD, **changes}
    return json.dumps({k: v for k, v in record.items() if v is not None}, ensure_ascii=False)


@pytest.mark.parametrize("line, warning", [
    pytest.param('{"title": "x", "date": ', "news.jsonl:2: not a JSON record (Expecting value at column 24); "
                 "skipped (a .jsonl file has one JSON object a line: fix or remove the line)", id="not-json"),
    pytest.param('["a", "list"]', "news.jsonl:2: a JSON list, not a record; skipped", id="not-an-object"),
    pytest.param(good(text=None), "news.jsonl:2: record without a text field; skipped (its fields are: title, date; "
                 "name the text field with --field text=NAME)", id="no-text-field"),
    pytest.param(good(text="  "), "news.jsonl:2: record with an empty 'text' field; skipped", id="empty-text"),
    pytest.param(good(date="昨天 10:30"), "news.jsonl:2: unknown date form '昨天 10:30' in field 'date'; skipped "
                 "(write it as YYYY-MM-DD, e.g. 2024-05-01, or name another field with --field date=NAME)",
                 id="unknown-date"),
    pytest.param(good(date="2024-02-30"), "news.jsonl:2: unknown date form '2024-02-30'", id="invalid-date"),
    pytest.param(good(date=None), "news.jsonl:2: record without a date field; skipped (its fields are: title, text; "
                 "name the date field with --field date=NAME)", id="no-date-field"),
    pytest.param(good(url="www.example.com/1"), "news.jsonl:2: 'www.example.com/1' in field 'url' is not an absolute "
                 "URL; left out", id="relative-url"),
])
def test_read_bad_record_is_a_warning_naming_its_line(tmp_path, line, warning):
    path = jsonl(tmp_path, good(title="另一篇"), line)
    parsed = read_articles([path])
    assert len(parsed.warnings) == 1 and parsed.warnings[0].startswith(warning), parsed.warnings
    assert parsed.articles[0].title == "另一篇"


def test_read_bad_record_with_strict_is_an_error(tmp_path):
    path = jsonl(tmp_path, good(), good(title="x", date="下周"))
    result = CliRunner().invoke(main, ["build", str(path), "--strict", "-q", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: 1 warning(s), first: news.jsonl:2: unknown date form '下周'")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_read_csv_without_a_text_column_is_an_error(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("标题,日期,摘要\n签约,2024-05-08,一句话\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert str(err.value) == ("export.csv:1: no text column in the header (columns: 标题, 日期, 摘要) "
                              "(name the text column with --field text=COLUMN)")
    a, = read_articles([path], fields={"text": "摘要"}).articles
    assert a.text == "一句话"


def test_read_csv_named_column_missing_is_an_error(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("title,date,text\n签约,2024-05-08,一句话\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"export.csv:1: no date '发布' column in the header \(columns: title, date, "
                                         r"text\) \(name the date column with --field date=COLUMN\)"):
        read_articles([path], fields={"date": "发布"})


def test_read_csv_bad_row_names_its_line(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text('title,date,text\n签约,2024-05-08,"一句话\n第二行"\n另一篇,2024-13-01,正文\n', encoding="utf-8")
    parsed = read_articles([path])
    assert [a.line for a in parsed.articles] == [2]
    assert parsed.warnings[0].startswith("export.csv:4: unknown date form '2024-13-01'")


def test_read_json_list_cut_off_is_an_error(tmp_path):
    path = tmp_path / "news.json"
    path.write_text("[\n" + good() + ",\n" + good(title="b")[:30], encoding="utf-8")
    with pytest.raises(InputError, match=r"^news.json:3: record 2 is not valid JSON"):
        read_articles([path])


def test_read_json_list_bad_record_names_record_and_line(tmp_path):
    path = tmp_path / "news.json"
    path.write_text("[\n" + good() + ",\n" + good(text=None) + "\n]\n", encoding="utf-8")
    parsed = read_articles([path])
    assert len(parsed.articles) == 1
    assert parsed.warnings[0].startswith("news.json:3 (record 2): record without a text field")


def test_read_web_page_without_main_text_is_a_warning(data_dir, tmp_path):
    story = data_dir / "read" / "story.html"
    nav = data_dir / "read" / "nav_only.html"
    parsed = read_articles([story, nav])
    assert len(parsed.articles) == 1
    assert parsed.warnings == (f"{nav}: no main text found in this page; skipped (save the article's own page, "
                               "not an index page or one that loads its text with JavaScript)",)


def test_read_file_with_only_bad_records_is_an_error(tmp_path):
    path = jsonl(tmp_path, "not json")
    with pytest.raises(InputError, match=r"no articles found .*first warning: news.jsonl:1: not a JSON record"):
        read_articles([path])


def test_read_binary_jsonl_is_an_error(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary data, not an article file"):
        read_articles([path])


def test_read_gb18030_jsonl_is_read_with_a_warning(tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes((good() + "\n").encode("gb18030"))
    parsed = read_articles([path])
    assert parsed.articles[0].title == GOOD["title"]
    assert parsed.warnings == ("gbk.jsonl: read as GB18030, not UTF-8 (re-save it as UTF-8)",)


@pytest.mark.parametrize("options, message", [
    (["text"], "--field takes NAME=KEY"),
    (["body=正文"], "'body' is not a field (one of title, date, text, url, source, tag)"),
    (["text="], "--field takes NAME=KEY"),
])
def test_read_field_option_errors(options, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        parse_field_options(options)


def test_read_cli_unknown_field_is_a_usage_error(tmp_path):
    path = jsonl(tmp_path, good())
    result = CliRunner().invoke(main, ["build", str(path), "--field", "body=正文", "-q", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "'body' is not a field" in result.output
