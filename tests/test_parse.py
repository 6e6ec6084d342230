"""Tests for kg.parse: article files -> Article records, warnings, and errors that name file and line."""
from __future__ import annotations

import os

import pytest

from kg.errors import InputError
from kg.parse import MAX_ARTICLE_CHARS, clean, input_files, parse_text, read_articles

ONE = "-\n【襄阳招商】襄阳市签约一批重点项目\n襄阳市与湖北楚峰新材料有限公司签约。\n2024-05-01\n"
TWO = "-\n【宜昌招商】宜昌高新区新引进项目5个\n宜昌高新区引进湖北宜瑞生物科技有限公司。\n2024-06-02\n"


def write(folder, name: str, text: str, encoding: str = "utf-8"):
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


# --- the seed ---

@pytest.mark.parametrize("line, tag, title, date", [
    (2, "大冶市招商", "大冶市招商引资成果显著 28个项目协议总投融资额超50亿元", "2025-07-10"),
    (6, "黄石招商", "黄石港鄂城政务服务“跨城通办”200余项事项落地", "2025-07-10"),
    (10, "黄石招商", "黄石举办企业家电商直播培训 赋能工业高质量发展", "2025-07-10"),
    (14, "黄石招商", "黄石工业互联网大会启幕 签约项目与专家智库共促数字化转型", "2025-07-10"),
    (18, "黄石招商", "黄石工业互联网创新发展大会开幕 800余嘉宾共探5G时代新机遇", "2025-07-10"),
    (22, "黄石招商", "黄石GDP增速领跑全省 招商引资助力新旧动能转换", "2025-07-10"),
    (26, "黄石招商", "在招商引资战略下黄石市成功签订两重大项目总投资额达十七亿元", "2025-07-09"),
    (30, "黄石招商", "黄石招商排行创新设席激发区域活力", "2025-07-09"),
    (34, "西塞山区招商", "2021年西塞山区政府工作报告", "2025-07-08"),
    (38, "黄石招商", "2020年黄石市政府工作报告", "2025-07-08"),
])
def test_parse_seed_articles(seed_dir, line, tag, title, date):
    articles = {a.line: a for a in read_articles([seed_dir]).articles}
    assert len(articles) == 10
    a = articles[line]
    assert (a.source, a.title, a.published) == (tag, title, date)
    assert a.path.endswith(".txt")
    assert a.text and "\n" not in a.text[:1] and not a.text.endswith("\n")


def test_parse_seed_id_is_stable(seed_dir):
    # ids become IRIs (id/article/<id>): changing them changes every published graph
    articles = {a.line: a for a in read_articles([seed_dir]).articles}
    assert articles[2].id == "a33825aa35007493"


def test_parse_seed_footer_skipped_with_warning(seed_dir):
    parsed = read_articles([seed_dir])
    skipped = [w for w in parsed.warnings if "skipped a line outside any article" in w]
    assert [w.split(": skipped")[0] for w in skipped] == [
        "000_91cd689a35f32709.txt:41", "000_91cd689a35f32709.txt:43", "000_91cd689a35f32709.txt:44"]
    assert not any("联系我们" in a.text or "点我投稿" in a.text for a in parsed.articles)


# --- ids and order ---

def test_parse_ids_independent_of_file_order(tmp_path):
    a, b = write(tmp_path, "a.txt", ONE), write(tmp_path, "b.txt", TWO)
    forward, backward = read_articles([a, b]).articles, read_articles([b, a]).articles
    assert [x.id for x in forward] == [x.id for x in backward]
    assert {x.id for x in forward} == {parse_text(ONE).articles[0].id, parse_text(TWO).articles[0].id}


def test_parse_ids_independent_of_position_in_file(tmp_path):
    ab, ba = write(tmp_path, "ab.txt", ONE + TWO), write(tmp_path, "ba.txt", TWO + ONE)
    assert [x.id for x in read_articles([ab]).articles] == [x.id for x in read_articles([ba]).articles]


def test_parse_duplicate_article_kept_once_with_warning(tmp_path):
    a, b = write(tmp_path, "a.txt", ONE), write(tmp_path, "b.txt", ONE + TWO)
    parsed = read_articles([a, b])
    assert len(parsed.articles) == 2
    assert any("b.txt:2" in w and "same article as a.txt:2" in w for w in parsed.warnings), parsed.warnings


