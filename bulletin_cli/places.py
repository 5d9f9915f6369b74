"""Places from China's register of divisions: find them in text, resolve an article's place.

The register (``register.tsv.gz`` beside this file, derived by ``scripts/build_register.py``)
lists every province, city, district (区/县/县级市/旗) and street (街道/镇/乡/苏木) with its
2023 code. A name in the text is found by looking back from each character a register name
can end in (区 县 市 旗 街 道 镇 乡 州 盟 …) for the longest register name ending there, so
a name starts and ends where the register's name does (在观澜街道 is 观澜街道). Communities
(社区, and villages 村 after a town) are not in the register: they run back from 社区 to
the place name, punctuation or the word (联合, 走进, 在, 家住, 首届 …) before them.

A name used in several places (城关镇, 鼓楼区) is resolved by the article's other places, its
dateline and byline, and the page's header; what nothing resolves stays unknown.

Everything here is pure: ``find_mentions`` and ``find_chains`` turn text into what it names,
``resolve_place`` turns an article's texts and its page's context into one ``Place``. The
register is read once per process, only when the write path first needs it.
"""

from __future__ import annotations

import csv
import dataclasses
import gzip
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import combinations, islice
from pathlib import Path

from bulletin_cli.analysis import fold
from bulletin_cli.errors import InputError
from bulletin_cli.models import Place

LEVELS = ("province", "city", "district", "street", "community")
_RANK = {level: i for i, level in enumerate(LEVELS)}
USER_LEVELS = ("district", "street", "community")

