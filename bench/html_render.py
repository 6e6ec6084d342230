"""Benchmark of the HTML view: Python render time and headless-Chromium draw time.

Measures the seed's view (``output/graph.ttl``) and synthetic graphs that follow
``ontology/MODEL.md`` (districts with GB/T 2260-like codes and a partOf tree, zones,
government bodies with a jurisdiction, companies, projects with investors, places
and amounts, events with organizers, articles with dates, one kg:Evidence per
relation). For each it prints

* ``python``: seconds in ``kg.export.html.render_html`` (RDF -> page, layout included);
* ``draw``: milliseconds from navigation start until vis-network has drawn the
  network for the first time (the page sets ``data-kg-drawn`` on ``<html>``),
  as ``performance.now()`` in the page, and the wall-clock seconds of the load;
* ``filter`` and ``search``: milliseconds from unticking the Company type, and from
  typing a query that matches many nodes, until the network is drawn again.

Targets (issue "The HTML network view"): seed drawn in < 5 s, 2,000 nodes in < 10 s.

    python -m bench.html_render                 # seed, 2000 and 3000 nodes
    python -m bench.html_render --sizes 500 2000 --no-browser
    python -m bench.html_render --keep /tmp/bench-html   # keep the pages to look at

Needs ``selenium`` (the test extra) and Debian's ``chromium`` + ``chromium-driver``
for the browser figures; without them only the Python figures are printed.
"""
from __future__ import annotations

import argparse
import datetime
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef

from kg.export.html import render_html, to_networkx
from kg.vocab import KG, PROV, SCHEMA

REPO = Path(__file__).resolve().parent.parent
SEED_TTL = REPO / "output" / "graph.ttl"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ID = "https://w3id.org/zskg/id/"

PLACES = "黄石 大冶 阳新 鄂州 襄阳 宜昌 荆州 孝感 咸宁 随州 十堰 恩施 武汉 黄冈 荆门 天门 仙桃 潜江".split()
WORDS = "华新 劲牌 东贝 美岛 兴华 长乐 新冶 富尔 晨光 鑫达 金盛 恒通 宏泰 天成 汇丰 嘉合 博远 顺达".split()
INDUSTRIES = "新材料 智能装备 电子信息 生物医药 汽车零部件 节能环保 食品 物流 纺织 光电".split()
ORGANS = "商务局 经信局 发改委 招商局 科技局 自然资源局 管委会".split()


