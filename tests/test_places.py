"""Tests for where things are: locatedIn and the zones and towns the text names.

Rules are those of ../shared/eval/GUIDELINES.md (locatedIn: the most specific place
the text gives). Sentences are new and invented; each case names the mechanism
it checks (kg.extract.facts, kg.extract.districts).
"""
from __future__ import annotations

import pytest

from kg.extract import extract_article, load_resources


@pytest.fixture(scope="module")
def res():
    return load_resources()


def located(ex) -> set[tuple[str, str]]:
    """(subject name, place name) of every locatedIn fact."""
    return {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "locatedIn"}


def places_of(ex, name: str) -> set[str]:
    return {p for s, p in located(ex) if s == name}


def districts(ex) -> set[str]:
    return {m.name for m in ex.mentions if m.type == "District"}


# --- the place of one company or project: (tag, title, text, name, its places) ---------

PLACED = [
    # companies: an investor is not placed where its project is
    pytest.param("咸宁招商", "测试", "凯泽机械集团计划投资8亿元,建设高端轴承生产基地。", "凯泽机械集团", set(),
                 id="company-investing-before-its-project-no-home"),
    pytest.param("荆门招商", "测试", "宏运精工股份有限公司等一批龙头企业持续壮大,营业收入再创新高。",
                 "宏运精工股份有限公司", {"荆门市"}, id="local-company-placed-at-home"),
    # projects: the place an earlier clause of the sentence acts in
    pytest.param("仙桃招商", "测试", "该公司将在仙桃市彭场镇投资6亿元,建设无纺布新材料项目。",
                 "无纺布新材料项目", {"彭场镇"}, id="project-in-the-earlier-clauses-place"),
    # companies named after a place that is not a site
    pytest.param("阳新新闻", "测试", "阳新经开区已集聚湖北恒瑞精工有限公司、深圳华光电子有限公司等一批企业。",
                 "湖北恒瑞精工有限公司", {"阳新经开区"}, id="firm-named-elsewhere-settled-by-its-clause-1"),
    pytest.param("阳新新闻", "测试", "阳新经开区已集聚湖北恒瑞精工有限公司、深圳华光电子有限公司等一批企业。",
                 "深圳华光电子有限公司", {"阳新经开区"}, id="firm-named-elsewhere-settled-by-its-clause-2"),
    pytest.param("阳新新闻", "测试", "深圳华光电子有限公司负责人表示,企业订单已排到明年。",
                 "深圳华光电子有限公司", set(), id="firm-named-elsewhere-no-home"),
    # the park is what the firm builds (由), the district a partner beside it (、)
    pytest.param("下陆区招商", "测试", "黄石光谷南产业园由下陆区、湖北瑞丰置业有限公司合作开发,一期已经开园。",
                 "湖北瑞丰置业有限公司", set(), id="place-listed-beside-a-firm-not-its-place"),
    # the place a sentence is about: a topic after a dateline and across a semicolon
    pytest.param("阳新新闻", "测试", "本网讯(通讯员 王明)9日,在阳新县枫林镇,园区道路正抓紧施工;恒达精密铸件项目的厂房"
                 "已经立起,一旁的华宇纺织项目正在安装设备。", "恒达精密铸件项目", {"枫林镇"},
                 id="topic-after-a-dateline-1"),
    pytest.param("阳新新闻", "测试", "本网讯(通讯员 王明)9日,在阳新县枫林镇,园区道路正抓紧施工;恒达精密铸件项目的厂房"
                 "已经立起,一旁的华宇纺织项目正在安装设备。", "华宇纺织项目", {"枫林镇"},
                 id="topic-across-a-semicolon-2"),
    pytest.param("黄石招商", "测试", "备受关注的华宇客服中心项目也在当天签约。该项目落户铁山区,二期将进驻演艺中心。",
                 "华宇客服中心项目", {"铁山区"}, id="next-sentence-settles-it"),
    # a park the title says is being built is not the article's place
    pytest.param("鄂州招商", "鄂州临空商务产业园落子花湖之畔", "当天开工的华宇精密铸件项目总投资5亿元。",
                 "华宇精密铸件项目", {"鄂州市"}, id="park-being-built-in-title-not-the-place"),
    pytest.param("咸宁招商", "测试", "华宇总部基地项目位于咸宁梓山湖核心区,总投资12亿元。",
                 "华宇总部基地项目", {"咸宁梓山湖核心区"}, id="core-area-named-after-a-place"),
    # zones written alone (高新区, 园区) and firms settling in them
    pytest.param("咸宁招商", "测试", "1至11月,咸宁高新区完成工业总产值300亿元。华光电子、恒瑞精工等企业相继落户高新区,"
                 "产业规模不断扩大。", "华光电子", {"咸宁高新区"}, id="firms-settling-in-a-bare-zone-1"),
    pytest.param("咸宁招商", "测试", "1至11月,咸宁高新区完成工业总产值300亿元。华光电子、恒瑞精工等企业相继落户高新区,"
                 "产业规模不断扩大。", "恒瑞精工", {"咸宁高新区"}, id="firms-settling-in-a-bare-zone-2"),
    pytest.param("咸宁招商", "测试", "咸宁临空跨境电商产业园去年开园。园区还招引了华光贸易、恒瑞供应链等一批重点企业。",
                 "华光贸易", {"咸宁临空跨境电商产业园"}, id="bare-park-is-the-park-named-before"),
    pytest.param("咸宁招商", "测试", "咸宁高新区今年引进项目30个。华光电子的光模块项目落户高新区,总投资5亿元。",
                 "光模块项目", {"咸宁高新区"}, id="project-settling-in-a-bare-zone"),
    # a place the text gives one mention overrides the context of another
    pytest.param("咸宁招商", "测试", "当天,旗鼓大道北延段建成通车,咸宁高新区一批重大项目集中开工。旗鼓大道北延总投资8亿元,"
                 "位于咸安区横沟桥镇,全长约3公里。", "旗鼓大道北延", {"横沟桥镇"}, id="text-place-overrides-context"),
    # 富锦 is the short name of a county-level city in 黑龙江: in a 湖北 article, a brand
    pytest.param("阳新新闻", "测试", "五年来,富锦精工股份有限公司等8家企业被认定为省级隐形冠军。",
                 "富锦精工股份有限公司", {"阳新县"}, id="far-countys-short-name-is-a-local-firm"),
    pytest.param("咸宁招商", "测试", "2024咸宁高新区重点项目集中开工活动举行。当天开工的华宇精密铸件项目、恒达新材料项目等8个项目总投资20亿元。",
                 "华宇精密铸件项目", {"咸宁高新区"}, id="projects-of-the-occasion-where-it-is-held"),
    pytest.param("咸宁招商", "测试", "咸宁市2024年招商推介会在深圳举行。当天签约的华宇精密铸件项目、恒达新材料项目等8个项目总投资20亿元。",
                 "华宇精密铸件项目", {"咸宁市"}, id="projects-signed-at-a-fair-elsewhere-at-home"),
    pytest.param("咸宁招商", "测试", "咸宁高新区当天开工的项目中,华宇保税仓项目总投资10亿元。它由已运营的物流中心升级而来。"
                 "恒达铁路专用线工程也在当天开工,总投资9亿元。 咸宁市今年计划新开工项目300个。",
                 "恒达铁路专用线工程", {"咸宁高新区"}, id="zone-the-paragraph-opens-with"),
    pytest.param("咸宁招商", "测试", "作为项目承建方,中建华宇建设有限公司负责人表示,将高标准推进项目建设。",
                 "中建华宇建设有限公司", set(), id="contractor-not-placed-where-it-builds"),
    pytest.param("咸宁招商", "测试", "引导华宇重工、恒达模具等企业与高校合作建立产学研协作关系。",
                 "恒达模具", {"咸宁市"}, id="local-firms-working-with-others-stay-placed"),
    pytest.param("咸宁招商", "测试", "华宇总部经济产业园项目被视为转型升级的关键抓手。产业园位于咸安区横沟桥镇,占地约84亩。",
                 "华宇总部经济产业园项目", {"横沟桥镇"}, id="next-sentence-opening-with-its-head-noun"),
    pytest.param("咸宁招商", "测试", "咸宁梓山湖新区今年开工项目30个。 全市经济运行稳中向好。梓山湖大道东延当天建成通车,全长3公里。",
                 "梓山湖大道东延", {"咸宁梓山湖新区"}, id="named-with-a-zones-own-word"),
    # the place after 在 in the project's own clause (A项目在X开工), also for a list of projects
    pytest.param("咸宁招商", "测试", "3月5日,华宇精密铸件项目在咸安区横沟桥镇开工,总投资5亿元。",
                 "华宇精密铸件项目", {"横沟桥镇"}, id="project-acting-in-the-place-after-zai"),
    pytest.param("咸宁招商", "测试", "恒达新材料项目、华宇纺织项目等3个项目相继在咸安区开工。",
                 "恒达新材料项目", {"咸安区"}, id="listed-projects-acting-in-the-place-after-zai"),
    pytest.param("咸宁招商", "测试", "华宇纺织项目的厂房在咸安区建成。",
                 "华宇纺织项目", {"咸宁市"}, id="place-of-something-of-the-project-not-its-own"),
    # the place an earlier clause acts in covers every project named after it (not one before it)
    pytest.param("咸宁招商", "测试", "7月8日,客商走进咸安区,在咸宁高新区洽谈合作,现场敲定华宇研发中心、恒达精密铸件项目等5个项目。",
                 "恒达精密铸件项目", {"咸宁高新区"}, id="earlier-clauses-place-covers-a-list-after-it"),
    # an event held at a place written inside a longer name (在咸安区X项目建设现场举行), unless
    # the event's own name gives a place under it
    pytest.param("咸宁招商", "测试", "11月4日,2024年四季度咸宁市重大项目集中开工活动在咸安区华宇精密铸件项目建设现场举行。",
                 "2024年四季度咸宁市重大项目集中开工活动", {"咸安区"}, id="event-held-at-a-place-inside-a-name"),
    pytest.param("咸宁招商", "测试", "一个多月前,咸安区2022年下半年重点项目集中开工仪式已在咸宁华宇冷链物流园项目现场举行。",
                 "咸安区2022年下半年重点项目集中开工仪式", {"咸安区"}, id="event-own-name-more-specific-than-venue"),
    # a place under the one a project's name gives, where its sentence sets it (拟在X镇建设)
    pytest.param("黄石招商", "测试", "投资额最大的阳新华宇抽水蓄能电站项目，由华宇集团投资20亿元，拟在阳新县富池镇盘溪村建设。",
                 "阳新华宇抽水蓄能电站项目", {"富池镇"}, id="finer-site-under-the-names-place"),
    pytest.param("黄石招商", "测试", "阳新华宇抽水蓄能电站项目带动富池镇发展。",
                 "阳新华宇抽水蓄能电站项目", {"阳新县"}, id="town-named-after-it-not-its-site"),
    pytest.param("咸宁招商", "测试", "昨天上午,咸宁市2022年三季度重点项目集中开工活动以视频连线的形式举行。"
                 "主会场选在咸宁高新区内的华宇智能制造基地项目现场。", "咸宁市2022年三季度重点项目集中开工活动",
                 {"咸宁高新区"}, id="event-held-where-its-main-venue-is-set"),
    # an event named from its context (咸宁市举办…活动, 全省…活动): the division its name starts with
    pytest.param("咸宁招商", "测试", "8月12日,2022年三季度全省重大项目开工动员活动举行。",
                 "湖北省2022年三季度全省重大项目开工动员活动", {"湖北省"}, id="event-named-for-the-province-held-there"),
    # a branch venue named in an event's name (…产业周阳新分会场): held there
    pytest.param("黄石招商", "测试", "16日,第五届湖北·黄石产业周阳新分会场传出消息:全县当天集中签约15个项目。",
                 "第五届湖北·黄石产业周阳新分会场", {"阳新县"}, id="event-held-at-its-branch-venues-place"),
    pytest.param("咸宁招商", "测试", "2024年咸安区重点项目集中开工活动举行。当天开工的华宇精密铸件项目、恒达新材料项目等8个项目总投资20亿元。",
                 "华宇精密铸件项目", {"咸安区"}, id="projects-of-the-occasion-held-in-a-county-under-home"),
    pytest.param("咸宁招商", "测试", "各县市区都有项目参与,咸宁高新区同样有28个项目参加。一个月前,咸安区2022年下半年重点项目集中开工仪式"
                 "已在华宇物流园现场举行,当天开工的32个项目合计总投资342亿元,华宇精密铸件项目、恒达新材料项目等位列其中。",
                 "华宇精密铸件项目", {"咸安区"}, id="occasion-in-its-sentence-outranks-the-sentence-before"),
    pytest.param("咸宁招商", "测试", "2024咸宁高新区重点项目集中开工活动举行。当天共有16个项目参加活动,其中华宇项目等一批项目集中开工;"
                 "恒达微电子项目、华光智能项目等7个项目同步开业。", "恒达微电子项目", {"咸宁高新区"},
                 id="occasion-tie-reaches-across-a-semicolon"),
    # the occasion the article's first sentence holds in a zone it names: every project after it
    pytest.param("咸宁招商", "测试", "长江日报讯 17日,2024年咸宁市重大项目集中开工活动在咸宁高新区举行。全市当天共有43个项目集中开工。 "
                 "投资50亿元的华宇精密铸件项目则深耕光通信产业链。", "华宇精密铸件项目", {"咸宁高新区"},
                 id="projects-of-the-lead-occasion-where-it-is-held"),
    pytest.param("咸宁招商", "测试", "本报讯 26日上午,咸宁高新区彩旗飘扬,咸宁市2024年第二批重大项目集中开工仪式在此举行。"
                 "全市当天共有43个项目集中开工。 投资50亿元的华宇精密铸件项目则深耕光通信产业链。", "华宇精密铸件项目",
                 {"咸宁市"}, id="lead-occasion-held-zaici-is-its-site-only"),
    # a firm's own clause: 在X投产 makes it a firm of X, 在X投资 an investor from elsewhere
    pytest.param("咸宁招商", "测试", "华光电子、恒瑞精工等关键零部件企业也已在咸宁高新区投产配套。",
                 "华光电子", {"咸宁高新区"}, id="firms-producing-in-a-place-lie-there"),
    pytest.param("咸宁招商", "测试", "华宇集团将在咸安区投资85亿元建设华宇国际生态城。",
                 "华宇集团", set(), id="firm-investing-in-a-place-is-from-elsewhere"),
    pytest.param("咸宁招商", "测试", "华宇欢乐海洋公园项目同样备受关注。这个总投资约20亿元的项目由华宇集团、恒达公司两家联合出资，"
                 "落户咸宁梓山湖新区，用地约450亩。", "华宇欢乐海洋公园项目", {"咸宁梓山湖新区"},
                 id="next-sentence-opening-with-the-project-as-an-anaphor"),
    pytest.param("咸宁招商", "测试", "2024年6月,华宇研究院项目在咸宁高新区内的西部产业园进入试投产阶段。",
                 "华宇研究院项目", {"西部产业园"}, id="park-inside-a-zone-is-the-more-specific"),
    pytest.param("咸宁招商", "测试", "走进咸宁高新区华宇汽车咸宁工厂，全新车型技改项目正在加紧施工。",
                 "全新车型技改项目", {"咸宁高新区"}, id="scene-the-report-enters-places-the-project"),
    pytest.param("咸宁招商", "测试", "3月5日,咸宁经开区通航产业园内鞭炮声声,华宇动力电池基地项目主厂房宣布封顶。",
                 "华宇动力电池基地项目", {"咸宁经开区通航产业园"}, id="sentence-set-inside-a-park"),
    # a zone's committee signing a project: the zone it governs
    pytest.param("咸宁招商", "测试", "咸宁高新区管委会与华宇集团签约的精密铸件项目总投资5亿元。",
                 "精密铸件项目", {"咸宁高新区"}, id="project-signed-by-a-zones-committee"),
]


