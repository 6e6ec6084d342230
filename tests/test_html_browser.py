"""Browser tests of the HTML view in headless Chromium, driven by Selenium.

Needs Debian's ``chromium``, ``chromium-driver`` and a CJK font (``fonts-wqy-zenhei``),
which ``.ci/run`` installs from ``.ci/apt.d/browser.txt``; without any of them the tests
skip, naming what to install (in CI, with ``CI`` set, they fail instead). Each test loads the page afresh from a file:// URL in
one browser started for this module (offline flags, a fresh profile) and waits,
bounded, for the page's ``data-kg-drawn`` flag. The seed view's screenshots go to
``tests/artifacts/`` (gitignored) for a person to look at.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

from kg.export.html import write_html
from kg.registry import PROJECT, TYPE
from kg.vocab import KG, PROV, SCHEMA

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
WAIT = 20  # seconds any one wait may take
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1600,1000")



def _missing_browser_parts() -> list[str]:
    """The Debian packages these tests need that are not installed."""
    missing = []
    if shutil.which("chromium") is None and not CHROMIUM.exists():
        missing.append("chromium")
    if shutil.which("chromedriver") is None and not CHROMEDRIVER.exists():
        missing.append("chromium-driver")
    fonts = shutil.which("fc-list")
    if fonts:
        import subprocess
        listed = subprocess.run([fonts, ":lang=zh", "family"], capture_output=True, text=True).stdout
        if not listed.strip():
            missing.append("fonts-wqy-zenhei")       # without a CJK font, Chinese labels are empty boxes
    return missing


MISSING = _missing_browser_parts()
if MISSING and os.environ.get("CI"):
    # in CI, .ci/run installed them: a missing one is a failure, not a skip
    raise RuntimeError(f"browser tests need: {' '.join(MISSING)} (.ci/apt.d/browser.txt)")
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"needs Debian packages {' '.join(MISSING)}: apt-get install chromium chromium-driver "
           "fonts-wqy-zenhei (bash .ci/run installs them from .ci/apt.d/browser.txt)")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A headless Chromium with a fresh profile, for this module; quit at its end."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("selenium is missing: pip install -e '.[test]'")

    driver_path = CHROMEDRIVER if CHROMEDRIVER.exists() else shutil.which("chromedriver")
    assert driver_path, "chromedriver not found: apt-get install chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(driver_path)))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def seed_page(seed_build, tmp_path_factory) -> Path:
    """The seed build's view, written as a file."""
    path = tmp_path_factory.mktemp("view") / "graph.html"
    write_html(seed_build.graph, path)
    return path


def wait_for(driver, script: str, what: str, timeout: float = WAIT):
    """Poll a JavaScript expression until it is truthy; fail naming ``what`` after ``timeout``."""
    end = time.monotonic() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.monotonic() > end:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def open_page(driver, path: Path) -> None:
    """Load the page and wait until vis-network has drawn it."""
    driver.get("about:blank")
    driver.get_log("browser")  # drop earlier pages' messages
    driver.get(path.resolve().as_uri())
    wait_for(driver, "document.documentElement.getAttribute('data-kg-drawn') === '1'", "the network to be drawn")


def visible_nodes(driver, group: str | None = None) -> int:
    """How many nodes the network shows (of one type, or all)."""
    return driver.execute_script(
        "var g = arguments[0]; return kgView.nodes.get({filter: function (n) {"
        " return !n.hidden && (g === null || n.group === g); }}).length;", group)


