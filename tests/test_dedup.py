"""kg.dedup: a story reposted with small edits is one article with every URL, its facts
counted once; two different reports of one signing stay two articles; deterministic."""
from __future__ import annotations

import json
import random

import pytest
from click.testing import CliRunner
from rdflib import URIRef

from kg import corpus, pipeline
from kg.cli import main
from kg.dedup import RepostFinder, jaccard, merge_reposts, normalise, shingles
from kg.parse import read_articles
from kg.settings import Settings
from kg.vocab import KG, SCHEMA

BODY = [
    "5月7日，黄石经济技术开发区举行重点项目集中签约仪式，3个项目现场签约，总投资12亿元。",
    "其中，湖北华力新材料有限公司投资8亿元建设新能源电池材料项目，项目达产后预计年产值20亿元。",
    "武汉长盛电子科技有限公司投资4亿元建设智能传感器生产基地项目，主要生产汽车电子用传感器。",
    "签约仪式上，开发区负责人介绍了园区的产业基础、配套设施和营商环境，欢迎更多企业到园区投资兴业。",
    "据了解，今年以来黄石经济技术开发区围绕新材料、电子信息等主导产业开展精准招商，新签约项目质效齐升。",
    "下一步，开发区将实行专班服务，全力推动签约项目早落地、早开工、早投产。",
]
# the same signing told by another reporter in other words: another story
OTHER = [
    "黄石经济技术开发区7日集中签下3个项目，协议投资额合计12亿元。",
    "湖北华力新材料有限公司将在园区新建新能源电池材料项目，计划投资8亿元，建成后年产值可达20亿元；",
    "武汉长盛电子科技有限公司拟投资4亿元，在园区建设智能传感器生产基地项目。",
    "园区相关负责人在接受采访时表示，这些企业看中的是当地完整的产业链和快速的审批服务。",
    "记者在现场看到，不少企业代表还在会后与园区对接用地和用工需求。",
]