@pytest.mark.parametrize("tag, title, text, name, places", PLACED)
def test_places_of(make_article, res, tag, title, text, name, places):
    ex = extract_article(make_article(text, tag=tag, title=title), res)
    assert places_of(ex, name) == places


# --- a place that is not where something lies: (tag, text, name, place) ------------------

NOT_PLACED = [
    pytest.param("宜昌招商", "甲醇制烯烃项目在宜都化工园,聚酰胺新材料项目在枝江市姚家港化工园加快推进。",
                 "聚酰胺新材料项目", "宜都化工园", id="earlier-clause-place-belongs-to-the-project-before-it"),
    pytest.param("仙桃招商", "仙桃飞鹰坝产业园加速推进,无纺布新材料项目完成主体施工。",
                 "无纺布新材料项目", "仙桃飞鹰坝产业园", id="park-opening-a-sentence-no-topic-without-zai"),
    pytest.param("孝感招商", "今年以来,汉川将承接一批建材企业;大悟县的恒达精密铸件项目加速推进,华宇纺织项目有望投产。",
                 "华宇纺织项目", "汉川市", id="subject-of-one-part-not-the-next-parts"),
    pytest.param("咸宁招商", "咸宁高新区今年引进项目30个。恒瑞精工股份有限公司投资5亿元落户高新区。",
                 "恒瑞精工股份有限公司", "咸宁高新区", id="firm-investing-before-a-site-verb"),
    pytest.param("咸宁招商", "1月10日,咸宁市集中签约活动举行,华宇锂电池项目、恒达电解液项目、咸安汽车新材产业园等15个项目"
                 "分落9个县(市、区)。", "华宇锂电池项目", "咸安汽车新材产业园", id="park-listed-among-projects-not-their-place"),
    pytest.param("咸宁招商", "咸宁高新区当天开工的项目中,咸宁综合保税区项目总投资10亿元,占地约1平方公里。",
                 "咸宁综合保税区项目", "咸宁综合保税区", id="project-building-a-zone-not-in-it"),
]


