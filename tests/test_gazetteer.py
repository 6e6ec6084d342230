"""Tests for kg.extract.gazetteer: divisions by code, ancestors, short names, disambiguation."""

import pytest

from kg.errors import InputError
from kg.extract.gazetteer import (
    DEFAULT_PATH,
    LEVELS,
    SUFFIXES_PATH,
    Division,
    Gazetteer,
    disambiguate,
    load_gazetteer,
    read_gazetteer,
    parse_divisions,
)


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load()


def codes(divisions):
    return [d.code for d in divisions]


@pytest.mark.parametrize("code, name, level, parent", [
    ("420000", "湖北省", "province", ""),
    ("420200", "黄石市", "city", "420000"),
    ("422800", "恩施土家族苗族自治州", "city", "420000"),
    ("420281", "大冶市", "county", "420200"),
    ("420203", "西塞山区", "county", "420200"),
    ("420704", "鄂城区", "county", "420700"),
    ("422802", "利川市", "county", "422800"),
    ("429004", "仙桃市", "county", "420000"),   # directly under the province
    ("429021", "神农架林区", "county", "420000"),
    ("420203100", "河口镇", "town", "420203"),
    ("420222101", "富池镇", "town", "420222"),
    ("420222115", "王英镇", "town", "420222"),
    ("420222104", "太子镇", "town", "420222"),
    ("420222112", "排市镇", "town", "420222"),
    ("420222102", "黄颡口镇", "town", "420222"),
    ("110101", "东城区", "county", "110000"),   # municipality: no 市辖区 level
])
def test_gazetteer_by_code(gaz, code, name, level, parent):
    assert gaz.by_code(code) == Division(code, name, level, parent)


def test_gazetteer_by_code_unknown(gaz):
    assert gaz.by_code("999999") is None


@pytest.mark.parametrize("code, expected", [
    ("420281", ["420200", "420000"]),
    ("420222101", ["420222", "420200", "420000"]),
    ("429004", ["420000"]),
    ("420000", []),
    ("999999", []),
])
def test_gazetteer_ancestors(gaz, code, expected):
    assert codes(gaz.ancestors(code)) == expected


@pytest.mark.parametrize("name, expected", [
    ("西塞山", ["420203"]),
    ("西塞山区", ["420203"]),
    ("恩施州", ["422800"]),
    ("利川", ["422802"]),
    ("鄂城", ["420704"]),
    ("阳新", ["420222"]),
    ("下陆", ["420204"]),
    ("神农架", ["429021"]),
    ("富池", ["420222101"]),
    ("黄颡口镇", ["420222102"]),
    ("广西", ["450000"]),
    ("内蒙古", ["150000"]),
    ("延边州", ["222400"]),
    ("长阳县", ["420528"]),
    ("不存在的地方", []),
])
def test_gazetteer_lookup_exact(gaz, name, expected):
    assert codes(gaz.lookup(name)) == expected


@pytest.mark.parametrize("name, expected", [
    ("恩施", "422800"),      # 恩施州, also 恩施市 (422801)
    ("黄石", "420200"),
    ("大冶", "420281"),
    ("黄石港", "420202"),
    ("仙桃", "429004"),
    ("新疆", "650000"),
    ("北京", "110000"),
    ("长阳", "420528"),
])
def test_gazetteer_lookup_contains(gaz, name, expected):
    assert expected in codes(gaz.lookup(name))


def test_gazetteer_lookup_ancestry(gaz):
    (lichuan,) = gaz.lookup("利川")
    assert lichuan.name == "利川市" and lichuan.parent == "422800"
    assert gaz.by_code(gaz.lookup("仙桃市")[0].parent).name == "湖北省"
    assert gaz.by_code(gaz.lookup("鄂城区")[0].parent).name == "鄂州市"
    assert gaz.lookup("富池镇")[0].parent == "420222"


