"""investmentAmount binding by clause structure: an amount before 的 + a project inside a
list, an amount in brackets after a project, a plan word before the head, a payer clause."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources
from kg.records import Value


@pytest.fixture(scope="module")
def res():
    return load_resources()


def amounts(make_article, res, text: str) -> set[tuple[str, str]]:
    ex = extract_article(make_article(text, tag="江苏招商"), res)
    return {(f.subject.name, f.obj.value) for f in ex.facts
            if f.predicate == "investmentAmount" and isinstance(f.obj, Value)}


@pytest.mark.parametrize("text, project, value", [
    pytest.param("总投资6亿元的华达光学镜片项目、总投资9亿元的金诚精密轴承项目等一批项目加快建设。",
                 "金诚精密轴承项目", "900000000", id="de-item-ending-a-list"),
    pytest.param("落户高新区的远航智能装备产业园项目(总投资30亿元)年内开工。",
                 "远航智能装备产业园项目", "3000000000", id="amount-in-brackets"),
    pytest.param("远航智能装备产业园项目落户高新区,计划投资3亿元,主要生产机器人。",
                 "远航智能装备产业园项目", "300000000", id="plan-word-before-head"),
    pytest.param("金诚精密轴承项目,由江苏金诚机械有限公司投资12亿元,建设三条生产线。",
                 "金诚精密轴承项目", "1200000000", id="payer-clause"),
    pytest.param("远航机器人项目落户高新区,由江苏远航集团计划出资8亿元。", "远航机器人项目", "800000000",
                 id="payer-clause-chuzi"),
    pytest.param("江苏金诚机械有限公司计划投资6亿元,在宿迁市建设金诚精密轴承产业园,年产轴承100万套。",
                 "金诚精密轴承产业园", "600000000", id="then-build-in-a-place"),
    pytest.param("金诚精密轴承项目在新区开工。该项目投资概算15亿元,占地200亩。",
                 "金诚精密轴承项目", "1500000000", id="anaphor-gai"),
    pytest.param("金诚精密轴承项目备受关注。这个总投资约20亿元的项目由金诚集团建设。",
                 "金诚精密轴承项目", "2000000000", id="anaphor-zhege-de-xiangmu"),
    pytest.param("滨湖新城项目在市行政中心签约。该项目占地5平方公里,位于滨湖大道以北,总投资约90亿元。",
                 "滨湖新城项目", "9000000000", id="anaphor-subject-over-middle-clause"),
])
def test_amount_bound_to_project(make_article, res, text, project, value):
    assert (project, value) in amounts(make_article, res, text)


def test_amount_before_a_counted_group_is_no_items(make_article, res):
    found = amounts(make_article, res, "总投资3亿元的滨江路北段等4条道路全线动工。")
    assert not any(v == "300000000" for _, v in found), found


def test_a_group_total_after_this_is_no_items(make_article, res):
    found = amounts(make_article, res, "金诚精密轴承项目在新区开工。此次开工的项目共12个,计划总投资30亿元。")
    assert ("金诚精密轴承项目", "3000000000") not in found, found


def test_anaphor_needs_one_project_before(make_article, res):
    found = amounts(make_article, res, "金诚精密轴承项目和远航机器人项目开工。该项目总投资9亿元。")
    assert not any(v == "900000000" for _, v in found), found


@pytest.mark.parametrize("text, expected", [
    pytest.param("金诚轴承项目与远航机器人项目各投资5.2亿元,华达镜片项目投资3亿元。",
                 {("金诚轴承项目", "520000000"), ("远航机器人项目", "520000000"), ("华达镜片项目", "300000000")},
                 id="ge-after-a-list"),
    pytest.param("金诚轴承项目和远航机器人项目,各自投资1亿美元。",
                 {("金诚轴承项目", "100000000"), ("远航机器人项目", "100000000")}, id="gezi-after-a-comma"),
    pytest.param("以及投资均为5亿元的金诚轴承项目、远航机器人项目和华达镜片项目。",
                 {("金诚轴承项目", "500000000"), ("远航机器人项目", "500000000"), ("华达镜片项目", "500000000")},
                 id="junwei-before-de-and-a-list"),
    pytest.param("金诚轴承项目、远航机器人项目和华达镜片项目的投资额分别为5亿元、3亿元和2亿元。",
                 {("金诚轴承项目", "500000000"), ("远航机器人项目", "300000000"), ("华达镜片项目", "200000000")},
                 id="fenbie-one-amount-each-in-order"),
])
def test_amount_each_of_a_list(make_article, res, text, expected):
    assert expected <= amounts(make_article, res, text)


def test_amount_of_a_list_without_each_is_no_ones(make_article, res):
    """A项目和B项目总投资8亿元: a total over both, not each's."""
    found = amounts(make_article, res, "金诚轴承项目和远航机器人项目总投资8亿元。")
    assert not any(v == "800000000" for _, v in found), found


def test_amount_respective_amounts_that_do_not_match_the_list_are_no_ones(make_article, res):
    found = amounts(make_article, res, "金诚轴承项目、远航机器人项目分别投资5亿元、3亿元和1亿元。")
    assert not found, found


def test_amount_a_counted_total_in_brackets_is_the_headings(make_article, res):
    """集中开工项目(12个,总投资30亿元) 1.X项目: the bracket totals the heading's group."""
    found = amounts(make_article, res, "二、集中开工项目(12个,计划总投资30亿元) 1.金诚精密轴承项目; 2.远航机器人项目; 其余10个项目略")
    assert not any(v == "3000000000" for _, v in found), found


@pytest.mark.parametrize("text, project, value, currency", [
    pytest.param("英国华达集团投资2亿英镑建设华达精密轴承项目。", "华达精密轴承项目", "200000000", "GBP", id="pound"),
    pytest.param("韩国金诚公司投资5000亿韩元建设金诚显示面板项目。", "金诚显示面板项目", "500000000000", "KRW", id="won"),
])
def test_amount_in_a_foreign_currency(make_article, res, text, project, value, currency):
    ex = extract_article(make_article(text, tag="江苏招商"), res)
    found = {(f.subject.name, f.obj.value, f.obj.currency) for f in ex.facts if f.predicate == "investmentAmount"}
    assert (project, value, currency) in found, found