@pytest.mark.parametrize("tag, text, name, place", NOT_PLACED)
def test_place_is_not_where_it_lies(make_article, res, tag, text, name, place):
    ex = extract_article(make_article(text, tag=tag), res)
    assert place not in places_of(ex, name)


# --- zones the text names: (tag, text, zone) --------------------------------------------

ZONES = [
    # parks anchored by a direction word or by the zone they are named with
    pytest.param("襄阳招商", "新项目落户西部产业园,主要生产汽车零部件。", "西部产业园", id="park-named-by-a-direction"),
    pytest.param("荆门招商", "参观了荆门高新区智能制造产业园。", "荆门高新区智能制造产业园",
                 id="generic-stem-park-named-with-its-zone"),
    pytest.param("南通招商", "通州湾江海联动开发示范区今年新开工项目20个。今年以来示范区已有9个亿元项目落户。",
                 "通州湾江海联动开发示范区", id="demonstration-zone-named-after-a-place"),
    pytest.param("咸宁招商", "华宇客服中心一期早已在云栖新经济产业园运营,二期将进驻演艺中心。", "云栖新经济产业园",
                 id="park-something-runs-in-whatever-its-stem"),
    pytest.param("咸宁招商", "华宇总部基地项目位于咸宁梓山湖核心区,总投资12亿元。", "咸宁梓山湖核心区",
                 id="core-area-named-after-a-place"),
]