# Mention kinds: a strong name is a place wherever it stands; a weak one (a short form such
# as 西沽街, a two-character name, a unit that is no 街道/镇/乡) only next to its parent or
# child, or when the article's other places confirm it; a generic one (城区, 郊区, 新区 …,
# ordinary words that are also register names) only right after its own city or district.
STRONG, WEAK, GENERIC = 2, 1, 0
# A variant is a name the register writes otherwise: a street that was a town (漳江镇 for
# 漳江街道), a county that became a district (长乐市 for 长乐区), a street written with or without
# its road's 路 (古美路街道 for 古美街道). It counts only where no register name is written so, or
# where the register's units that bear the name do not fit the places around it.
VARIANT = -1
GENERIC_NAMES = frozenset("城区 郊区 矿区 东区 西区 市中区 城中区 城东区 城西区 城北区 城关区 老城区 新城区".split())
_STREET_ENDS = ("街道", "镇", "乡", "苏木")
_OTHER_UNIT_ENDS = ("地区", "农场", "林场", "牧场", "管理区")
_CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
_ETHNIC = re.compile(r"(?:[\u4e00-\u9fff]{1,6}?族)+自治[州县旗]$")
_AUTONOMOUS = re.compile(r"^([\u4e00-\u9fff]{2,}?)(?:[\u4e00-\u9fff]{1,4}?族)+自治([县旗])$")
_AREA_WORDS = tuple("山城矿郊林牧灾景园校社小街市厂军老辖湖港库新")
# Districts that are development zones (郑州高新技术产业开发区, 合肥经济技术开发区 …).
_ZONE_NAMES = ("开发区", "新区", "管理区", "示范区", "实验区", "试验区", "园区")
# How papers shorten the register's development zones: 郑州高新技术产业开发区 -> 郑州高新区.
_ZONE_SHORTS = (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区"))
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")

# --- the register ------------------------------------------------------------------------


class Unit:
    """One division: register code ("" for a place the user added), name, level, parent."""

    __slots__ = ("code", "name", "level", "parent", "key")

    def __init__(self, code: str, name: str, level: str, parent: Unit | None, key: str = "") -> None:
        self.code = code
        self.name = name
        self.level = level
        self.parent = parent
        self.key = key or code  # unique within a gazetteer: the code, or +N for a user place

    def __repr__(self) -> str:
        return f"Unit({self.key}, {self.name})"

    def lineage(self) -> Iterable[Unit]:
        unit: Unit | None = self
        while unit is not None:
            yield unit
            unit = unit.parent

    def up(self, level: str) -> Unit | None:
        """This unit or its ancestor at level."""
        return next((u for u in self.lineage() if u.level == level), None)

    def within(self, other: Unit) -> bool:
        return any(u is other for u in self.lineage())

    @property
    def area(self) -> Unit | None:
        """The city this unit is in: a municipality (天津市) is its own city; a district of no
        city (仙桃市, directly under 湖北省) has only its province."""
        province = self.up("province")
        if province is not None and province.name.endswith("市"):
            return province
        return self.up("city") or province

    @property
    def city(self) -> str:
        area = self.area
        return area.name if area is not None and (area.level == "city" or area.name.endswith("市")) else ""

    @property
    def province(self) -> str:
        unit = self.up("province")
        return unit.name if unit else ""


@dataclass
class Gazetteer:
    """The register's units and every written form of their names, ready to scan text with."""

    units: dict[str, Unit] = field(default_factory=dict)
    forms: dict[str, list[tuple[Unit, int]]] = field(default_factory=dict)
    shorts: dict[str, list[Unit]] = field(default_factory=dict)  # 天津, 邢台: datelines, outlets
    ends: dict[str, tuple[int, ...]] = field(default_factory=dict)
    scan: re.Pattern = re.compile("$^")

    def add_form(self, form: str, unit: Unit, kind: int) -> None:
        if len(form) < 2:
            return
        entries = self.forms.get(form)
        if entries is None:
            self.forms[form] = [(unit, kind)]
        elif entries[-1][0] is unit:  # a unit's forms are added one after another
            entries[-1] = (unit, max(kind, entries[-1][1]))
        else:
            entries.append((unit, kind))

    def add_short(self, short: str, unit: Unit) -> None:
        if len(short) < 2:
            return
        known = self.shorts.setdefault(short, [])
        if any(unit.within(k) for k in known):
            return  # 天津 the city is 天津 the province
        known[:] = [k for k in known if not k.within(unit)] + [unit]

    def finish(self) -> Gazetteer:
        """Index the forms by their last two characters, longest first, for the scan."""
        lengths: dict[str, set[int]] = {}
        for form in self.forms:
            lengths.setdefault(form[-2:], set()).add(len(form))
        self.ends = {key: tuple(sorted(found, reverse=True)) for key, found in lengths.items()}
        last = sorted({form[-1] for form in self.forms})
        self.scan = re.compile("[" + "".join(re.escape(ch) for ch in last) + "]")
        return self

    def copy(self) -> Gazetteer:
        return Gazetteer(
            dict(self.units), {k: list(v) for k, v in self.forms.items()},
            {k: list(v) for k, v in self.shorts.items()}, dict(self.ends), self.scan,
        )


_LEVEL_OF_LENGTH = {2: "province", 4: "city", 6: "district", 9: "street"}
_PARENT_LENGTH = {2: 0, 4: 2, 6: 4, 9: 6}


def read_register(text: str) -> Gazetteer:
    """Build a gazetteer from the register file's text (``code<TAB>name`` lines).

    >>> g = read_register("12\\t天津市\\n1201\\t天津市\\n120106\\t红桥区\\n120106005\\t西沽街道\\n")
    >>> [(u.name, u.city, kind) for u, kind in g.forms["西沽街"]]
    [('西沽街道', '天津市', 1)]
    """
    gaz = Gazetteer()
    units = gaz.units
    add_form = gaz.add_form
    variants: list[tuple[str, Unit]] = []
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        code, name = line.split("\t", 1)
        size = len(code)
        parent = units.get(code[: _PARENT_LENGTH[size]])
        if parent is None and size == 6:
            parent = units.get(code[:2])  # 省直辖县级行政区划: no city in between
        unit = units[code] = Unit(code, name, _LEVEL_OF_LENGTH[size], parent)
        if size == 9:
            names = _clean_street_names(name)
            if parent is not None and name.startswith(parent.name) and name.endswith(_STREET_ENDS):
                names = (name[len(parent.name) :],)  # 宁城县铁西街道 is 铁西街道 of 宁城县
            zone = parent is not None and parent.name.endswith(_ZONE_NAMES)
            for clean in names:
                for form, kind in _street_forms(clean):
                    add_form(form, unit, kind)
                for form in _variants(clean, "street", zone):
                    variants.append((form, unit))
        else:
            _add_register_forms(gaz, unit)
            if size == 6:
                for form in _variants(name, "district"):
                    variants.append((form, unit))
    forms = gaz.forms
    for form, unit in variants:  # after every register name: a unit's own forms come first
        entries = forms.get(form)
        if entries is None:
            forms[form] = [(unit, VARIANT)]
        elif entries[-1][0] is not unit:
            entries.append((unit, VARIANT))
    return gaz.finish()


def _variants(name: str, level: str, zone: bool = False) -> list[str]:
    """Names a register unit is written by on pages older or newer than the register.

    zone: the unit is a town a development zone runs, whose office papers name it by
    (石佛办事处 for 石佛镇 of 郑州高新技术产业开发区).

    >>> _variants("漳江街道", "street"), _variants("新河路街道", "street"), _variants("朝阳街街道", "street")
    (['漳江镇', '漳江路街道'], ['新河街道'], ['朝阳街道'])
    >>> _variants("金铃乡", "street"), _variants("石佛镇", "street", zone=True), _variants("长乐区", "district")
    (['金铃镇'], ['石佛乡', '石佛街道', '石佛办事处'], ['长乐县', '长乐市'])
    """
    if level == "district":
        base, end = name[:-1], name[-1:]
        if len(base) < 2 or end not in "区县市":
            return []
        # 武夷山区, 城区, 林区 …: a word with 区 (a mountain area), not the county renamed.
        others = "县市" if base.endswith(_AREA_WORDS) else "区县市"
        return [base + other for other in others if other != end]
    if level != "street":
        return []
    if name.endswith("街道"):
        base = name[:-2]
        if len(base) < 2 or base.endswith(("镇", "乡")):
            return []
        if base.endswith("街"):
            return [base + "道"]  # 朝阳街道 for 朝阳街街道
        if base.endswith("路"):
            return [base[:-1] + "街道"] if len(base) >= 3 else []  # 新河街道 for 新河路街道
        return [base + "镇", base + "路街道"]  # a town before it was a street; 古美路街道 for 古美街道
    base = name[:-1]
    if len(base) < 2:
        return []
    if name.endswith("镇"):
        return [base + "乡", base + "街道", base + "办事处"] if zone else [base + "乡", base + "街道"]
    if name.endswith("乡"):
        return [base + "镇"]
    return []


def _add_register_forms(gaz: Gazetteer, unit: Unit) -> None:
    name = unit.name
    if unit.level == "province":
        gaz.add_form(name, unit, STRONG)
        gaz.add_short(_strip(name, _PROVINCE_SUFFIXES), unit)
        return
    if unit.level == "city":
        gaz.add_form(name, unit, STRONG)
        short = _ETHNIC.sub("", name) if _ETHNIC.search(name) else _strip(name, _CITY_SUFFIXES)
        gaz.add_short(short, unit)
        if short != name and name.endswith("自治州"):
            gaz.add_form(short + "州", unit, STRONG)  # 延边朝鲜族自治州 -> 延边州
        return
    if unit.level == "district":  # streets are added by read_register
        if unit.parent is not None and unit.parent.level == "city" and unit.parent.name == name:
            return  # 东莞市 the district is 东莞市 the city
        kind = GENERIC if name in GENERIC_NAMES else STRONG
        if len(name) <= 2:
            kind = min(kind, WEAK)
        gaz.add_form(name, unit, kind)
        autonomous = _AUTONOMOUS.match(name)
        if autonomous:
            gaz.add_form(autonomous.group(1) + autonomous.group(2), unit, STRONG)  # 巍山县 for 巍山彝族回族自治县
        if len(name) >= 3 and name[-1] in "区县市旗":
            gaz.add_short(name[:-1], unit)  # 昆山市: 新华社昆山…电; 鼓楼鼓东街道
        for long, short in _ZONE_SHORTS:
            if name.endswith(long) and len(name) > len(long) + 1:
                gaz.add_form(name[: -len(long)] + short, unit, STRONG)  # 郑州高新区
                break
        return


def _strip(name: str, suffixes: Sequence[str]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _clean_street_names(name: str) -> tuple[str, ...] | list[str]:
    """（工业园区）城南街道 -> 城南街道; 科技城（东渚街道） -> 科技城, 东渚街道."""
    if "（" not in name and "(" not in name:
        return (name,)
    inner = [m.group(1) for m in _BRACKETED.finditer(name) if m.group(1).endswith(_STREET_ENDS)]
    outer = _BRACKETED.sub("", name).strip()
    return [n for n in (outer, *inner) if n]


def _street_forms(name: str) -> list[tuple[str, int]]:
    """The ways a paper writes a street's name, each with how much it says alone.

    >>> _street_forms("西沽街道")
    [('西沽街道', 2), ('西沽街', 1), ('西沽办事处', 1)]
    >>> _street_forms("营市街街道")[:2], _street_forms("嘉定镇街道")[:2]
    ([('营市街街道', 2), ('营市街', 1)], [('嘉定镇街道', 2), ('嘉定镇', 1)])
    >>> _street_forms("杨柳青镇")
    [('杨柳青镇', 2), ('杨柳青镇街道', 2)]
    """
    if name in _STREET_ENDS or name in _OTHER_UNIT_ENDS:
        return []  # a unit the register calls just 街道 or 农场
    if name.endswith(_STREET_ENDS):
        kind = STRONG if len(name) > 2 else WEAK
    elif name.endswith(_OTHER_UNIT_ENDS):
        kind = WEAK
    else:
        return []  # 开发区, 产业园, 监狱 …: add such places with --places
    forms = [(name, kind)]
    if name.endswith("街道"):
        base = name[:-2]
        short = base if base.endswith(("街", "镇", "乡")) else base + "街"
        if len(short) > 2:
            forms.append((short, WEAK))  # 西沽街, 营市街, 嘉定镇
        if len(base) >= 2:
            forms.append((base + "办事处", WEAK))  # 石佛办事处 for 石佛街道
    elif name.endswith(("镇", "乡")) and kind == STRONG:
        forms.append((name + "街道", STRONG))  # 嘉定镇街道 for 嘉定镇
    return forms


@cache
def register() -> Gazetteer:
    """The shipped register, read once per process."""
    data = resources.files("bulletin_cli").joinpath("register.tsv.gz").read_bytes()
    return read_register(gzip.decompress(data).decode("utf-8"))


@cache
def _traditional() -> tuple[re.Pattern, dict[int, str]]:
    """The table of traditional characters of place names (``traditional.txt``, derived by
    ``scripts/build_traditional.py`` from OpenCC's character table), as a pattern that finds
    any of them and a str.translate table."""
    text = resources.files("bulletin_cli").joinpath("traditional.txt").read_text("utf-8")
    pairs = dict(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return re.compile("[" + "".join(pairs) + "]"), str.maketrans(pairs)


def simplify(text: str) -> str:
    """Text with the traditional characters of place names folded to simplified, one for one,
    for matching only (the text itself is never changed: names keep the page's form).

    >>> simplify("瀋陽市和平區北市場街道")
    '沈阳市和平区北市场街道'
    """
    pattern, table = _traditional()
    return text.translate(table) if pattern.search(text) else text


# --- the user's own places -----------------------------------------------------------------


def add_user_places(gaz: Gazetteer, path: str | Path) -> Gazetteer:
    """A copy of gaz with the places of a UTF-8 CSV file ``name,level,parent`` added.

    level is district, street or community; parent is the place that encloses it (a city or
    district of the register, or a place given earlier in the file), e.g. ``中新生态城,street,
    滨海新区``. A bad file raises InputError naming the file and line.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"places file {path} does not exist; give a CSV file name,level,parent") from None
    except OSError as exc:
        raise InputError(f"cannot read places file {path} ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise InputError(f"places file {path}, line {line}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    gaz = gaz.copy()
    user: dict[str, Unit] = {}
    for number, row in enumerate(csv.reader(text.splitlines()), 1):
        if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
            continue
        where = f"places file {path}, line {number}"
        cells = [cell.strip() for cell in row]
        if number == 1 and [c.lower() for c in cells[:3]] == ["name", "level", "parent"]:
            continue
        if len(cells) != 3:
            raise InputError(f"{where}: expected 3 fields name,level,parent, found {len(cells)}")
        name, level, parent_name = fold(cells[0]), cells[1].lower(), fold(cells[2])
        if level not in USER_LEVELS:
            raise InputError(f"{where}: level {cells[1]!r} is not one of {', '.join(USER_LEVELS)}")
        if len(name) < 2 or not re.fullmatch(r"[\w·]+", name):
            raise InputError(f"{where}: {cells[0]!r} is not a place name (two or more letters, no punctuation)")
        parent = _user_parent(gaz, user, parent_name, level, where)
        unit = Unit("", name, level, parent, key=f"+{len(user) + 1}")
        user[name] = unit
        gaz.units[unit.key] = unit
        gaz.add_form(name, unit, STRONG)
    return gaz.finish()


def _user_parent(gaz: Gazetteer, user: dict[str, Unit], name: str, level: str, where: str) -> Unit:
    if not name:
        raise InputError(f"{where}: no parent; name the city, district or street that encloses it")
    if name in user:
        found = [user[name]]
    else:
        found = _resolve_name(gaz, name)
    allowed = LEVELS[: _RANK[level]]
    found = [u for u in found if u.level in allowed]
    if not found:
        raise InputError(f"{where}: parent {name!r} is not a place of the register above a {level} (nor given earlier in the file)")
    if len(found) > 1:
        shown = "、".join(f"{u.name} ({u.province}{u.city})" for u in found[:6])
        example = f"{found[0].city or found[0].province}{found[0].name}"
        raise InputError(f"{where}: parent {name!r} is ambiguous: {shown}; write it with its city, e.g. {example}")
    return found[0]


def _resolve_name(gaz: Gazetteer, text: str) -> list[Unit]:
    """The units a place name (or a chain such as 南京市鼓楼区) can be, most specific level."""
    chains = find_chains(text, gaz)
    if len(chains) != 1 or chains[0].end - chains[0].start != len(text) or chains[0].community:
        exact = [u for u, kind in gaz.forms.get(text, []) if kind != VARIANT]
        return exact
    return list(chains[0].candidates())


# --- finding names in text ----------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A register name as the text writes it, with every unit it can be."""

    start: int
    end: int
    text: str
    level: str
    units: tuple[Unit, ...]
    kind: int
    variants: tuple[Unit, ...] = ()  # units the name is a variant of (VARIANT), if the register's do not fit
    zone: bool = False  # a development zone the register lacks (武汉经开区): units are its city or province
    renamed: bool = False  # the name is only a variant of its units' register names (漳江镇 for 漳江街道)


# Characters after which a name may start (在长乐市, 和漳江镇, 福州市长乐市).
_BEFORE_NAME = set("在于和与及的到赴至从自往省市县区州盟旗镇乡")
# A short form followed by these is a road, not a street (解放街口, 中山街头).
_ROAD_NEXT = set("口头巷区面边上心角景坊路号0123456789")
_CROSSING = re.compile(r"[和与、]?[\u4e00-\u9fff]{0,8}?(?:交叉口|交汇处|交界处|十字路口|路口)")


def find_mentions(text: str, gaz: Gazetteer | None = None) -> list[Mention]:
    """Every register name in text, longest where names overlap, in order.

    >>> [(m.text, m.level) for m in find_mentions("家住象园街道的王阿姨在观澜街道工作")]
    [('象园街道', 'street'), ('观澜街道', 'street')]
    """
    gaz = gaz or register()
    found: list[Mention] = []
    for match in gaz.scan.finditer(text):
        end = match.end()
        lengths = gaz.ends.get(text[end - 2 : end])
        if not lengths:
            continue
        for length in lengths:
            start = end - length
            if start < 0:
                continue
            entries = gaz.forms.get(text[start:end])
            if entries:
                mention = _mention(text, start, end, entries)
                if mention is not None:
                    _keep_longest(found, mention)
                break
    return found


def _mention(text: str, start: int, end: int, entries: list[tuple[Unit, int]]) -> Mention | None:
    regular = [(u, k) for u, k in entries if k != VARIANT]
    variants: tuple[Unit, ...] = ()
    if regular:
        # 天津市 is a province and its city; 东莞市 a city and its district: keep the higher.
        level = LEVELS[min(_RANK[u.level] for u, _ in regular)]
        units = [(u, k) for u, k in regular if u.level == level]
        kind = max(k for _, k in units)
        variants = tuple(u for u, k in entries if k == VARIANT and u.level == level)
    else:
        level = LEVELS[min(_RANK[u.level] for u, _ in entries)]
        units = [(u, k) for u, k in entries if u.level == level]
        # One unit written with a suffix of its level (长乐市, 漳江镇) is that unit renamed,
        # where a name starts there (允许城镇居民 holds no 许城镇).
        alone = len(units) == 1 and text[start:end].endswith(("区", "县", "市", "镇", "乡", "街道"))
        before = text[start - 1] if start else ""
        kind = STRONG if alone and (not _HAN.match(before) or before in _BEFORE_NAME) else WEAK
    after = text[end : end + 1]
    if kind == WEAK and text[start:end].endswith("街") and (after in _ROAD_NEXT or _CROSSING.match(text, end)):
        return None  # 解放街12号, 定鼎门街和翠云路交叉口
    if after == "域" and text[start:end].endswith("区"):
        return None  # 区域
    if after == "场" and text[start:end].endswith("市"):
        return None  # 海南市场: a market
    return Mention(start, end, text[start:end], level, tuple(u for u, _ in units), kind, variants, renamed=not regular)


def _keep_longest(found: list[Mention], mention: Mention) -> None:
    while found and found[-1].end > mention.start:
        if found[-1].end - found[-1].start >= mention.end - mention.start:
            return
        found.pop()
    found.append(mention)


# --- communities ---------------------------------------------------------------------------

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words that end whatever stands before a community's name: verbs, prepositions, time words,
# ordinals, people (社工站联合红四方社区, 家住金碧社区, 首届社区 …).
_CUT_WORDS = (
    "联合 走进 走入 来到 深入 进入 前往 家住 住在 位于 地处 居住 举办 举行 开展 组织 协同 携手 联手 "
    "以及 还有 包括 其中 所在 全体 部分 参与 参加 邀请 指导 帮助 慰问 来自 针对 围绕 覆盖 成立 打造 "
    "创建 命名 辖区 辖内 下辖 各个 多个 整个 这个 那个 回到 返回 扎根 下沉 入驻 进驻 包联 结对 对接 "
    "共建 推动 推进 助力 属于 隶属 成为 作为 获评 荣获 评为 评选 表彰 授予 工作 负责 担任 服务 "
    "近日 日前 昨日 昨天 今天 今日 前天 上午 下午 晚上 当天 当日 目前 近期 今年 去年 此前 期间 "
    "本报讯 记者 通讯员 志愿者 居民 群众 党员 同志 书记 主任 社工 网格员 首届 首个 首家 首批 首次 省城 "
    "全区 全市 全县 全镇 全乡 全街 全省 全国 本辖区 丰富 动员 共筑 共商 共创 营造 构建 引领 凝聚 激发 "
    "惠及 融入 走访 深化 提升 助推 节前 节后 假期 暑期 寒假 周末 探索 发展 实现 直通 推出 启动 开启 多亏 "
    "感谢 十佳 百佳 评出 选出 争创 创成 不少 许多 很多 一些 有些 大多 众多 盼着 说起 笑着"
).split()
_CUT = re.compile(
    "|".join(sorted(_CUT_WORDS, key=len, reverse=True))
    + r"|建设(?![路里街村东西南北新])|第[一二三四五六七八九十百\d]+[届个批次期轮]"
    + r"|[的了在从将被把给让并等与到由是经至这那其每此个各该我着说们话丨]|(?<=[\u4e00-\u9fff])为"
)
# Characters that end an organisation or a division (开发区金桥社区, 派出所 …): a cut only
# where two or more characters of name remain (站前社区 keeps its 站).
_SOFT_CUT = re.compile(r"街道|基地|园区|[区县镇乡站所局院会队校馆厅处委办司]")
# Cut words that are community names when nothing else stands before 社区 (联合社区).
_NAME_WORDS = frozenset({"联合", "服务"})
# Words before a name only at the run's start; 和 向 为 同 begin real names (和平, 向阳).
_LEAD = set("对及至自经据按随也都还又再就已即但却若因且而或本")
_CONJUNCTIONS = set("和与及同跟暨或、")
# What follows 和 in names that begin with it (和平, 和谐, 和美 …).
_HE_NAMES = set("平谐美睦顺兴乐悦园家盛祥苑府康安丰新")
GENERIC_COMMUNITIES = frozenset(
    "和谐 幸福 美丽 文明 智慧 平安 绿色 示范 模范 先进 星级 老旧 新型 城市 农村 城乡 试点 周边 附近 本地 "
    "当地 其他 其它 部分 全体 所有 相关 不同 广大 基层 城镇 街道 乡镇 社会 少数民族 完整 和美 美好 红色 "
    "数字 健康 安全 法治 书香 宜居 低碳 生态 海绵 无毒 友好 整洁 全市 全区 全县 全镇 全省 全国 各地 有关 "
    "涉及 老年 儿童 百姓 新建 现代 传统 农民 城中村 未来 共享 品质 活力 温馨 文化 体育 科普 人文 魅力 完美 "
    "和睦 精品 优秀 标杆 无烟 满意 放心 温情 学校 家庭 家校 本 各 "
    "该 全 我 此 每 这 那 "
    # kinds of community (城市社区和企业社区, 拆迁安置社区, 村改居社区)
    "企业 单位 机关 厂矿 工矿 安置 回迁 拆迁 搬迁 移民 村改居 涉农 纯居 混合 过渡 城郊 边缘 商品房 保障房".split()
)
_GENERIC_END = re.compile(r"[型化级式性类]$|最[\u4e00-\u9fff]$")
# A number and what it counts (一座四层, 几十位, 一届, 两场): storeys, people, editions, times.
_COUNT_END = re.compile(r"[一二三四五六七八九十百千两几多数][层栋座幢项位名家所批户届次场轮]$")
_COUNT = re.compile(r"[和与及]?[一二三四五六七八九十百千两几多数各]+[位名个家所批户层栋座幢类项届次场期轮种支组]?")
_VILLAGE = re.compile(r"([\u4e00-\u9fff]{1,5}?村)(?!社区|[民里庄落口头级])")
# After a 街道 (白沙洲街道马桥河村), not a road or an area named like the street (中关村街道中关村大街).
_URBAN_VILLAGE = re.compile(r"([\u4e00-\u9fff]{1,5}?村)(?!社区|[民里庄落口头级大路街道])")
GENERIC_VILLAGES = frozenset("农村 乡村 全村 本村 各村 该村 山村 邻村 渔村 新农村 城中村 村村".split())
# A district's name, in the register or not (江东区, merged away in 2016), inside a list.
_OLD_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2,4}[区县]")
_UNIT_NOUNS = set("村镇乡区县市街校院企户家")
MAX_COMMUNITY = 8  # characters before 社区: 荣兴温泉公寓 is six
_SHEQU = re.compile("社区")
_DIGITS_BEFORE = re.compile(r"(?<![\d.])[0-9]{2,4}$")  # 126社区, 704社区
_COUNTED = re.compile(r"(?:\d|[一二两三四五六七八九十百千几多数])\s*[个家批类]$")
# After the last of a list: 铁坨里社区等6个社区, 南京中路、新村社区这三个居委会.
_ETC = re.compile(r"等(?:[\d一二三四五六七八九十几多数]+个|多个|各|社区)|这(?:[\d一二三四五六七八九十几]+个|些)")


_BUILT = re.compile(r"建设|创建|治理|建成|营造|打造|理念|模式")


@dataclass(frozen=True)
class Community:
    start: int
    end: int
    name: str
    listed: bool = False  # one of a list: A社区、B社区和C社区
    across: bool = False  # of a list that names another district on the way (…剑桥社区和江东区安居社区)


def find_communities(text: str, mentions: Sequence[Mention] = ()) -> list[Community]:
    """Every community named in text: its name runs back from 社区 to a place or a word.

    >>> [c.name for c in find_communities("社工站联合红四方社区举办首届社区邻里节")]
    ['红四方社区']
    >>> [(c.name, c.listed) for c in find_communities("在和平社区、向阳社区和金碧社区")]
    [('和平社区', True), ('向阳社区', True), ('金碧社区', True)]
    """
    if "社区" not in text:
        return []
    starts = {m.end for m in mentions}
    street_ends = {m.end for m in mentions if m.level == "street"}
    bounds = [m.end for m in mentions if not _inside_name(text, m, starts)]
    found: list[Community] = []
    previous_end = 0
    for match in _SHEQU.finditer(text):
        p = match.start()
        start = max([b for b in bounds if b <= p] + [previous_end, p - 2 * MAX_COMMUNITY])
        for i in range(p - 1, start - 1, -1):
            if not _HAN.match(text[i]):
                start = i + 1
                break
        after_place = start in starts and start > 0
        # 城北街道幸福社区 is a name; 漳江镇完美社区建设 is what the town builds
        after_street = after_place and start in street_ends and not _BUILT.match(text, match.end())
        name = _community_name(text[start:p], found != [] and start == previous_end, after_place, after_street)
        if name and _COUNTED.search(text, max(0, p - len(name) - 8), p - len(name)):
            name = ""  # 40个入围社区, 两个试点社区: a count of communities, not one
        if not name and start == p:
            digits = _DIGITS_BEFORE.search(text, max(0, p - 6), p)
            name = digits.group() if digits and (digits.start() == 0 or not text[digits.start() - 1].isdigit()) else ""
        previous_end = match.end()
        if name:
            found.append(Community(p - len(name), match.end(), name + "社区"))
    return _mark_lists(text, found, mentions)


def _inside_name(text: str, mention: Mention, ends: set[int]) -> bool:
    """A weak name right before 社区 is part of the community's name (营市东街社区), unless
    it is one street's short form standing where a name starts (，万兴街社区: its communities)."""
    if mention.kind == STRONG or not text.startswith("社区", mention.end):
        return False
    before = text[mention.start - 1] if mention.start else ""
    at_start = not before or (not _HAN.match(before) and before != "、") or mention.start in ends
    listed = text[mention.end + 2 : mention.end + 3] in ("、", "和", "及", "与")
    return not (at_start and not listed and len(mention.units) == 1 and len(mention.text) >= 3)


def _community_name(run: str, after_community: bool = False, after_place: bool = False, after_street: bool = False) -> str:
    """The name of a community from the characters before its 社区 ("" if it has none).

    after_place: the run starts right after a place name (鄞州区都市森林社区), where no word
    stands between them (都 is the name's own); after_street: right after a street's, where a
    word that is generic elsewhere is the name (城北街道幸福社区).
    """
    if after_community and run[:1] in _CONJUNCTIONS:
        run = run[1:]
    elif not after_place and len(run) >= 3 and run[0] in ("和", "与", "同", "跟") and run[1] not in _HE_NAMES:
        run = run[1:]  # …的成员，和草厂社区党委书记: and, before a name
    cut = _last(_CUT, run)
    if cut is not None and not (cut.start() == 0 and cut.end() == len(run) and cut.group() in _NAME_WORDS):
        run = run[cut.end() :]
    soft = _last(_SOFT_CUT, run)
    if soft is not None and len(run) - soft.end() >= 2:
        run = run[soft.end() :]
        if len(run) >= 3 and run[0] in _CONJUNCTIONS and run[1] not in _HE_NAMES:
            run = run[1:]  # 办事处和文华社区
    while len(run) > 2 and run[0] in _LEAD and not after_place:
        run = run[1:]
    if not 2 <= len(run) <= MAX_COMMUNITY or (run in GENERIC_COMMUNITIES and not after_street) or _GENERIC_END.search(run):
        return ""
    if len(run) >= 4 and (run[-2:] in GENERIC_COMMUNITIES or run[-3:] in GENERIC_COMMUNITIES) and len(run) <= 5:
        return ""  # 评出品质社区, 争创文明社区: what communities are, after a verb
    if len(run) >= 3 and run[-1] in "处局所委办司厅报":
        return ""  # 明湖办事处社区办, 燕赵晚报社区版: an office or a paper, not a community
    if len(run) >= 3 and run[-1] in "进入到至和与及":
        return ""  # 文明风尚进社区, 村和社区: into, or and, communities
    if run[-1:] in ("和", "与", "及") and run[-2:-1] in _UNIT_NOUNS:
        return ""  # 乡村和社区 (cut to 村和): villages and communities
    if _COUNT.fullmatch(run) or _COUNT_END.search(run):
        return ""  # 和四社区, 几十位社区, 一座四层社区: four communities, some dozens, four storeys
    if any(word in run for word in ("街道", "乡镇", "小区")):
        return ""  # 长者饭堂实现街道社区全覆盖: the streets' and communities'
    return run


def _last(pattern: re.Pattern, text: str) -> re.Match | None:
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


def _mark_lists(text: str, found: list[Community], mentions: Sequence[Mention] = ()) -> list[Community]:
    listed = {c.start for c in found if _ETC.match(text, c.end)}  # 铁坨里社区等6个社区
    places = {(m.start, m.end) for m in mentions}
    across: set[int] = set()  # lists that run on into another district
    run: list[int] = []
    for a, b in zip(found, found[1:]):
        gap = text[a.end : b.start]
        if gap and len(gap) <= 2 and all(ch in _CONJUNCTIONS or ch in "，, 以" for ch in gap):
            listed.update((a.start, b.start))
            run = run or [a.start]
            run.append(b.start)
        elif gap[:1] in _CONJUNCTIONS and (
            any(start == a.end + 1 and end == b.start for start, end in places) or _OLD_DISTRICT.fullmatch(gap, 1)
        ):
            listed.update((a.start, b.start))  # 剑桥社区和江东区安居社区
            run = (run or [a.start]) + [b.start]
            across.update(run)
        else:
            run = []
    return [Community(c.start, c.end, c.name, c.start in listed, c.start in across) for c in found]


def _village_after(text: str, end: int, pattern: re.Pattern = _VILLAGE) -> Community | None:
    match = pattern.match(text, end)
    if not match or match.group(1) in GENERIC_VILLAGES or len(match.group(1)) < 2:
        return None
    name = match.group(1)
    if _CUT.search(name[:-1]) or _SOFT_CUT.search(name[:-1]):
        return None
    return Community(end, match.end(1), name)


# --- chains: 天津市红桥区西沽街燕宇社区 ------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    """Places written one after another, each inside the one before, maybe ending in a community."""

    mentions: tuple[Mention, ...]
    community: str = ""
    listed: bool = False
    start: int = 0
    end: int = 0
    across: bool = False  # its community is of a list that runs across districts

    def name(self, level: str) -> str:
        return next((m.text for m in self.mentions if m.level == level), "")

    def candidates(self) -> tuple[Unit, ...]:
        """The units the most specific name can be, given the names before it."""
        if not self.mentions:
            return ()
        return _consistent(self.mentions)

    @property
    def weak(self) -> bool:
        """Whether it is a lone weak name (西沽街, 沛县), which the article's places must confirm."""
        return len(self.mentions) == 1 and not self.community and self.mentions[0].kind != STRONG

    @property
    def short_of_one(self) -> bool:
        """Whether it is the short form of a single street (西沽街 for 西沽街道, 湖北路办事处 for
        湖北路街道), which stands alone where nothing contradicts it (解放街, the short form of
        many 解放街道, more likely is a road)."""
        only = self.mentions[0]
        return len(only.units) == 1 and len(only.text) >= 3 and only.text.endswith(("街", "办事处"))

    @property
    def strong(self) -> bool:
        return any(m.kind == STRONG for m in self.mentions)


def _consistent(mentions: Sequence[Mention]) -> tuple[Unit, ...]:
    """The units the last name can be inside the names before it: the register's units that
    bear the name, else those it is a variant of (新河街道 after 迎江区: 新河路街道)."""
    last, higher = mentions[-1], mentions[:-1]
    for units in (last.units, last.variants):
        candidates = [u for u in units if all(any(u.within(h) for h in (m.units or m.variants)) for m in higher)]
        if candidates or not higher:
            return tuple(candidates)
    return ()


def _possible(mentions: Sequence[Mention]) -> tuple[Unit, ...]:
    """Every unit the last name can be, its variants included."""
    return _consistent(mentions) + (mentions[-1].variants if len(mentions) == 1 else ())


def find_chains(text: str, gaz: Gazetteer | None = None) -> list[Chain]:
    """The places text names, each run of nested names and its community one Chain.

    >>> [(c.name("district"), c.name("street"), c.community) for c in find_chains("本报讯 红桥区西沽街燕宇社区组织居民")]
    [('红桥区', '西沽街', '燕宇社区')]
    >>> [(c.name("street"), c.community) for c in find_chains("嘉定镇街道州桥社区、营市街街道营市东街社区")]
    [('嘉定镇街道', '州桥社区'), ('营市街街道', '营市东街社区')]
    """
    gaz = gaz or register()
    # Folded only from traditional to simplified: other Han characters fold to themselves, and
    # everything else only bounds a name. Names are taken back from the text as written.
    folded = simplify(text)
    chains = _find_chains(folded, gaz)
    if folded is text:
        return chains
    return [_as_written(chain, text) for chain in chains]


def _as_written(chain: Chain, text: str) -> Chain:
    mentions = tuple(dataclasses.replace(m, text=text[m.start : m.end]) for m in chain.mentions)
    community = text[chain.end - len(chain.community) : chain.end] if chain.community else ""
    return Chain(mentions, community, chain.listed, chain.start, chain.end, chain.across)


def _find_chains(text: str, gaz: Gazetteer) -> list[Chain]:
    mentions = find_mentions(text, gaz)
    extra = _zones(text, mentions, gaz) + _tags(text, mentions, gaz)
    if extra:
        mentions = sorted(mentions + extra, key=lambda m: m.start)
    ends = {m.end for m in mentions}
    # 天津社区: the communities of a province or municipality, not one named after it (but
    # 中山社区 and 南昌社区 are communities).
    communities = [c for c in find_communities(text, mentions) if not _province_short(gaz, c.name[:-2])]
    by_start = {c.start: c for c in communities}
    used: set[int] = set()
    chains: list[Chain] = []
    i = 0
    while i < len(mentions):
        group = [mentions[i]]
        while i + 1 < len(mentions) and _follows(text, group[-1], mentions[i + 1]):
            if not _consistent([*group, mentions[i + 1]]):
                break
            i += 1
            group.append(mentions[i])
        i += 1
        group = _drop_generic(group)
        if not group:
            continue
        if _inside_name(text, group[-1], ends):
            group = group[:-1]
            if not group:
                continue
        group = _with_short_area(text, group, gaz)
        end = group[-1].end
        community = by_start.get(end)
        if community is None:
            community = next((c for c in communities if 0 < c.start - end <= 6 and _ATTACH.fullmatch(text, end, c.start)), None)
        if community is None and group[-1].level == "street" and text.endswith(("镇", "乡"), 0, end):
            community = _village_after(text, end)  # 杨柳青镇药王庙村
        elif community is None and group[-1].level == "street" and text.endswith("街道", 0, end):
            community = _village_after(text, end, _URBAN_VILLAGE)  # 白沙洲街道马桥河村
            if community is not None and text[group[-1].start : end - 2].startswith(community.name[:-1]):
                community = None
        if community is not None:
            used.add(community.start)
        chains.append(_chain(group, community))
    for community in communities:
        if community.start not in used:
            chains.append(Chain((), community.name, community.listed, community.start, community.end, community.across))
    chains.sort(key=lambda c: c.start)
    return chains


# Development zones the register lacks, written after their city or province: 湖南湘江新区, 武汉经开区.
_ZONE_END = re.compile(r"高新技术产业开发区|经济技术开发区|经济开发区|高新区|经开区|开发区|新区")
# A place's name as a tag in brackets ([徐汇], 【江都】), or opening a headline before a colon
# (临海：…, 松阳：…, 鄂尔多斯：…).
_TAG_OPEN = re.compile(r"[\[【〔［]")
_TAG = re.compile(r"[\[【〔［]([\u4e00-\u9fff]{2,4})[\]】〕］]")
_HEAD_TAG = re.compile(r"\s*([\u4e00-\u9fff]{2,4})[：:]")


def _area_short(gaz: Gazetteer, text: str, start: int, stop: int) -> tuple[int, Unit] | None:
    """A province or city written short at start (湖南, 武汉), ending by stop: its end and unit."""
    for size in (4, 3, 2):
        if start + size > stop:
            continue
        found = [u for u in gaz.shorts.get(text[start : start + size], ()) if u.level in ("province", "city")]
        if len(found) == 1:
            return start + size, found[0]
    return None


def _zones(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """Zones the register lacks, named after their city or province (湖南湘江新区, 武汉经开区,
    长沙市湘江新区): district-level places whose units are the area they lie in."""
    if "区" not in text:
        return []
    found = []
    for match in _ZONE_END.finditer(text):
        suffix, end = match.start(), match.end()
        if any(m.start < end and m.end > suffix for m in mentions):
            continue  # a register name ends there (滨海新区, 郑州高新区)
        first = suffix
        while first > 0 and suffix - first < 8 and _HAN.match(text[first - 1]):
            first -= 1
        for i in range(first, suffix - 1):
            before = next((m for m in mentions if m.start == i and m.level in ("province", "city") and m.end <= suffix), None)
            if before is not None:
                if before.end < suffix and len(before.units) == 1:
                    found.append(Mention(before.end, end, text[before.end : end], "district", before.units, STRONG, zone=True))
                break
            short = _area_short(gaz, text, i, suffix)
            if short is not None and match.group() == "新区" and not _state_area(short[1]):
                break  # 上海古北新区, 城东新区: a new quarter of a city; 湖南湘江新区 is a state's new area
            if short is not None and not any(m.start < end and m.end > i for m in mentions):
                found.append(Mention(i, end, text[i:end], "district", (short[1],), STRONG, zone=True))
                break
        else:
            bare = _bare_zone(text, suffix, end, match.group(), mentions)
            if bare is not None:
                found.append(bare)
    return found


# The register's zones a bare zone word can stand for: 高新区 for 郑州高新技术产业开发区 …
_BARE_ZONES = {"高新区": ("高新技术", "高技术"), "经开区": ("经济技术开发区", "经济开发区"), "开发区": ("开发区",)}


def _bare_zone(text: str, start: int, end: int, word: str, mentions: list[Mention]) -> Mention | None:
    """A bare 高新区, 经开区 or 开发区 right before a street that the register lists under such
    a zone (高新区梧桐办事处: 郑州高新技术产业开发区 runs 梧桐街道): that zone, as written."""
    kinds = _BARE_ZONES.get(word)
    street = next((m for m in mentions if m.start == end and m.level == "street"), None)
    if kinds is None or street is None:
        return None
    zones = {
        d.code: d for u in (*street.units, *street.variants)
        if (d := u.up("district")) is not None and any(k in d.name for k in kinds) and d.name.endswith("区")
    }
    if not zones:
        return None
    return Mention(start, end, text[start:end], "district", tuple(zones.values()), STRONG)


def _state_area(unit: Unit) -> bool:
    """A province that is no municipality: a 新区 named after it is a state-level new area."""
    return unit.level == "province" and not unit.name.endswith("市")


def _tags(text: str, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """A district or city written short as a tag in brackets ([徐汇]争当时代活雷锋) or before
    the colon that opens a headline (临海：…)."""
    tags = list(_TAG.finditer(text)) if _TAG_OPEN.search(text) else []
    head = _HEAD_TAG.match(text)
    if head is not None:
        tags.insert(0, head)
    found = []
    for match in tags:
        if any(m.start < match.end() and m.end > match.start() for m in mentions):
            continue
        units = [u for u in gaz.shorts.get(match.group(1), ()) if u.level in ("city", "district")]
        if len(units) == 1:
            start, end = match.span(1)
            found.append(Mention(start, end, match.group(1), units[0].level, (units[0],), STRONG))
    return found


# Words between a place and its community: 布吉街道的龙岭社区, 东关南街街道办事处互助社区.
_ATTACH = re.compile(r"(?:的|辖区的?|所辖的?|下辖的?|下属的?|街道办事处|办事处|街道办|党工委)")


def _province_short(gaz: Gazetteer, name: str) -> bool:
    return any(u.level == "province" for u in gaz.shorts.get(name, ()))


def _with_short_area(text: str, group: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """深圳新安街道, 渭南合阳县, 鼓楼鼓东街道: a city, province or district written short right
    before a name it holds."""
    first = group[0]
    if first.level in ("province", "city"):
        return group
    levels = ("province", "city", "district") if first.level == "street" else ("province", "city")
    for size in (4, 3, 2):
        start = first.start - size
        found = gaz.shorts.get(text[start : first.start]) if start >= 0 else None
        if not found:
            continue
        area = [u for u in found if u.level in levels and any(c.within(u) for c in first.units)]
        if area:
            short = Mention(start, first.start, text[start : first.start], area[0].level, tuple(area), STRONG)
            return [short, *group]
    return group


def _follows(text: str, before: Mention, after: Mention) -> bool:
    return not text[before.end : after.start].strip() and _RANK[after.level] > _RANK[before.level]


def _drop_generic(group: list[Mention]) -> list[Mention]:
    """A generic name (城区, 老城区) counts only right after its own city or district, or, of
    three characters or more, right before a street it holds (老城区西南隅办事处)."""
    kept: list[Mention] = []
    for i, mention in enumerate(group):
        if mention.kind == GENERIC and not kept and not (len(mention.text) >= 3 and i + 1 < len(group)):
            continue
        kept.append(mention)
    return kept


def _chain(group: list[Mention], community: Community | None) -> Chain:
    end = community.end if community else group[-1].end
    listed, across = (community.listed, community.across) if community else (False, False)
    return Chain(tuple(group), community.name if community else "", listed, group[0].start, end, across)


# --- context: datelines, bylines, outlets, page headers --------------------------------------

_DATELINE_PLACE = re.compile(r"^\s*[\u4e00-\u9fff]{0,12}?([\u4e00-\u9fff]{2,8})\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[电讯]")
# A dateline whose outlet ends in its county's or city's name: 云上崇阳讯, 今日桐庐讯.
_DATELINE_OUTLET = re.compile(r"^\s*([\u4e00-\u9fff]{3,10})讯")
# Outlets named after their place: 邢台日报, 宁波晚报, 长乐新闻网, 江津融媒体中心, 罗湖家园网.
_OUTLET = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)(?:日报|晚报|晨报|商报|都市报|特区报|时报|新闻网|广播电视台|电视台|融媒体中心|融媒|新闻|网)"
)
# A paper of these kinds is a city's or province's (中山日报 is 中山市's, not 大连's 中山区).
_PAPERS = frozenset("日报 晚报 晨报 商报 都市报 特区报 时报".split())
# A district's or county's own media (长乐新闻网, 江津融媒体中心, 番禺融媒). A bare X网 or X日报
# after a district's name is more often a brand of wider reach (光明网, 华龙网, 解放日报, 新民晚报).
_LOCAL_MEDIA = frozenset("新闻网 广播电视台 电视台 融媒体中心 融媒".split())


def context_units(text: str, gaz: Gazetteer | None = None) -> list[Unit]:
    """Places a dateline, byline or page header names: in full, or as an outlet's place.

    >>> [u.name for u in context_units("新华网天津10月13日电")]
    ['天津市']
    >>> [u.name for u in context_units("邢台日报 2024年6月5日 星期三 第3版")]
    ['邢台市']
    >>> [u.name for u in context_units("来源：长乐新闻网")], context_units("来源：光明网")
    (['长乐区'], [])
    """
    gaz = gaz or register()
    text = simplify(fold(text))
    units: list[Unit] = []
    for mention in find_mentions(text, gaz):
        if mention.kind == STRONG and len(mention.units) == 1:
            units.append(mention.units[0])
    for pattern in (_DATELINE_PLACE, _DATELINE_OUTLET):
        match = pattern.match(text)
        if match:
            run = match.group(1)
            for size in range(len(run), 1, -1):
                found = gaz.shorts.get(run[-size:])
                if found and len(found) == 1:
                    units.append(found[0])
                    break
    for match in _OUTLET.finditer(text):
        unit = _outlet_unit(gaz, match.group(1), text[match.end(1) : match.end()])
        if unit is not None:
            units.append(unit)
    return list(dict.fromkeys(units))


def _outlet_unit(gaz: Gazetteer, run: str, kind: str) -> Unit | None:
    """The place an outlet's name begins with: a paper's city or province (中山日报: 中山市,
    though 大连 has a 中山区), a district's own media (长乐新闻网, 番禺融媒, 罗湖家园网: the
    name and then what the site is), or the one city or province a bare name can be."""
    for size in range(len(run), 1, -1):
        found = gaz.shorts.get(run[:size])
        if not found:
            continue
        areas = [u for u in found if u.level in ("province", "city")]
        if kind in _PAPERS:
            return areas[0] if len(areas) == 1 else None
        if len(found) == 1 and (areas or kind in _LOCAL_MEDIA or (kind == "网" and size < len(run))):
            return found[0]
        return None
    return None


@dataclass(frozen=True)
class PageContext:
    """What a page says about where its articles are: the places of its header lines, and
    the places its other articles fix (used to tell 和平区 in Tianjin from 和平区 in Shenyang,
    never to give an article a city it does not name)."""

    gazetteer: Gazetteer
    units: tuple[Unit, ...] = ()
    neighbours: tuple[Unit, ...] = ()
    own: tuple[Unit, ...] = ()  # the places of the furniture lines printed with this article

    def with_neighbours(self, codes: Iterable[str]) -> PageContext:
        """This context, with the units of the codes the page's articles were resolved to."""
        found = tuple(dict.fromkeys(u for code in codes if code and (u := self.gazetteer.units.get(code))))
        return PageContext(self.gazetteer, self.units, found, self.own)

    def with_own(self, lines: Iterable[str]) -> PageContext:
        """This context for one article, with the places of the furniture lines printed with it
        (``来源：廊坊日报``): nearer evidence than the page's header.

        >>> [u.name for u in page_context([]).with_own(["2020年06月22日 来源：《廊坊日报》"]).own]
        ['廊坊市']
        """
        units = [u for line in lines for u in context_units(line, self.gazetteer)]
        return PageContext(self.gazetteer, self.units, self.neighbours, tuple(dict.fromkeys(units)))


def page_context(header_lines: Iterable[str], gaz: Gazetteer | None = None) -> PageContext:
    """The context of a page from its header and footer lines (天津日报 2024年6月5日 …).

    >>> [u.name for u in page_context(["天津日报  2024年6月5日 星期三  第7版"]).units]
    ['天津市']
    """
    gaz = gaz or register()
    units: list[Unit] = []
    for line in header_lines:
        units.extend(context_units(line, gaz))
    return PageContext(gaz, tuple(dict.fromkeys(units)))


# --- one place per article -------------------------------------------------------------------


def resolve_place(
    headline: Sequence[str],
    opening: str,
    rest: str = "",
    dateline: str = "",
    byline: str = "",
    page: PageContext | None = None,
    following: Sequence[str] = (),
) -> Place:
    """The article's own place (as written) and what the register makes of it.

    The headline's and the opening's places are merged (the headline's community first); a
    name several places share is resolved by the article's other places, the dateline and
    byline, the rest of the text, then the page header; what none of them fixes stays "".
    following are the paragraphs after the opening that may still name the article's place
    (the second and third): where the opening names none (a quotation, a general sentence),
    the first of them that does; and they complete the place where they name it again.

    >>> p = resolve_place(["西沽街燕宇社区开展演练"], "本报讯 近日，红桥区西沽街燕宇社区组织居民演练。")
    >>> p.district, p.street, p.community, p.city, p.district_code, p.street_code
    ('红桥区', '西沽街', '燕宇社区', '天津市', '120106', '120106005')
    >>> resolve_place(["和平区金碧社区开展义诊"], "近日，和平区金碧社区开展义诊。").city
    ''
    >>> resolve_place(["和平区金碧社区开展义诊"], "近日，和平区金碧社区开展义诊。", dateline="新华网天津10月13日电").city
    '天津市'
    """
    gaz = page.gazetteer if page else register()
    found_head = [c for line in headline for c in find_chains(line, gaz)]
    found_body = find_chains(opening, gaz)
    tiers = _Evidence(gaz, headline, opening, rest, dateline, byline, page, found_head + found_body)
    head = [c for c in found_head if _stands(c, tiers)]
    lead = opening
    body = [c for c in found_body if _stands(c, tiers)]
    after = following[0] if following else ""  # the paragraph after the lead
    if not body and not any(c.community or c.name("street") for c in head):
        # A general sentence opens the article: its place comes after; under a headline that
        # names a district or city (钟楼区：…), only places inside it.
        for i, paragraph in enumerate(following):
            if not _WHEN.search(paragraph):
                continue  # it names the place only in a sentence that says when
            found = [c for c in find_chains(paragraph, gaz) if _stands(c, tiers)]
            found = _event_sentence(paragraph, found, strict=True)[0]
            found = [c for c in found if not c.mentions or all(_compatible(_levels(h), _levels(c)) for h in head)]
            if found:
                lead, body = paragraph, found
                after = following[i + 1] if i + 1 < len(following) else ""
                tiers = _Evidence(gaz, headline, f"{opening}\n{lead}", rest, dateline, byline, page)
                break
    if any(c.community and not c.mentions for c in head + body):
        text = simplify("\n".join((*headline, opening, rest)))
        head = [c for c in head if not _area_communities(c, gaz, text)]
        body = [c for c in body if not _area_communities(c, gaz, text)]
    if any(_COUNTS_PLACES.search(line) for line in headline) or _across_places(body):
        # 首府两个社区工作法, 闽浙两地; 鄞州区A社区、B社区和江东区C社区: the article is about
        # several places, none of them its own.
        body = []
        head = [c for c in head if not c.community]
    body, aside = _event_sentence(lead, body)
    primary = _primary(head, body, "\n".join((opening, rest))) or _primary(body)
    if primary is None:
        return _with_area(Place(), tiers.area())
    merged = _merge(primary, head + body)
    if merged.community:
        text = "\n".join((*headline, opening, rest))
        merged = _area_before_community(merged, gaz, text, lambda: head + body + aside + tiers.rest_chains())
    if merged.community and after and merged.community in after:
        # 香格里拉社区 in the lead, 城中区南川西路街道办事处香格里拉社区 right below it
        aside = aside + [c for c in find_chains(after, gaz) if c.community == merged.community and _stands(c, tiers)]
    merged = _complete(merged, aside)
    if merged.community and not any(c.community for c in head) and tiers.elsewhere(merged):
        merged = _Merged({lv: n for lv, n in merged.names.items() if lv != "street"}, "", _upper(merged), {})
    merged = _fullest(merged, head + body + aside)
    candidates = tiers.narrow(merged.candidates)
    return _place(merged, candidates, tiers)


def _fullest(merged: _Merged, chains: list[Chain]) -> _Merged:
    """Names as the article writes them in full where it also does (番禺桥南街 in the headline,
    番禺区桥南街 in the opening: 番禺区)."""
    names = dict(merged.names)
    for level, mention in merged.mentions.items():
        fuller = [
            m.text for c in chains for m in c.mentions
            if m.level == level and len(m.text) > len(mention.text) and m.text.startswith(mention.text)
            and set(m.units) & set(mention.units)
        ]
        if fuller:
            names[level] = max(fuller, key=len)
    return merged if names == merged.names else dataclasses.replace(merged, names=names)


def _area_before_community(merged: _Merged, gaz: Gazetteer, text: str, chains: Callable[[], list[Chain]]) -> _Merged:
    """A city, district or street written short right before a community (株洲广场社区,
    江都明珠社区, 湖里兴华社区) is a level of its own, not part of the community's name, where
    the article also writes the community without it (广场社区, 明珠社区, 兴华社区). The short
    name is the place the article writes in full before that community (湖里街道兴华社区: 湖里
    is 湖里街道), else the one city or district of that name, if it holds the article's other
    places; otherwise the name stays as written.

    chains: the article's chains (called only when the text writes the community without it).
    """
    name = merged.community
    for size in (4, 3, 2):
        rest = name[size:]
        if len(rest) < 4 or text.count(rest) <= text.count(name):
            continue
        short = simplify(name[:size])
        written = [
            c for c in chains()
            if c.community == rest and any(simplify(m.text).startswith(short) for m in c.mentions)
        ]
        if written:
            return _complete(dataclasses.replace(merged, community=rest), written)
        units = [u for u in gaz.shorts.get(short, ()) if u.level in ("city", "district")]
        if len(units) != 1:
            continue
        unit = units[0]
        if unit.level in merged.mentions or (
            merged.candidates and not any(c.within(unit) or unit.within(c) for c in merged.candidates)
        ):
            continue  # the article's places lie elsewhere: the short name is the community's own
        mention = Mention(0, size, name[:size], unit.level, (unit,), STRONG)
        mentions = {**merged.mentions, unit.level: mention}
        candidates = _consistent([mentions[lv] for lv in LEVELS if lv in mentions]) or (unit,)
        names = {**merged.names, "district": name[:size]} if unit.level == "district" else merged.names
        return _Merged(names, rest, candidates, mentions)
    return merged


def _area_communities(chain: Chain, gaz: Gazetteer, text: str) -> bool:
    """Whether a community named only by a city's or district's short name is that place's
    communities, as the article writes them with the full name (咸阳社区文化节 over
    咸阳市社区文化节; 中山社区 alone is a community)."""
    if chain.mentions or not chain.community:
        return False
    units = gaz.shorts.get(simplify(chain.community[:-2]), ())
    return any(u.name + "社区" in text for u in units if u.level in ("province", "city", "district"))


def _across_places(chains: list[Chain]) -> bool:
    """Whether a list of communities runs across districts or streets (A区甲社区、乙社区和B区丙社区)."""
    for level in ("district", "street"):
        if len({c.name(level) for c in chains if c.listed and c.name(level)}) > 1:
            return True
    return any(c.across for c in chains)


def _upper(merged: _Merged) -> tuple[Unit, ...]:
    """The candidates of the place without its street: its district's, where it names one."""
    if "district" in merged.mentions:
        return _consistent([merged.mentions[lv] for lv in LEVELS[:3] if lv in merged.mentions])
    return ()


# A headline that counts places: 两个社区, 3个街道, 多个村.
_COUNTS_PLACES = re.compile(
    r"(?:[两二三四五六七八九十百千几多数\d]+个|两)(?:社区|街道|村|乡镇|镇街)|(?:两|三|多|各)地(?![区方])"
)
# Words that say when, which a news lead carries: 6月17日, 14日19时, 近日, 昨天上午, and a
# festival or day drawing near (重阳节来临之际, 中秋节前夕, 国际志愿者日到来之际, “七一”前夕).
_WHEN = re.compile(
    r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?<![\d月])\d{1,2}\s*日\s*(?:\d{1,2}\s*时|上午|下午|晚|早|凌晨|中午|傍晚|清晨|夜)"
    r"|近日|日前|近期|最近|昨天|昨日|前天|今天|今日|当天|当日|上午|下午|晚上|清晨|傍晚"
    r"|(?:[节日”]|国庆|元旦|除夕|元宵|端午|中秋|重阳|七夕|新春|新年)(?:即将|就要)?(?:来临|到来|将至|临近|前夕|之际)"
)
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _event_sentence(text: str, chains: list[Chain], strict: bool = False) -> tuple[list[Chain], list[Chain]]:
    """The chains of the sentence that says when (the news lead), and the others.

    Where a paragraph sets a scene first (碰上这种事怎么办？在杭州拱墅区米市巷街道，…) or names
    other places after (…西站西路社区工作人员讲起…), the article's place is the lead's; the
    other sentences' places may only add what holds it (its district), never a place inside.
    strict: a paragraph after the opening names the article's place only in such a sentence
    (an obituary's second paragraph names a birthplace).
    """
    if len(chains) < 2 and not (strict and chains):
        return chains, []
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if _WHEN.search(text, start, end):
            inside = [c for c in chains if start <= c.start < end]
            if inside:
                return inside, [c for c in chains if not start <= c.start < end]
            if not strict:
                return chains, []
            # 中秋节来临之际，为了…。9月10日，平山道社区…: the next sentence that says when
        start = end
    return ([], chains) if strict else (chains, [])


def _stands(chain: Chain, tiers: _Evidence) -> bool:
    """Whether a chain counts: a lone weak name only where the article's places confirm it, or,
    the short form of one street, where they do not contradict it."""
    if chain.mentions and all(m.renamed for m in chain.mentions) and tiers.judge(chain.candidates()) is False:
        return False  # 漳江镇 where the register's only 漳江街道 lies away from the article's places
    lone_street = len(chain.mentions) == 1 and chain.mentions[0].level == "street" and not chain.community
    if lone_street and tiers.judge(chain.candidates(), nearest_only=True) is False:
        # 楼山乡 alone in an article whose headline and opening are about 青岛市李沧区: the
        # register's only 楼山乡 is in 山西 (Qingdao's was merged away), so this one is not it.
        return False
    if not chain.weak:
        return True
    verdict = tiers.judge(chain.candidates())
    return verdict if verdict is not None else chain.short_of_one


@dataclass
class _Merged:
    names: dict[str, str]  # level -> the name as written
    community: str
    candidates: tuple[Unit, ...]  # what the most specific name can be
    mentions: dict[str, Mention] = field(default_factory=dict)  # level -> the name's mention


def _primary(chains: list[Chain], below: Sequence[Chain] = (), text: str = "") -> Chain | None:
    """The chain that names the article's place: the first with a community, else with a name.

    A headline's community counts when the text repeats it or names no community itself
    (跟拍社区巡查 over an opening about 五福社区 is no community).
    """
    with_community = [c for c in chains if c.community and not c.listed]
    if below and any(c.community and not c.listed for c in below):
        with_community = [c for c in with_community if c.community in text]
    if with_community:
        return with_community[0]
    placed = [c for c in chains if c.mentions]
    return placed[0] if placed else None


def _levels(chain: Chain) -> dict[str, Mention]:
    return {m.level: m for m in chain.mentions}


def _merge(primary: Chain, chains: list[Chain]) -> _Merged:
    """The primary chain, completed from chains naming the same community or the same place.

    A community named alone takes the places around it only when they all nest in one
    another (罗湖区 … 黄贝街道 … 文华社区), never a place that has a community of its own.
    """
    mentions = _levels(primary)
    community = "" if primary.listed else primary.community
    candidates = primary.candidates()
    others = [c for c in chains if c is not primary and c.mentions]
    if not mentions:
        placed = [c for c in others if not c.community or c.community == primary.community]
        nested = all(_compatible(_levels(a), _levels(b)) for a, b in combinations(placed, 2))
        others = placed if nested else [c for c in others if c.community == primary.community]
    for other in others:
        same_community = bool(primary.community) and other.community == primary.community
        other_levels = _levels(other)
        if mentions and not same_community and not _compatible(mentions, other_levels):
            continue
        if not same_community and other.community and community:
            continue
        for level, mention in other_levels.items():
            # A zone (五象新区) gives way to the register's district the article names (良庆区).
            if level in mentions and not (mentions[level].zone and not mention.zone):
                continue
            trial = {**mentions, level: mention}
            narrowed = _consistent([trial[lv] for lv in LEVELS if lv in trial])
            if narrowed:
                mentions, candidates = trial, narrowed
        if not community and other.community and not other.listed:
            community = other.community
    if not community:
        # 吉林市 in the headline, 长江社区 alone in the opening: the community of the place.
        alone = [c for c in chains if c.community and not c.listed and not c.mentions]
        community = alone[0].community if alone else ""
    names = {level: m.text for level, m in mentions.items()}
    return _Merged(names, _shortest(community, chains), candidates, mentions)


def _complete(merged: _Merged, aside: list[Chain]) -> _Merged:
    """The place, with what holds it added from the lead paragraph's other sentences."""
    mentions, candidates = dict(merged.mentions), merged.candidates
    deepest = 4 if merged.community else max((_RANK[lv] for lv in mentions), default=-1)
    for other in [c for c in aside if not c.community or c.community == merged.community]:
        other_levels = _levels(other)
        if not other_levels:
            continue
        if mentions and not _compatible(mentions, other_levels):
            continue
        for level, mention in other_levels.items():
            if level in mentions or _RANK[level] >= deepest:
                continue
            trial = {**mentions, level: mention}
            narrowed = _consistent([trial[lv] for lv in LEVELS if lv in trial])
            if narrowed:
                mentions, candidates = trial, narrowed
    if mentions == merged.mentions:
        return merged
    names = {level: m.text for level, m in mentions.items()}
    return _Merged(names, merged.community, candidates, mentions)


def _shortest(community: str, chains: list[Chain]) -> str:
    """A community's name where the article also writes it shorter (多级联动共商文华社区:
    文华社区 elsewhere): the name is what the longer run ends with."""
    shorter = [c.community for c in chains if c.community != community and community.endswith(c.community)]
    shorter = [name for name in shorter if len(name) >= 4]
    return min(shorter, key=len) if shorter else community


def _compatible(mine: dict[str, Mention], other: dict[str, Mention]) -> bool:
    """Whether two chains can name the same place: they share a name, or one holds the other."""
    if any(level in mine and mine[level].text == m.text for level, m in other.items()):
        return True
    mine_units = _possible([mine[lv] for lv in LEVELS if lv in mine]) if mine else ()
    other_units = _possible([other[lv] for lv in LEVELS if lv in other])
    return any(a.within(b) or b.within(a) for a in mine_units for b in other_units)


# How much of the text after the opening is read for evidence: the places that tell a name
# apart are written near the start, and a long report would cost its whole length.
REST_CHARS = 1500


class _Evidence:
    """The other places an article and its page name, read lazily, nearest first: the
    headline and opening, the dateline and byline, the rest of the text, the page header.
    Each tier is a list of groups: the units one name (or chain of names) can be."""

    def __init__(self, gaz, headline, opening, rest, dateline, byline, page, chains=None) -> None:
        """chains: those of the headline's lines and the opening, where they were found already."""
        self.gaz = gaz
        self._sources = [
            lambda: self._groups(chains) if chains is not None else self._chains([*headline, opening]),
            # a page header the split kept as a headline line (宁波晚报 2016年01月27日 A03) too
            lambda: [(u,) for u in context_units(" ".join((dateline, byline, opening[:40], *headline)), gaz)],
            lambda: [(u,) for u in page.own] if page else [],
            lambda: self._groups(self._rest_chains_once()),
            lambda: [(u,) for u in page.units] if page else [],
            lambda: [(u,) for u in page.neighbours] if page else [],
        ]
        self._tiers: list[list[tuple[Unit, ...]]] = []
        self._rest = rest
        self._rest_chains: list[Chain] | None = None

    def _chains(self, texts: Sequence[str]) -> list[tuple[Unit, ...]]:
        return self._groups([chain for text in texts for chain in find_chains(text, self.gaz)])

    @staticmethod
    def _groups(chains: list[Chain]) -> list[tuple[Unit, ...]]:
        return [g for chain in chains if chain.strong and (g := chain.candidates())]

    def rest_chains(self) -> list[Chain]:
        """The chains of the first REST_CHARS characters after the opening."""
        return self._rest_chains_once()

    def _rest_chains_once(self) -> list[Chain]:
        if self._rest_chains is None:
            self._rest_chains = find_chains(self._rest[:REST_CHARS], self.gaz)
        return self._rest_chains

    def elsewhere(self, merged: _Merged) -> bool:
        """Whether the rest of the text names another community in another street (兴庆区:
        丽景街街道银虹社区 first, 玉皇阁北街街道高台寺社区 further on): a report on several."""
        street = merged.names.get("street")
        if not street:
            return False
        district = merged.names.get("district", "")
        return any(
            c.community and not c.listed and c.community != merged.community and c.name("street") not in ("", street)
            and c.name("district") in ("", district)  # another district's: most likely another report
            for c in self._rest_chains_once()
        )

    def tiers(self) -> Iterable[list[tuple[Unit, ...]]]:
        for i, source in enumerate(self._sources):
            if i == len(self._tiers):
                self._tiers.append(source())
            yield self._tiers[i]

    def narrow(self, candidates: tuple[Unit, ...]) -> tuple[Unit, ...]:
        """Keep the candidates the nearest evidence agrees with, tier by tier, while it helps."""
        for groups in self.tiers():
            if len(candidates) <= 1:
                break
            candidates = _agreeing(candidates, [u for g in groups for u in g]) or candidates
        return candidates

    def judge(self, candidates: tuple[Unit, ...], nearest_only: bool = False) -> bool | None:
        """Whether the nearest evidence agrees with one of the candidates (None: there is none).

        nearest_only: only the headline's and opening's own places count.
        """
        for groups in islice(self.tiers(), 1 if nearest_only else None):
            units = [u for g in groups for u in g if u not in candidates]
            if units:
                return bool(_agreeing(candidates, units))
        return None

    def area(self) -> Unit | None:
        """The one city (or province) that the nearest evidence naming any names (the page's
        other articles excepted: they are no evidence of where this one is)."""
        for groups in islice(self.tiers(), len(self._sources) - 1):
            areas = set()
            for group in groups:
                found = {u.area for u in group}
                if len(found) == 1:
                    areas |= found
            areas.discard(None)
            if len(areas) == 1:
                return areas.pop()
            if areas:
                return None  # several cities: none of them is the article's
        return None


def _agreeing(candidates: tuple[Unit, ...], evidence: list[Unit], same_city: bool = True) -> tuple[Unit, ...]:
    """The candidates inside or holding an evidence unit; failing that, in its city."""
    evidence = [u for u in evidence if u not in candidates]
    if not evidence:
        return ()
    exact = tuple(c for c in candidates if any(c.within(u) or u.within(c) for u in evidence))
    if exact or not same_city:
        return exact
    areas = {u.area for u in evidence if u.level != "province"}
    return tuple(c for c in candidates if c.area in areas)


def _place(merged: _Merged, candidates: tuple[Unit, ...], tiers: _Evidence) -> Place:
    names = merged.names
    place = Place(names.get("district", ""), names.get("street", ""), merged.community)
    if not candidates:
        if not merged.names and merged.community:
            return _with_area(place, tiers.area())
        return place
    if len(candidates) == 1:
        place = _fill(place, candidates[0])
    else:
        place = _common(place, candidates)
    zone = merged.mentions.get("district")
    if zone is not None and zone.zone:
        # 湖南湘江新区西湖街道: the zone is the district as written; it has no register code
        # (西湖街道 is registered under 岳麓区, which the text does not name).
        place = dataclasses.replace(place, district_code="")
    return place


def _with_area(place: Place, area: Unit | None) -> Place:
    if area is None:
        return place
    return Place(place.district, place.street, place.community, area.city, area.province)


def _fill(place: Place, unit: Unit) -> Place:
    district = unit.up("district")
    street = unit.up("street")
    return Place(
        place.district, place.street, place.community, unit.city, unit.province,
        district.code if district else "", street.code if street else "",
    )


def _common(place: Place, candidates: tuple[Unit, ...]) -> Place:
    """Fill only what every candidate agrees on (all in one city: the city)."""
    cities = {c.city for c in candidates}
    provinces = {c.province for c in candidates}
    districts = {d.code if (d := c.up("district")) else "" for c in candidates}
    city = cities.pop() if len(cities) == 1 else ""
    province = provinces.pop() if len(provinces) == 1 else ""
    district = districts.pop() if len(districts) == 1 else ""
    return Place(place.district, place.street, place.community, city, province, district)


def register_name(code: str, gaz: Gazetteer | None = None) -> str:
    """The register's name of a code ("" if unknown).

    >>> register_name("120106005")
    '西沽街道'
    """
    if gaz is None:
        return register_names().get(code, "")
    unit = gaz.units.get(code)
    return unit.name if unit else ""


@cache
def register_names() -> dict[str, str]:
    """The shipped register's name of every code, without the gazetteer built from them: what
    the index's writer processes need (``index.schema.directory_terms``), in a tenth of the
    memory ``register()`` takes."""
    data = resources.files("bulletin_cli").joinpath("register.tsv.gz").read_bytes()
    lines = gzip.decompress(data).decode("utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and line[0] != "#")
