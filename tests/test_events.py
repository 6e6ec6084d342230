"""Event names (kg/extract/events.py): long official names taken whole, and the place that
holds an event named without one. Sentences written for these tests."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources


@pytest.fixture(scope="module")
def res():
    return load_resources()


def events(ex) -> set[str]:
    return {m.name for m in ex.mentions if m.type == "Event"}


ROWS = [
    pytest.param(
        "鄂州招商", "5月8日，鄂州市2024年5月份暨葛店开发区二季度招商引资重大项目集中签约、集中开工仪式举行。",
        "鄂州市2024年5月份暨葛店开发区二季度招商引资重大项目集中签约、集中开工仪式", id="long-name-whole"),
    pytest.param(
        "鄂州招商", "5月8日，鄂州市2024年二季度重大项目集中开工、竣工、投产活动举行。",
        "鄂州市2024年二季度重大项目集中开工、竣工、投产活动", id="milestone-words-inside-a-name"),
    pytest.param(
        "鄂州招商", "5月8日，鄂州市重大项目集中签约暨楚峰新材料产业园动工活动举行。",
        "鄂州市重大项目集中签约暨楚峰新材料产业园动工活动", id="dong-gong-inside-a-name"),
    pytest.param(
        "鄂州招商", "5月8日，鄂州市2024年一季度“开门红”暨重大项目“集中签约、开工”活动举行。",
        "鄂州市2024年一季度“开门红”暨重大项目“集中签约、开工”活动", id="quotes-inside-a-name"),
    pytest.param(
        "鄂州招商", "5月8日，“同心聚力，共谋发展——鄂州市2024年二季度重大项目集中开工活动”举行。",
        "鄂州市2024年二季度重大项目集中开工活动", id="a-theme-before-the-dashes-is-not-the-name"),
    pytest.param(
        "鄂州招商", "5月8日，鄂城区举行2024年第二期项目集中开工活动。",
        "鄂城区2024年第二期项目集中开工活动", id="the-place-that-holds-it"),
    pytest.param(
        "鄂州招商", "5月8日，葛店经济技术开发区（华容区）举行重大项目集中签约活动。",
        "葛店经济技术开发区重大项目集中签约活动", id="the-place-before-the-brackets"),
    pytest.param(
        "鄂州招商", "5月8日，鄂州市举办招商项目集中签约仪式。",
        "鄂州市招商项目集中签约仪式", id="a-generic-name-takes-its-holder"),
    pytest.param(
        "鄂州招商", "5月8日，2024年二季度全市重大项目集中开工活动举行。",
        "鄂州市2024年二季度全市重大项目集中开工活动", id="quan-shi-is-the-home-city"),
    pytest.param(
        "鄂州招商", "9日，知名侨商湖北(鄂州)行暨第二届鄂州侨商大会开幕。",
        "知名侨商湖北(鄂州)行暨第二届鄂州侨商大会", id="a-renowned-guest-list-inside-a-name"),
    pytest.param(
        "鄂州招商", "在8日下午举行的鄂州市“优化营商环境”新闻发布会华容区专场上，区长介绍了情况。",
        "鄂州市“优化营商环境”新闻发布会华容区专场", id="a-places-session-of-an-event"),
    pytest.param(
        "鄂州招商", "这是落实去年鄂州市与中国宝武集团深化合作对接会成果的举措。",
        "鄂州市与中国宝武集团深化合作对接会", id="a-meeting-named-by-its-two-parties"),
    pytest.param(
        "鄂州招商", "上月26日，「鄂州连结全球」研讨会在武汉举行。",
        "「鄂州连结全球」研讨会", id="corner-brackets-inside-a-name"),
    pytest.param(
        "河南招商", "作为郑州市同步举行的重大项目集中开竣工活动中的重点，该项目总投资80亿元。",
        "郑州市重大项目集中开竣工活动", id="the-place-that-holds-it-before-de"),
    pytest.param(
        "四川招商", "9日，中外知名企业四川行活动在成都启动。",
        "中外知名企业四川行", id="a-tour-by-who-and-where"),
    pytest.param(
        "鄂州招商", "自2019年第一届侨商大会举办以来，鄂州引进侨资项目80个。",
        "第一届侨商大会", id="a-year-with-nian-before-an-edition-is-when"),
    pytest.param(
        "鄂州招商", "8日上午，全市2024年第二批重大项目集中开工暨文化中心奠基仪式在城东新区举行。",
        "鄂州市2024年第二批重大项目集中开工暨文化中心奠基仪式", id="quan-shi-opening-the-name"),
]


@pytest.mark.parametrize("tag,sentence,expected", ROWS)
def test_event_name(make_article, res, tag, sentence, expected):
    ex = extract_article(make_article(sentence, tag=tag, date="2024-05-09"), res)
    assert expected in events(ex), events(ex)


def test_event_a_clause_subject_the_tables_do_not_know_holds_it(make_article, res):
    ex = extract_article(make_article("5月8日，楚峰临港示范区举行2024年第二期项目集中开工活动。",
                                      tag="鄂州招商", date="2024-05-09"), res)
    assert "楚峰临港示范区2024年第二期项目集中开工活动" in events(ex), events(ex)


def test_event_a_place_held_elsewhere_keeps_its_own_name(make_article, res):
    """A name with a place of its own takes no holder."""
    ex = extract_article(make_article("5月8日，鄂州市举行2024中国（鄂州）新材料产业博览会。",
                                      tag="鄂州招商", date="2024-05-09"), res)
    names = events(ex)
    assert any(n.endswith("新材料产业博览会") and not n.startswith("鄂州市2024") for n in names), names


def test_event_held_in_a_place_by_an_event_is_that_events(make_article, res):
    """X在武汉举行|重点项目签约仪式: the place after 在 is where, X holds it."""
    ex = extract_article(make_article("8日上午，2024鄂州新材料产业博览会在鄂州举行重点项目签约仪式。",
                                      tag="鄂州招商", date="2024-05-09"), res)
    assert "2024鄂州新材料产业博览会重点项目签约仪式" in events(ex), events(ex)


def test_event_congress_session_after_a_full_city_name_is_that_citys(make_article, res):
    """陆丰市第十六届…: the 市 ends the county-level city's name; it is not 市 for the home city."""
    ex = extract_article(make_article("2024年1月10日在大冶市第十一届人民代表大会第三次会议上，市长作政府工作报告。",
                                      tag="黄石招商", date="2024-01-12"), res)
    assert "大冶市第十一届人民代表大会第三次会议" in events(ex), events(ex)


