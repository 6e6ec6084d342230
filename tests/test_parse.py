"""Tests for kg.parse: article files -> Article records, warnings, and errors that name file and line."""
from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.parse import parse_text, read_articles

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