@pytest.mark.parametrize("tag, text, zone", ZONES)
def test_zone_found(make_article, res, tag, text, zone):
    ex = extract_article(make_article(text, tag=tag), res)
    assert zone in districts(ex)


def test_company_that_invests_gets_no_home_place(make_article, res):
    text = "荆门华瑞新能源产业园项目由恒远动力科技有限公司投资建设,计划总投资12亿元。"
    ex = extract_article(make_article(text, tag="荆门招商"), res)
    assert any(m.name == "恒远动力科技有限公司" for m in ex.mentions)
    assert places_of(ex, "恒远动力科技有限公司") == set()


# --- towns: a town's full name shared with towns elsewhere --------------------------

def test_town_full_name_shared_elsewhere_found_near_its_county(make_article, res):
    # 新仓镇 is the name of towns in two provinces: 平湖市 decides, and the town is found
    ex = extract_article(make_article("我们将在平湖市新仓镇投资建设新材料项目。", tag="嘉兴招商"), res)
    codes = {m.name: m.code for m in ex.mentions if m.type == "District"}
    assert codes.get("新仓镇") == "330482103"


def test_town_full_name_found_near_the_home_city(make_article, res):
    # 宋家镇: three towns of that name, one under 宜宾 (the article's home)
    ex = extract_article(make_article("小镇位于宋家镇,规划面积4平方公里。", tag="宜宾招商"), res)
    codes = {m.name: m.code for m in ex.mentions if m.type == "District"}
    assert codes.get("宋家镇", "").startswith("5115")


