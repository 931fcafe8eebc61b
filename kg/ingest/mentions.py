"""Names in a text: the graph's own (longest match, with their ids) and new ones found
by their heads (…有限公司, …产业园, …项目) and jieba's parts of speech."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.ingest.gazetteer import Gazetteer

# the head of a name → the ontology class a new entity with that head is proposed as
HEADS: list[tuple[str, str]] = sorted([
    ("股份有限公司", "Company"), ("有限责任公司", "Company"), ("有限公司", "Company"), ("公司", "Company"),
    ("集团", "Company"), ("研究院", "Organization"), ("管委会", "GovernmentBody"), ("委员会", "GovernmentBody"),
    ("人民政府", "GovernmentBody"), ("产业园区", "IndustrialPark"), ("产业园", "IndustrialPark"),
    ("科技园", "IndustrialPark"), ("工业园", "IndustrialPark"), ("软件园", "IndustrialPark"),
    ("创新园", "IndustrialPark"), ("数据谷", "IndustrialPark"), ("园区", "IndustrialPark"),
    ("高新区", "DemonstrationZone"), ("开发区", "DemonstrationZone"), ("经开区", "DemonstrationZone"),
    ("示范区", "DemonstrationZone"), ("保税区", "Zone"), ("新区", "NewArea"), ("科技城", "ScienceCity"),
    ("项目", "Project"), ("工程", "InfrastructureProject"), ("基地", "ManufacturingProject"),
    ("总部", "HeadquartersProject"), ("研发中心", "Project"), ("中心", "Project"), ("工厂", "Factory"),
    ("超级工厂", "Factory"), ("水库", "ReservoirProject"), ("换流站", "ConverterStation"),
    ("港", "PortProject"), ("机场", "Airport"), ("街道", "Town"), ("镇", "Town"), ("村", "Village"),
    ("生物城", "IndustrialPark"), ("医药城", "IndustrialPark"), ("物流园", "IndustrialPark"),
    ("产业新城", "NewArea"), ("科学城", "ScienceCity"), ("航空城", "AirportCity"), ("政府", "GovernmentBody"),
], key=lambda pair: -len(pair[0]))
# words that end a name when walking back from its head (verbs and function words around names)
STOP_WORDS = frozenset((
    "旗下", "下属", "落户", "位于", "入驻", "建设", "新建", "投资", "签署", "签订", "签约",
    "形成", "聚集", "集聚", "汇聚", "引进", "走进", "打造", "实现", "完成", "推进", "达",
    "为", "是", "有", "与", "和", "在", "将", "已", "正", "其", "其中", "以及", "及",
    "等", "由", "对", "向", "从", "把", "被", "让", "使", "给", "至", "于", "到", "以",
    "共建", "联合", "携手", "支持", "依托", "带动", "成立", "组建", "落地", "主要", "提供",
    "包括", "拥有", "今年", "去年", "明年", "目前", "当前", "近年来", "全市", "全国",
    "全区", "全省",
))
_STOP_POS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "m", "q", "w", "y", "e", "o", "t"}
# words that make a phrase before a head generic (重大项目, 该公司, 龙头企业), not a name
GENERIC = frozenset((
    "该", "此", "这", "其", "本", "各", "各类", "多个", "一批", "一个", "一座", "全部",
    "所有", "相关", "重大", "重点", "区级", "市级", "国家级", "省级", "新", "新建", "在建",
    "已建", "招商", "产业", "配套", "龙头", "核心", "重要", "优质", "一期", "二期", "三期",
    "首个", "首批", "新签约", "签约", "新开工", "开工", "储备", "争资", "骨干", "子",
    "下属", "旗下", "分", "母", "合作", "同类", "上下游", "头部", "领军", "链主", "标志性",
    "示范", "数字", "工业", "生产", "建设", "投资", "项目", "企业", "公司", "集团", "园区",
    "中心", "基地", "工程", "特色", "现代", "智能", "数智", "智慧", "综合", "临时", "主体",
    "配套", "基础", "当地", "本地", "外地", "国有", "区属", "市属", "民营", "外资", "多家",
    "一家", "两家", "几家",
))
_FIRM_HEADS = {"股份有限公司", "有限责任公司", "有限公司", "公司", "集团"}
_ZONE_CLASSES = {"IndustrialPark", "DemonstrationZone", "Zone", "NewArea", "ScienceCity"}
# at least one word of a new name must be one of these (a place, a person's or firm's name, a brand)
_PROPER_POS = {"nr", "nrt", "ns", "nt", "nz", "nrfg", "eng", "j"}
_STOP_CHARS = set("的在与和及同跟为向从对距于给把被将是等、，。；：“”（）()《》")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    entity: str | None  # id in the graph, or None for a new name
    cls: str
    new: bool = False
    canonical: str | None = None  # a new entity's full name when the text uses a short one

    @property
    def name(self) -> str:
        return self.canonical or self.text


def graph_mentions(text: str, gazetteer: Gazetteer, offset: int = 0) -> list[Mention]:
    """The graph's names in `text`, longest first, left to right."""
    found: list[Mention] = []
    position = 0
    while position < len(text):
        name = gazetteer.longest_name_at(text, position)
        if name is None:
            position += 1
            continue
        end = position + len(name.text)
        found.append(Mention(offset + position, offset + end, name.text, name.entity, name.cls))
        position = end
    owners = {m.entity for m in found}
    for remainder, (owner, entity) in sorted(gazetteer.owned_remainders.items()):
        if owner not in owners:
            continue
        for match in re.finditer(re.escape(remainder), text):
            start, end = offset + match.start(), offset + match.end()
            first_owner = min(m.start for m in found if m.entity == owner)
            inside = [m for m in found if start <= m.start and m.end <= end]
            crossing = [m for m in found if m.start < end and start < m.end and m not in inside]
            if first_owner < start and not crossing:
                found = [m for m in found if m not in inside]
                found.append(Mention(start, end, remainder, entity, gazetteer.entity_classes[entity]))
    return sorted(found, key=lambda m: m.start)


