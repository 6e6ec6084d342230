"""Project names by structure (kg.extract.projects): kinds and descriptions are no names,
names cut short are made whole. Each row is a sentence written for the test."""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources

P = "Project"


@pytest.fixture(scope="module")
def res():
    return load_resources()


def projects(make_article, res, sentence, tag="江苏招商"):
    ex = extract_article(make_article(sentence, tag=tag), res)
    return {m.name for m in ex.mentions if m.type == P}


NOT_PROJECTS = [
    pytest.param("今年全市新签约亿元以上制造业项目52个。", ["亿元以上制造业项目", "制造业项目"],
                 id="amount-threshold-is-a-kind"),
    pytest.param("生物医药、高端装备等领域项目加快落地。", ["生物医药", "高端装备"],
                 id="items-before-a-field-word-are-fields"),
    pytest.param("全县这批项目总投资80亿元。", ["这批项目"], id="a-demonstrative-is-no-name"),
    pytest.param("今年引进现代服务业项目12个。", ["现代服务业项目"], id="a-sector-without-a-name-is-a-kind"),
    pytest.param("力争引进过百亿元项目。", ["过百亿元项目"], id="an-amount-in-chinese-numerals-is-a-kind"),
    pytest.param("坚持以大项目带动大产业。", ["以大项目"], id="a-preposition-and-a-modifier-are-no-name"),
    pytest.param("目前,恒远、瑞丰等电池项目已经落地。", ["电池项目"], id="the-kind-after-a-list-is-no-name"),
    pytest.param("推进岸线绿化、绿色码头创建和水生态治理工程。", ["绿色码头"], id="a-quality-and-a-facility-are-a-title"),
    pytest.param("县委书记王明宣布项目开工。", ["县委书记王明宣布项目", "王明宣布项目"], id="a-verbs-object-is-no-name"),
    pytest.param("由恒远公司投资建设的厂房已经完工。", ["厂房"], id="what-a-firm-builds-needs-a-name"),
    pytest.param("29日上午,滨江新港开港仪式在滨江港区码头举行。", ["滨江港区码头"], id="a-wharf-where-an-event-is-held-is-a-venue"),
    pytest.param("已建成的一期工程共有泊位9个,投资10亿元的二期工程正在建设。", ["二期工程"], id="a-bare-phase-is-no-name"),
    pytest.param("这是恒远集团在西南地区布局的首个测试中心。", ["的首个测试中心", "首个测试中心"],
                 id="what-a-firm-lays-out-needs-a-name"),
    pytest.param("全年累计引进外资项目120个。", ["引进外资项目"], id="a-verb-and-a-generic-word-are-no-name"),
    pytest.param("全力推进经开区项目建设。", ["经开区项目"], id="a-zones-projects-are-no-name"),
    pytest.param("其中5—20亿元项目18个，总投资96亿元。", ["5—20亿元项目"], id="amount-range-is-a-kind"),
    pytest.param("该园区是苏北迄今最大的民营纺织项目，占地300亩。", ["民营纺织项目", "纺织项目"],
                 id="superlative-before-de-makes-a-description"),
    pytest.param("这一工厂成为我省化纤行业首个外商独资项目。", ["化纤行业首个外商独资项目"],
                 id="ordinal-in-the-stem-is-a-description"),
    pytest.param("瑞金高铁吉安段、吉泰高速、昌九高速永修段开工建设。", ["吉泰高速永修段"],
                 id="a-road-keeps-its-own-name"),
    pytest.param("这是自两年前恒远新能源电机项目落户后又一个项目。", ["自两年前恒远新能源电机项目", "两年前恒远新能源电机项目"],
                 id="a-time-phrase-starts-no-name"),
    pytest.param("今年重大基础设施和功能性项目开工体量创新高。", ["功能性项目"], id="an-attribute-is-a-kind"),
    pytest.param("全县上下要抓好三季度项目攻坚。", ["抓好三季度项目", "好三季度项目"], id="a-one-character-verb-opens-no-name"),
    pytest.param("今年新赛道项目加快落地。", ["新赛道项目"], id="an-adjective-and-a-common-noun-are-a-kind"),
    pytest.param("力争引进更多平湖市高质量制造业项目。", ["平湖市高质量制造业项目"], id="a-place-and-a-sector-are-a-kind"),
    pytest.param("稳定生猪养殖规模,抓好“米袋子”工程。", ["“米袋子”工程", "米袋子"], id="a-quoted-programme-is-no-project"),
    pytest.param("在江苏省第五期“三个一批”项目建设活动中,恒远项目开工。", ["江苏省第五期", "“三个一批”项目", "三个一批"],
                 id="an-edition-and-a-counted-campaign-are-no-names"),
]