def test_town_full_name_found_where_jieba_joins_its_level_to_the_next_word(make_article, res):
    # 毛李|镇长|岭村: the town's name ends at 镇 though jieba's word runs on (镇长)
    ex = extract_article(make_article("项目选在沙洋县毛李镇长岭村建设。", tag="荆门招商"), res)
    assert "毛李镇" in districts(ex)


# --- zones: parks named with the zone they lie in -----------------------------------------

def test_park_written_after_its_zone_is_one_zone_part_of_it(make_article, res):
    text = "储能电池项目布局在荆门高新区飞鹰坝园区,总投资5亿元。"
    ex = extract_article(make_article(text, tag="荆门招商"), res)
    assert "荆门高新区飞鹰坝园区" in districts(ex)
    part_of = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "partOf"}
    assert ("荆门高新区飞鹰坝园区", "荆门高新区") in part_of
    assert ("荆门高新区", "荆门市") in part_of          # the zone it is named with lies in its place


@pytest.mark.parametrize("text, zone, town", [
    # a zone named with a town's short name (漳河镇 is a town of 荆门) is not in that town
    ("在漳河经济开发区,今年新签约光电项目3个,总投资20亿元。", "漳河经济开发区", "漳河镇"),
    ("牌楼工业园区今年新签约光电项目3个。", "牌楼工业园区", "牌楼镇"),
])
def test_zone_named_with_a_towns_short_name_is_not_in_that_town(make_article, res, text, zone, town):
    ex = extract_article(make_article(text, tag="荆门招商"), res)
    assert zone in districts(ex)
    part_of = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "partOf"}
    assert (zone, town) not in part_of and town not in {o for _, o in part_of}
    assert (zone, "荆门市") in part_of                 # the home place instead