def severe_logs(driver) -> list[str]:
    """Console errors of the page (CSP violations, script errors)."""
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def test_html_browser_seed_view_draws_every_entity(browser, seed_page, seed_build):
    open_page(browser, seed_page)
    expected = len(seed_build.linked.entities)
    assert browser.execute_script("return kgView.nodes.length") == expected
    assert browser.execute_script("return kgView.network.body.nodeIndices.length") == expected
    assert visible_nodes(browser) == expected
    edges = browser.execute_script("return kgView.edges.length")
    assert browser.find_element("id", "kg-stats").text == f"{expected}/{expected} 节点 nodes · {edges}/{edges} 边 edges"
    canvas = browser.find_element("css selector", "#kg-network canvas")
    assert canvas.size["width"] > 600 and canvas.size["height"] > 600
    assert browser.execute_script("return document.characterSet") == "UTF-8"
    assert severe_logs(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "seed_view.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 20_000  # a drawn network, not an empty page


def test_html_browser_search_finds_body_by_alias_in_context(browser, seed_page):
    from selenium.webdriver.common.keys import Keys

    open_page(browser, seed_page)
    box = browser.find_element("id", "kg-search")
    box.send_keys("市商务局")
    wait_for(browser, "document.querySelector('#kg-search-results .kg-result')", "search results")
    first = browser.find_element("css selector", "#kg-search-results .kg-result")
    assert first.find_element("css selector", ".kg-result-name").text == "黄石市商务局"
    assert first.find_element("css selector", ".kg-result-alias").text == "别名 alias: 市商务局"
    box.send_keys(Keys.ENTER)
    node = first.get_attribute("data-id")
    wait_for(browser, f"kgView.network.getSelectedNodes().join() === {node!r}", "the match to be selected")
    assert browser.find_element("css selector", "#kg-panel-body .kg-title").text == "黄石市商务局"
    # focused: the view moves to the node (a 400 ms animation) and zooms in
    wait_for(browser, f"(function () {{ var p = kgView.network.getPosition({node!r}), v = kgView.network.getViewPosition();"
                      " return Math.abs(p.x - v.x) < 1 && Math.abs(p.y - v.y) < 1"
                      " && kgView.network.getScale() > 1.19; })()", "the view to centre and zoom on the match")
    # highlighted: the match and its neighbours stay, everything else is dimmed
    assert browser.execute_script(f"return !(kgView.nodes.get({node!r}).opacity < 1)")
    assert browser.execute_script("return kgView.nodes.get({filter: function (n) { return n.opacity < 1; }}).length") > 100
    # the alias in context: the evidence sentence shows 市商务局 marked as this body's name
    marks = [m.text for m in browser.find_elements("css selector", "#kg-panel-body .kg-quote mark")]
    assert "市商务局" in marks
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "seed_view_search.png"))
    assert severe_logs(browser) == []


def test_html_browser_type_filter_hides_companies(browser, seed_page, seed_build):
    open_page(browser, seed_page)
    companies = sum(1 for e in seed_build.linked.entities if e.type == "Company")
    total = visible_nodes(browser)
    assert visible_nodes(browser, "Company") == companies > 0
    browser.find_element("css selector", "input.kg-filter[value=Company]").click()
    assert visible_nodes(browser, "Company") == 0
    assert visible_nodes(browser) == total - companies
    assert browser.execute_script(
        "return kgView.edges.get({filter: function (e) { return !e.hidden &&"
        " (kgView.nodes.get(e.from).group === 'Company' || kgView.nodes.get(e.to).group === 'Company'); }}).length") == 0
    assert browser.find_element("id", "kg-stats").text.startswith(f"{total - companies}/{total} ")
    browser.find_element("css selector", "input.kg-filter[value=Company]").click()
    assert visible_nodes(browser) == total


def test_html_browser_relation_article_and_date_filters(browser, seed_page):
    from selenium.webdriver.support.ui import Select

    open_page(browser, seed_page)
    shown_edges = "kgView.edges.get({filter: function (e) { return !e.hidden; }})"
    rel_of = "kgView.data.edges.filter(function (d) { return d.id === e.id; })[0].rel"
    browser.find_element("css selector", "input.kg-rel-filter[value=locatedIn]").click()
    assert browser.execute_script(f"return {shown_edges}.filter(function (e) {{ return {rel_of} === 'locatedIn'; }}).length") == 0
    assert browser.execute_script(f"return {shown_edges}.length") > 0
    browser.find_element("id", "kg-reset").click()

    # one article: exactly the entities it mentions stay
    Select(browser.find_element("id", "kg-article")).select_by_value("0")
    expected = browser.execute_script(
        "return kgView.data.nodes.filter(function (n) { return n.arts.indexOf(0) >= 0; }).length")
    assert 0 < visible_nodes(browser) == expected
    browser.find_element("id", "kg-reset").click()

    # a date range after the last article: nothing; around all articles: everything
    last = browser.execute_script("return kgView.data.articles.map(function (a) { return a.date; }).sort().pop()")
    set_date = ("var box = document.getElementById(arguments[0]); box.value = arguments[1];"
                " box.dispatchEvent(new Event('change'));")
    browser.execute_script(set_date, "kg-from", "2099-01-01")
    assert visible_nodes(browser) == 0
    browser.execute_script(set_date, "kg-from", "2000-01-01")
    browser.execute_script(set_date, "kg-to", last)
    with_articles = browser.execute_script("return kgView.data.nodes.filter(function (n) { return n.arts.length; }).length")
    assert visible_nodes(browser) == with_articles
    assert browser.find_element("id", "kg-article-count").text.endswith("articles match")