# --- encodings and line ends ---

@pytest.mark.parametrize("data, warning", [
    pytest.param(ONE.replace("\n", "\r\n").encode("utf-8"), None, id="crlf"),
    pytest.param(b"\xef\xbb\xbf" + ONE.encode("utf-8"), None, id="utf8-bom"),
    pytest.param(b"\xef\xbb\xbf" + ONE.replace("\n", "\r\n").encode("utf-8"), None, id="utf8-bom-crlf"),
    pytest.param(ONE.encode("gbk"), "read as GB18030", id="gbk"),
    pytest.param(ONE.encode("gb18030"), "read as GB18030", id="gb18030"),
    pytest.param(ONE.encode("utf-16"), None, id="utf16-bom"),
    pytest.param(b"\xfe\xff" + ONE.encode("utf-16-be"), None, id="utf16-be-bom"),
])
def test_parse_encodings(tmp_path, data, warning):
    path = tmp_path / "enc.txt"
    path.write_bytes(data)
    parsed = read_articles([path])
    assert parsed.articles == parse_text(ONE, "enc.txt").articles
    if warning:
        assert any(w.startswith(str(path)) and warning in w for w in parsed.warnings), parsed.warnings


def test_parse_html_stripped_and_unescaped():
    text = ("-\n【襄阳招商】<b>襄阳</b>签约&amp;落地\n<p>襄阳市&amp;宜昌市<br/>签约&lt;重点&gt;项目&quot;10个&quot;</p>\n"
            "<span>2024-05-01</span>\n")
    a, = parse_text(text).articles
    assert a.text == '襄阳市&宜昌市签约<重点>项目"10个"'
    assert a.title == "襄阳签约&落地"
    assert a.published == "2024-05-01"


# --- errors name the file and the line ---

@pytest.mark.parametrize("content, where, message", [
    pytest.param("-\n襄阳市签约一批重点项目\n正文。\n2024-05-01\n", "bad.txt:2", "【tag】title", id="no-tag-title"),
    pytest.param(ONE + "-\n【襄阳招商】没有日期\n正文。\n", "bad.txt:6", "YYYY-MM-DD", id="no-date"),
    pytest.param("-\n【襄阳招商】标题\n正文。\n2024-13-40\n", "bad.txt:4", "invalid date 2024-13-40", id="month-13"),
    pytest.param("-\n【襄阳招商】标题\n正文。\n2024-05-32\n", "bad.txt:4", "invalid date", id="day-32"),
    pytest.param("-\n【襄阳招商】标题\n正文。\n2024-02-30\n", "bad.txt:4", "invalid date", id="feb-30"),
    pytest.param("-\n【襄阳招商】标题\n2024-05-01\n", "bad.txt:2", "no body", id="no-body"),
    pytest.param(ONE + "-\n", "bad.txt:5", "separator", id="trailing-separator"),
])
def test_parse_error_names_file_and_line(tmp_path, content, where, message):
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert where in str(err.value) and message in str(err.value), str(err.value)