def test_zone_named_with_a_whole_town_name_is_in_that_town(make_article, res):
    ex = extract_article(make_article("漳河镇光电产业园今年新签约项目3个,总投资20亿元。", tag="荆门招商"), res)
    part_of = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "partOf"}
    assert ("漳河镇光电产业园", "漳河镇") in part_of


def test_zone_written_with_its_city_and_district_lies_in_the_district(make_article, res):
    ex = extract_article(make_article("在荆门市掇刀区光电产业园新签约项目3个。", tag="荆门招商"), res)
    part_of = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "partOf"}
    assert ("荆门市掇刀区光电产业园", "掇刀区") in part_of


def test_zone_in_brackets_leaves_the_bracket_out(make_article, res):
    ex = extract_article(make_article("全市以荆门高新区(掇刀经开区)为核心布局产业链。", tag="荆门招商"), res)
    assert "掇刀经开区" in districts(ex)
    assert not any(n.startswith("(") for n in districts(ex))


# --- events: the place their name gives ---------------------------------------------------

@pytest.mark.parametrize("tag, text, place", [
    pytest.param("宜昌招商", "7月29日,猇亭区2024年下半年重点项目集中开工仪式举行,32个项目集中开工。", "猇亭区",
                 id="the-division-its-name-starts-with"),
    pytest.param("仙桃招商", "昨天,2024仙桃高新区重点项目集中开工活动举行,12个项目集中开工。", "仙桃高新区",
                 id="the-zone-its-name-gives"),
])
def test_event_lies_in_the_place_its_name_gives(make_article, res, tag, text, place):
    ex = extract_article(make_article(text, tag=tag), res)
    events = [m.name for m in ex.mentions if m.type == "Event"]
    assert events and places_of(ex, events[0]) == {place}


# --- the article's home: (tag, title, text, home code) -------------------------------------

