"""Tests for the project lifecycle (kg.extract.lifecycle, link_project_stories, the queries).

A row is a sentence, its article's date, and the milestones expected of it, as
(project, predicate, value or event) by ../shared/eval/GUIDELINES.md "Project lifecycle";
rows list what must be found, and ``absent`` what must not. Sentences are new, the
companies invented.
"""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.extract import extract_article, load_resources
from kg.extract.lifecycle import load_words
from kg.records import Value


@pytest.fixture(scope="module")
def res():
    return load_resources()


def milestones(ex) -> set[tuple[str, str, str]]:
    out = set()
    for f in ex.facts:
        if f.predicate in ("signedOn", "startedOn", "completedOn"):
            out.add((f.subject.name, f.predicate, f.obj.value))
        elif f.predicate == "atEvent":
            out.add((f.subject.name, "atEvent", f.obj.name))
    return out


ROWS = [
    pytest.param(
        "2024-05-01", "4月30日，湖北楚峰新材料有限公司投资5亿元的高端铜箔项目在鄂州葛店开发区开工。",
        {("高端铜箔项目", "startedOn", "2024-04-30")}, set(), id="month-day"),
    pytest.param(
        "2024-05-01", "昨日，湖北楚峰新材料有限公司投资的高端铜箔项目正式投产。",
        {("高端铜箔项目", "completedOn", "2024-04-30")}, set(), id="yesterday"),
    pytest.param(
        "2024-05-20", "近日，湖北楚峰新材料有限公司与鄂州市人民政府签约高端铜箔项目。",
        {("高端铜箔项目", "signedOn", "2024-05")}, set(), id="recently-is-the-month"),
    pytest.param(
        "2024-01-05", "12月28日，湖北楚峰新材料有限公司投资的高端铜箔项目开工建设。",
        {("高端铜箔项目", "startedOn", "2023-12-28")}, set(), id="month-day-after-the-article-is-last-year"),
    pytest.param(
        "2024-05-01", "湖北楚峰新材料有限公司投资的高端铜箔项目预计明年投产。",
        set(), {"completedOn"}, id="plan-is-no-milestone"),
    pytest.param(
        "2024-05-01", "湖北楚峰新材料有限公司投资的高端铜箔项目计划今年6月开工。",
        set(), {"startedOn"}, id="planned-start-is-no-milestone"),
    pytest.param(
        "2024-05-01", "湖北楚峰新材料有限公司投资的高端铜箔项目建成后将年产铜箔5万吨。",
        set(), {"completedOn"}, id="once-built-is-no-milestone"),
    pytest.param(
        "2024-05-01", "今天上午，鄂州市2024年二季度重大项目集中开工仪式在葛店开发区举行。当天开工的有高端铜箔项目、"
                      "智能装备产业园项目等12个项目。",
        {("高端铜箔项目", "startedOn", "2024-05-01"), ("智能装备产业园项目", "startedOn", "2024-05-01"),
         ("高端铜箔项目", "atEvent", "鄂州市2024年二季度重大项目集中开工仪式")}, set(), id="at-the-event"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市招商引资项目集中签约仪式举行。其中，高端铜箔项目投资5亿元。",
        {("高端铜箔项目", "signedOn", "2024-04-28"), ("高端铜箔项目", "atEvent", "鄂州市招商引资项目集中签约仪式")},
        set(), id="a-list-continues-the-sentence-before"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市招商引资项目集中签约仪式举行，共签约项目12个。 本次体量最大的是高端铜箔项目，"
                      "总投资50亿元。",
        {("高端铜箔项目", "signedOn", "2024-04-28"), ("高端铜箔项目", "atEvent", "鄂州市招商引资项目集中签约仪式")},
        set(), id="a-project-described-after-the-ceremony"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市重大项目集中签约开工活动举行。 高端铜箔项目总投资50亿元。",
        {("高端铜箔项目", "atEvent", "鄂州市重大项目集中签约开工活动")}, {"signedOn", "startedOn"},
        id="a-ceremony-of-two-milestones-gives-the-event-only"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市招商引资项目集中签约仪式举行。 高端铜箔项目总投资50亿元，有望年内投产。",
        set(), {"signedOn", "atEvent"}, id="an-expectation-after-the-ceremony-is-none"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市招商引资项目集中签约仪式举行。 智能装备产业园项目总投资30亿元，"
                      "与高端铜箔项目相邻。",
        {("智能装备产业园项目", "signedOn", "2024-04-28")}, set(), id="named-beside-the-one-spoken-of"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市招商引资项目集中签约仪式举行。 去年9月，高端铜箔项目总投资50亿元。",
        set(), {"signedOn", "atEvent"}, id="a-date-of-its-own-is-not-the-events"),
    pytest.param(
        "2024-07-20", "7月7日至8日，数十家企业负责人走进鄂州，现场签约高端铜箔项目。",
        {("高端铜箔项目", "signedOn", "2024-07")}, set(), id="on-the-spot-is-the-day-the-sentence-names"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市重大项目集中开工活动举行。 1月8日，华容区重大项目集中开工活动举行。"
                      " 此次开工的高端铜箔项目总投资50亿元。",
        {("高端铜箔项目", "startedOn", "2024-04-28"), ("高端铜箔项目", "atEvent", "鄂州市重大项目集中开工活动")},
        set(), id="this-time-is-the-articles-own-occasion"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市招商引资项目集中签约仪式举行。 分量最重的是高端铜箔项目：总投资50亿元，"
                      "达产后年产值约60亿元。",
        {("高端铜箔项目", "signedOn", "2024-04-28")}, {"completedOn"}, id="a-later-condition-says-nothing-of-it"),
    pytest.param(
        "2024-05-01", "4月30日，楚峰高端铜箔项目开工仪式在鄂州葛店开发区举行。",
        {("楚峰高端铜箔项目", "startedOn", "2024-04-30"), ("楚峰高端铜箔项目", "atEvent", "楚峰高端铜箔项目开工仪式")},
        set(), id="the-project-an-event-is-named-after"),
    pytest.param(
        "2024-05-01", "4月30日，鄂州市2024年二季度重大项目暨楚峰新材料产业园开工活动举行。",
        {("楚峰新材料产业园", "startedOn", "2024-04-30")}, set(), id="the-project-after-ji-in-an-events-name"),
    pytest.param(
        "2024-05-01", "附：2023年新签约10亿元以上项目清单 1.高端铜箔项目，落户葛店开发区，总投资50亿元； "
                      "2.智能装备产业园项目，落户华容区，总投资30亿元。",
        {("高端铜箔项目", "signedOn", "2023"), ("智能装备产业园项目", "signedOn", "2023")}, set(),
        id="every-item-of-a-list-takes-its-heading"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市重大项目集中开工活动举行。 高端铜箔项目将新建6幢厂房，总投资50亿元；"
                      "智能装备产业园项目计划打造装备基地。",
        {("高端铜箔项目", "startedOn", "2024-04-28"), ("智能装备产业园项目", "startedOn", "2024-04-28")}, set(),
        id="what-it-will-be-is-no-plan-of-a-milestone"),
    pytest.param(
        "2024-05-01", "4月28日，鄂州市重大项目集中投产活动举行。 它由已运营的高端铜箔项目升级而来，总投资50亿元。",
        set(), {"completedOn"}, id="already-operating-is-a-state"),
    pytest.param(
        "2024-05-01", "4月28日，湖北楚峰新材料有限公司投资的高端铜箔项目签约并开工。",
        {("高端铜箔项目", "signedOn", "2024-04-28"), ("高端铜箔项目", "startedOn", "2024-04-28")}, set(),
        id="milestone-words-listed-together"),
]