def new_mentions(text: str, gazetteer: Gazetteer, known: list[Mention], offset: int = 0) -> list[Mention]:
    """Names the graph does not have, found by their heads, outside the known mentions."""
    tokens = list(gazetteer.tokenizer().cut(text))
    spans, position = [], 0
    for token in tokens:
        spans.append((position, position + len(token.word), token.word, token.flag))
        position += len(token.word)
    taken = [(m.start - offset, m.end - offset) for m in known]
    found: list[Mention] = []
    for index, (_start, end, word, _flag) in enumerate(spans):
        joined = (spans[index - 1][2] if index else "") + word
        head = next((h for h, _ in HEADS if word.endswith(h) or (len(h) > len(word) and joined.endswith(h))), None)
        if head is None or (index + 1 < len(spans) and spans[index + 1][2] in ("区", "园", "城")):
            continue
        if len(head) == 1 and index + 1 < len(spans) and spans[index + 1][3][:1] == "n":
            continue  # 进疏港道路: a one-character head inside a longer phrase names nothing
        cls = dict(HEADS)[head]
        first = index
        # a name is the run of words before (and including) its head, up to a verb or a function word
        while first > 0:
            previous = spans[first - 1]
            word_before, flag = previous[2], previous[3]
            if word_before in STOP_WORDS or flag in _STOP_POS or any(c in _STOP_CHARS for c in word_before):
                break
            if flag == "v" and len(word_before) > 1 and head not in _FIRM_HEADS:
                break  # a verb ends a name, except in a firm's (远航齿轮传动有限公司)
            if re.fullmatch(r"[\d.]+|[一二三四五六七八九十百千万亿两]+", word_before):
                break
            if end - spans[first - 1][0] > 30:
                break
            first -= 1
        name_start = spans[first][0]
        name = text[name_start:end]
        words = [s[2] for s in spans[first:index + 1]]
        tail = "".join(words)[: -len(head)]
        words = [tail] if tail else []
        meaningful = [w for w in words if w and w not in GENERIC and not re.fullmatch(r"[\d.]+", w)]
        if not meaningful or len(name) < len(head) + 2 or len(name) > 30:
            continue
        if any(a <= name_start and end <= b for a, b in taken):
            continue
        known_inside = [(a, b) for a, b in taken if name_start <= a and b <= end]
        if known_inside and all(b == end for _, b in known_inside):
            continue
        # 碑口水库项目, 重庆长安汽车股份有限公司: known names and a head word name the (last) known thing
        uncovered = "".join(ch for i, ch in enumerate(name, start=name_start)
                            if not any(a <= i < b for a, b in known_inside))
        if known_inside and (not uncovered or uncovered in {h for h, _ in HEADS}):
            last = max((m for m in known if name_start <= m.start - offset and m.end - offset <= end),
                       key=lambda m: m.end, default=None)
            if last is not None and last.entity and uncovered:
                found.append(Mention(offset + name_start, offset + end, name, last.entity, last.cls))
            continue
        # 首座受端换流站, 一个现代化产业基地: a description, not a name
        if first > 0 and re.fullmatch(r"(?:首|一|这|该|每)[座个家条批处项]", spans[first - 1][2]):
            continue
        proper = any(s[3] in _PROPER_POS and s[2] not in GENERIC for s in spans[first:index + 1]) or bool(known_inside)
        if not proper:
            continue
        if cls in _ZONE_CLASSES and first > 0 and spans[first - 1][2] in ("建设", "新建", "兴建", "打造", "开工"):
            cls = "Project"  # 建设德晟智能装备产业园: a park being built is a project
        found.append(Mention(offset + name_start, offset + end, name, None, cls, new=True))
    return found