def test_html_browser_click_opens_panel_with_evidence(browser, seed_page, seed_build):
    from selenium.webdriver.common.action_chains import ActionChains

    open_page(browser, seed_page)
    # the project with evidence that stands furthest from any other node: a click hits only it
    node = browser.execute_script("""
        var pos = kgView.network.getPositions(), best = null, gap = -1;
        kgView.data.nodes.forEach(function (n) {
          if (n.type !== 'Project' || !kgView.data.details[n.id].evidence.length) { return; }
          var near = Infinity, p = pos[n.id];
          kgView.data.nodes.forEach(function (m) {
            if (m.id !== n.id) { near = Math.min(near, Math.hypot(pos[m.id].x - p.x, pos[m.id].y - p.y)); }
          });
          if (near > gap) { gap = near; best = n.id; }
        });
        kgView.network.moveTo({ position: pos[best], scale: 1.5 });
        return best;""")
    canvas = browser.find_element("css selector", "#kg-network canvas")
    ActionChains(browser).move_to_element(canvas).click().perform()
    title = wait_for(browser, "document.querySelector('#kg-panel-body .kg-title')", "the details panel")
    graph = seed_build.graph
    assert title.text == str(graph.value(URIRef(node), RDFS.label))
    panel = browser.find_element("id", "kg-panel-body").text
    assert f"类型 type\n{TYPE[PROJECT].zh} {PROJECT}" in panel
    sentences = []
    for ev in graph.subjects(RDF.subject, URIRef(node)):
        article = graph.value(ev, PROV.wasDerivedFrom)
        sentences.append((str(graph.value(ev, KG.evidenceText)), str(graph.value(article, SCHEMA.headline)),
                          str(graph.value(article, SCHEMA.datePublished))))
    assert sentences
    quotes = [q.text for q in browser.find_elements("css selector", "#kg-panel-body .kg-quote")]
    for text, headline, date in sentences:
        assert any(text in q and f"{date} 《{headline}》" in q for q in quotes), (text, quotes)


HOSTILE_ARTICLE = """-
【黄石招商】&lt;/script&gt;&lt;script&gt;window.__kgPwned=1&lt;/script&gt;黄石签约&lt;img src=x onerror="window.__kgPwned=2"&gt;
2024年，湖北楚峰新材料有限公司投资5亿元建设楚峰新材料产业园项目，&lt;/script&gt;&lt;script&gt;window.__kgPwned=3&lt;/script&gt;&lt;img src=x onerror="window.__kgPwned=4"&gt;项目落户黄石经济技术开发区。黄石市商务局主办了2024黄石招商推介会。
2024-05-01
"""
HOSTILE_SENTENCE = '</script><script>window.__kgPwned=3</script><img src=x onerror="window.__kgPwned=4">'
HOSTILE_HEADLINE = '</script><script>window.__kgPwned=1</script>黄石签约<img src=x onerror="window.__kgPwned=2">'
HOSTILE_NAME = "</script><script>window.__kgPwned=5</script><b onmouseover=alert(1)>楚峰</b>"
HOSTILE_ALIAS = "<img src=x onerror=\"window.__kgPwned=6\">楚峰别名"


