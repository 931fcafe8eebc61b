"""Relations said in one sentence, by the patterns news uses for them:
X旗下Y (subsidiary), 位于X的Y / Y落户X / 在X建设Y (location), X为Y配套 (supply),
X与Y签署…协议 (agreement), X生产Y (makes), X投资…建设Y (builds, invests in)."""

from __future__ import annotations

import re

from kg.ingest import candidates as c
from kg.ingest.gazetteer import (
    ORGANIZATION_ROOTS,
    PLACE_ROOTS,
    PRODUCT_ROOTS,
    PROJECT_ROOTS,
    Gazetteer,
)
from kg.ingest.mentions import Mention
from kg.ingest.segment import Sentence
from kg.ingest.subjects import is_scope

_GAP = r"[^，。；]{0,%d}"
_LEADERS = re.compile(r"((?:[^，。；、]{2,14}、)*[^，。；、]{2,14})(?:等)?"
                      r"(?:两大|三大|[一二两三四五六七八九十]+家)?链主企业")


def find_relations(sentences: list[Sentence], mentions: dict[int, list[Mention]], gazetteer: Gazetteer,
                   ids, topics: dict[int, Mention | None] | None = None) -> list[c.RelationCandidate]:
    """Relations said in the sentences; `topics` are the sentences' subjects as the reader
    understood them (for clauses that leave the subject out: …，2020年落户X)."""
    found: dict[str, c.RelationCandidate] = {}
    previous_topic: Mention | None = None
    topics = topics or {}
    for sentence in sentences:
        ms = [m for m in mentions[sentence.index] if not is_scope(m)]
        topic = topics.get(sentence.index)
        relations = list(_sentence_relations(sentence, ms, gazetteer, previous_topic))
        if topic is not None:
            relations += list(_topic_relations(sentence, ms, gazetteer, topic))
        for subject, predicate, obj, score, product in relations:
            if subject is obj or (subject.entity or subject.text) == (obj.entity or obj.text):
                continue
            if not gazetteer.takes(predicate, subject.cls, obj.cls):
                continue  # the ontology does not join these classes so
            candidate = c.RelationCandidate(ids.of(subject), predicate, ids.of(obj), subject.name, obj.name,
                                            score, sentence.text, ids.of(product) if product else None)
            found.setdefault(candidate.id, candidate)
        if ms:
            previous_topic = ms[0]
    return list(found.values())


def _between(sentence: Sentence, a: Mention, b: Mention) -> str:
    return sentence.text[a.end - sentence.start:b.start - sentence.start]


def _before(sentence: Sentence, m: Mention, width: int = 6) -> str:
    local = m.start - sentence.start
    return sentence.text[max(0, local - width):local]


def _sentence_relations(sentence: Sentence, ms: list[Mention], g: Gazetteer, previous_topic: Mention | None):
    org = lambda m: g.is_a(m.cls, ORGANIZATION_ROOTS)  # noqa: E731
    place = lambda m: g.is_a(m.cls, PLACE_ROOTS)  # noqa: E731
    project = lambda m: g.is_a(m.cls, PROJECT_ROOTS)  # noqa: E731
    product = lambda m: g.is_a(m.cls, PRODUCT_ROOTS)  # noqa: E731
    pairs = [(a, b) for i, a in enumerate(ms) for b in ms[i + 1:]]
    for a, b in pairs:
        gap = _between(sentence, a, b)
        if len(gap) > 40:
            continue
        # subsidiary: X旗下(的)Y, Y是X的(全资)子公司, X下属Y
        if re.fullmatch(r"(?:集团)?(?:旗下|下属|控股)(?:的)?(?:子公司)?", gap) and org(a) and org(b):
            yield b, "subsidiaryOf", a, 0.85, None
        if re.fullmatch(r"(?:是|为|系)(?:其)?", gap) and org(a) and org(b):
            rest = sentence.text[b.end - sentence.start:b.end - sentence.start + 8]
            if re.match(r"(?:的)?(?:全资|控股)?子公司|(?:旗下|下属)(?:的)?(?:企业|公司|子公司)", rest):
                yield a, "subsidiaryOf", b, 0.8, None
        # location: 位于X的Y, 在X深耕多年的Y, 在X投用的Y
        if (place(a) and not place(b)) or (place(a) and b.cls in ("Factory", "IndustrialPark") and a.cls != b.cls):
            before_a = _before(sentence, a, 3)
            if before_a.endswith(("位于", "在", "落户")) and re.fullmatch(_GAP % 16 + "的", gap):
                yield b, "locatedIn", a, 0.8, None
        # Y位于X / Y落户X / Y入驻X / Y坐落于X
        if place(b) and not place(a) and re.fullmatch(r"(?:正式|已|将|成功)?(?:位于|落户|入驻|坐落于|扎根|落地)(?:在)?",
                                                      gap):
            yield a, "locatedIn", b, 0.8, None
        # 在X(内)?建设…Y
        builds_here = re.match(r"^(?:内)?(?:投资)?(?:建设|新建|兴建)", gap)
        if place(a) and project(b) and _before(sentence, a, 1) == "在" and builds_here:
            yield b, "locatedIn", a, 0.75, None
        # X(宣布)?(将)?投资…建设…Y
        if org(a) and project(b) and re.search(r"(?:建设|新建|兴建|打造)", gap) and not re.search(r"[与和]$", gap):
            yield a, "builds", b, 0.7, None
            if "投资" in gap:
                yield a, "investsIn", b, 0.6, None
        # X与Y签署/签订…协议
        if re.fullmatch(r"(?:与|和|同)", _before(sentence, b, 1)) and re.search(
                r"^[与和同]", gap) and re.match(r"(?:正式)?(?:签署|签订|签约)",
                                               sentence.text[b.end - sentence.start:b.end - sentence.start + 4]):
            yield a, "signsAgreementWith", b, 0.8, None
        # X为Y配套 / X为Y提供…(配套|供应)
        if org(a) and re.fullmatch(r"(?:主要|长期|持续|已)?(?:为|向|给)", gap):
            for customer in _customers(sentence, ms, b):
                yield a, "supplies", customer, 0.75, None
        # X生产Y / X主要生产Y / 承担Y的生产制造
        if (org(a) or project(a) or a.cls == "Factory") and product(b) and re.fullmatch(
                r"(?:主要|正在|专门)?(?:生产|制造|组装|研发和生产|研发生产)(?:的)?", gap):
            yield a, "makes", b, 0.75, None
    # 以A、B、C等为配套的Y / A、B等…为Y配套
    for match in re.finditer(r"以((?:[^，。；、]{2,14}、)*[^，。；、]{2,14})等为配套的", sentence.text):
        members = [m for m in ms if match.start(1) + sentence.start <= m.start < match.end(1) + sentence.start]
        after = [m for m in ms if m.start >= match.end() + sentence.start]
        if members and after:
            for m in members:
                yield m, "supplies", after[0], 0.7, None
    # 其旗下Y: the sentence's subject owns Y
    for match in re.finditer(r"其(?:旗下|下属)(?:的)?", sentence.text):
        owned = [m for m in ms if m.start == match.end() + sentence.start and org(m)]
        owners = [m for m in ms if m.start < match.start() + sentence.start and org(m)]
        owner = owners[0] if owners else previous_topic
        if owned and owner is not None and org(owner):
            yield owned[0], "subsidiaryOf", owner, 0.75, None
    # A、B(两大)链主企业 … Y产业(集群)
    for match in _LEADERS.finditer(sentence.text):
        start, end = match.start(1) + sentence.start, match.end(1) + sentence.start
        leaders = [m for m in ms if start <= m.start < end and org(m)]
        clusters = [m for m in ms if m.cls == "IndustryCluster"]
        for leader in leaders:
            for cluster in clusters:
                yield leader, "chainLeaderOf", cluster, 0.6, None