@pytest.mark.parametrize("make, message", [
    pytest.param(lambda d: write(d, "empty.txt", ""), "empty.txt: empty file", id="empty-file"),
    pytest.param(lambda d: write(d, "blank.txt", "\n \n"), "blank.txt: empty file", id="blank-file"),
    pytest.param(lambda d: (d / "nothing").mkdir() or d / "nothing", "has no *.txt", id="folder-without-txt"),
    pytest.param(lambda d: d / "missing.txt", "missing.txt: no such file or folder", id="nonexistent"),
    pytest.param(lambda d: (d / "x.txt").write_bytes(b"\x00\x01\xff\xfe\x00binary") and d / "x.txt",
                 "x.txt: binary data", id="binary"),
])
def test_parse_error_names_file(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert message in str(err.value), str(err.value)


# --- more encodings, and where a bad byte is ---

MANY_ONES = ONE.replace("签约。", "签约一" + "一" * 40 + "。")      # 一 is U+4E00: a zero byte in UTF-16 too


@pytest.mark.parametrize("text, codec, encoding", [
    pytest.param(ONE, "utf-16-le", "UTF-16", id="utf16-le-no-bom"),
    pytest.param(ONE, "utf-16-be", "UTF-16", id="utf16-be-no-bom"),
    pytest.param(MANY_ONES, "utf-16-le", "UTF-16", id="utf16-le-no-bom-zero-low-bytes"),
    pytest.param(MANY_ONES, "utf-16-be", "UTF-16", id="utf16-be-no-bom-zero-low-bytes"),
    pytest.param(ONE, "utf-32", "UTF-32", id="utf32-bom"),
    pytest.param(ONE, "utf-16", "UTF-16", id="utf16-bom"),
])
def test_parse_other_unicode_encodings_read_with_warning(tmp_path, text, codec, encoding):
    path = tmp_path / "enc.txt"
    path.write_bytes(text.encode(codec))
    parsed = read_articles([path])
    assert parsed.articles == parse_text(text, "enc.txt").articles
    assert parsed.warnings == (f"{path}: read as {encoding}, not UTF-8 (re-save it as UTF-8)",)


@pytest.mark.parametrize("data, message", [
    pytest.param(ONE.encode("utf-8") + b"\xff\xfe\xfd\n", "bad.txt:5: not UTF-8 nor GBK/GB18030 text (re-save the file as UTF-8)",
                 id="neither-utf8-nor-gbk"),
    pytest.param(b"\xef\xbb\xbf" + ONE.encode("utf-8") + "标题".encode("gbk") + b"\n",
                 "bad.txt:5: not valid UTF-8 text although it starts with a UTF-8 byte-order mark", id="bom-then-gbk"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "bad.txt: binary data, not an article file",
                 id="png"),
    pytest.param(b"\x00" * 1000, "bad.txt: binary data", id="zero-bytes"),
    pytest.param("-\n【襄阳招商】标题\n正文\n".encode("gbk"),
                 "the file was read as GB18030: if that is not its encoding, re-save it as UTF-8", id="gbk-parse-error"),
])
def test_parse_undecodable_file_names_file_and_line(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert message in str(err.value), str(err.value)
    assert "\n" not in str(err.value)


# --- text cleaning: markup, entities, control characters ---

@pytest.mark.parametrize("raw, text", [
    ("<p>襄阳市<br/>签约</p>", "襄阳市签约"),
    ("<script>var a = '</p>';</script>正文<style>p {color: red}</style>", "正文"),
    ("<!-- 注释 -->正文<!DOCTYPE html>", "正文"),
    ("签约&lt;重点&gt;项目&amp;&quot;10个&quot;&nbsp;", "签约<重点>项目&\"10个\""),
    ("签约<重点>项目 a < b > c", "签约<重点>项目 a < b > c"),        # not markup: kept
    ("第一行&#10;第二行&#13;第三行", "第一行 第二行 第三行"),      # an entity cannot add a line
    ("湖北\x00楚峰\x07新材料\x1b[0m\x7f\x9f有限公司", "湖北楚峰新材料[0m有限公司"),
    ("段落\u2028分隔\u2029符\x85和\t制表\x0b\x0c", "段落 分隔 符 和 制表"),
    ("孤立\ud800代理\udfff项", "孤立代理项"),
    ("\ufeff零\u200b宽&#xFEFF;", "零宽"),
    ("非字符\ufffe\uffff\ufdd0", "非字符"),
    ("&#0;&#x1;&#xD800;", "\ufffd\ufffd"),
])
def test_parse_clean_line(raw, text):
    assert clean(raw) == text


def test_parse_control_characters_removed_with_one_warning():
    parsed = parse_text("-\n【襄阳招商】标\x00题\n湖北\x07楚峰\x1f新材料有限公司签约。\n2024-05-01\n", "c.txt")
    a, = parsed.articles
    assert (a.title, a.text) == ("标题", "湖北楚峰新材料有限公司签约。")
    assert parsed.warnings == ("c.txt:2: removed 3 control character(s) from the text, the first on this line "
                               "(the file may be damaged)",)


def test_parse_byte_order_mark_inside_file_is_not_text(tmp_path):
    # two UTF-8 files with BOMs joined by `cat`: the second BOM starts a line
    path = tmp_path / "cat.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ONE.encode() + b"\xef\xbb\xbf" + TWO.replace("\n", "\r\n").encode())
    parsed = read_articles([path])
    assert [a.title for a in parsed.articles] == ["襄阳市签约一批重点项目", "宜昌高新区新引进项目5个"]
    assert parsed.warnings == ()


def test_parse_cr_only_line_ends():
    assert parse_text(ONE.replace("\n", "\r")).articles == parse_text(ONE).articles


# --- structure: missing separators, titles inside bodies, dates written otherwise ---

@pytest.mark.parametrize("content, titles, warning", [
    pytest.param(ONE + TWO[2:], ["襄阳市签约一批重点项目", "宜昌高新区新引进项目5个"],
                 "s.txt:5: no '-' line before this article; read it as a new article (add a line with only '-' before it)",
                 id="separator-missing-between"),
    pytest.param(ONE[2:] + TWO, ["襄阳市签约一批重点项目", "宜昌高新区新引进项目5个"],
                 "s.txt:1: no '-' line before this article", id="separator-missing-at-start"),
    pytest.param("-\n【襄阳招商】标题\n襄阳市签约。\n【宜昌招商】宜昌高新区新引进项目5个\n宜昌签约。\n2024-05-01\n", ["标题"],
                 "s.txt:4: a 【tag】title line inside the article at line 2; kept as body text", id="title-inside-body"),
    pytest.param(ONE + "【免责声明】本站内容来自网络\n", ["襄阳市签约一批重点项目"],
                 "s.txt:5: skipped a line outside any article: 【免责声明】本站内容来自网络", id="tag-like-footer"),
])
def test_parse_structure_problems_warn_with_line(content, titles, warning):
    parsed = parse_text(content, "s.txt")
    assert [a.title for a in parsed.articles] == titles
    assert any(w.startswith(warning) for w in parsed.warnings), parsed.warnings


@pytest.mark.parametrize("content, where, message", [
    pytest.param("-\n【襄阳招商】标题\n正文。\n2024/5/1\n", "bad.txt:4", "the date 2024/5/1 is not written YYYY-MM-DD",
                 id="date-with-slashes"),
    pytest.param("-\n【襄阳招商】标题\n正文。\n2024年5月1日\n", "bad.txt:4", "the date 2024年5月1日 is not written YYYY-MM-DD",
                 id="date-in-chinese"),
    pytest.param("-\n【襄阳招商】标题\n正文。\n2024-05-01 10:30\n", "bad.txt:4", "is not written YYYY-MM-DD",
                 id="date-with-time"),
    pytest.param(ONE + "-\n【襄阳招商】标题\n正文写到一半", "bad.txt:6",
                 "article has no YYYY-MM-DD date line: the file ends inside it (if the file was cut off", id="cut-off"),
    pytest.param("-\n【襄阳招商】标题\n正文。\n-\n" + ONE[2:], "bad.txt:2",
                 "article has no YYYY-MM-DD date line before the '-' at line 4", id="no-date-before-separator"),
    pytest.param("-\n【襄阳招商】标题\n2024-05-01\n正文。\n", "bad.txt:2",
                 "article has no body text (the body goes between the title line and the date line)", id="date-before-body"),
    pytest.param("-\n【 】标题\n正文。\n2024-05-01\n", "bad.txt:2", "expected a title line like 【tag】title", id="blank-tag"),
    pytest.param("-\n【襄阳招商】 \n正文。\n2024-05-01\n", "bad.txt:2", "expected a title line like 【tag】title", id="blank-title"),
    pytest.param("-\n-\n【襄阳招商】标题\n正文。\n2024-05-01\n", "bad.txt:2", "expected a title line", id="double-separator"),
])
def test_parse_structure_errors_name_file_and_line(tmp_path, content, where, message):
    path = write(tmp_path, "bad.txt", content)
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert f"{where}: " in str(err.value) and message in str(err.value), str(err.value)


# --- enormous lines and articles ---

def test_parse_enormous_line_skips_its_article(tmp_path):
    path = tmp_path / "huge.txt"
    line = "湖北楚峰新材料有限公司签约。" * (50 * 1024 * 1024 // 42)        # a 50 MB line
    path.write_text(f"-\n【襄阳招商】整站一行\n{line}\n2024-05-01\n{TWO}", encoding="utf-8")
    parsed = read_articles([path])
    assert [a.title for a in parsed.articles] == ["宜昌高新区新引进项目5个"]
    assert parsed.warnings == (f"huge.txt:2: article of {len(line) + 10:,} characters is longer than the limit of "
                               f"{MAX_ARTICLE_CHARS:,}; line 3 alone has {len(line):,}; skipped (split it into "
                               "shorter articles, one paragraph per line)",)


def test_parse_article_of_many_lines_over_the_limit_is_skipped():
    body = "\n".join(["黄石市签约一批重点项目。" * 100] * (MAX_ARTICLE_CHARS // 1200 + 1))
    parsed = parse_text(f"-\n【黄石招商】很长\n{body}\n2024-05-01\n{ONE}", "long.txt")
    assert [a.title for a in parsed.articles] == ["襄阳市签约一批重点项目"]
    assert parsed.warnings[0].startswith("long.txt:2: article of ")
    assert "longer than the limit" in parsed.warnings[0] and "alone" not in parsed.warnings[0]


def test_parse_enormous_line_outside_articles(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_text("x" * (MAX_ARTICLE_CHARS + 1) + "\n" + ONE, encoding="utf-8")
    parsed = read_articles([path])
    assert len(parsed.articles) == 1
    assert parsed.warnings == (f"junk.txt:1: skipped a line of {MAX_ARTICLE_CHARS + 1:,} characters outside any "
                               "article: " + "x" * 40,)


# --- files and folders ---

def test_parse_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.txt", ONE)

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(type(path), "read_bytes", denied)
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert str(err.value) == f"{path}: cannot read: Permission denied (check that the file exists and is readable)"


def test_parse_unreadable_folder(tmp_path, monkeypatch):
    folder = tmp_path / "locked"
    folder.mkdir()

    def denied(self):
        raise PermissionError(13, "Permission denied", str(self))
    monkeypatch.setattr(type(folder), "iterdir", denied)
    with pytest.raises(InputError) as err:
        read_articles([folder])
    assert str(err.value) == f"{folder}: cannot read the folder: Permission denied"


def test_parse_not_a_regular_file(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as err:
        read_articles([fifo])
    assert str(err.value) == f"{fifo}: not a regular file or folder (pass .txt files or folders of them)"


def test_parse_folder_reads_txt_files_only_once_each(tmp_path):
    write(tmp_path, "a.txt", ONE)
    write(tmp_path, "B.TXT", TWO)
    write(tmp_path, ".hidden.txt", "not an article")
    write(tmp_path, "notes.md", "not an article")
    (tmp_path / "dir.txt").mkdir()
    files = input_files([tmp_path, tmp_path / "a.txt", str(tmp_path) + "/"])
    assert [f.name for f in files] == ["B.TXT", "a.txt"]
    parsed = read_articles([tmp_path, tmp_path / "a.txt"])
    assert len(parsed.articles) == 2 and parsed.warnings == ()


@pytest.mark.parametrize("name, data", [
    pytest.param("bom.txt", b"\xef\xbb\xbf", id="bom-only"),
    pytest.param("spaces.txt", "\u3000 \r\n\t\n".encode("utf-8"), id="blanks"),
    pytest.param("utf16.txt", "\n".encode("utf-16"), id="utf16-blank"),
])
def test_parse_blank_file_is_empty(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError) as err:
        read_articles([tmp_path / name])
    assert str(err.value) == f"{tmp_path / name}: empty file (remove it or add articles to it)"


def test_parse_file_without_articles(tmp_path):
    junk = write(tmp_path, "junk.txt", "有想补充的信息?点我投稿\n")
    with pytest.raises(InputError) as err:
        read_articles([junk])
    assert str(err.value) == (
        f"{junk}: no articles found (an article is a '-' line, a 【tag】title line, the body and a YYYY-MM-DD date "
        "line, as in seeds/; first warning: junk.txt:1: skipped a line outside any article: 有想补充的信息?点我投稿)")
    good = write(tmp_path, "good.txt", ONE)
    parsed = read_articles([junk, good])
    assert len(parsed.articles) == 1
    assert f"{junk}: no articles in this file (an article is a '-' line" in parsed.warnings[-1]


def test_parse_file_name_that_is_not_utf8_is_shown_escaped(tmp_path):
    name = os.fsdecode(b"bad\xffname\n.txt")
    path = tmp_path / name
    path.write_text(ONE + "页脚\n", encoding="utf-8")
    parsed = read_articles([path])
    assert parsed.articles[0].path == "bad\\xffname\\n.txt"
    assert parsed.warnings == ("bad\\xffname\\n.txt:5: skipped a line outside any article: 页脚",)


def test_parse_duplicates_keep_the_same_copy_whatever_the_order(tmp_path):
    a = write(tmp_path, "a.txt", ONE)
    b = write(tmp_path, "b.txt", TWO + ONE)
    c = write(tmp_path, "c.txt", ONE.replace("【襄阳招商】", "【湖北招商】"))     # the tag is not part of the article
    results = {read_articles(order) for order in ([a, b, c], [c, b, a], [b, c, a], [tmp_path])}
    assert len(results) == 1
    parsed, = results
    assert [(x.path, x.line, x.source) for x in parsed.articles] == [("a.txt", 2, "襄阳招商"), ("b.txt", 2, "宜昌招商")]
    assert parsed.warnings == ("b.txt:6: same article as a.txt:2, kept once", "c.txt:2: same article as a.txt:2, kept once")


# --- HTML in an article: stripped, with one warning naming file and line ---

HTML_ARTICLE = ("-\n【黄石招商】<div class=\"t\">黄石市签约项目</div>\n"
                "2024年5月1日，黄石市商务局与湖北华达电子股份有限公司签约。\n"
                "<p>湖北华达电子股份有限公司&nbsp;投资5亿元建设<b>电子项目</b>。</p>&lt;br&gt;项目位于西塞山区。\n"
                "2024-05-01\n")


def test_parse_html_is_stripped_with_a_warning_naming_file_and_line():
    parsed = parse_text(HTML_ARTICLE, "news.txt")
    article, = parsed.articles
    assert article.title == "黄石市签约项目"
    assert article.text == ("2024年5月1日，黄石市商务局与湖北华达电子股份有限公司签约。\n"
                            "湖北华达电子股份有限公司 投资5亿元建设电子项目。项目位于西塞山区。")
    assert parsed.warnings == ("news.txt:2: removed HTML markup (tags, entities such as &nbsp;) from 2 line(s), "
                               "the first on this line; offsets count the text without it",)


def test_parse_html_free_text_has_no_markup_warning():
    text = HTML_ARTICLE.replace('<div class="t">', "").replace("</div>", "")
    text = text.split("\n")
    text[3] = "湖北华达电子股份有限公司投资5亿元建设电子项目。R&D 与 a<b 不是标记。"
    parsed = parse_text("\n".join(text), "plain.txt")
    assert parsed.warnings == ()
    assert "R&D 与 a<b 不是标记。" in parsed.articles[0].text


def test_parse_html_offsets_point_into_the_stripped_text(tmp_path):
    """Evidence offsets index Article.text (markup removed): the sentence is found where they say."""
    from kg.pipeline import build
    from kg.settings import Settings

    path = tmp_path / "news.txt"
    path.write_text(HTML_ARTICLE, encoding="utf-8")
    result = build([path], Settings(validate=False))
    article, = result.articles
    raw = article.title + "\n" + article.text          # what extraction reads (kg.extract.doc)
    spans = [(ev.start, ev.end, ev.sentence) for r in result.linked.relations for ev in r.evidence]
    assert spans
    for start, end, sentence in spans:
        assert raw[start:end].strip() == sentence
        assert "<" not in sentence and "&nbsp;" not in sentence and "\xa0" not in sentence
    names = {e.label for e in result.linked.entities}
    assert "湖北华达电子股份有限公司" in names
    assert not any("<" in n or "&" in n or "\xa0" in n for n in names)
