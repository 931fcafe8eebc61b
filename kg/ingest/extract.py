"""An article's text → candidate entities, figures and relations.

One pass over the sentences keeps what a reader keeps in mind: the section's period
(reset at each headline), the topic carried from sentence to sentence, the names seen
so far (for 该项目 and 集团), and the figures of the sentence (for the growth rates,
comparisons, ranks and shares that follow a value).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from kg.ingest import candidates as c
from kg.ingest.figures import FigureReader, IndicatorMatcher, Quantity
from kg.ingest.gazetteer import PLACE_ROOTS, PROJECT_ROOTS, Gazetteer
from kg.ingest.mentions import ArticleNames, Mention, article_mentions
from kg.ingest.periods import PeriodMention, find_periods
from kg.ingest.segment import Clause, Sentence, split_sentences
from kg.ingest.subjects import (
    Placed,
    anaphor,
    in_subject_position,
    is_attribution,
    is_scope,
    place_mentions,
    strip_discourse,
)
from kg.records.periods import OPEN

FORECAST_CUES = ("预计", "将", "建成后", "落成后", "投用后", "投产后", "达产后", "有望", "力争", "目标")
# a level at a time, not an amount over a period: no period of its own → `..`
STOCK_CUES = ("总投资", "占地", "产能", "全长", "额定", "距", "总量", "现有", "拥有", "规模达")
RATE_CUES = ("年产", "每年", "每天", "每日", "年均", "年平均", "年发电", "年送", "年吞吐", "年营收", "年销售")
# what makes a count an amount over a period (新增1000家) rather than a level (5家整车企业)
FLOW_COUNT_CUES = ("新增", "新签", "新开工", "新建", "引进", "压减", "减亏", "扭亏", "落地", "签约", "完成",
                   "出让", "出售", "收回", "盘活", "挂牌", "培育", "新培育", "认定", "获批", "新登记")
# amounts whose 截至N月 is January to N (收入, 产值), not a level at the end of N (总量, 累计)
FLOW_CUES = ("新增", "收入", "营收", "产值", "产量", "销量", "完成投资", "进出口", "增加值", "新签")
COUNT_UNITS = {"enterprise", "project", "item", "person"}
LEVEL_UNITS = {"km2", "km", "kv", "kw", "percent"}
# the noun a classifier counts: 5家[整车企业], 3座[工厂]中
_CLASSIFIER_NOUN = re.compile(r"^[^\s，。；：、的中之等了是为在和与及即将已]{1,12}")


@dataclass
class _Draft:
    """A figure being read, before it is merged and written out."""

    sentence: Sentence
    clause: int
    start: int  # offset in the sentence
    value: Quantity | None
    indicator: str | None = None
    indicator_label: str | None = None
    indicator_coverage: float = 0.0
    subject: Mention | None = None
    subject_explicit: bool = False
    period: str = OPEN
    period_text: str | None = None
    period_basis: str = "default"
    forecast: bool = False
    cumulative: bool = False
    growth: c.Growth | None = None
    compare: list[c.Comparison] = field(default_factory=list)
    rank: list[c.Rank] = field(default_factory=list)
    share: c.Share | None = None


class ArticleReader:
    def __init__(self, gazetteer: Gazetteer, year: int):
        self.g = gazetteer
        self.year = year
        self.reader = FigureReader(gazetteer)
        self.matcher = IndicatorMatcher(gazetteer)

    # --- the whole article -------------------------------------------------------------------
    def read(self, text: str) -> tuple[list[Sentence], dict[int, list[Mention]], list[_Draft], Mention | None]:
        sentences = split_sentences(text)
        names = ArticleNames(self.g)
        for sentence in sentences:
            names.learn(sentence.text)
        mentions = {s.index: article_mentions(s.text, self.g, names, offset=s.start) for s in sentences}
        main = self._main_subject(sentences, mentions)
        drafts: list[_Draft] = []
        self.topics: dict[int, Mention | None] = {}
        history: list[Mention] = []
        carried: Mention | None = main
        context: PeriodMention | None = None
        for sentence in sentences:
            if sentence.headline:
                carried, context = main, None
            if sentence.bare_number:
                continue
            found, topic, topical = self._sentence(sentence, mentions[sentence.index], history, carried, main,
                                                   context)
            drafts.extend(found)
            self.topics[sentence.index] = topic
            history.extend(m for m in mentions[sentence.index] if not m.new or m.cls)
            if topic is not None and not sentence.headline:
                carried = topic
            if topical is not None:
                context = topical
        return sentences, mentions, drafts, main

    def _main_subject(self, sentences: list[Sentence], mentions: dict[int, list[Mention]]) -> Mention | None:
        """The place or zone the article is about: the one it names most (the title's on a tie)."""
        counts: Counter[str] = Counter()
        first: dict[str, Mention] = {}
        title = next((s.text for s in sentences if s.headline), "")
        for sentence in sentences:
            for m in mentions[sentence.index]:
                if is_scope(m) or not (self.g.is_a(m.cls, PLACE_ROOTS) or m.cls in ("District", "IndustrialPark")):
                    continue
                key = m.entity or m.text
                counts[key] += 1
                first.setdefault(key, m)
        if not counts:
            return None
        best = max(sorted(counts), key=lambda k: (counts[k], first[k].text in title))
        return first[best]

    # --- one sentence ------------------------------------------------------------------------
    def _sentence(self, sentence: Sentence, mentions: list[Mention], history: list[Mention],
                  carried: Mention | None, main: Mention | None, context: PeriodMention | None):
        text = sentence.text
        periods = find_periods(text, self.year)
        blocked = [(p.start, p.end) for p in periods]
        quantities = self.reader.scan(text, blocked)
        views = [self._subject_view(m) for m in mentions]
        placed = {i: place_mentions(cl.text, cl.start, views, self.g) for i, cl in enumerate(sentence.clauses)}
        drafts: list[_Draft] = []
        topic: Mention | None = None  # the sentence's topic (carried to the next sentence)
        current: Mention | None = None
        programme: Mention | None = None
        order = {"programme": -1, "current": -1}  # the clause where each was last set
        inherited: tuple[PeriodMention, int] | None = None  # a topical period and the segment it scopes
        topical_seen: PeriodMention | None = None
        seen = list(history)
        for index, clause in enumerate(sentence.clauses):
            local = clause.start - sentence.start
            clause_periods = [p for p in periods if local <= p.start < local + len(clause.text)]
            top = self._topical(clause, clause_periods, local)
            if top is not None:
                scope = 0 if not drafts and clause.segment == 0 else clause.segment
                inherited = (top, scope)
                topical_seen = top
            elif inherited and inherited[1] and clause.segment != inherited[1]:
                inherited = None
            starts_with_name = bool(placed[index]) and in_subject_position(
                clause.text, clause.start, placed[index][0].mention) and placed[index][0].mention.start == (
                clause.start + len(clause.text) - len(strip_discourse(clause.text)))
            referred = None if starts_with_name else anaphor(clause.text, self.g, seen)
            clause_subject = referred or self._clause_subject(clause, placed[index])
            for p in placed[index]:
                if p.mention.cls == "Programme" and programme is None:
                    programme, order["programme"] = p.mention, index
            if (clause_subject is not None and current is not None and inherited and top is None
                    and not referred and _key(clause_subject) != _key(current)):
                inherited = None  # a new subject starts a new statement (…；江北国际机场通航…)
            in_clause = [q for q in quantities if local <= q.start < local + len(clause.text)]
            for quantity in in_clause:
                draft = self._quantity(quantity, sentence, index, drafts, text)
                if draft is None:
                    continue
                if draft.indicator is None and quantity.kind == "value":
                    self._indicator(draft, quantity, clause, local, text, drafts, mentions)
                use_programme = programme if order["programme"] >= order["current"] else None
                draft.subject, draft.subject_explicit = self._subject(
                    draft, quantity, clause, local, placed[index], referred, use_programme, current, sentence,
                    placed, index, carried, main, mentions)
                self._period(draft, quantity, clause, local, clause_periods, inherited, context, text)
                drafts.append(draft)
            explicit = [d.subject for d in drafts if d.clause == index and d.subject_explicit and d.subject]
            if clause_subject is None and explicit:
                clause_subject = explicit[-1]  # 占地面积仅2平方公里的仙桃数据谷，…
            if clause_subject is not None and clause_subject.cls == "Programme" and programme is not None:
                clause_subject = None  # a list of programmes (深化A改革，B改革): the first one leads
            if (clause_subject is not None and topic is not None and clause_subject.entity
                    and topic.entity in self.g.parts.get(clause_subject.entity, ())):
                clause_subject = None  # 沙公溪大桥…全力推进 is progress of a part: the whole stays the subject
            if clause_subject is not None and (referred or not is_attribution(clause.text)):
                current, order["current"] = clause_subject, index
                if topic is None:
                    topic = clause_subject
            seen.extend(m for m in mentions if clause.start <= m.start < clause.end)
        return drafts, current or topic, topical_seen

    def _subject_view(self, mention: Mention) -> Mention:
        """渝北电子信息产业 (an industry in a place) stands for its place when it is a subject."""
        if mention.cls != "IndustryCluster":
            return mention
        for cut in range(len(mention.text) - 2, 1, -1):
            head = self.g.longest_name_at(mention.text[:cut], 0)
            if head is not None and head.text == mention.text[:cut] and self.g.is_a(head.cls, PLACE_ROOTS):
                return Mention(mention.start, mention.start + cut, head.text, head.entity, head.cls)
        return mention

    def _clause_subject(self, clause: Clause, placed: list[Placed]) -> Mention | None:
        candidates = [p for p in placed if p.subject]
        if not candidates or not in_subject_position(clause.text, clause.start, candidates[0].mention):
            return None
        return self._head(candidates)

    @staticmethod
    def _head(candidates: list[Placed]) -> Mention:
        """The first subject of a clause; of adjacent names (大湾镇渝北换流站) the last one."""
        chain = [candidates[0].mention]
        for p in candidates[1:]:
            if p.mention.start == chain[-1].end:
                chain.append(p.mention)
            else:
                break
        return chain[-1]

    def _topical(self, clause: Clause, clause_periods: list[PeriodMention], local: int) -> PeriodMention | None:
        """A period at the head of a clause (今年11月，… / 前11月汽车产业产值…) speaks for what follows."""
        text = strip_discourse(clause.text)
        lead = len(clause.text) - len(text)
        for p in clause_periods:
            if p.kind == "event" or p.start - local != lead:
                continue
            rest = clause.text[p.end - local:]
            if not rest.strip():
                return p
            if "的" in rest or rest[:1] in "开投落建签完正就起以在":
                return None
            return p
        return None

    # --- a quantity becomes a figure, or qualifies one ------------------------------------------
    def _quantity(self, q: Quantity, sentence: Sentence, clause: int, drafts: list[_Draft], text: str):
        last = drafts[-1] if drafts else None
        clause_obj = sentence.clauses[clause]
        local = clause_obj.start - sentence.start
        before = text[max(local, self._previous_end(drafts, clause, local)):q.start]
        if q.kind == "value":
            return _Draft(sentence, clause, q.start, q)
        if q.kind == "growth":
            growth = c.Growth(q.value, q.fields["unit"], q.qualifier, q.fields["basis"], q.text)
            own = self._own_indicator(before)
            same_clause = last is not None and last.clause == clause and last.growth is None
            if same_clause or (own is None and last is not None and last.growth is None):
                last.growth = growth
                return None
            if own is None:
                return None
            return self._valueless(sentence, clause, q, own, growth=growth)
        if q.kind == "compare":
            if last is None:
                return None
            unit = q.fields["unit"]
            by = "growth" if last.growth is not None and (unit in (None, "个百分点") or last.value is None) else "value"
            last.compare.append(c.Comparison(self._scope(q.fields["scope"]), by, q.value,
                                             unit if q.value is not None else None, q.fields["direction"], q.text))
            return None
        if q.kind == "share":
            share = c.Share(self._scope(q.fields["scope"]), q.fields["share"], q.qualifier, q.text)
            own = self._own_indicator(before)
            if own is None and last is not None and last.share is None:
                last.share = share
                return None
            if own is None:
                own = self._own_indicator(before, strict=False)
            return self._valueless(sentence, clause, q, own, share=share)
        # a rank
        by_word = q.fields.get("by") or ""
        ranks = self._ranks(q, by_word, last)
        what = q.fields.get("what")
        own = self._own_indicator(what or before, strict=what is None)
        if own is None and last is not None and not what:
            last.rank.extend(ranks)
            return None
        return self._valueless(sentence, clause, q, own, rank=ranks)

    def _ranks(self, q: Quantity, by_word: str, last: _Draft | None) -> list[c.Rank]:
        scope = self._scope(q.fields["scope"])
        position, top = q.fields["position"], q.fields["top"]
        if "总量" in by_word and "增速" in by_word:
            bys = ["value", "growth"]
        elif by_word in ("增速", "增幅"):
            bys = ["growth"]
        elif by_word in ("总量", "规模"):
            bys = ["value"]
        else:
            bys = ["growth" if last is not None and last.value is None and last.growth is not None else "value"]
        return [c.Rank(scope, by, position, top, q.text) for by in bys]

    @staticmethod
    def _previous_end(drafts: list[_Draft], clause: int, local: int) -> int:
        ends = [d.value.end for d in drafts if d.clause == clause and d.value is not None]
        return max(ends) if ends else local

    def _own_indicator(self, before: str, strict: bool = True):
        """The indicator named right before a rate, share or rank that has no value of its own
        (规上工业增加值增长21.2%): a strong match, or none."""
        words = strip_discourse(before.strip("，、；："))
        if len(words) < 2:
            return None
        choice = self.matcher.choose(words, "", None)
        if choice is None:
            return None
        if strict and (choice.coverage < 0.5 or len(words) > 24):
            return None
        return choice

    def _valueless(self, sentence: Sentence, clause: int, q: Quantity, choice, **parts) -> _Draft:
        draft = _Draft(sentence, clause, q.start, None)
        if choice is not None:
            draft.indicator, draft.indicator_label, draft.indicator_coverage = (choice.indicator, choice.label,
                                                                                choice.coverage)
        for name, part in parts.items():
            setattr(draft, name, part)
        return draft

    def _scope(self, word: str) -> str | None:
        """全市 → the graph's city (its alias), 国内/全国 → the country."""
        for text in ((word,) if word not in ("全国", "国内") else ("国内", "全国", "中国")):
            name = self.g.longest_name_at(text, 0) if text else None
            if name is not None and name.text == text:
                return name.entity
        return None

    # --- subject ---------------------------------------------------------------------------------
    def _subject(self, draft: _Draft, q: Quantity, clause: Clause, local: int, placed: list[Placed],
                 referred: Mention | None, programme: Mention | None, current: Mention | None,
                 sentence: Sentence, all_placed: dict[int, list[Placed]], index: int, carried: Mention | None,
                 main: Mention | None, mentions: list[Mention]) -> tuple[Mention | None, bool]:
        absolute = sentence.start + q.start
        end = sentence.start + q.end
        label = draft.indicator_label or ""
        for m in mentions:  # a figure inside a name: 渝北±800kV换流站
            if m.start <= absolute and end <= m.end and m.entity and not self.g.is_a(m.cls, ("Event",)):
                return m, True
        usable = [p for p in placed if p.subject and not (len(p.mention.text) >= 2 and p.mention.text in label)]
        if sentence.text[q.end:q.end + 1] == "的":
            following = [p.mention for p in usable if p.mention.start == end + 1]
            if following:
                return following[0], True
        clause_rest = sentence.text[q.end:local + len(clause.text)]
        if re.search(r"建设|新建|打造|兴建", clause_rest):
            built = [p.mention for p in usable if p.mention.start > end and self.g.is_a(p.mention.cls, PROJECT_ROOTS)]
            if built:
                return built[-1], True
        before = [p for p in usable if p.mention.end <= absolute]
        if before:
            return before[-1].mention, True
        if referred is not None:
            return referred, True
        if programme is not None:
            return programme, False
        if current is not None:
            return current, False
        if index + 1 < len(sentence.clauses):
            following_clause = sentence.clauses[index + 1]
            ahead = self._clause_subject(following_clause, all_placed[index + 1])
            if ahead is not None:
                return ahead, False
        return (carried or main), False

    # --- period ----------------------------------------------------------------------------------
    def _period(self, draft: _Draft, q: Quantity, clause: Clause, local: int, clause_periods: list[PeriodMention],
                inherited: tuple[PeriodMention, int] | None, context: PeriodMention | None, text: str) -> None:
        before_number = text[:q.start]
        clause_before = text[local:q.start]
        draft.forecast = any(cue in before_number for cue in FORECAST_CUES)
        draft.cumulative = "累计" in clause_before or "总量" in clause_before
        own = [p for p in clause_periods if p.start < q.start and p.kind != "event"]
        written = own[-1] if own else (inherited[0] if inherited else None)
        unit = self._unit_of(draft)
        counting = unit in COUNT_UNITS
        is_flow_count = counting and any(cue in clause_before for cue in FLOW_COUNT_CUES)
        if written is not None and not own and counting and "累计" in clause_before:
            written = None  # 今年以来…新增1000余家，累计超4000家: a running total is a level
        if written is not None:
            draft.period_text = written.text
            draft.period_basis = "written" if own else "sentence"
            draft.period = self._adjust(written, clause_before, text[:q.start])
            if q.value is not None and not own:
                span = self._from_to(q, text)
                if span:
                    draft.period, draft.period_basis = span, "written"
            return
        span = self._from_to(q, text)
        if span:
            draft.period, draft.period_basis = span, "written"
            return
        rest = text[q.end:local + len(clause.text)]
        built = draft.subject is not None and re.search(r"(?:建设|新建|打造|兴建)", rest)
        level = (
            draft.forecast
            or bool(built)
            or any(cue in clause_before for cue in STOCK_CUES)
            or "累计" in clause_before
            or any(cue in text[local:q.end + 4] for cue in RATE_CUES)
            or (counting and not is_flow_count)
            or unit in LEVEL_UNITS
            or (q.unit is not None and q.unit.written.endswith("级"))
            or draft.value is None
        )
        if level:
            draft.period, draft.period_basis = OPEN, "default"
            return
        if context is not None:
            draft.period_basis, draft.period_text = "context", context.text
            draft.period = OPEN if context.period == OPEN else _year_of(context.period)
            return
        draft.period, draft.period_basis = f"{self.year:04d}", "default"

    def _adjust(self, period: PeriodMention, clause_before: str, sentence_before: str) -> str:
        """截至11月 is a level at the end of November (../2024-11) for 总量 and 累计, and January to
        November for amounts (新增, 收入); 今年累计 after 今年11月 runs to November."""
        if period.kind == "to-date" and any(cue in clause_before for cue in FLOW_CUES) and "累计" not in clause_before:
            end = period.period.split("/")[1]
            return f"{end[:4]}-01/{end}"
        if period.kind == "since" and "累计" in period.text:
            months = [p for p in find_periods(sentence_before, self.year) if p.kind == "month"]
            if months:
                return f"{months[-1].period[:4]}-01/{months[-1].period}"
        return period.period

    def _from_to(self, q: Quantity, text: str) -> str | None:
        """从10亿元到170亿元 after 自2017年…以来: the first value is of 2017, the second of now."""
        since = re.search(r"自?(\d{4})年[^，。；]{0,12}以来", text)
        if since is None:
            return None
        head = text[:q.start]
        if re.search(r"从[^，。；]{0,4}$", head):
            return since.group(1)
        if re.search(r"从[^，。；]{1,12}到[^，。；]{0,2}$", head):
            return OPEN
        return None

    def _counted_noun(self, after: str) -> str:
        """The noun a classifier counts: 159个[区级重点项目]完成投资, 3座[工厂]中."""
        head = _CLASSIFIER_NOUN.match(after)
        if head is None:
            return ""
        return _noun_words(self.g.tokenizer().cut(head.group()))

    def _unit_of(self, draft: _Draft) -> str | None:
        if draft.value is not None and draft.value.unit is not None and draft.value.unit.unit:
            return draft.value.unit.unit
        return self.g.indicator_units.get(draft.indicator or "")

    # --- indicator -------------------------------------------------------------------------------
    def _indicator(self, draft: _Draft, q: Quantity, clause: Clause, local: int, text: str,
                   drafts: list[_Draft], mentions: list[Mention]) -> None:
        """The words on each side of the number, up to the next quantity of the clause; names of
        things (not of industries) blanked out; for a classifier (家, 个) the noun it counts."""
        clause_end = local + len(clause.text)
        others = self.reader.scan(clause.text, [])
        start = max([local] + [o.end + local for o in others if o.end + local <= q.start])
        end = min([clause_end] + [o.start + local for o in others if o.start + local >= q.end])
        offset = draft.sentence.start
        before = _blank(text[start:q.start], start, offset, mentions)
        after = _blank(text[q.end:end], q.end, offset, mentions)
        reading = q.unit
        if reading is not None and reading.unit is None and reading.multiplier == 1:
            after = self._counted_noun(after)
        related = ""
        previous = [d for d in drafts if d.indicator]
        if previous:
            related = self.g.indicator_names.get(previous[-1].indicator, "")
        exclude = ("新增",) if ("累计" in before or "总量" in before) else ()
        percent = reading is not None and reading.unit == "percent"
        far = text[:start] + " " + text[end:]
        quiet = [cl for i, cl in enumerate(draft.sentence.clauses)
                 if cl.segment == clause.segment and i < draft.clause
                 and not self.reader.scan(cl.text, [])]
        context = " ".join(_blank(cl.text, cl.start - offset, offset, mentions) for cl in quiet)
        choice = self.matcher.choose(before, after, reading, percent=percent, related=related,
                                     exclude_prefix=exclude, far=far, context=context)
        if (choice is None or choice.coverage == 0) and previous and exclude:
            choice = self.matcher.choose(related.removeprefix("新增"), "", reading, exclude_prefix=exclude)
        if (choice is None or choice.coverage == 0) and previous and not percent:
            fallback = previous[-1].indicator
            if fallback in self.matcher.fitting(reading):
                draft.indicator, draft.indicator_label, draft.indicator_coverage = (
                    fallback, self.g.indicator_names[fallback], 0.0)
                return
        if choice is not None:
            draft.indicator, draft.indicator_label, draft.indicator_coverage = (
                choice.indicator, choice.label, choice.coverage)



def _noun_words(tokens) -> str:
    words = []
    for token in tokens:
        if token.flag[:1] == "n" or token.flag in ("j", "b", "an", "vn", "eng", "l", "ng"):
            words.append(token.word)
        else:
            break
    return "".join(words)


def _blank(words: str, start: int, offset: int, mentions: list[Mention]) -> str:
    """Names of things say little about what is measured (腾讯云数字经济产业基地 is no 数字经济
    figure); names of industries in a place (渝北电子信息产业) do."""
    chars = list(words)
    for m in mentions:
        if m.cls == "IndustryCluster":
            continue
        for position in range(m.start - offset, m.end - offset):
            if start <= position < start + len(chars):
                chars[position - start] = " "
    return "".join(chars)


def _key(mention: Mention) -> str:
    return mention.entity or mention.text


def _year_of(period: str) -> str:
    for part in period.split("/"):
        if part[:4].isdigit():
            return part[:4]
    return OPEN


def figure_value(draft: _Draft, gazetteer: Gazetteer) -> tuple[Decimal | None, str | None]:
    """The normalized value and unit of a figure (1660 亿元 → 166000000000, cny)."""
    if draft.value is None or draft.value.value is None or draft.value.unit is None:
        return None, None
    reading = draft.value.unit
    unit = reading.unit or gazetteer.indicator_units.get(draft.indicator or "")
    return draft.value.value * reading.multiplier, unit


__all__ = ["ArticleReader", "figure_value"]