def start_dates(ex) -> dict[str, str]:
    return {f.subject.name: f.obj.value for f in ex.facts if f.predicate == "startDate"}


DATE_ROWS = [
    pytest.param("2024-05-09", "8日上午，鄂州市2024年第二批重大项目集中开工仪式在葛店开发区举行。",
                 "鄂州市2024年第二批重大项目集中开工仪式", "2024-05-08", id="a-day-alone-is-in-the-articles-month"),
    pytest.param("2024-05-02", "29日，鄂州市重大项目集中签约仪式举行。",
                 "鄂州市重大项目集中签约仪式", "2024-04-29", id="a-day-after-the-articles-is-last-month"),
    pytest.param("2024-11-20", "鄂州市长回顾，今年3月12日鄂州市新能源汽车产业发展大会、9月8日鄂州市新材料产业推介会相继举行。",
                 "鄂州市新材料产业推介会", "2024-09-08", id="each-takes-the-date-right-before-it"),
    pytest.param("2024-11-20", "鄂州市长回顾，今年3月12日鄂州市新能源汽车产业发展大会、9月8日鄂州市新材料产业推介会相继举行。",
                 "鄂州市新能源汽车产业发展大会", "2024-03-12", id="this-year-and-a-month-day"),
    pytest.param("2024-03-01", "2021年，葛店开发区签约项目12个。同年10月8日，鄂州市新材料产业推介会举行。",
                 "鄂州市新材料产业推介会", "2021-10-08", id="the-same-year-as-named-before"),
    pytest.param("2024-03-01", "去年9月23日，鄂州市举行招商项目集中签约仪式。",
                 "鄂州市招商项目集中签约仪式", "2023-09-23", id="last-year"),
    pytest.param("2024-05-20", "近日，鄂州市新材料产业推介会在深圳举行。",
                 "鄂州市新材料产业推介会", "2024-05", id="recently-is-the-month"),
    pytest.param("2024-10-28", "10月29日，第三届鄂州楚商大会将在鄂州开幕。",
                 "第三届鄂州楚商大会", "2024-10-29", id="a-day-to-come-stays-in-the-year"),
    pytest.param("2024-05-09", "5月8日，葛店开发区召开项目推进会，随后举行的鄂州市重大项目集中签约仪式上，12个项目签约。",
                 "鄂州市重大项目集中签约仪式", "2024-05-08", id="then-is-the-day-before"),
    pytest.param("2024-03-21", "上月26日，鄂州市新材料产业推介会在武汉举行。",
                 "鄂州市新材料产业推介会", "2024-02-26", id="a-day-of-last-month"),
    pytest.param("2024-03-21", "鄂州市新能源汽车产业发展大会20日在鄂州举行。",
                 "鄂州市新能源汽车产业发展大会", "2024-03-20", id="a-day-before-zai"),
    pytest.param("2024-11-09", "8日上午，2024鄂州新材料产业博览会在鄂州举行重点项目签约仪式。",
                 "2024鄂州新材料产业博览会", "2024", id="the-day-of-a-ceremony-it-holds-is-not-the-fairs"),
    pytest.param("2024-11-09", "8日上午，2024鄂州新材料产业博览会在鄂州举行重点项目签约仪式。",
                 "2024鄂州新材料产业博览会重点项目签约仪式", "2024-11-08", id="the-ceremony-it-holds-has-the-day"),
    pytest.param("2025-01-09", "2024年国庆假期，鄂州市新材料产业推介会在深圳举行。",
                 "鄂州市新材料产业推介会", "2024-10", id="a-holiday-of-a-named-year-is-its-month"),
    pytest.param("2024-05-09", "5月8日，楚峰新材料项目在鄂州开工。作为鄂州市同步举行的重大项目集中开工活动的重点，该项目总投资80亿元。",
                 "鄂州市重大项目集中开工活动", "2024-05-08", id="the-one-day-the-sentence-before-names"),
    pytest.param("2024-05-09", "作为鄂州市重大项目集中开工活动的重点，该项目计划2026年10月建成。",
                 "鄂州市重大项目集中开工活动", None, id="a-planned-date-is-not-the-events"),
]


