"""Whose figure is it: the subject of a figure from the mentions around it.

Chinese news puts the subject first (渝北159个区级重点项目…), leaves it out when it
stays the same (…，今年累计销量约39万辆), refers back to it (该项目, 集团, 其), and puts
places, partners and examples after prepositions or before 等 (在…下, 与…, A、B等36家):
those are not subjects.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kg.ingest.figures import SCOPE_WORDS
from kg.ingest.gazetteer import ORGANIZATION_ROOTS, PRODUCT_ROOTS, PROJECT_ROOTS, Gazetteer
from kg.ingest.mentions import Mention

# words before a name that make it a place, partner or object rather than the subject
NOT_SUBJECT_BEFORE = ("位于", "落户", "入驻", "途经", "起于", "依托", "距离", "联合", "携手", "来自", "通过",
                      "与", "和", "同", "跟", "为", "向", "从", "对", "距", "在", "于", "给", "把", "被", "至", "到",
                      "引进", "落地", "拓展", "支持", "带动", "以")
DISCOURSE = ("预计", "据悉", "据了解", "据介绍", "数据显示", "此外", "其中", "比如", "例如", "同时", "另外", "另一方面",
             "一方面", "原来", "如今", "其实", "不仅", "而且")
ATTRIBUTION = re.compile(r"负责人|介绍|表示|指出|说|透露")
# a word that refers back, the classes it may refer to
ANAPHORA: list[tuple[str, tuple[str, ...]]] = [
    ("该项目", PROJECT_ROOTS), ("该工程", PROJECT_ROOTS), ("该基地", PROJECT_ROOTS), ("项目", PROJECT_ROOTS),
    ("工程", PROJECT_ROOTS), ("该公司", ORGANIZATION_ROOTS), ("该集团", ORGANIZATION_ROOTS),
    ("该企业", ORGANIZATION_ROOTS), ("集团", ORGANIZATION_ROOTS), ("公司", ORGANIZATION_ROOTS),
    ("园区", ("Zone",)), ("这款车", PRODUCT_ROOTS), ("该车型", PRODUCT_ROOTS), ("这款", PRODUCT_ROOTS),
]
_LIST_JOIN = re.compile(r"^(?:、|和|及|与)$")


@dataclass(frozen=True)
class Placed:
    """A mention with what its place in the clause says about it."""

    mention: Mention
    subject: bool  # may be the subject of the figures after it


def is_scope(mention: Mention) -> bool:
    return mention.text in SCOPE_WORDS


NOT_SUBJECT_CLASSES = ("Event", "Industry", "Indicator")


def place_mentions(clause_text: str, clause_start: int, mentions: list[Mention],
                   gazetteer: Gazetteer | None = None) -> list[Placed]:
    """Mark which mentions of a clause can be a subject."""
    inside = [m for m in mentions if clause_start <= m.start and m.end <= clause_start + len(clause_text)]
    groups: list[list[Mention]] = []
    for m in inside:
        if groups:
            last = groups[-1][-1]
            between = clause_text[last.end - clause_start:m.start - clause_start]
            if _LIST_JOIN.match(between) or between == "":
                groups[-1].append(m)
                continue
        groups.append([m])
    placed = []
    for group in groups:
        first, last = group[0], group[-1]
        before = clause_text[:first.start - clause_start]
        after = clause_text[last.end - clause_start:]
        listed = len(group) > 1 and any(
            _LIST_JOIN.match(clause_text[a.end - clause_start:b.start - clause_start])
            for a, b in itertools.pairwise(group))
        excluded = (
            before.endswith(NOT_SUBJECT_BEFORE)
            or after.startswith("等")
            or (listed and re.match(r"^[\d一二两三四五六七八九十]+", after) is not None)
            or re.match(r"^(?:两|三|四|五|六|七|八|九|十)大", after) is not None
        )
        for m in group:
            kind = gazetteer is not None and gazetteer.is_a(m.cls, NOT_SUBJECT_CLASSES)
            placed.append(Placed(m, not excluded and not is_scope(m) and not kind))
    return placed


def strip_discourse(text: str) -> str:
    text = text.lstrip("“”\"《 ")
    changed = True
    while changed:
        changed = False
        for word in DISCOURSE:
            if text.startswith(word):
                text, changed = text[len(word):], True
    return text


def anaphor(clause_text: str, gazetteer: Gazetteer, history: list[Mention]) -> Mention | None:
    """The earlier mention that 该项目 / 集团 / 这款车 at the start of a clause refers to.
    A bare 项目 that begins an indicator's name (项目开工率) refers to nothing."""
    text = strip_discourse(_PERIODISH.sub("", strip_discourse(clause_text)))
    text = re.sub(r"^(?:全部|所有|整个|整体)", "", text)
    for word, roots in ANAPHORA:
        if text.startswith(word):
            if not word.startswith(("该", "这")):
                following = text[:len(word) + 1]
                if any(following in label.text for label in gazetteer.indicator_labels):
                    return None
            for mention in reversed(history):
                if is_scope(mention):
                    continue
                if gazetteer.is_a(mention.cls, roots) or mention.cls in roots:
                    if word.endswith("集团") and "集团" not in mention.text:
                        continue
                    return mention
            return None
    return None


def is_attribution(clause_text: str) -> bool:
    return bool(ATTRIBUTION.search(clause_text)) and len(clause_text) < 40


_PERIODISH = re.compile(r"^(?:当前|目前|今年|本年|去年|明年|\d{4}年|\d{1,2}月|前\d{1,2}个?月|1-\d{1,2}月"
                        r"|截至[^，]{0,6}月)+")


def in_subject_position(clause_text: str, clause_start: int, mention: Mention) -> bool:
    """Is the name where a subject stands: first in its clause, after at most a period, a
    discourse word (据悉, 其中) or 其旗下?"""
    prefix = clause_text[:mention.start - clause_start]
    prefix = strip_discourse(prefix)
    prefix = _PERIODISH.sub("", prefix)
    prefix = strip_discourse(prefix.lstrip("，"))
    return prefix in ("", "由", "而", "旗下") or re.fullmatch(r"其[\u4e00-\u9fff]{0,6}", prefix) is not None