def synthetic_graph(n: int, *, seed: int = 7) -> Graph:
    """A graph of about ``n`` core entities in the shape ``kg build`` writes."""
    rng = random.Random(seed)
    g = Graph()
    n_articles = max(5, n // 25)
    articles = []
    start = datetime.date(2019, 1, 1)
    for i in range(n_articles):
        art = URIRef(f"{ID}article/a{i:05d}")
        day = start + datetime.timedelta(days=rng.randrange(0, 7 * 365))
        g.add((art, RDF.type, KG.Article))
        g.add((art, SCHEMA.headline, Literal(f"{rng.choice(PLACES)}招商引资新闻第{i}期 {rng.choice(INDUSTRIES)}项目签约", lang="zh")))
        g.add((art, SCHEMA.datePublished, Literal(day.isoformat(), datatype=XSD.date)))
        g.add((art, KG.sourceTag, Literal(f"{rng.choice(PLACES)}招商")))
        articles.append(art)

    def entity(kind: str, key: str, label: str, cls, aliases=()) -> URIRef:
        iri = URIRef(f"{ID}{kind}/{key}")
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label, lang="zh")))
        for alias in aliases:
            g.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
        for art in rng.sample(articles, k=min(len(articles), rng.choice((1, 1, 1, 2, 3)))):
            g.add((iri, KG.mentionedIn, art))
        return iri

    evidence = 0

    def relate(s: URIRef, p: URIRef, o: URIRef, sentence: str) -> None:
        nonlocal evidence
        g.add((s, p, o))
        ev = URIRef(f"{ID}evidence/v{evidence:06d}")
        evidence += 1
        g.add((ev, RDF.type, KG.Evidence))
        g.add((ev, RDF.subject, s))
        g.add((ev, RDF.predicate, p))
        g.add((ev, RDF.object, o))
        art = next(iter(sorted(g.objects(s, KG.mentionedIn))), articles[0])
        g.add((ev, PROV.wasDerivedFrom, art))
        g.add((ev, KG.evidenceText, Literal(sentence, lang="zh")))
        g.add((ev, KG.charStart, Literal(rng.randrange(0, 900))))
        g.add((ev, KG.charEnd, Literal(rng.randrange(900, 1400))))

    def label(iri: URIRef) -> str:
        return str(g.value(iri, RDFS.label))

    counts = {"district": max(3, n * 12 // 100), "zone": max(1, n * 3 // 100), "government": max(1, n // 10),
              "company": max(1, n * 15 // 100), "event": max(1, n * 8 // 100)}
    counts["project"] = max(1, n - sum(counts.values()))

    province = entity("district", "420000", "湖北省", KG.District, ["湖北"])
    g.add((province, KG.divisionCode, Literal("420000")))
    g.add((province, KG.level, Literal("province")))
    districts = [province]
    for i in range(counts["district"] - 1):
        code = f"42{i // 20 + 1:02d}{i % 20 + 1:02d}"
        name = f"{rng.choice(PLACES)}{i}{'区' if i % 3 else '县'}"
        d = entity("district", code, name, KG.District, [name[:-1]])
        g.add((d, KG.divisionCode, Literal(code)))
        g.add((d, KG.level, Literal("county")))
        relate(d, KG.partOf, rng.choice(districts[: max(1, len(districts) // 3)]), f"{name}隶属于上级行政区。")
        districts.append(d)
    places = list(districts)
    for i in range(counts["zone"]):
        z = entity("district", f"x{i:016x}", f"{rng.choice(PLACES)}{rng.choice(INDUSTRIES)}产业园{i}",
                   KG.District)
        g.add((z, RDF.type, KG.DevelopmentZone))
        g.add((z, KG.level, Literal("zone")))
        relate(z, KG.partOf, rng.choice(districts), f"{label(z)}位于该区境内。")
        places.append(z)
    bodies = []
    for i in range(counts["government"]):
        where = rng.choice(districts)
        organ = rng.choice(ORGANS)
        b = entity("government", f"g{i:05d}", f"{label(where)}{organ}", KG.GovernmentBody, [f"区{organ}"])
        relate(b, KG.jurisdiction, where, f"{label(where)}{organ}负责本地招商引资工作。")
        bodies.append(b)
    companies = []
    for i in range(counts["company"]):
        brand = rng.choice(WORDS) + str(i)
        c = entity("company", f"c{i:05d}", f"湖北{brand}{rng.choice(INDUSTRIES)}有限公司", KG.Company, [brand])
        if rng.random() < 0.6:
            relate(c, KG.locatedIn, rng.choice(places), f"{label(c)}位于{rng.choice(PLACES)}。")
        companies.append(c)
    for i in range(counts["project"]):
        p = entity("project", f"p{i:05d}", f"{rng.choice(WORDS)}{rng.choice(INDUSTRIES)}项目{i}", KG.Project)
        for investor in rng.sample(companies + bodies[:3], k=rng.choice((1, 1, 2))):
            relate(p, KG.investor, investor, f"{label(investor)}投资建设{label(p)}。")
        where = rng.choice(places)
        relate(p, KG.locatedIn, where, f"{label(p)}落户{label(where)}。")
        if rng.random() < 0.7:
            amount = URIRef(f"{ID}amount/m{i:05d}")
            g.add((amount, RDF.type, SCHEMA.MonetaryAmount))
            g.add((amount, SCHEMA.value, Literal(str(rng.randrange(1, 500) * 10 ** 7), datatype=XSD.decimal)))
            g.add((amount, SCHEMA.currency, Literal("CNY")))
            g.add((p, KG.investmentAmount, amount))
    for i in range(counts["event"]):
        e = entity("event", f"e{i:05d}", f"第{i}届{rng.choice(PLACES)}{rng.choice(INDUSTRIES)}招商推介会", KG.Event)
        relate(e, KG.organizer, rng.choice(bodies), f"{label(e)}由当地政府主办。")
        relate(e, KG.locatedIn, rng.choice(districts), f"{label(e)}在当地举行。")
        g.add((e, KG.startDate, Literal(str(rng.randrange(2019, 2026)), datatype=XSD.gYear)))
    return g


def python_time(graph: Graph, max_nodes: int) -> tuple[float, str]:
    """Seconds to render the page, and the page."""
    t0 = time.perf_counter()
    page = render_html(graph, max_nodes=max_nodes)
    return time.perf_counter() - t0, page


def browser():
    """A headless Chromium driven by Selenium, or None when either is missing."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return None
    profile = tempfile.mkdtemp(prefix="kg-bench-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                f"--user-data-dir={profile}", "--window-size=1400,900"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(options=opts, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(180)
    driver.kg_profile = profile
    return driver


def draw_time(driver, path: Path, timeout: float = 180) -> tuple[float, float, int]:
    """(ms in page until first draw, wall seconds, nodes drawn) for one page file."""
    driver.get("about:blank")
    t0 = time.perf_counter()
    driver.get(path.resolve().as_uri())
    while True:
        drawn = driver.execute_script(
            "return document.documentElement.dataset.kgDrawn ? "
            "[window.kgView.drawnAt, window.kgView.nodes.length] : null")
        if drawn:
            return drawn[0], time.perf_counter() - t0, drawn[1]
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError(f"{path} not drawn within {timeout} s")
        time.sleep(0.05)


INTERACTION_JS = """
var done = arguments[arguments.length - 1], net = kgView.network;
function timed(action, next) {
  var t0 = performance.now();
  net.once("afterDrawing", function () { next(performance.now() - t0); });
  action();
  net.redraw();
}
timed(function () { document.querySelector("input.kg-filter[value=Company]").click(); }, function (filter) {
  timed(function () {
    var s = document.getElementById("kg-search");
    s.value = "项目1";
    s.dispatchEvent(new Event("input"));
  }, function (search) { done([filter, search]); });
});
"""


def interaction_time(driver) -> tuple[float, float]:
    """ms from a click on the Company filter, and from typing a search, to the redrawn network."""
    driver.set_script_timeout(60)
    return tuple(driver.execute_async_script(INTERACTION_JS))


def main(argv=None) -> int:
    """Print the figures; exit 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[2000, 3000], help="synthetic graph sizes")
    ap.add_argument("--max-nodes", type=int, default=3000, help="render_html's max_nodes")
    ap.add_argument("--no-browser", action="store_true", help="Python figures only")
    ap.add_argument("--keep", type=Path, help="folder to keep the pages in")
    args = ap.parse_args(argv)

    cases = []
    if SEED_TTL.is_file():
        cases.append(("seed", Graph().parse(SEED_TTL)))
    for n in args.sizes:
        cases.append((f"synthetic {n}", synthetic_graph(n)))

    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-html-"))
    folder.mkdir(parents=True, exist_ok=True)
    driver = None if args.no_browser else browser()
    if driver is None and not args.no_browser:
        print("browser figures skipped: needs selenium, /usr/bin/chromium and /usr/bin/chromedriver",
              file=sys.stderr)
    try:
        print(f"{'graph':<16} {'entities':>8} {'edges':>6} {'shown':>6} {'MB':>5} {'python s':>9} "
              f"{'draw ms':>8} {'load s':>7} {'filter ms':>9} {'search ms':>9}")
        for name, graph in cases:
            nxg = to_networkx(graph)
            seconds, page = python_time(graph, args.max_nodes)
            path = folder / (name.replace(" ", "-") + ".html")
            path.write_text(page, encoding="utf-8")
            row = (f"{name:<16} {nxg.number_of_nodes():>8} {nxg.number_of_edges():>6} "
                   f"{min(args.max_nodes, nxg.number_of_nodes()):>6} {len(page.encode()) / 1e6:>5.1f} "
                   f"{seconds:>9.2f}")
            if driver is not None:
                ms, wall, drawn = draw_time(driver, path)
                filter_ms, search_ms = interaction_time(driver)
                row += f" {ms:>8.0f} {wall:>7.2f} {filter_ms:>9.0f} {search_ms:>9.0f}"
                if drawn != min(args.max_nodes, nxg.number_of_nodes()):
                    row += f"  (drew {drawn} nodes!)"
            print(row, flush=True)
    finally:
        if driver is not None:
            driver.quit()
            shutil.rmtree(driver.kg_profile, ignore_errors=True)
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