PROJECTS = [
    pytest.param("投资额最大的盐城恒泰光学膜项目今天开工。", "盐城恒泰光学膜项目",
                 id="a-proper-name-stays-a-name-when-praised"),
    pytest.param("3.浙江恒远精密机械股份有限公司年产20万套新能源汽车减速器生产项目，落户经开区。",
                 "浙江恒远精密机械股份有限公司年产20万套新能源汽车减速器生产项目",
                 id="a-long-name-takes-its-company-whole"),
    pytest.param("碳化硅衬底、柔性显示等3个新材料领域项目集中签约。", "碳化硅衬底",
                 id="a-count-before-a-field-word-counts-projects"),
    pytest.param("金陵化工在建成丁二酸、己二胺项目后，继续扩产。", "丁二酸项目",
                 id="a-list-item-takes-the-last-items-ending"),
    pytest.param("推动沙洲一、沙洲二光伏电站项目早日并网。", "沙洲一光伏电站项目",
                 id="a-numbered-series-shares-the-head"),
    pytest.param("5.恒瑞光电显示面板&触控模组制造项目，落户高新区。", "恒瑞光电显示面板&触控模组制造项目",
                 id="an-ampersand-joins-one-name"),
    pytest.param("江阴重工集团高端船用曲轴生产基地扩建项目开工建设。", "江阴重工集团高端船用曲轴生产基地扩建项目",
                 id="an-extension-is-inside-the-name"),
    pytest.param("3月,博格华纳(BorgWarner)天津新能源电驱动系统基地扩建项目开工。",
                 "博格华纳(BorgWarner)天津新能源电驱动系统基地扩建项目", id="a-bracket-cut-by-length-is-made-whole"),
    pytest.param("南沿高铁丰城段、赣抚高速建成通车。", "赣抚高速", id="a-list-of-railways-and-motorways-in-a-building-clause"),
    pytest.param("瑞金高铁吉安段、吉泰高速、昌九高速永修段开工建设。", "吉泰高速",
                 id="a-road-does-not-take-another-roads-section"),
    pytest.param("恒泰铝业项目总投资12亿元，今年开工。", "恒泰铝业项目", id="a-firm-named-for-its-sector-is-a-name"),
    pytest.param("园区东至滨湖大道，厂房一旁恒远机械配件加工项目正在建设。", "恒远机械配件加工项目",
                 id="a-place-beside-leads-to-the-name"),
    pytest.param("本次签约体量最大的是淮安东湖水岸综合体项目。", "淮安东湖水岸综合体项目",
                 id="superlative-as-subject-leaves-the-name"),
    pytest.param("来自日本ABC公司的柔性透明OLED项目总投资20亿元。", "柔性透明OLED项目",
                 id="an-adjective-before-a-latin-product-word-stays-in-the-name"),
    pytest.param("对外联络道路中,省道S205项目完成设计招标。", "省道S205项目", id="a-provincial-road-is-not-the-home-provinces"),
    pytest.param("3月,恒远电池滨江基地三期、四期项目在滨江区开工。", "恒远电池滨江基地三期、四期项目",
                 id="a-list-of-phases-after-the-name"),
    pytest.param("恒远集团拟投30亿元,在滨湖新区建设亚洲智慧医疗医学中心。", "亚洲智慧医疗医学中心",
                 id="a-centre-being-built-by-a-firm"),
    pytest.param("当天开工的项目中,滨江综合保税区项目总投资10亿元。", "滨江综合保税区项目",
                 id="building-a-named-zone-is-a-project"),
    pytest.param("滨江跨境电商产业园由江苏恒远集团开发。产业园一期工程于去年开工。", "滨江跨境电商产业园一期工程",
                 id="a-head-and-a-phase-are-the-phase-of-the-facility-named-before"),
    pytest.param("恒远集团将在滨湖投资60亿元建设滨湖国际生态城;", "滨湖国际生态城", id="what-an-investing-clause-builds"),
    pytest.param("恒远储能有限公司将在滨江高新区布局储能技术与智慧能源研发制造中心，计划投资30亿元。",
                 "储能技术与智慧能源研发制造中心", id="what-a-firm-lays-out"),
    pytest.param("瑞丰汽车滨海超级工厂今年开工建设。", "瑞丰汽车滨海超级工厂", id="a-gigafactory-being-built"),
    pytest.param("滨江作业区散货码头由恒远港务公司投资建设。", "滨江作业区散货码头", id="a-wharf-being-built"),
    pytest.param("恒远集团将建设恒远滨江通航工业园项目。", "恒远滨江通航工业园项目", id="a-park-before-xiangmu-is-a-project"),
    pytest.param("目前,恒远、瑞丰等电池项目已经落地。", "瑞丰电池项目", id="a-list-item-is-a-project-of-the-kind-after-it"),
    pytest.param("本届博览会引进的重点项目——恒达智慧物流产业园项目今天开工。", "恒达智慧物流产业园项目",
                 id="a-dash-sets-the-name-off"),
    pytest.param("开工的瑞丰电机控制器及线束研发、生产、销售项目投资6亿元。", "瑞丰电机控制器及线束研发、生产、销售项目",
                 id="a-list-of-what-the-plant-does-is-inside-the-name"),
    pytest.param("签约的恒远智能仓储设备研发与生产基地项目总投资3亿元。", "恒远智能仓储设备研发与生产基地项目",
                 id="research-and-production-joined-by-yu"),
    pytest.param("开工的恒远新能源年产5万台电机、3万套电控系统生产项目总投资9亿元。",
                 "恒远新能源年产5万台电机、3万套电控系统生产项目", id="a-list-of-capacities-is-inside-the-name"),
    pytest.param("12.瑞丰年产500万平方米PET(聚酯薄膜)、年产3万吨隔膜材料项目,落户滨江区,总投资20亿元。",
                 "瑞丰年产500万平方米PET(聚酯薄膜)、年产3万吨隔膜材料项目",
                 id="capacities-each-with-its-prefix-and-a-bracket-are-inside-the-name"),
    pytest.param("园区同步建设隋唐大道排水渠等配套工程,水电全部到位。", "隋唐大道排水渠",
                 id="a-time-word-naming-a-road-is-the-roads"),
    pytest.param("滨江新城南北贯穿路地面段工程已经开工。", "滨江新城南北贯穿路地面段工程",
                 id="a-verb-naming-a-road-is-the-roads"),
    pytest.param("沪渝高铁荆门段、沿江高铁宜荆段开工建设。", "沿江高铁宜荆段",
                 id="a-railway-list-item-keeps-the-word-before-its-head"),
    pytest.param("这是继一年前恒远新能源汽车核心部件项目落户后又一项目。", "恒远新能源汽车核心部件项目",
                 id="the-name-starts-after-a-time-phrase"),
    pytest.param("福建恒远水泥综合利用及处置危废项目(一期)开工建设。", "福建恒远水泥综合利用及处置危废项目(一期)",
                 id="a-bracketed-phase-and-a-disposal-verb-are-the-names"),
    pytest.param("城建项目则有“滨湖壹号”项目、新港物流园区路网完善工程。", "“滨湖壹号”项目", id="a-quoted-name-before-xiangmu"),
    pytest.param("“两馆一中心”等民生工程要从严监管。", "两馆一中心", id="a-quoted-name-typed-by-the-head-after-deng"),
    pytest.param("签约的华远·凤凰科技城和汉宜临空产业园两个项目投资均超百亿元。", "汉宜临空产业园",
                 id="a-joining-word-fused-into-an-unknown-word-ends-the-name-before"),
    pytest.param("其中跨宜昌北编组站大桥主体完工。", "跨宜昌北编组站大桥", id="a-bridge-keeps-what-it-crosses"),
    pytest.param("市民期盼已久的五一大桥提前通车。", "五一大桥", id="a-bridge-named-by-a-date-that-opens-to-traffic"),
]


@pytest.mark.parametrize("sentence, names", NOT_PROJECTS)
def test_projects_kinds_are_not_names(make_article, res, sentence, names):
    found = projects(make_article, res, sentence) & set(names)
    assert not found


@pytest.mark.parametrize("sentence, name", PROJECTS)
def test_projects_names_kept(make_article, res, sentence, name):
    assert name in projects(make_article, res, sentence)


def test_projects_a_name_opening_the_title_is_kept(make_article, res):
    article = make_article("仪式在县经开区举行。", tag="江苏招商", title="恒达智能装备产业园项目开工 总投资8亿元")
    assert "恒达智能装备产业园项目" in {m.name for m in extract_article(article, res).mentions if m.type == P}