def test_lifecycle_event_named_in_the_title_takes_the_date_of_its_other_mention(make_article, res):
    """本次签约 refers to the title's event, whose date the body gives (not the last day named)."""
    text = ("4月28日下午，鄂州市新材料产业推介会在武汉举行，12个项目现场签约。 4月27日，代表团先行抵达。"
            " 本次签约的项目包括高端铜箔项目、智能装备产业园项目。")
    art = make_article(text, tag="鄂州招商", title="鄂州市新材料产业推介会在武汉举行 12个项目签约", date="2024-05-01")
    found = milestones(extract_article(art, res))
    assert ("高端铜箔项目", "signedOn", "2024-04-28") in found, found


@pytest.mark.parametrize("date,sentence,expected,absent", ROWS)
def test_lifecycle_sentence(make_article, res, date, sentence, expected, absent):
    ex = extract_article(make_article(sentence, tag="鄂州招商", date=date), res)
    found = milestones(ex)
    assert expected <= found, found
    assert not {m for m in found if m[1] in absent and m[0] == "高端铜箔项目"}, found


def test_lifecycle_words_are_data():
    words = load_words()
    assert ("签约", "signedOn") in words.cues and ("开工", "startedOn") in words.cues
    assert "预计" in words.roles["plan"] and "今天" in words.roles["day"]


def test_lifecycle_milestones_are_dates_with_evidence(make_article, res):
    ex = extract_article(make_article("4月30日，湖北楚峰新材料有限公司投资的高端铜箔项目开工。", date="2024-05-01"), res)
    facts = [f for f in ex.facts if f.predicate == "startedOn"]
    assert facts and all(isinstance(f.obj, Value) and f.obj.datatype == "date" for f in facts)
    assert all("开工" in f.evidence.sentence for f in facts)