def test_html_browser_markup_article_executes_nothing(browser, tmp_path):
    from kg.pipeline import build
    from kg.settings import Settings

    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    graph = build([source], Settings(validate=False)).graph
    company = next(graph.subjects(RDF.type, KG.Company))
    # a graph file from elsewhere may carry markup in names too
    graph.set((company, RDFS.label, Literal(HOSTILE_NAME, lang="zh")))
    graph.add((company, SKOS.altLabel, Literal(HOSTILE_ALIAS, lang="zh")))
    # kg build strips markup from articles (escaped or not); a graph from elsewhere may keep it
    for ev in list(graph.subjects(RDF.type, KG.Evidence)):
        text = str(graph.value(ev, KG.evidenceText))
        if "产业园项目" in text:
            graph.set((ev, KG.evidenceText, Literal(text.replace("项目落户", HOSTILE_SENTENCE + "项目落户"))))
    for article in list(graph.subjects(RDF.type, KG.Article)):
        graph.set((article, SCHEMA.headline, Literal(HOSTILE_HEADLINE)))
    markup = [str(o) for o in graph.objects(None, KG.evidenceText) if "<script>" in str(o)]
    markup += [str(o) for o in graph.objects(None, SCHEMA.headline) if "<script>" in str(o)]
    page = tmp_path / "hostile.html"
    write_html(graph, page)

    open_page(browser, page)
    box = browser.find_element("id", "kg-search")
    box.send_keys("楚峰别名")
    wait_for(browser, "document.querySelector('#kg-search-results .kg-result')", "search results")
    result = browser.find_element("css selector", "#kg-search-results .kg-result")
    assert result.find_element("css selector", ".kg-result-name").text == HOSTILE_NAME
    result.click()
    panel = browser.find_element("id", "kg-panel-body")
    wait_for(browser, "document.querySelector('#kg-panel-body .kg-title')", "the details panel")
    assert panel.find_element("css selector", ".kg-title").text == HOSTILE_NAME
    assert HOSTILE_ALIAS in panel.text
    # the project's evidence and its article's headline show their markup as text
    box.clear()
    box.send_keys("产业园项目")
    wait_for(browser, "document.querySelector('#kg-search-results .kg-result')", "search results")
    browser.find_element("css selector", "#kg-search-results .kg-result").click()
    wait_for(browser, "document.querySelector('#kg-panel-body .kg-quote')", "the project's evidence")
    shown = panel.text + "\n".join(o.get_attribute("textContent")
                                    for o in browser.find_elements("css selector", "#kg-article option"))
    assert markup and all(text in shown for text in markup), (markup, shown)
    assert "</script><script>window.__kgPwned=3</script>" in panel.text
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(browser).move_to_element(panel).perform()  # hover over the text: no handler fires

    assert browser.execute_script("return typeof window.__kgPwned") == "undefined"
    assert browser.execute_script("return document.scripts.length") == 3
    assert browser.execute_script("return document.images.length") == 0
    assert browser.execute_script("return document.querySelectorAll('b, #kg-panel-body script').length") == 0
    # nothing was even tried: a blocked inline handler would show as a CSP error
    assert severe_logs(browser) == []


# --- the first view: fits the window, labels placed without overlap, ISO dates, export ---

@pytest.fixture
def viewport(browser):
    """Set the page's viewport to an exact size (CSS pixels); reset after the test."""
    def size(width: int, height: int) -> None:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    yield size
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


GEOMETRY = """
    var net = kgView.network, canvas = document.querySelector('#kg-network canvas');
    var W = canvas.clientWidth, H = canvas.clientHeight, scale = net.getScale(), out = [];
    var ids = kgView.data.nodes.map(function (n) { return n.id; }), pos = net.getPositions(ids);
    kgView.data.nodes.forEach(function (n) {
      var p = net.canvasToDOM(pos[n.id]);
      out.push([n.id, p.x, p.y, n.size * scale]);
    });
    return { W: W, H: H, nodes: out, labels: kgView.labels() };
"""


def label_boxes(labels):
    """Each drawn label's box (x0, y0, x1, y1), from its text width estimate: CJK ~ 1 em a character."""
    return [(l["x"], l["y"], l["x"] + 0.55 * l["px"] * len(l["text"]), l["y"] + l["px"]) for l in labels]