@pytest.mark.parametrize("tag, title, text, code", [
    # a body about one county under its tag's city, when the title names none
    pytest.param("嘉兴招商", "招商大会签约项目20个", "昨天,招商大会在嘉善拉开帷幕。嘉善县共签约项目20个。"
                 "嘉善县委书记表示,嘉善将优化营商环境。", "330421", id="the-county-the-body-is-about"),
    pytest.param("嘉兴招商", "嘉兴市一季度签约项目", "嘉善县签约项目3个,嘉善县开工项目5个,嘉善县竣工项目2个。",
                 "330400", id="stays-the-titles-place"),
    pytest.param("黄石招商", "20个项目集中开工 总部经济产业园落子大冶湖畔", "当天开工的华宇精密铸件项目总投资5亿元。",
                 "420200", id="a-short-place-name-inside-a-lake-name-does-not-make-it"),
])
def test_home(make_article, res, tag, title, text, code):
    ex = extract_article(make_article(text, tag=tag, title=title), res)
    assert ex.home_code == code


def test_park_inside_a_project_name_is_not_its_place(make_article, res):
    text = "总投资5亿元的仙桃通航工业园项目正式开工。"
    ex = extract_article(make_article(text, tag="仙桃招商"), res)
    assert "仙桃通航工业园" not in {p for _, p in located(ex)}


@pytest.mark.parametrize("kind, text, place", [
    pytest.param("Company", "目前,仙桃高新区已集聚宏运精工、鑫源材料等30家企业。", "仙桃高新区",
                 id="companies-in-the-place-their-clause-names-before-them"),
    pytest.param("Project", "彭场镇地处仙桃东大门,沿汉宜高速布局工业集中区,无纺布新材料项目、医用防护用品项目等10个重点项目均建立清单。",
                 "彭场镇", id="projects-in-the-place-their-sentence-opens-with"),
])
def test_all_of_a_kind_lie_in_the_place_before_them(make_article, res, kind, text, place):
    ex = extract_article(make_article(text, tag="仙桃招商"), res)
    names = [m.name for m in ex.mentions if m.type == kind]
    assert names and all(places_of(ex, n) == {place} for n in names)


# --- sections: a numbered heading's place holds for what the section lists ------------

def test_projects_of_a_section_lie_in_the_place_its_heading_names(make_article, res):
    text = ("(一)围绕产业升级,全力推进“仙桃高新区”建设。完善基础设施,推进光谷路、银杏路建设。"
            "加快招商引资步伐。启动无纺布新材料项目。(二)围绕乡村振兴,加快农业发展。加快招商引资步伐。"
            "启动医用防护用品项目。")
    ex = extract_article(make_article(text, tag="仙桃招商"), res)
    assert places_of(ex, "无纺布新材料项目") == {"仙桃高新区"}
    assert places_of(ex, "医用防护用品项目") == {"仙桃市"}


def test_a_described_zone_is_no_name(make_article, res):
    text = "作为湖北省首个国家级经济技术开发区,这里去年新增项目30个;荆州千亿级产业园区同样增长。"
    ex = extract_article(make_article(text, tag="荆州招商"), res)
    assert not any(("首个" in n or "千亿级" in n) for n in districts(ex)), districts(ex)


# --- where an event is held: (tag, text, its places) ----------------------------------------

@pytest.mark.parametrize("tag, text, places", [
    pytest.param("咸宁招商", "18日上午,咸安区横沟桥镇彩旗飘扬,全区2024年第二批重大项目集中开工仪式在此举行。",
                 {"横沟桥镇"}, id="held-here-in-the-place-its-sentence-named"),
    # held in two places joined by a dot: it lies in both
    pytest.param("咸宁招商", "咸宁市2024年一季度重大项目集中开工仪式在咸宁高新区·咸安区主会场举行。",
                 {"咸宁高新区", "咸安区"}, id="two-places-joined-by-a-dot-gaoxinqu"),
    pytest.param("咸宁招商", "咸宁市2024年一季度重大项目集中开工仪式在咸宁经济技术开发区·咸安区主会场举行。",
                 {"咸宁经济技术开发区", "咸安区"}, id="two-places-joined-by-a-dot-jingkaiqu"),
    # the region its name starts with
    pytest.param("襄阳招商", "2023年一季度湖北省重大项目集中开工活动举行,全省开工项目1200个。", {"湖北省"},
                 id="region-its-name-starts-with-province"),
    pytest.param("宜昌招商", "宜昌市猇亭区招商引资项目集中签约仪式举行,签约项目12个。", {"猇亭区"},
                 id="region-its-name-starts-with-district"),
    pytest.param("咸宁招商", "咸安区2024年3月份暨咸宁高新区一季度招商引资项目集中签约仪式举行。", {"咸安区"},
                 id="region-its-name-starts-with-first-of-two"),
])
def test_every_event_lies_where_it_is_held(make_article, res, tag, text, places):
    ex = extract_article(make_article(text, tag=tag), res)
    events = [m.name for m in ex.mentions if m.type == "Event"]
    assert events and all(places_of(ex, e) == places for e in events), located(ex)