@pytest.mark.parametrize("date,sentence,event,expected", DATE_ROWS)
def test_event_start_date(make_article, res, date, sentence, event, expected):
    ex = extract_article(make_article(sentence, tag="鄂州招商", date=date), res)
    assert event in events(ex), events(ex)
    assert start_dates(ex).get(event) == expected, start_dates(ex)


def test_event_an_edition_takes_the_fuller_series_name(make_article, res):
    """首届侨商大会 beside 第三届鄂州侨商大会 in one article is 首届鄂州侨商大会."""
    ex = extract_article(make_article("9日，第三届鄂州侨商大会开幕。自2019年首届侨商大会举办以来，鄂州引进侨资项目80个。",
                                      tag="鄂州招商", date="2024-05-10"), res)
    assert {"第三届鄂州侨商大会", "首届鄂州侨商大会"} <= events(ex), events(ex)
    assert start_dates(ex).get("首届鄂州侨商大会") == "2019", start_dates(ex)


def test_event_two_parties_who_hold_a_meeting_are_no_name(make_article, res):
    """鄂州市与X集团|在武汉召开|座谈会: a verb between 与 and the ending: the parties hold it."""
    ex = extract_article(make_article("8日，鄂州市与中国宝武集团在武汉召开合作座谈会。", tag="鄂州招商",
                                      date="2024-05-10"), res)
    assert not any(n.startswith("鄂州市与") for n in events(ex)), events(ex)