RECORDS = [   # the story, then two reposts with small edits, in no particular order
    {"title": "黄石经开区签约3个项目 总投资12亿元", "date": "2024-05-09", "text": "\n".join(
        ["黄石日报讯（记者 王芳）" + BODY[0], *BODY[1:], "（责任编辑：刘洋）"]),
     "url": "https://www.hsdaily.example/news/2024/0509/7.html", "source": "黄石日报"},
    {"title": "黄石经开区签约3个项目 总投资12亿元", "date": "2024-05-08", "text": "\n".join(
        ["本报讯（记者 张明 通讯员 李华）" + BODY[0], *BODY[1:]]),
     "url": "https://www.hbrb.example/2024/05/08/1.html", "source": "湖北日报"},
    {"title": "12亿元！黄石经开区又签3个大项目", "date": "2024-05-10", "text": "\n".join(
        [BODY[0], "项目速览", *BODY[1:4], BODY[5]]),
     "url": "https://mp.weixin.example/s/abc", "source": "黄石招商"},
]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reposts(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reposts")
    path = write_jsonl(folder / "news.jsonl", RECORDS)
    return pipeline.build([path], Settings(workers=1))


def test_dedup_reposts_are_one_article_with_three_urls(reposts):
    a, = reposts.articles
    assert a.published == "2024-05-08" and a.publisher == "湖北日报"       # the earliest copy
    assert [c.published for c in a.copies] == ["2024-05-09", "2024-05-10"]
    node = URIRef(reposts.base_iri + f"article/{a.id}")
    g = reposts.graph
    assert {str(u) for u in g.objects(node, SCHEMA.url)} == {r["url"] for r in RECORDS}
    assert {str(p) for p in g.objects(node, SCHEMA.publisher)} == {"湖北日报", "黄石日报", "黄石招商"}
    copies = set(g.subjects(KG.repostOf, node))
    assert len(copies) == 2 and all((c, SCHEMA.url, None) in g for c in copies)
    assert sorted(int(line) for c in copies for line in g.objects(c, KG.sourceLine)) == [1, 3]


def test_dedup_amounts_counted_once(reposts):
    amounts = [r for r in reposts.linked.relations if r.predicate == "investmentAmount"]
    assert {r.obj.value for r in amounts} >= {"800000000", "400000000"}
    assert all(len(r.evidence) == 1 for r in amounts)     # one sentence, from one article
    rows = reposts.graph.query("""
        PREFIX kg: <https://w3id.org/zskg/ontology#> PREFIX schema: <http://schema.org/>
        SELECT (SUM(?v) AS ?total) WHERE { ?p kg:investmentAmount [ schema:value ?v ] }""")
    total, = next(iter(rows))
    assert int(total) == sum(int(r.obj.value) for r in amounts)


def test_dedup_keep_reposts_keeps_three_articles(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    result = pipeline.build([path], Settings(workers=1, validate=False, keep_reposts=True))
    assert len(result.articles) == 3
    amounts = [r for r in result.linked.relations if r.predicate == "investmentAmount" and r.obj.value == "800000000"]
    assert len(amounts) == 1 and len(amounts[0].evidence) == 3


def test_dedup_two_different_stories_of_one_signing_stay_two(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", [
        RECORDS[1], {"title": "黄石经开区集中签约 3项目协议投资12亿元", "date": "2024-05-08", "text": "\n".join(OTHER),
                     "url": "https://www.portal.example/a/2.html"}])
    result = pipeline.build([path], Settings(workers=1, validate=False))
    assert len(result.articles) == 2 and not any(a.copies for a in result.articles)
    # their facts still meet at the same entities
    huali = [e for e in result.linked.entities if e.label == "湖北华力新材料有限公司"]
    assert len(huali) == 1 and len(huali[0].articles) == 2


def test_dedup_is_deterministic_and_order_free(tmp_path):
    orders = []
    for k in range(3):
        records = list(RECORDS)
        random.Random(k).shuffle(records)
        path = write_jsonl(tmp_path / f"n{k}.jsonl", records)
        articles = merge_reposts(read_articles([path]).articles, threshold=Settings().repost_threshold)
        orders.append([(a.id, [(c.published, c.url) for c in a.copies]) for a in articles])
    assert orders[0] == orders[1] == orders[2]


def test_dedup_threshold_is_a_setting(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    articles = read_articles([path]).articles
    assert len(merge_reposts(articles, threshold=0.6)) == 1
    assert len(merge_reposts(articles, threshold=1.0)) == 3       # only identical bodies would merge


def test_dedup_similarity_of_edits_and_of_other_stories():
    story = shingles(normalise("\n".join(BODY)))
    edited = shingles(normalise(RECORDS[2]["text"]))
    other = shingles(normalise("\n".join(OTHER)))
    assert jaccard(story, edited) >= Settings().repost_threshold > 0.3 > jaccard(story, other)


def test_dedup_short_bodies_are_never_merged():
    finder = RepostFinder(0.6)
    a, b = (read_articles_from_text(t) for t in ("签约。", "签约。"))
    assert finder.add(a) == (None, []) and finder.add(b) == (None, [])


def read_articles_from_text(text: str):
    from kg.read.fields import make_article
    return make_article("t", text, "2024-05-01", tag="", url="", publisher="", path="x", line=1)


def test_dedup_verbose_logs_each_decision(tmp_path):
    path = write_jsonl(tmp_path / "news.jsonl", RECORDS)
    result = CliRunner().invoke(main, ["build", str(path), "-q", "-v", "--no-validate", "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("kg: repost:")]
    assert len(notes) == 2
    assert notes[0].startswith("kg: repost: news.jsonl:1: merged as a repost of news.jsonl:2 (similarity ")
    assert "threshold 0.60" in notes[0]


def test_dedup_with_cache_a_new_repost_extracts_nothing(tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "news.jsonl", RECORDS[1:2])
    settings = Settings(workers=1, validate=False, cache=str(tmp_path / "cache"))
    first = pipeline.build([path], settings)
    calls = []
    real = corpus.extract_article
    monkeypatch.setattr(corpus, "extract_article", lambda *a, **k: calls.append(a[0].title) or real(*a, **k))
    write_jsonl(path, RECORDS)          # two reposts of the cached article arrive
    again = pipeline.build([path], settings)
    assert calls == []
    a, = again.articles
    assert a.id == first.articles[0].id and len(a.copies) == 2
    assert again.linked == first.linked


def test_dedup_page_and_explain_show_the_urls(reposts):
    from kg.explain import explain, find_article
    from kg.export.html import render_html, render_records
    page = render_records(reposts.articles, reposts.linked, base_iri=reposts.base_iri)
    assert page == render_html(reposts.graph)        # the same from the records as from the graph
    for r in RECORDS:
        assert r["url"] in page
    a = find_article(reposts.articles, "news.jsonl:3")     # a repost's place finds its article
    text = explain(reposts, a.id)
    assert "Published by 湖北日报 at https://www.hbrb.example/2024/05/08/1.html" in text
    assert "Reposts merged into it (2; its facts are counted once):" in text
    assert "2024-05-10  news.jsonl:3  黄石招商  https://mp.weixin.example/s/abc  《12亿元！黄石经开区又签3个大项目》" in text


def test_dedup_looks_back_a_window_of_days(tmp_path):
    late = {**RECORDS[0], "date": "2024-12-01"}             # the same story seven months later
    path = write_jsonl(tmp_path / "news.jsonl", [RECORDS[1], late])
    articles = read_articles([path]).articles
    assert len(merge_reposts(articles, threshold=0.6, window_days=90)) == 2
    assert len(merge_reposts(articles, threshold=0.6, window_days=0)) == 1
    assert Settings().repost_window_days == 90