def test_a_verb_after_a_zone_starts_no_park_named_with_it(make_article, res):
    ex = extract_article(make_article("示范基地由仙桃高新区担纲核心区,彭场镇作为拓展区。", tag="仙桃招商"), res)
    assert not any("担纲" in n for n in districts(ex)), districts(ex)


def test_firms_named_elsewhere_lie_in_the_place_their_sentence_is_set_in(make_article, res):
    text = "在阳新经开区城北工业园,恒达制剂工厂已经封顶;武汉华光制药有限公司、湖北恒瑞鞋业有限公司等企业订单饱满。"
    ex = extract_article(make_article(text, tag="阳新新闻"), res)
    park = places_of(ex, "武汉华光制药有限公司")
    assert len(park) == 1 and next(iter(park)).endswith("城北工业园")
    assert places_of(ex, "湖北恒瑞鞋业有限公司") == park


def test_a_place_then_a_verb_is_a_clause_not_a_zones_name(make_article, res):
    text = "三、咸宁加速工业互联网示范区建设。全年新增上云企业200家。"
    ex = extract_article(make_article(text, tag="咸宁招商"), res)
    assert not any(n.endswith("示范区") for n in districts(ex)), districts(ex)


@pytest.mark.parametrize("text, firm", [
    ("目前园区已汇聚6家德资企业,与博泽集团、恒达开关集团等德企的合作正在洽谈。", "恒达开关集团"),
    ("早在2017年,德国华宇天窗集团便与咸安区人民政府签约,建设汽车天窗生产基地。", "德国华宇天窗集团"),
])
def test_a_partner_from_elsewhere_is_not_placed(make_article, res, text, firm):
    ex = extract_article(make_article(text, tag="咸宁招商"), res)
    assert any(m.name == firm for m in ex.mentions), [m.name for m in ex.mentions]
    assert places_of(ex, firm) == set()


def test_a_park_being_built_is_no_place(make_article, res):
    ex = extract_article(make_article("当天,落户云栖新经济产业园项目正式开工,总投资5亿元。", tag="咸宁招商"), res)
    assert "云栖新经济产业园" not in districts(ex)


def test_a_firm_founded_in_a_city_elsewhere_lies_there(make_article, res):
    text = "咸宁籍企业家王华在苏州创办了华宇驱动设备有限公司,产品远销海外。"
    ex = extract_article(make_article(text, tag="咸宁招商"), res)
    assert "苏州市" in districts(ex)
    assert places_of(ex, "华宇驱动设备有限公司") == {"苏州市"}


def test_generic_park_of_the_town_its_sentence_is_about(make_article, res):
    # a park with a generic stem opening a clause of a sentence about a town is that town's park
    text = "枫林镇去年完成固定资产投资9亿元,新型材料产业园承载能力持续提升,新建农村公路30公里。"
    ex = extract_article(make_article(text, tag="黄石招商"), res)
    assert "枫林镇新型材料产业园" in districts(ex)
    part_of = {(f.subject.name, f.obj.name) for f in ex.facts if f.predicate == "partOf"}
    assert ("枫林镇新型材料产业园", "枫林镇") in part_of


@pytest.mark.parametrize("text", [
    pytest.param("枫林镇去年完成固定资产投资9亿元,新型材料产业园开工建设。", id="park-being-built-is-a-project"),
    pytest.param("今年以来,新型材料产业园承载能力持续提升。", id="no-town-the-sentence-is-about"),
])
def test_generic_park_without_its_towns_sentence_is_no_zone(make_article, res, text):
    ex = extract_article(make_article(text, tag="黄石招商"), res)
    assert not any(n.endswith("新型材料产业园") for n in districts(ex))