def test_html_browser_first_view_fits_and_labels_do_not_overlap(browser, seed_page, viewport):
    viewport(1400, 900)
    open_page(browser, seed_page)
    geo = browser.execute_script(GEOMETRY)
    W, H = geo["W"], geo["H"]
    assert W > 700 and H > 780
    # every node, with its whole shape, inside the canvas
    outside = [n for n in geo["nodes"] if not (n[3] <= n[1] <= W - n[3] and n[3] <= n[2] <= H - n[3])]
    assert outside == []
    labels = geo["labels"]
    assert len(labels) >= 40                                     # the view names things, not just dots
    assert all(l["px"] >= 12 for l in labels)                    # readable at any zoom
    assert all(len(l["text"]) <= 12 for l in labels)              # long names shortened …
    assert any(l["text"].endswith("…") for l in labels)
    for x0, y0, x1, y1 in label_boxes(labels):                   # … and never cut by the canvas edge
        assert 0 <= x0 and x1 <= W + 2 and 0 <= y0 and y1 <= H
    # no two labels overlap (exact widths from the page's own measure)
    widths = browser.execute_script("""
        var c = document.createElement('canvas').getContext('2d');
        return kgView.labels().map(function (l) {
          c.font = (l.bold ? '600 ' : '') + l.px + 'px "WenQuanYi Zen Hei", sans-serif';
          return c.measureText(l.text).width; });""")
    boxes = [(l["x"], l["y"], l["x"] + w, l["y"] + l["px"]) for l, w in zip(labels, widths)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1), (a, b)
    # the hubs are named
    texts = {l["text"] for l in labels}
    assert {"黄石市", "西塞山区"} <= texts
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "view_1400x900.png"))
    assert severe_logs(browser) == []


def test_html_browser_whole_name_on_hover_and_when_chosen(browser, seed_page):
    open_page(browser, seed_page)
    long_one = browser.execute_script(
        "return kgView.data.nodes.filter(function (n) { return n.label.length > 12; })"
        ".sort(function (a, b) { return b.degree - a.degree; })[0]")
    tip = browser.execute_script(f"return kgView.nodes.get({long_one['id']!r}).title.textContent")
    assert long_one["label"] in tip
    box = browser.find_element("id", "kg-search")
    box.send_keys(long_one["label"])
    from selenium.webdriver.common.keys import Keys
    box.send_keys(Keys.ENTER)
    wait_for(browser, f"kgView.labels().some(function (l) {{ return l.text === {long_one['label']!r}; }})",
             "the chosen node's whole name")


def test_html_browser_small_graph_labels_are_readable(browser, tmp_path, viewport):
    viewport(1400, 900)
    graph = small_graph()
    page = tmp_path / "small.html"
    write_html(graph, page)
    open_page(browser, page)
    labels = browser.execute_script("return kgView.labels()")
    names = {str(o) for o in graph.objects(None, RDFS.label)}
    assert {l["text"] for l in labels} >= {n if len(n) <= 12 else n[:11] + "…" for n in names}
    assert min(l["px"] for l in labels) >= 12
    assert browser.execute_script("return kgView.network.getScale()") <= 1.5     # not blown up either
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "view_small.png"))


def small_graph():
    """Five entities: a district, a zone in it, a company investing in a project there, an event."""
    from rdflib import Graph, Namespace
    base = Namespace("https://w3id.org/zskg/id/")
    g = Graph()
    rows = [("district/420200", KG.District, "黄石市"), ("zone/a", KG.DevelopmentZone, "黄石经济技术开发区"),
            ("company/a", KG.Company, "湖北华达电子股份有限公司"), ("project/a", KG.Project, "华达电子新型显示模组生产基地项目"),
            ("event/a", KG.Event, "2024黄石招商推介会")]
    for local, cls, name in rows:
        g.add((base[local], RDF.type, cls))
        g.add((base[local], RDFS.label, Literal(name, lang="zh")))
    g.add((base["zone/a"], KG.partOf, base["district/420200"]))
    g.add((base["project/a"], KG.locatedIn, base["zone/a"]))
    g.add((base["project/a"], KG.investor, base["company/a"]))
    g.add((base["event/a"], KG.locatedIn, base["district/420200"]))
    return g