@pytest.fixture(scope="module")
def stories(tmp_path_factory, data_dir_module):
    out = tmp_path_factory.mktemp("lifecycle")
    result = CliRunner().invoke(main, ["build", str(data_dir_module / "lifecycle"), "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out / "graph.ttl"


@pytest.fixture(scope="module")
def data_dir_module():
    from pathlib import Path
    return Path(__file__).resolve().parent / "data"


def _projects(path):
    from rdflib import Graph, RDF, RDFS
    from kg.vocab import KG
    g = Graph().parse(path)
    out = {}
    for p in g.subjects(RDF.type, KG.Project):
        out[str(g.value(p, RDFS.label))] = {
            "signed": {str(o) for o in g.objects(p, KG.signedOn)},
            "started": {str(o) for o in g.objects(p, KG.startedOn)},
            "completed": {str(o) for o in g.objects(p, KG.completedOn)},
            "events": len(list(g.objects(p, KG.atEvent))),
        }
    return out


def test_lifecycle_one_project_across_three_stories(stories):
    projects = _projects(stories)
    copper = projects["年产10万吨铜箔项目"]
    assert copper["signed"] == {"2023-03-14"}
    assert copper["started"] == {"2023-09-19"}
    assert copper["completed"] == {"2024-06-10"}
    assert copper["events"] == 1


def test_lifecycle_other_project_of_the_same_investor_stays_apart(stories):
    projects = _projects(stories)
    assert projects["锂电池负极材料项目"]["started"] == {"2023-09-19"}
    assert not projects["锂电池负极材料项目"]["signed"]


def test_lifecycle_other_phase_stays_apart_and_a_plan_gives_none(stories):
    projects = _projects(stories)
    second = projects["铜箔项目二期"]
    assert not (second["signed"] or second["started"] or second["completed"])


def test_lifecycle_graph_conforms(stories):
    result = CliRunner().invoke(main, ["validate", str(stories)])
    assert result.exit_code == 0, result.output


def _query(stories, *args):
    result = CliRunner().invoke(main, ["query", *args, "--graph", str(stories), "--format", "csv"])
    assert result.exit_code == 0, result.output
    return [line.split(",") for line in result.output.strip().splitlines()]


def test_lifecycle_landing_rate_query(stories):
    rows = _query(stories, "landing-rate")
    assert rows[0][:2] == ["district", "period"]
    assert rows[1][0] == "黄石经济技术开发区" and rows[1][3:] == ["1", "1", "100"]
    rows = _query(stories, "landing-rate", "--param", "months=3")
    assert rows[1][3:] == ["1", "0", "0"]


def test_lifecycle_signed_not_started_takes_months(stories):
    assert len(_query(stories, "signed-not-started", "--param", "months=6")) == 1      # the header only
    rows = _query(stories, "signed-not-started", "--param", "months=3")
    assert rows[1][0] == "年产10万吨铜箔项目"


def test_lifecycle_timeline_and_event_queries(stories):
    rows = _query(stories, "project-timeline", "--param", "project=铜箔生产基地")
    assert [r[2] for r in rows[1:]] == ["at event", "signed", "started", "completed"]
    rows = _query(stories, "event-milestones")
    assert any(r[3] == "年产10万吨铜箔项目" and r[2] == "signed" for r in rows[1:])


def test_lifecycle_param_must_be_name_value(stories):
    result = CliRunner().invoke(main, ["query", "landing-rate", "--param", "months", "--graph", str(stories)])
    assert result.exit_code == 2 and "NAME=VALUE" in result.output


def test_lifecycle_view_has_stages_and_timeline_rows(stories, tmp_path):
    page = (stories.parent / "graph.html").read_text(encoding="utf-8")
    assert '"stage":"built"' in page and '"stage":"started"' in page
    assert '"rel":"signedOn"' in page and '"rel":"atEvent"' in page
    assert 'id="kg-stage"' in page and "时间线 timeline" in page
    # the page drawn from the Turtle says the same as the one drawn from the records
    view = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["view", str(stories), "--out", str(view)])
    assert result.exit_code == 0, result.output
    assert view.read_text(encoding="utf-8") == page


def test_lifecycle_a_project_only_an_event_names_takes_the_firm_heading_it(make_article, res):
    """…重大项目暨X科技产业园项目开工仪式: the project exists only inside the event's name, and so
    does its investor, the brand with its industry word heading the project's name."""
    ex = extract_article(make_article("3月2日,滨江市2024年一季度重大项目暨骁澜科技产业园项目开工仪式在滨江主会场举行。"), res)
    found = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "investor"}
    assert ("骁澜科技产业园项目", "骁澜科技") in found, ex.facts


def test_lifecycle_a_park_only_an_event_names_takes_no_firm(make_article, res):
    """…骁澜汽车产业园开工暨…签约活动: a park without 项目 may be a place; no investor is read."""
    ex = extract_article(make_article("3月2日,骁澜汽车产业园开工暨重大项目集中签约活动在滨江举行。"), res)
    assert not [f for f in ex.facts if f.predicate == "investor"], ex.facts
