"""Government bodies by structure: 中共 + place + 委, a department of a party committee,
an office of a government, abbreviated offices and a bare zone word before an organ."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources


@pytest.fixture(scope="module")
def res():
    return load_resources()


def bodies(make_article, res, text: str, tag: str) -> dict[str, str]:
    ex = extract_article(make_article(text, tag=tag), res)
    return {m.name: m.text for m in ex.mentions if m.type == "GovernmentBody"}


@pytest.mark.parametrize("tag, text, names", [
    pytest.param("江苏招商", "会议在中共江苏省委和中共南京市委的领导下召开。", ["中共江苏省委", "中共南京市委"],
                 id="party-committee-one-token"),
    pytest.param("浙江招商", "中共浙江省委统战部有关负责人出席。", ["中共浙江省委统战部"], id="party-department"),
    pytest.param("湖北招商", "活动由襄阳市投促中心和湖北省台办承办。",
                 ["襄阳市投资促进中心", "湖北省人民政府台湾事务办公室"], id="abbreviated-offices"),
    pytest.param("湖北招商", "澳门特区政府驻北京办事处与湖北省港澳办举行会谈。",
                 ["澳门特别行政区政府驻北京办事处", "湖北省人民政府港澳事务办公室"], id="office-of-a-government"),
    pytest.param("安徽招商", "合肥高新技术产业开发区举行签约仪式。高新区管委会主任张某致辞。",
                 ["合肥高新技术产业开发区管委会"], id="bare-zone-word-before-organ"),
    pytest.param("浙江招商", "嘉兴市委常委、组织部部长李某出席并讲话。", ["中共嘉兴市委组织部"],
                 id="department-listed-after-a-post"),
    pytest.param("江苏招商", "国台办为昆山市两岸产业合作区授牌。", ["国务院台湾事务办公室"], id="national-office-abbreviation"),
])
def test_bodies_by_structure(make_article, res, tag, text, names):
    found = bodies(make_article, res, text, tag)
    assert [n for n in names if n not in found] == [], found


def test_a_bare_zone_word_without_a_named_zone_is_no_body(make_article, res):
    found = bodies(make_article, res, "开发区管委会相关负责人介绍了情况。", "湖北招商")
    assert not any(n.endswith("开发区管委会") and len(n) > 6 for n in found), found


@pytest.mark.parametrize("tag, title, text, names", [
    pytest.param("广东招商", "普宁市政府工作报告", "在市委的坚强领导下,市政府完成了各项任务。",
                 {"中共普宁市委", "普宁市人民政府"}, id="shi-in-a-county-level-city-report-is-that-city"),
    pytest.param("浙江招商", "嘉善县西塘镇:项目建设提速", "今年以来,镇政府围绕纺织产业精准招商。",
                 {"西塘镇人民政府"}, id="zhen-in-a-report-about-a-town-is-its-government"),
    pytest.param("江苏招商", "沛县项目集中开工", "沛县举行项目集中开工活动,县委书记张某出席。",
                 {"中共沛县县委"}, id="a-one-character-countys-committee-repeats-xian"),
    pytest.param("浙江招商", "嘉善县政府工作报告", "请政协各位委员提出意见。",
                 {"嘉善县政协"}, id="a-bare-consultative-conference-is-the-home-regions"),
    pytest.param("安徽招商", "测试", "合肥高新技术产业开发区举行签约仪式。今年,高新区专门设立集成电路产业办,负责招商。",
                 {"合肥高新技术产业开发区集成电路产业办"}, id="an-office-a-named-zone-sets-up-is-the-zones"),
])
def test_bodies_the_context_names(make_article, res, tag, title, text, names):
    ex = extract_article(make_article(text, tag=tag, title=title), res)
    found = {m.name for m in ex.mentions if m.type == "GovernmentBody"}
    assert names <= found, found


@pytest.mark.parametrize("tag, text, suffix", [
    pytest.param("浙江招商", "嘉兴市委书记张某,市长、宣传部门负责人出席。", "宣传部",
                 id="a-department-after-a-government-post-is-not-the-committees"),
    pytest.param("浙江招商", "今年以来,镇政府围绕纺织产业精准招商。", "镇人民政府",
                 id="zhen-without-a-town-in-the-title-is-no-body"),
    pytest.param("安徽招商", "今年,该公司专门设立集成电路产业办,负责研发。", "产业办",
                 id="an-office-a-company-sets-up-is-no-body"),
])
def test_no_body_named_with(make_article, res, tag, text, suffix):
    found = bodies(make_article, res, text, tag)
    assert not any(n.endswith(suffix) for n in found), found


def test_a_congress_holding_its_session_governs_its_county(make_article, res):
    ex = extract_article(make_article("3月2日,嘉善县第十七届人民代表大会第三次会议开幕。", tag="浙江招商"), res)
    found = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "jurisdiction"}
    assert ("嘉善县人民代表大会", "嘉善县") in found, found


def test_the_national_consultative_conference_is_not_the_home_regions(make_article, res):
    ex = extract_article(make_article("全国政协委员张某出席。", tag="浙江招商", title="嘉善县招商动态"), res)
    names = {m.name for m in ex.mentions if m.type == "GovernmentBody"}
    assert "嘉善县政协" not in names, names