# A、B、C等36家核心配套企业 / 以A、B等为配套: the names of a list that ends in 等 and a kind
_LIST = re.compile(r"((?:[\u4e00-\u9fffA-Za-z0-9（）()]{2,14}、)+[\u4e00-\u9fffA-Za-z0-9（）()]{2,14})等"
                   r"(?:\d+|[一二两三四五六七八九十]+)?(?:家|个|大)?[^，。；]{0,8}?"
                   r"(企业|公司|品牌|项目|为配套|为骨干|为龙头|为核心)")
_LIST_CLASS = {"企业": "Company", "公司": "Company", "为配套": "Company", "为骨干": "Company", "为龙头": "Company",
               "为核心": "Company", "品牌": "Brand", "项目": "Project"}
_LIST_LEAD = re.compile(r"^.*?(?:聚集|集聚|汇聚|落地|引进|包括|拥有|以|了|如|有)")


def list_mentions(text: str, known: list[Mention], offset: int = 0) -> list[Mention]:
    """New names from lists such as 物奇、百瑞互联、黑芝麻、睿歌微电子等企业."""
    found = []
    for match in _LIST.finditer(text):
        items = match.group(1)
        start = match.start(1)
        lead = _LIST_LEAD.match(items)
        if lead:
            items, start = items[lead.end():], start + lead.end()
        cls = _LIST_CLASS[match.group(2)]
        cursor = start
        for item in items.split("、"):
            item_start, item_end = offset + cursor, offset + cursor + len(item)
            cursor += len(item) + 1
            if len(item) < 2 or re.search(r"\d", item) or item in GENERIC:
                continue
            if any(m.start < item_end and item_start < m.end for m in known):
                continue
            found.append(Mention(item_start, item_end, item, None, cls, new=True))
    return found


# 璧山区, 巴南区, 开州区: a district whose stem jieba knows as a place name
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{2,3}?)(区|县)(?![域内外划])")
_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "公司")
_LINES_OF_WORK = ("科技", "技术", "实业", "发展", "控股", "股份")


