"""Tests for kg.extract.companies (and the company lists of kg.extract.lists): a row is a
sentence written for the test, with the companies it must name and must not name.

Brands are invented (泓锐, 鑫宸, 凯骏) unless the mechanism is a table of well-known firms.
"""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources
from kg.extract.companies import short_forms
from kg.registry import COMPANY, DISTRICT


@pytest.fixture(scope="module")
def res():
    return load_resources()


def companies(ex) -> set[str]:
    return {m.name for m in ex.mentions if m.type == COMPANY}


def investors(ex) -> set[tuple[str, str]]:
    return {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "investor"}


@pytest.mark.parametrize("tag, sentence, found, investor, absent", [
    pytest.param("芜湖招商", "去年全市签约泓锐年产5万吨锂电池隔膜项目,泓锐是一家电池材料企业。",
                 {"泓锐"}, ("泓锐年产5万吨锂电池隔膜项目", "泓锐"), set(), id="unknown-brand-heads-project"),
    pytest.param("宜昌招商", "宜昌市开工鑫宸生物蛋白酶原料药生产项目。",
                 {"鑫宸生物"}, ("鑫宸生物蛋白酶原料药生产项目", "鑫宸生物"), set(), id="brand-takes-industry-word"),
    pytest.param("宜昌招商", "宜昌市开工舍斐勒新能源汽车零部件项目,这是舍斐勒在华第三个基地。",
                 {"舍斐勒"}, ("舍斐勒新能源汽车零部件项目", "舍斐勒"), set(), id="transliterated-brand"),
    pytest.param("芜湖招商", "去年全市签约泓锐年产5万吨锂电池隔膜项目。", set(), None, {"泓锐"},
                 id="a-bare-brand-named-once-is-not-enough"),
    pytest.param("芜湖招商", "签约项目清单:1.泓锐年产5万吨锂电池隔膜项目,落户繁昌区,总投资20亿元;"
                 "2.骁澜新能源汽车零部件产业基地项目,落户无为市,总投资12亿元;3.城市道路改造项目,落户镜湖区。",
                 {"泓锐", "骁澜"}, ("泓锐年产5万吨锂电池隔膜项目", "泓锐"), set(), id="brands-heading-items-of-a-list"),
    pytest.param("芜湖招商", "骁泰新材料产业基地项目开工,骁泰是一家化工企业。", {"骁泰"}, None,
                 {"骁泰新", "骁泰新材"}, id="a-brand-jieba-joined-to-the-industry-words-first-character"),
    pytest.param("芜湖招商", "去年签约泓锐年产5万吨锂电池隔膜项目,总投资20亿元;今年又开工城市道路改造项目。",
                 set(), None, {"泓锐"}, id="one-brand-headed-item-makes-no-list"),
    pytest.param("芜湖招商", "去年骁腾科技年产5万吨电池隔膜、凯骏集团智能装备研发基地、泓锐新型显示模组等一批重大项目如期投产。",
                 {"泓锐"}, ("泓锐新型显示模组", "泓锐"), set(), id="brand-heading-an-item-of-a-list-of-firms-projects"),
    pytest.param("芜湖招商", "去年城市道路改造、泓锐新型显示模组等一批重大项目如期投产。",
                 set(), None, {"泓锐"}, id="a-list-without-firms-confirms-no-brand"),
    pytest.param("宜昌招商", "宜昌市签约鑫宸高科项目。", {"鑫宸高科"}, ("鑫宸高科项目", "鑫宸高科"), set(),
                 id="a-brand-whose-second-word-is-its-industry-word"),
    pytest.param("芜湖招商", "签约项目清单:1.泓锐集成电路先进封装项目,落户繁昌区,总投资20亿元;"
                 "2.骁澜新能源汽车零部件产业基地项目,落户无为市,总投资12亿元。",
                 {"泓锐", "骁澜"}, ("泓锐集成电路先进封装项目", "泓锐"), set(), id="a-road-character-inside-a-word-is-no-road"),
    pytest.param("襄阳招商", "青鸾湖南岸环境整治项目开工。", set(), None, {"青鸾湖"}, id="public-works-no-brand"),
    pytest.param("襄阳招商", "抓大项目、大抓项目,全年新签约亿元以上项目30个。", set(), None, {"抓大"},
                 id="no-brand-before-bare-head"),
])
def test_companies_brand_heading_a_project(make_article, res, tag, sentence, found, investor, absent):
    ex = extract_article(make_article(sentence, tag=tag), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions
    if investor:
        assert investor in investors(ex), ex.facts


@pytest.mark.parametrize("tag, sentence, found, absent", [
    pytest.param("襄阳招商", "比亚迪在襄阳投资建设电池基地,宁德时代也在此布局。", {"比亚迪", "宁德时代"}, {"时代"},
                 id="gazetteer-short-names"),
    pytest.param("襄阳招商", "走进上汽大众襄阳工厂,生产线一派繁忙。", {"上汽大众"}, set(), id="joint-venture-of-two-names"),
    pytest.param("襄阳招商", "工行襄阳分行与该公司签订授信协议。", {"工行襄阳分行"}, {"工行"}, id="branch-with-its-place"),
    pytest.param("襄阳招商", "这一设计深受大众的喜爱。", set(), {"大众", "大众汽车"}, id="common-word-needs-company-context"),
    pytest.param("襄阳招商", "大众汽车在襄阳投资建设新工厂。", {"大众汽车"}, set(), id="common-word-with-company-word"),
])
def test_companies_well_known(make_article, res, tag, sentence, found, absent):
    ex = extract_article(make_article(sentence, tag=tag), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions


def test_companies_well_known_name_is_not_carved_into_a_place(make_article, res):
    ex = extract_article(make_article("宁德时代在襄阳投资建设电池基地。", tag="襄阳招商"), res)
    assert not any(m.type == DISTRICT and m.text == "宁德" for m in ex.mentions), ex.mentions
    assert "宁德时代" in companies(ex)


def test_companies_short_forms_of_a_full_name(res):
    forms = short_forms("湖北楚峰新材料科技股份有限公司", res.names)
    assert forms[:3] == ["楚峰新材料科技", "楚峰新材料", "楚峰"]


def test_companies_short_form_without_the_place_in_brackets(res):
    assert short_forms("凯骏(江苏)炼化有限公司", res.names)[0] == "凯骏炼化"


def test_companies_short_form_later_in_the_article(make_article, res):
    ex = extract_article(make_article(
        "湖北楚峰新材料科技有限公司落户襄阳高新区。据介绍,楚峰新材料将建设年产2万吨碳纤维生产线。",
        tag="襄阳招商"), res)
    assert {"湖北楚峰新材料科技有限公司", "楚峰新材料"} <= companies(ex), ex.mentions


@pytest.mark.parametrize("sentence, found, absent", [
    pytest.param("近年来凯骏科技、鸿翔集团等一批龙头企业相继落户襄阳。", {"凯骏科技"}, {"近年来凯骏科技"},
                 id="modified-company-head-and-leading-time-word"),
    pytest.param("产业园主要为智能网联、线控底盘、热管理系统等汽车配套企业建设厂房。", set(),
                 {"智能网联", "线控底盘", "热管理系统"}, id="fields-are-not-companies"),
    pytest.param("通过股权投资、融资担保等方式破解中小企业融资难题。", set(), {"融资担保"},
                 id="a-verb-before-the-company-word"),
    pytest.param("从西门子、博世到麦德龙、安联,德企纷纷落户。", {"博世", "麦德龙"}, {"博世到麦德龙"},
                 id="two-names-in-one-item"),
])
def test_companies_lists(make_article, res, sentence, found, absent):
    ex = extract_article(make_article(sentence, tag="襄阳招商"), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions


@pytest.mark.parametrize("tag, sentence, found, absent", [
    pytest.param("宜昌招商", "会上,宜昌市飞扬澜鑫电子有限公司总经理发言。", {"宜昌市飞扬澜鑫电子有限公司"},
                 {"澜鑫电子有限公司"}, id="verb-after-a-place-is-the-trade-name's"),
    pytest.param("宜昌招商", "他在苏州创办了蒙卡罗驱动设备有限公司。", {"蒙卡罗驱动设备有限公司"},
                 {"卡罗驱动设备有限公司"}, id="verb-after-perfective-le-is-the-name's"),
    pytest.param("宜昌招商", "宜昌市引进澜鑫电子有限公司。", {"澜鑫电子有限公司"}, {"宜昌市引进澜鑫电子有限公司"},
                 id="a-boundary-verb-still-ends-the-clause"),
    pytest.param("宜昌招商", "另有湖北澜鑫智能科技投资公司拟投资10亿元。", {"湖北澜鑫智能科技投资公司"},
                 {"另有湖北澜鑫智能科技投资公司"}, id="a-dictionary-prefix-ending-in-a-coverb-is-a-verb"),
    pytest.param("宜昌招商", "该基地将承接泓锐集团的智能装备板块。", {"泓锐集团"}, {"承接泓锐集团"},
                 id="a-verb-after-an-adverb-is-the-clause's"),
    pytest.param("宜昌招商", "浙江省交投产城控股集团有限公司与园区签约。", {"浙江省交投产城控股集团有限公司"},
                 {"城控股集团有限公司"}, id="a-trade-name-jieba-split-reaches-back-to-its-place"),
    pytest.param("宜昌招商", "项目由澜旺达电子股份有限公司投资建设。", {"澜旺达电子股份有限公司"},
                 {"电子股份有限公司", "由澜旺达电子股份有限公司"}, id="a-preposition-fused-with-the-brand-is-left-out"),
    pytest.param("宜昌招商", "宁波凯骏时代全资子公司落户。", set(), {"宁波凯骏时代全资子公司"},
                 id="a-subsidiary-is-no-mis-split-name"),
    pytest.param("宜昌招商", "宜昌市成立全省首家澜鑫科技集团。", {"澜鑫科技集团"}, {"首家澜鑫科技集团"},
                 id="a-count-opens-no-name"),
    pytest.param("宜昌招商", "项目由香港地区澜鑫光电股份有限公司独资建设。", {"澜鑫光电股份有限公司"},
                 {"香港地区澜鑫光电股份有限公司"}, id="the-region-a-firm-comes-from-opens-no-name"),
])
def test_companies_full_name_left_edge(make_article, res, tag, sentence, found, absent):
    ex = extract_article(make_article(sentence, tag=tag), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions


@pytest.mark.parametrize("tag, sentence, absent", [
    pytest.param("宜昌招商", "园区企业已超过50家,覆盖机械、食品等门类。", {"覆盖机械"}, id="verb-is-no-brand"),
    pytest.param("宜昌招商", "多家企业加快打造清洁能源基地。", {"清洁能源"}, id="adjective-is-no-brand"),
    pytest.param("宜昌招商", "多家企业落户高新区电子信息产业园。", {"新区电子"}, id="brand-starts-where-a-word-does"),
    pytest.param("大冶招商", "大冶电子产业规模扩大,企业数量增加。", {"大冶电子"}, id="home-place-and-industry-is-a-sector"),
])
def test_companies_brand_and_industry_fragments(make_article, res, tag, sentence, absent):
    ex = extract_article(make_article(sentence, tag=tag), res)
    assert not absent & companies(ex), ex.mentions


def test_companies_brand_and_industry_still_found(make_article, res):
    ex = extract_article(make_article("泓锐电子、澜鑫化工等企业相继落户大冶。", tag="大冶招商"), res)
    assert {"泓锐电子", "澜鑫化工"} <= companies(ex), ex.mentions


def test_companies_dictionary_prefixes_are_not_words():
    from kg.extract.pos import load_tags
    tags = load_tags()
    assert tags.knows("公司") and not tags.knows("另有")        # 另有 is in jieba's FREQ only as a prefix
    assert tags.is_verb("另有")


@pytest.mark.parametrize("sentence, found, absent", [
    pytest.param("园区新引进的上市公司中包括泓锐精密、澜鑫激光、凯骏科技。", {"泓锐精密", "澜鑫激光", "凯骏科技"}, set(),
                 id="company-word-and-opening-verb-before-the-list"),
    pytest.param("园区企业中有技改、扩产、融资。", set(), {"技改", "扩产", "融资"}, id="a-list-of-actions-is-no-list-of-firms"),
    pytest.param("园区大楼由泓锐物流、澜鑫科技两家企业签约运营。", {"泓锐物流", "澜鑫科技"}, {"园区大楼由泓锐物流"},
                 id="a-count-and-company-word-after-the-list-and-a-fused-preposition"),
    pytest.param("以泓锐、澜鑫、凯骏为代表的智能终端企业增至百户。", {"泓锐", "澜鑫", "凯骏"}, set(),
                 id="examples-of-a-company-word"),
    pytest.param("园区另有澜鑫投资有限公司、泓锐信和两家企业分别拟投资10亿元和20亿元。", {"澜鑫投资有限公司", "泓锐信和"},
                 {"园区另有澜鑫投资有限公司", "泓锐信"}, id="a-counted-list-keeps-a-name-ending-in-he"),
    pytest.param("泓锐、澜鑫科技、凯骏机械等知名台企相继在宜昌落户。", {"泓锐", "澜鑫科技", "凯骏机械"}, set(),
                 id="a-modifier-of-the-company-words-and-an-abbreviated-company-word"),
])
def test_companies_list_headed_before_its_items(make_article, res, sentence, found, absent):
    ex = extract_article(make_article(sentence, tag="宜昌招商"), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions


def test_companies_a_year_and_the_company_gives_no_short_name(make_article, res):
    ex = extract_article(make_article("财报显示,2024年公司营收增长。2024年澜鑫科技有限公司扩产。", tag="宜昌招商"), res)
    assert "2024年" not in companies(ex), ex.mentions
    assert "澜鑫科技有限公司" in companies(ex), ex.mentions


def test_companies_a_group_confirms_a_brand_and_industry_name(make_article, res):
    ex = extract_article(make_article("澜鑫集团旗下泓锐电子的芯片封测项目开工。", tag="宜昌招商"), res)
    assert "泓锐电子" in companies(ex), ex.mentions


@pytest.mark.parametrize("sentence, found, absent", [
    pytest.param("中国城市发展投资股份有限公司与园区签下战略合作协议。", {"中国城市发展投资股份有限公司"}, {"园区签下战略"},
                 id="generic-words-after-a-proper-name-before-a-registered-form"),
    pytest.param("该城市建设投资公司负责融资。", set(), {"城市建设投资公司"}, id="generic-words-before-gongsi-describe"),
])
def test_companies_generic_stems(make_article, res, sentence, found, absent):
    ex = extract_article(make_article(sentence, tag="宜昌招商"), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions


def test_companies_a_hyphenated_transliteration_is_whole(make_article, res):
    """A foreign name written with a hyphen and glossed in Latin letters (the edge stopped at the
    hyphen): the word before the hyphen belongs to it, the place before that does not, and the
    gloss is left out of the name."""
    ex = extract_article(make_article("2005年德国霍瑟-兰博格(Hosser-Lamberg)公司在滨江设立独资企业。",
                                      tag="苏州招商"), res)
    assert "霍瑟-兰博格公司" in companies(ex), ex.mentions
    assert not any(n.startswith("-") or n.startswith("德国") for n in companies(ex))


def test_companies_a_projects_brand_again_only_where_a_phrase_ends(make_article, res):
    # written again before a clause word it is a mention; heading another name (X|永晟制剂工厂) it is not
    text = "骁澜化工己二酸项目在枝江加快推进。在城北工业园,骁澜化工永晟制剂工厂已封顶;骁澜化工在此扩产。"
    ex = extract_article(make_article(text, tag="宜昌招商"), res)
    found = [m for m in ex.mentions if m.type == COMPANY and m.name == "骁澜化工"]
    assert len(found) == 2, found       # heading the project's name, and before 在此


@pytest.mark.parametrize("sentence, found, absent", [
    pytest.param("本次签约的企业有方瑞铜业,主营铜材加工。", {"方瑞铜业"}, {"瑞铜业"}, id="brand-and-industry"),
    pytest.param("园区内有方瑞铜业、凯骏科技等一批骨干企业。", {"方瑞铜业", "凯骏科技"}, {"瑞铜业"}, id="first-item-of-a-list"),
])
def test_companies_brand_jieba_fused_with_a_boundary_character(make_article, res, sentence, found, absent):
    # 有方|瑞|铜业: jieba read 有方 across the verb and the brand's first character
    ex = extract_article(make_article(sentence, tag="宜昌招商"), res)
    assert found <= companies(ex), ex.mentions
    assert not absent & companies(ex), ex.mentions