def _customers(sentence: Sentence, ms: list[Mention], first: Mention) -> list[Mention]:
    """为A、B等整车企业配套: A and B, when a word of supplying follows the list."""
    listed = [first]
    for m in ms:
        if m.start > listed[-1].end and _between(sentence, listed[-1], m) == "、":
            listed.append(m)
    rest = sentence.text[listed[-1].end - sentence.start:listed[-1].end - sentence.start + 20]
    if re.match(r"(?:[^，。；]{0,12})(?:配套|供应|供货|提供)", rest):
        return listed
    return []


_CLAUSE_LEAD = (r"(?:^|[，；“])(?:该公司|该集团|该项目|园区|公司|集团|项目)?(?:产品)?"
                r"(?:\d{4}年|今年|目前|还|已|并|正|主要|同时|也)*")


def _topic_relations(sentence: Sentence, ms: list[Mention], g: Gazetteer, topic: Mention):
    """Clauses that leave their subject out: …，2020年落户X / …，主要为X提供… / 园区还与X签署…"""
    text = sentence.text
    for m in ms:
        local = m.start - sentence.start
        topic = _clause_topic(sentence, ms, m) or topic
        org = g.is_a(topic.cls, ORGANIZATION_ROOTS)
        if m is topic or (m.entity or m.name) == (topic.entity or topic.name):
            continue
        before = text[:local]
        if re.search(_CLAUSE_LEAD + r"(?:正式|成功)?(?:落户|入驻|位于|扎根)(?:在|于)?$", before) and (
                g.is_a(m.cls, PLACE_ROOTS)):
            yield topic, "locatedIn", m, 0.7, None
        if org and re.search(_CLAUSE_LEAD + r"(?:为|向|给)$", before):
            for customer in _customers(sentence, ms, m):
                yield topic, "supplies", customer, 0.7, None
        if re.search(_CLAUSE_LEAD + r"(?:与|和|同)$", before) and re.match(
                r"(?:正式)?(?:签署|签订|签约)", text[m.end - sentence.start:m.end - sentence.start + 4]):
            yield topic, "signsAgreementWith", m, 0.75, None


def _clause_topic(sentence: Sentence, ms: list[Mention], m: Mention) -> Mention | None:
    """The subject of the statement `m` is in: the first name standing as a subject in the
    clauses before it, in the same ；-part of the sentence."""
    from kg.ingest.subjects import in_subject_position

    clause_index = next((i for i, cl in enumerate(sentence.clauses) if cl.start <= m.start < cl.end), None)
    if clause_index is None:
        return None
    segment = sentence.clauses[clause_index].segment
    for clause in reversed(sentence.clauses[:clause_index]):
        if clause.segment != segment:
            break
        inside = [x for x in ms if clause.start <= x.start < clause.end]
        if inside and in_subject_position(clause.text, clause.start, inside[0]):
            return inside[0]
    return None