def test_html_browser_dates_are_iso(browser, seed_page):
    open_page(browser, seed_page)
    first, last = browser.execute_script(
        "var d = kgView.data.articles.map(function (a) { return a.date; }).sort(); return [d[0], d[d.length - 1]];")
    from_box = browser.find_element("id", "kg-from")
    assert from_box.get_attribute("type") == "text"                 # no browser date widget (mm/dd/yyyy)
    assert from_box.get_attribute("placeholder") == first
    assert browser.find_element("id", "kg-to").get_attribute("placeholder") == last
    options = browser.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#kg-dates option'), function (o) { return o.value; })")
    assert options == sorted(set(options)) and first in options
    assert all(len(o) == 10 and o[4] == "-" and o[7] == "-" for o in options)
    # a year, a month or a day, typed as ISO; anything else is marked and ignored
    total = visible_nodes(browser)
    from_box.send_keys(last[:4] + "9")       # a year after the last article: e.g. 20259
    from_box.send_keys("\t")
    assert "kg-bad" in from_box.get_attribute("class") and visible_nodes(browser) == total
    from_box.clear()
    from_box.send_keys(str(int(last[:4]) + 1) + "\t")
    assert visible_nodes(browser) == 0
    from_box.clear()
    from_box.send_keys(first[:7] + "\t")
    assert "kg-bad" not in from_box.get_attribute("class")
    assert visible_nodes(browser) > 0
    browser.find_element("id", "kg-reset").click()


def test_html_browser_export_png_and_svg_of_the_view(browser, seed_page):
    from xml.etree import ElementTree

    open_page(browser, seed_page)
    png = browser.execute_script("return kgView.exportPNG()")
    assert png.startswith("data:image/png;base64,") and len(png) > 50_000
    svg = browser.execute_script("return kgView.exportSVG()")
    root = ElementTree.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    texts = [t.text for t in root.iter(f"{ns}text")]
    assert texts == [l["text"] for l in browser.execute_script("return kgView.labels()")]
    shapes = sum(1 for tag in ("circle", "rect", "polygon") for _ in root.iter(f"{ns}{tag}")) - 1   # less the background
    assert shapes == len(browser.execute_script("return kgView.data.nodes"))
    assert len(list(root.iter(f"{ns}line"))) == browser.execute_script("return kgView.data.edges.length")
    # the buttons download without an error
    browser.find_element("id", "kg-export-png").click()
    browser.find_element("id", "kg-export-svg").click()
    assert severe_logs(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "seed_view_export.svg").write_text(svg, encoding="utf-8")


def test_html_browser_minimap_moves_the_view(browser, tmp_path, viewport):
    """A large graph: an overview in the corner; a click there moves the view."""
    from selenium.webdriver.common.action_chains import ActionChains

    from bench.html_render import synthetic_graph

    viewport(1400, 900)
    page = tmp_path / "large.html"
    write_html(synthetic_graph(800), page)
    open_page(browser, page)
    mini = browser.find_element("id", "kg-minimap")
    assert mini.is_displayed() and mini.size["width"] >= 150
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "view_large_800.png"))
    browser.execute_script("kgView.network.moveTo({ scale: 1.2 })")
    before = browser.execute_script("return kgView.network.getViewPosition()")
    ActionChains(browser).move_to_element_with_offset(mini, -mini.size["width"] // 2 + 15,
                                                      -mini.size["height"] // 2 + 15).click().perform()
    after = browser.execute_script("return kgView.network.getViewPosition()")
    assert abs(after["x"] - before["x"]) + abs(after["y"] - before["y"]) > 100
    assert severe_logs(browser) == []


def test_html_browser_zoomed_hub_names_its_ring_of_leaves(browser, seed_page, viewport):
    """Zoomed in on the largest hub, the leaves on its rings are named, not hidden under it."""
    viewport(1400, 900)
    open_page(browser, seed_page)
    hub = browser.execute_script("""
        var hub = kgView.data.nodes.slice().sort(function (a, b) { return b.degree - a.degree; })[0];
        kgView.network.moveTo({ position: { x: hub.x, y: hub.y }, scale: 1.1 });
        return hub;""")
    wait_for(browser, "kgView.network.getScale() > 1.09", "the zoom")
    browser.execute_script("kgView.network.redraw()")
    geo = browser.execute_script(GEOMETRY)
    W, H = geo["W"], geo["H"]
    on_screen = [n for n in geo["nodes"] if 0 <= n[1] <= W and 0 <= n[2] <= H]
    labels = geo["labels"]
    assert hub["label"] in {l["text"] for l in labels}
    assert len(labels) >= 0.7 * len(on_screen) > 40
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "view_hub_zoom.png"))
