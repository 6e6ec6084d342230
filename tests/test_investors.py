"""Investors the text states by structure (kg.extract.facts.stated_investors) and the firm a
project's name gives. Each row is a sentence written for the test, with invented firms."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources


@pytest.fixture(scope="module")
def res():
    return load_resources()


def investors(make_article, res, text, title="测试"):
    ex = extract_article(make_article(text, tag="江苏招商", title=title), res)
    return {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "investor"}


NUMBERED_BRANDS = ("签约项目:1.炬七锂电池负极材料生产项目,落户滨江区,总投资30亿元;"
                   "2.骁澜年产5万吨隔膜材料项目,落户滨湖区,总投资20亿元。")

STATED = [
    pytest.param("测试", "江苏恒润精工有限公司的精密轴承生产项目计划投资3亿元。",
                 ("精密轴承生产项目", "江苏恒润精工有限公司"), id="the-company-owning-the-project-with-de"),
    pytest.param("测试", "苏州瑞丰新材料有限公司出资8000万元的光学薄膜项目正式投产。",
                 ("光学薄膜项目", "苏州瑞丰新材料有限公司"), id="company-paying-an-amount-de-project"),
    pytest.param("测试", "滨湖文旅综合体项目备受关注。这个总投资约12亿元的项目由江苏滨湖文旅集团有限公司、"
                 "南京宏远置业有限公司联合出资,用地约300亩。",
                 ("滨湖文旅综合体项目", "南京宏远置业有限公司"), id="you-list-funds-the-previous-sentences-project"),
    pytest.param("测试", "滨江跨境电商产业园项目由滨江区、江苏恒远集团、南京瑞丰科技有限公司合作开发。",
                 ("滨江跨境电商产业园项目", "南京瑞丰科技有限公司"), id="a-place-in-the-you-list-is-passed-over"),
    pytest.param("测试", "江苏恒远集团有限公司携手南京瑞丰科技有限公司,拟共同投资30亿元在滨湖建设稀土综合利用项目。",
                 ("稀土综合利用项目", "南京瑞丰科技有限公司"), id="a-partner-joined-to-the-subject-invests-too"),
    pytest.param("测试", "江苏恒远科技有限责任公司承担应急装备研制项目。",
                 ("应急装备研制项目", "江苏恒远科技有限责任公司"), id="undertaking-a-project"),
    pytest.param("测试", "江苏恒远控股集团有限公司总投资20亿元的新能源汽车底盘生产基地项目签约落户。",
                 ("新能源汽车底盘生产基地项目", "江苏恒远控股集团有限公司"), id="a-total-amount-de-project"),
    pytest.param("测试", "滨江经济开发区管委会与南京瑞丰航空科技有限公司签订的直升机组装、生产项目引人注目。",
                 ("直升机组装、生产项目", "南京瑞丰航空科技有限公司"), id="the-firm-signing-with-a-body"),
    pytest.param("测试", "由江苏云帆发展有限公司开发建设的云帆智谷是园区最早引进的项目之一。",
                 ("云帆智谷", "江苏云帆发展有限公司"), id="what-a-firm-builds-is-a-project-and-the-firm-its-investor"),
    pytest.param("测试", "由江苏云帆发展有限公司开发建设的云帆科创港项目已经开工。",
                 ("云帆科创港项目", "江苏云帆发展有限公司"), id="you-company-builds-de-project"),
    pytest.param("恒达智能装备产业园项目开工 总投资8亿元", "开工仪式在县经开区举行。投资方为江苏恒达智能装备有限公司,"
                 "项目分两期建设。", ("恒达智能装备产业园项目", "江苏恒达智能装备有限公司"),
                 id="investor-role-names-the-titles-project"),
    pytest.param("测试", "1.恒远(二期)年产20GW光伏组件项目(投资方:江苏恒远光能科技有限公司),落户经开区,总投资30亿元。",
                 ("恒远(二期)年产20GW光伏组件项目", "江苏恒远光能科技有限公司"), id="investor-role-after-a-colon-in-brackets"),
    # every item of a list after the verb
    pytest.param("测试", "此前,江苏恒远集团在滨湖投资的恒远电厂、滨湖光伏等项目均已投运。",
                 ("恒远电厂", "江苏恒远集团"), id="every-item-of-a-list-after-the-verb-1"),
    pytest.param("测试", "此前,江苏恒远集团在滨湖投资的恒远电厂、滨湖光伏等项目均已投运。",
                 ("滨湖光伏", "江苏恒远集团"), id="every-item-of-a-list-after-the-verb-2"),
    # a numbered list of signed projects, each headed by its firm's brand: a brand jieba
    # leaves as single characters (炬|七) still invests in its item
    pytest.param("测试", NUMBERED_BRANDS, ("炬七锂电池负极材料生产项目", "炬七"), id="brands-heading-numbered-items-1"),
    pytest.param("测试", NUMBERED_BRANDS, ("骁澜年产5万吨隔膜材料项目", "骁澜"), id="brands-heading-numbered-items-2"),
]


@pytest.mark.parametrize("title, text, pair", STATED)
def test_investors_stated(make_article, res, title, text, pair):
    assert pair in investors(make_article, res, text, title)


def test_investors_the_owner_wins_over_a_word_heading_the_name(make_article, res):
    found = investors(make_article, res, "江苏恒润精工有限公司的光电半导体专用设备项目开工。")
    assert {co for p, co in found} == {"江苏恒润精工有限公司"}


@pytest.mark.parametrize("text, word", [
    pytest.param("投资20亿元的跨境电商物流产业园项目今天开工。", "跨境", id="a-common-word-heading-the-name"),
    pytest.param("总投资8亿元的分布式光伏电站基地开工建设。", "分布式", id="an-adjective-heading-the-name"),
])
def test_investors_a_common_word_heading_a_name_is_no_investor(make_article, res, text, word):
    assert not {co for p, co in investors(make_article, res, text)} & {word}


def test_investors_a_firm_named_in_the_projects_name(make_article, res):
    found = investors(make_article, res, "总投资12亿元的恒瑞铜业年产5万吨精密铜管项目开工。")
    assert any(co.startswith("恒瑞铜业") for p, co in found), found


def test_investors_one_unnumbered_brand_is_no_investor(make_article, res):
    found = investors(make_article, res, "今年开工炬七锂电池负极材料生产项目,总投资30亿元。")
    assert not any(co == "炬七" for _, co in found)


def test_investors_a_total_amount_is_no_verb_of_the_firm_before(make_article, res):
    # 总投资 heads the second project's amount: the firm heading the first item invests in no other
    found = investors(make_article, res, "江苏恒远科技有限公司滨江工厂、总投资20亿元的骁澜电池隔膜项目实现当年签约、当年开工。")
    assert ("骁澜电池隔膜项目", "江苏恒远科技有限公司") not in found, found


def test_investors_a_planned_amount_keeps_its_verb(make_article, res):
    found = investors(make_article, res, "江苏恒远科技有限公司计划投资20亿元建设新能源电池隔膜项目。")
    assert ("新能源电池隔膜项目", "江苏恒远科技有限公司") in found, found


def test_investors_a_brand_of_characters_jieba_left_single(make_article, res):
    # 邦|泓: jieba knows neither character as a word with the other; the pair heads both projects
    found = investors(make_article, res, "宜昌市加快建设邦泓锂电池回收一期项目,邦泓锂电池回收二期项目同步开工。")
    assert ("邦泓锂电池回收一期项目", "邦泓") in found, found


def test_investors_a_firm_named_inside_the_project_after_a_parks_brand(make_article, res):
    # the firm written nearest the head owns the project, not the brand heading the park's name
    found = investors(make_article, res, "骁澜产业园泓锐半导体项目投产。今年将持续推动骁澜产业园扩容,支持泓锐半导体、凯骏电子等企业扩产增效。")
    assert ("骁澜产业园泓锐半导体项目", "泓锐半导体") in found, found
    assert not any(firm == "骁澜" for _, firm in found), found


def test_investors_a_projects_brand_written_again_is_the_subject_there(make_article, res):
    # 鑫宸化工 first heads a project's name; written again before 在建成 it invests in the projects built
    found = investors(make_article, res, "鑫宸化工己二酸项目在枝江加快推进。"
                                         "鑫宸化工在建成己内酰胺、乙二醇项目后,向高端新材料领域发起冲锋。")
    assert {("己内酰胺项目", "鑫宸化工"), ("乙二醇项目", "鑫宸化工")} <= found, found


def test_investors_a_second_brand_after_the_first_is_a_partner(make_article, res):
    # 宁德时代|邦泓…项目: the firm whose brand follows the first one's invests too
    found = investors(make_article, res, "宜昌市加快建设宁德时代邦泓一体化新能源产业项目,邦泓锂电池回收一期项目同步开工。")
    assert {("宁德时代邦泓一体化新能源产业项目", "宁德时代"), ("宁德时代邦泓一体化新能源产业项目", "邦泓")} <= found, found


def test_investors_a_project_named_by_the_short_form_without_the_bracketed_place(make_article, res):
    found = investors(make_article, res, "凯骏(江苏)炼化有限公司成立于2018年。凯骏炼化一体化项目在滨江落地。")
    assert ("凯骏炼化一体化项目", "凯骏炼化") in found, found      # the short form, linked to the full name
