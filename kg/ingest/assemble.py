"""Drafts of figures → candidates: merged (a number repeated in a headline or a box is one
figure with several sentences), named, scored; and the entities mentioned."""

from __future__ import annotations

import re

from kg.ingest import candidates as c
from kg.ingest.extract import _Draft, figure_value
from kg.ingest.gazetteer import Gazetteer
from kg.ingest.mentions import Mention
from kg.ingest.segment import Sentence
from kg.ingest.subjects import is_scope
from kg.records.periods import OPEN
from kg.records.schema import is_valid_id


def _key(draft: _Draft) -> tuple:
    value = draft.value.value if draft.value is not None else None
    unit = draft.value.unit.written if draft.value is not None and draft.value.unit else None
    return value, unit


def merge_drafts(drafts: list[_Draft]) -> list[list[_Draft]]:
    """Groups of drafts that are one figure: the same subject, indicator, period, value and unit;
    or the same value said again where no period is written (a headline, a box)."""
    groups: list[list[_Draft]] = []
    for draft in drafts:
        target = None
        for group in groups:
            head = group[0]
            if _key(head) != _key(draft) or head.indicator != draft.indicator:
                continue
            if head.value is None and draft.value is None:
                if _entity(head) == _entity(draft) and head.period == draft.period:
                    target = group
                    break
                continue
            same_subject = _entity(head) == _entity(draft)
            if same_subject and head.period == draft.period:
                target = group
                break
            restated = draft.period_basis in ("context", "default") or draft.sentence.headline
            if restated and (same_subject or draft.sentence.headline):
                target = group
                break
            if (head.period_basis in ("context", "default") or head.sentence.headline) and same_subject:
                group.insert(0, draft)
                target = group
                break
        if target is None:
            groups.append([draft])
        elif draft not in target:
            target.append(draft)
    for group in groups:
        group.sort(key=lambda d: (d.sentence.headline, d.period_basis not in ("written", "sentence")))
    return groups


def _entity(draft: _Draft) -> str | None:
    if draft.subject is None:
        return None
    return draft.subject.entity or draft.subject.text


def confidence(draft: _Draft) -> float:
    score = 0.4
    if draft.indicator:
        score += 0.15 + 0.15 * min(draft.indicator_coverage, 1.0)
    if draft.subject_explicit:
        score += 0.15
    elif draft.subject is not None:
        score += 0.05
    if draft.period_basis in ("written", "sentence"):
        score += 0.15
    if draft.sentence.headline:
        score -= 0.2
    return round(max(0.05, min(score, 0.99)), 2)


def period_slug(period: str) -> str:
    if period == OPEN:
        return "current"
    text = period.replace("/..", "-on").replace("../", "to-").replace("/", "-")
    return re.sub(r"[^a-z0-9-]", "", text)


def to_figures(groups: list[list[_Draft]], gazetteer: Gazetteer, ids: EntityIds) -> list[c.FigureCandidate]:
    figures = []
    used: set[str] = set()
    for group in groups:
        head = group[0]
        for other in group[1:]:
            head.growth = head.growth or other.growth
            head.share = head.share or other.share
            head.compare = head.compare or other.compare
            head.rank = head.rank or other.rank
        subject = ids.of(head.subject) if head.subject is not None else None
        base = "-".join(part for part in (subject or "unknown", head.indicator or "figure", period_slug(head.period))
                        if part)
        identifier = base
        number = 2
        while identifier in used:
            identifier, number = f"{base}-{number}", number + 1
        used.add(identifier)
        normalized, unit = figure_value(head, gazetteer)
        sentences = []
        for draft in group:
            if draft.sentence.text not in sentences:
                sentences.append(draft.sentence.text)
        value = head.value
        figures.append(c.FigureCandidate(
            id=identifier, subject=subject,
            subject_name=head.subject.name if head.subject is not None else None,
            indicator=head.indicator,
            indicator_name=gazetteer.indicator_names.get(head.indicator or ""),
            value=value.value if value is not None else None,
            value_text=value.value_text if value is not None else None,
            unit=value.unit.written if value is not None and value.unit else None,
            normalized_value=normalized, normalized_unit=unit,
            qualifier=value.qualifier if value is not None else None,
            period=head.period, period_text=head.period_text, period_basis=head.period_basis,
            forecast=head.forecast, cumulative=head.cumulative,
            growth=head.growth, compare=head.compare, rank=head.rank, share=head.share,
            confidence=confidence(head), sentences=sentences, headline=head.sentence.headline,
            start=head.sentence.start + head.start,
        ))
    return sorted(figures, key=lambda f: f.start)


_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")


def proposed_id(name: str, gazetteer: Gazetteer, taken: set[str]) -> str:
    """A readable id for a new entity from its name's pinyin, word by word
    (重庆星驰智能科技有限公司 → chongqing-xingchi-zhineng-keji)."""
    from pypinyin import lazy_pinyin

    for form in _LEGAL_FORMS:
        if name.endswith(form) and len(name) > len(form) + 1:
            name = name[: -len(form)]
            break
    words = [token.word for token in gazetteer.tokenizer().cut(name)]
    parts = []
    for word in words:
        syllables = "".join(lazy_pinyin(word)).lower()
        syllables = re.sub(r"[^a-z0-9]+", "-", syllables).strip("-")
        if syllables:
            parts.append(syllables)
    base = "-".join(parts[:6]) or "entity"
    base = re.sub(r"-+", "-", base).strip("-")
    if not is_valid_id(base):
        base = "entity"
    identifier, number = base, 2
    while identifier in taken:
        identifier, number = f"{base}-{number}", number + 1
    return identifier


class EntityIds:
    """Ids of the entities of one article: the graph's own, or new readable ones."""

    def __init__(self, gazetteer: Gazetteer):
        self.g = gazetteer
        self.by_name: dict[str, str] = {}
        self.taken: set[str] = set(gazetteer.entity_names)

    def of(self, mention: Mention) -> str:
        if mention.entity:
            return mention.entity
        if mention.name not in self.by_name:
            identifier = proposed_id(mention.name, self.g, self.taken)
            self.taken.add(identifier)
            self.by_name[mention.name] = identifier
        return self.by_name[mention.name]


def to_entities(sentences: list[Sentence], mentions: dict[int, list[Mention]], ids: EntityIds,
                gazetteer: Gazetteer) -> list[c.EntityCandidate]:
    found: dict[str, c.EntityCandidate] = {}
    for sentence in sentences:
        for m in mentions[sentence.index]:
            if is_scope(m):
                continue
            identifier = ids.of(m)
            if identifier in found:
                if sentence.text not in found[identifier].sentences:
                    found[identifier].sentences.append(sentence.text)
                continue
            name = gazetteer.entity_names.get(m.entity, m.text) if m.entity else m.name
            score = 0.95 if m.entity and m.text == name else 0.85 if m.entity else 0.6
            found[identifier] = c.EntityCandidate(identifier, name, m.cls, m.entity, score, sentence.text,
                                                  [sentence.text])
    return list(found.values())


__all__ = ["EntityIds", "merge_drafts", "to_entities", "to_figures"]