@pytest.mark.parametrize("code, expected", [
    ("422800", ["恩施", "恩施州"]),          # 恩施土家族苗族自治州
    ("420202", ["黄石港"]),                  # 黄石港区
    ("420203", ["西塞山"]),
    ("420281", ["大冶"]),
    ("420222", ["阳新"]),
    ("420200", ["黄石"]),
    ("420000", ["湖北"]),
    ("110000", ["北京"]),
    ("650000", ["新疆"]),                    # 新疆维吾尔自治区
    ("450000", ["广西"]),                    # 广西壮族自治区
    ("150000", ["内蒙古"]),                  # not 内: stems keep two characters
    ("810000", ["香港"]),
    ("420528", ["长阳", "长阳县"]),          # 长阳土家族自治县
    ("150722", ["莫力达瓦", "莫力达瓦旗"]),  # 莫力达瓦达斡尔族自治旗
    ("429021", ["神农架"]),                  # 神农架林区
    ("140109", ["万柏林"]),                  # 万柏林区, not 万柏
    ("441803", ["清新"]),                    # 清新区, not 清
    ("310115", ["浦东"]),                    # 浦东新区
    ("420222101", ["富池"]),
    ("420203100", ["河口"]),
    ("429004113", ["沔城", "沔城镇"]),       # 沔城回族镇
    ("420202002", ["黄石港"]),               # 黄石港街道
    ("510402", []),                          # 东区: stem 东 is one character
    ("421321", []),                          # 随县
    ("150723", []),                          # 鄂伦春自治旗: stem is the group's name
    ("622926", []),                          # 东乡族自治县
])
def test_gazetteer_short_names(gaz, code, expected):
    assert gaz.short_names(gaz.by_code(code)) == expected


def test_gazetteer_no_one_character_names(gaz):
    assert all(len(name) >= 2 for d in gaz.divisions for name in gaz.short_names(d))
    assert all(len(name) >= 2 for name in gaz.names())


def test_gazetteer_names_deterministic(gaz):
    names = gaz.names()
    assert list(names) == sorted(names)
    assert all(codes(ds) == sorted(codes(ds)) for ds in names.values())
    assert codes(names["西塞山"]) == ["420203"]
    assert "富池" not in gaz.names(levels=("province", "city", "county"))


HUANGSHI_TOWNS = [Division("420203100", "河口镇", "town", "420203"),
                  Division("320322111", "河口镇", "town", "320322")]


@pytest.mark.parametrize("name, context, expected", [
    ("恩施", [], "422800"),            # city over county
    ("恩施", ["422801"], "422801"),    # the article is about 恩施市
    ("黄石", [], "420200"),            # city over towns named 黄石镇
    ("大冶", ["4201"], "420281"),      # same province beats another province's 大冶镇
    ("兴安", ["4503"], "450325"),      # 兴安县 in 桂林, not 兴安盟
    ("太子", ["420222"], "420222104"),
    ("河口", ["4202"], "420203100"),   # 河口镇 in 西塞山区
    ("河口", ["420000"], None),        # three places named 河口 in 湖北
    ("河口", [], None),                # two counties tie
    ("新华", [], None),
    ("新港", ["4202"], None),          # no 新港 in 黄石: nothing to prefer
])
def test_gazetteer_disambiguate(gaz, name, context, expected):
    chosen = disambiguate(gaz.lookup(name), context, name=name)
    assert (chosen.code if chosen else None) == expected


def test_gazetteer_disambiguate_full_name_over_short():
    full = Division("110101", "甲乙", "county", "110100")
    short = Division("120101", "甲乙区", "county", "120100")
    assert disambiguate([short, full], [], name="甲乙") == full
    assert disambiguate([short, full], []) is None
    assert disambiguate([], ["42"]) is None
    assert disambiguate(HUANGSHI_TOWNS, ["420203"]) == HUANGSHI_TOWNS[0]


def test_gazetteer_data_file():
    lines = DEFAULT_PATH.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "code\tname\tlevel\tparent_code"
    rows = [line.split("\t") for line in lines[1:]]
    levels = [row[2] for row in rows]
    # 2845 county-level divisions (MCA, 2025-12-31) + 333 cities + 33 provinces
    assert levels.count("county") >= 2800
    assert sum(levels.count(lv) for lv in ("province", "city", "county")) >= 3000
    assert levels.count("province") == 33
    row_codes = [row[0] for row in rows]
    assert row_codes == sorted(set(row_codes))
    assert {row[3] for row in rows} - set(row_codes) == {""}
    assert not any(row[1] in ("市辖区", "县", "省直辖县级行政区划") for row in rows)