@pytest.mark.parametrize("sentence", ["此次四川行收获颇丰。", "成都行政审批局发布通知。", "企业家们赴四川行商。"])
def test_event_xing_after_a_place_is_no_tour_without_who(make_article, res, sentence):
    ex = extract_article(make_article(sentence, tag="四川招商", date="2024-05-10"), res)
    assert not any(n.endswith("行") for n in events(ex)), events(ex)


def organizers(ex) -> set[tuple[str, str]]:
    return {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "organizer"}


def test_event_a_company_after_zai_is_the_venue_not_the_organizer(make_article, res):
    ex = extract_article(make_article("8日，鄂州市重大项目集中签约活动在湖北楚峰钢铁集团有限公司新材料产业园项目现场举行。",
                                      tag="鄂州招商", date="2024-05-09"), res)
    assert "鄂州市重大项目集中签约活动" in events(ex), events(ex)
    assert not organizers(ex), organizers(ex)


def test_event_a_congress_session_in_a_report_is_the_congresss_only(make_article, res):
    """The report's government holds what the report says it held, not the congress session."""
    ex = extract_article(make_article("鄂州市第九届人民代表大会第三次会议1月10日召开，市长作政府工作报告。",
                                      tag="鄂州招商", title="2024年鄂州市政府工作报告", date="2024-01-12"), res)
    assert organizers(ex) == {("鄂州市第九届人民代表大会第三次会议", "鄂州市人民代表大会")}, organizers(ex)


def test_event_a_numbered_meeting_of_a_government_is_held_by_it(make_article, res):
    ex = extract_article(make_article("2023年6月1日，湖北省政府第12次常务会议审议通过鄂州临空经济区规划。",
                                      tag="鄂州招商", date="2024-05-09"), res)
    assert ("湖北省政府第12次常务会议", "湖北省人民政府") in organizers(ex), organizers(ex)


def test_event_the_opening_of_a_festival_names_the_festival(make_article, res):
    """X文化节开幕式暨投资贸易洽谈会: X opened then and there, an event of its own."""
    ex = extract_article(make_article("9月21日，2024中国·鄂州莲花文化节开幕式暨投资贸易洽谈会在鄂州举行。",
                                      tag="鄂州招商", date="2024-09-22"), res)
    assert start_dates(ex).get("2024中国·鄂州莲花文化节") == "2024-09-21", start_dates(ex)
    assert start_dates(ex).get("2024中国·鄂州莲花文化节开幕式暨投资贸易洽谈会") == "2024-09-21", start_dates(ex)


def test_event_a_branch_venue_names_the_event_it_is_of(make_article, res):
    """第五届…投资促进周华容分会场: the week is an event of its own, the branch another."""
    ex = extract_article(make_article("16日，第五届湖北·鄂州投资促进周华容分会场签约项目12个。",
                                      tag="鄂州招商", date="2024-05-18"), res)
    names = events(ex) | set(start_dates(ex))
    assert {"第五届湖北·鄂州投资促进周华容分会场", "第五届湖北·鄂州投资促进周"} <= names, names


@pytest.mark.parametrize("sentence", ["每周召开一次项目调度会。", "第三周完成签约。"])
def test_event_a_week_without_an_edition_is_no_event(make_article, res, sentence):
    ex = extract_article(make_article(sentence, tag="鄂州招商", date="2024-05-18"), res)
    assert not events(ex), events(ex)


def test_event_a_company_in_a_clause_that_holds_nothing_is_no_organizer(make_article, res):
    """…响彻楚峰产业园,…仪式在此举行: the clause naming the company holds nothing."""
    ex = extract_article(make_article("8日上午，锣鼓声响彻湖北楚峰钢铁集团有限公司新材料产业园，鄂州市重大项目集中签约仪式在此举行。",
                                      tag="鄂州招商", date="2024-05-09"), res)
    assert "鄂州市重大项目集中签约仪式" in events(ex), events(ex)
    assert not organizers(ex), organizers(ex)