class ArticleNames:
    """The new names of one article and the short names it uses for them afterwards
    (重庆青峰动力科技有限公司 … 青峰动力; 璧山区 … 璧山)."""

    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        self.names: dict[str, tuple[str, str]] = {}  # as written → (full name, class)
        self.graph_names: dict[str, str] = {}  # a full name whose short name the graph has → its id

    def learn(self, text: str) -> None:
        known = graph_mentions(text, self.g)
        for mention in new_mentions(text, self.g, known) + list_mentions(text, known) + self._districts(text, known):
            if mention.entity:
                self.graph_names[mention.text] = mention.entity
                continue
            aliases = self.short_names(mention)
            same = [self.g.longest_name_at(a, 0) for a in aliases]
            same = [n for n in same if n is not None and n.text in aliases and self.g.is_a(n.cls, ("Organization",))]
            if same:
                # 重庆长安汽车股份有限公司 is the graph's 长安汽车 under its full name
                self.graph_names[mention.text] = same[0].entity
                continue
            self.add(mention.text, mention.text, mention.cls)
            for alias in aliases:
                self.add(alias, mention.text, mention.cls)

    def add(self, written: str, full: str, cls: str) -> None:
        if self.g.longest_name_at(written, 0) is not None and self.g.longest_name_at(written, 0).text == written:
            return
        if written in self.names and self.names[written][0] == full:
            return  # the first reading of a name decides its class
        if written in self.names and self.names[written][0] != full:
            if written == full:
                return  # a short name seen on its own (青峰动力、…等) stays the short name of its full one
            if written != self.names[written][0]:
                self.names[written] = ("", "")  # two names shorten alike: the short one is ambiguous
                return
        self.names[written] = (full, cls)

    def _districts(self, text: str, known: list[Mention]) -> list[Mention]:
        found = []
        words = self.g.tokenizer().word_tag_tab
        for match in _DISTRICT.finditer(text):
            for size in (3, 2):
                stem_start = match.end(1) - size
                if stem_start < match.start():
                    continue
                stem = text[stem_start:match.end(1)]
                if words.get(stem) == "ns":
                    start, end = stem_start, match.end()
                    if not any(m.start < end and start < m.end for m in known):
                        found.append(Mention(start, end, text[start:end], None, "District", new=True))
                    break
        return found

    def short_names(self, mention: Mention) -> list[str]:
        name = mention.text
        if mention.cls == "District" and len(name) >= 3:
            return [name[:-1]]
        if mention.cls not in ("Company",) or not name.endswith((*_LEGAL_FORMS, "集团")):
            return []
        core = name
        place = self.g.longest_name_at(core, 0)
        words = self.g.tokenizer().word_tag_tab
        if place is not None and self.g.is_a(place.cls, ("Place",)):
            core = core[len(place.text):]
        elif words.get(core[:2]) == "ns" and len(core) > 6:
            core = core[2:]
        for form in _LEGAL_FORMS:
            if core.endswith(form):
                core = core[: -len(form)]
                break
        for line in _LINES_OF_WORK:
            if core.endswith(line) and len(core) > len(line) + 1:
                core = core[: -len(line)]
        aliases = [core] if 2 <= len(core) < len(name) else []
        if len(core) > 4:
            aliases.append(core[:4])
        return [a for a in aliases if len(a) >= 3 or a == core]

    def mentions(self, text: str, offset: int = 0) -> list[Mention]:
        """The article's own names in `text`, longest first."""
        found = []
        position = 0
        ordered = sorted([w for w, (full, _) in self.names.items() if full] + list(self.graph_names),
                         key=lambda w: (-len(w), w))
        while position < len(text):
            hit = next((w for w in ordered if text.startswith(w, position)), None)
            if hit is None:
                position += 1
                continue
            if hit in self.graph_names:
                entity = self.graph_names[hit]
                found.append(Mention(offset + position, offset + position + len(hit), hit, entity,
                                     self.g.entity_classes[entity]))
                position += len(hit)
                continue
            full, cls = self.names[hit]
            found.append(Mention(offset + position, offset + position + len(hit), hit, None, cls, new=True,
                                 canonical=full if full != hit else None))
            position += len(hit)
        return found


def article_mentions(text: str, gazetteer: Gazetteer, names: ArticleNames, offset: int = 0) -> list[Mention]:
    """The graph's names and the article's own (new) names in `text`; where they overlap, the longer."""
    known = graph_mentions(text, gazetteer, offset)
    own = names.mentions(text, offset)
    kept = [m for m in known if not any(o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                                        for o in own)]
    own = [o for o in own if not any(k.start <= o.start and o.end <= k.end and (k.end - k.start) >= (o.end - o.start)
                                     for k in kept)]
    return sorted(kept + own, key=lambda m: (m.start, -m.end))