def test_gazetteer_load_is_cached():
    # loaded once per process (speed is a benchmark's business, not a unit test's)
    assert Gazetteer.load() is Gazetteer.load() is load_gazetteer(str(DEFAULT_PATH))
    fresh = read_gazetteer(DEFAULT_PATH, SUFFIXES_PATH)
    assert len(fresh.divisions) > 40000
    assert {d.level for d in fresh.divisions} == set(LEVELS)


@pytest.mark.parametrize("text, message", [
    ("code\tname\n", "<divisions>:1: header should be"),
    ("code\tname\tlevel\tparent_code\n420000\t湖北省\tprovince\n", "<divisions>:2: expected 4"),
    ("code\tname\tlevel\tparent_code\n420000\t湖北省\tstate\t\n", "<divisions>:2: bad division"),
])
def test_gazetteer_parse_errors_name_the_line(text, message):
    with pytest.raises(InputError, match=message):
        parse_divisions(text.splitlines(keepends=True))


RULES_TEXT = "kind\tlevel\ttext\tmin_stem\talso\nsuffix\tcounty\t县\t2\t\nsuffix\tcounty\t市\t2\t\nsuffix\ttown\t镇\t2\t\n"


def _small(variants=None, former=()):
    from kg.extract.gazetteer import parse_suffix_rules
    divisions = [Division("990000", "甲省", "province", ""), Division("990100", "乙市", "city", "990000"),
                 Division("990181", "丙丁市", "county", "990100"), Division("990181101", "𣲗源镇", "town", "990181")]
    return Gazetteer(divisions, parse_suffix_rules(RULES_TEXT.splitlines(keepends=True)),
                     variants=variants, former=former)


def test_gazetteer_rare_character_takes_the_written_form():
    gaz = _small(variants={"𣲗": "韦"})
    town = gaz.by_code("990181101")
    assert town.name == "韦源镇"                          # the label as texts write it
    assert codes(gaz.lookup("韦源镇")) == codes(gaz.lookup("𣲗源镇")) == ["990181101"]
    assert codes(gaz.lookup("韦源")) == ["990181101"]


def test_gazetteer_former_name_names_the_city():
    gaz = _small(former=[("丙丁县", "990181")])
    assert codes(gaz.lookup("丙丁县")) == ["990181"]
    assert gaz.lookup("丙丁县")[0].name == "丙丁县"        # a full name of its own (districts.py compares)
    assert gaz.by_code("990181").name == "丙丁市"          # the label stays the current name
    assert codes(gaz.lookup("丙丁")) == ["990181"]        # the short name is not listed twice


@pytest.mark.parametrize("name, code", [("京山县", "420882"), ("星子县", "360483"), ("韦源口镇", "420222103"),
                                        ("𣲗源口镇", "420222103")])
def test_gazetteer_data_former_names_and_variants(gaz, name, code):
    assert code in codes(gaz.lookup(name))


def test_gazetteer_former_names_point_at_divisions(gaz):
    from kg.extract.gazetteer import FORMER_PATH, parse_former_names
    with open(FORMER_PATH, encoding="utf-8") as lines:
        former = parse_former_names(lines)
    assert len(former) >= 20
    for name, code in former:
        d = gaz.by_code(code)
        assert d is not None and d.level == "county" and d.name != name, name


@pytest.mark.parametrize("text, name, code", [
    ("恒远集团在京山县投资建厂。", "京山县", "420882"),
    ("项目落户阳新县韦源口镇。", "韦源口镇", "420222103"),
])
def test_gazetteer_other_names_found_in_text(make_article, text, name, code):
    from kg.extract import extract_article, load_resources
    found = {(m.name, m.code) for m in extract_article(make_article(text), load_resources()).mentions
             if m.type == "District"}
    assert (name, code) in found
