"""Candidates written out: as JSON (for programs) or as a YAML draft in the data/ format
that a person reviews, edits and merges with `kg review`.

The draft loads with kg.records once the fields marked `# review:` are filled: a figure
whose indicator or subject was not found says `"?"` there, which no id matches.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

from kg.ingest import candidates as c
from kg.ingest.compare import entity_status, figure_status, relation_status
from kg.ingest.numbers import plain

MISSING = "?"


def _number(value: Decimal | None):
    if value is None:
        return None
    value = value.normalize()
    return int(value) if value == value.to_integral_value() else float(plain(value))


def to_json_data(candidates: c.Candidates, dataset) -> dict:
    source = candidates.source
    return {
        "source": {"id": source.id, "title": source.title, "date": source.date, "year": source.year,
                   "year_basis": source.year_basis, "file": source.file, "encoding": source.encoding},
        "entities": [
            {"id": e.id, "name": e.name, "class": e.cls, "matched": e.matched,
             "status": entity_status(e, dataset).state,
             "confidence": e.confidence, "sentence": e.sentence}
            for e in candidates.entities],
        "figures": [_figure_json(f, dataset) for f in candidates.figures],
        "relations": [
            {"subject": r.subject, "subject_name": r.subject_name, "predicate": r.predicate, "object": r.object,
             "object_name": r.object_name, "status": relation_status(r, dataset).state, "confidence": r.confidence,
             "sentence": r.sentence}
            for r in candidates.relations],
    }


def _figure_json(f: c.FigureCandidate, dataset) -> dict:
    status = figure_status(f, dataset)
    return {
        "id": f.id, "subject": f.subject, "subject_name": f.subject_name, "indicator": f.indicator,
        "indicator_name": f.indicator_name, "value": _number(f.value), "value_as_written": f.value_text,
        "unit": f.unit,
        "normalized": ({"value": _number(f.normalized_value), "unit": f.normalized_unit}
                       if f.value is not None else None),
        "qualifier": f.qualifier, "period": f.period, "period_as_written": f.period_text,
        "period_basis": f.period_basis, "forecast": f.forecast, "cumulative": f.cumulative,
        "growth": None if f.growth is None else {
            "value": _number(f.growth.value), "unit": f.growth.unit, "qualifier": f.growth.qualifier,
            "basis": f.growth.basis, "text": f.growth.text},
        "compare": [{"reference": x.reference, "by": x.by, "difference": _number(x.difference), "unit": x.unit,
                     "direction": x.direction, "text": x.text} for x in f.compare],
        "rank": [{"scope": r.scope, "by": r.by, "position": r.position, "top": r.top, "text": r.text}
                 for r in f.rank],
        "share": None if f.share is None else {"of": f.share.of, "value": f.share.value,
                                              "qualifier": f.share.qualifier, "text": f.share.text},
        "status": status.state, "existing": status.existing,
        "confidence": f.confidence, "sentence": f.sentence, "sentences": f.sentences,
    }


def to_json(candidates: c.Candidates, dataset) -> bytes:
    return (json.dumps(to_json_data(candidates, dataset), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- the YAML draft ---------------------------------------------------------------------------

def _romanized(name: str) -> str:
    """重庆云帆智算科技 → Chongqing Yunfan Zhisuan Keji: a placeholder the reviewer replaces."""
    import logging
    import re

    import jieba
    from pypinyin import lazy_pinyin

    jieba.setLogLevel(logging.WARNING)
    words = []
    for word in jieba.lcut(re.sub(r"[^\w\s-]", " ", name)):
        syllables = "".join(lazy_pinyin(word)).strip()
        if syllables:
            words.append(syllables[:1].upper() + syllables[1:])
    return " ".join(words) or name


def _quote(sentences: list[str]):
    return sentences[0] if len(sentences) == 1 else list(sentences)


def figure_record(f: c.FigureCandidate, known_qualifiers: set[str]) -> dict:
    record: dict = {"id": f.id, "subject": f.subject or MISSING, "indicator": f.indicator or MISSING,
                    "period": f.period}
    if f.value is not None:
        record["value"] = _number(f.value)
        record["unit"] = f.unit
    if f.qualifier and f.qualifier in known_qualifiers:
        record["qualifier"] = f.qualifier
    if f.growth is not None:
        growth: dict = {"value": _number(f.growth.value)}
        if f.growth.unit != "%":
            growth["unit"] = f.growth.unit
        if f.growth.qualifier and f.growth.qualifier in known_qualifiers:
            growth["qualifier"] = f.growth.qualifier
        if f.growth.basis:
            growth["basis"] = f.growth.basis
        record["growth"] = growth
    compare = []
    for x in f.compare:
        if x.reference is None:
            continue
        item: dict = {"reference": x.reference, "by": x.by}
        if x.difference is not None and x.unit:
            item.update({"difference": _number(x.difference), "unit": x.unit})
        if x.direction != "higher":
            item["direction"] = x.direction
        compare.append(item)
    if compare:
        record["compare"] = compare
    ranks = []
    for r in f.rank:
        if r.scope is None:
            continue
        item = {"scope": r.scope, "by": r.by}
        if r.position is not None:
            item["position"] = r.position
        elif r.top is not None:
            item["top"] = r.top
        item["text"] = r.text
        ranks.append(item)
    if ranks:
        record["rank"] = ranks
    if f.share is not None and f.share.of is not None:
        share: dict = {"of": f.share.of, "value": f.share.value, "text": f.share.text}
        if f.share.qualifier and f.share.qualifier in known_qualifiers:
            share["qualifier"] = f.share.qualifier
        record["share"] = share
    if f.forecast:
        record["forecast"] = True
    if f.cumulative:
        record["cumulative"] = True
    if f.period_basis in ("context", "default") and f.period != "..":
        record["flags"] = [{"type": "period-inferred",
                            "note": f"No period is written with the figure; {f.period} is read from "
                                    + ("the text before it" if f.period_basis == "context" else "the article's year")
                                    + "."}]
    record["quote"] = _quote(f.sentences)
    return record


def entity_record(e: c.EntityCandidate) -> dict:
    return {"id": e.id, "class": e.cls, "zh": e.name, "en": _romanized(e.name), "quote": _quote(e.sentences[:1])}


def relation_record(r: c.RelationCandidate) -> dict:
    record = {"subject": r.subject, "predicate": r.predicate, "object": r.object}
    if r.product:
        record["product"] = r.product
    record["quote"] = r.sentence
    return record


def source_record(candidates: c.Candidates) -> dict:
    s = candidates.source
    record = {"id": s.id, "title": s.title, "zh": s.title, "en": _romanized(s.title)[:120],
              "authors": ["未署名"], "date": s.date, "file": f"sources/{s.id}.txt", "language": "zh"}
    if s.date is None:
        record["date_inferred"] = str(s.year)
    return record


def to_yaml(candidates: c.Candidates, dataset) -> bytes:
    """The draft: new entities, relations and figures in the data/ format, each with a
    `# review:` comment saying how sure the extractor is and what the graph already has."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    qualifiers = set(dataset.qualifiers)
    document = CommentedMap()
    document["source"] = candidates.source.id
    document["sources"] = CommentedSeq([CommentedMap(source_record(candidates))])
    document["sources"].yaml_set_comment_before_after_key(
        0, before="review: title, authors (as printed) and English title of the article", indent=2)
    entities = [(e, entity_status(e, dataset)) for e in candidates.entities]
    relations = [(r, relation_status(r, dataset)) for r in candidates.relations]
    sections = {
        "entities": [(e, entity_record(e), status) for e, status in entities if status.state == "new"],
        "relations": [(r, relation_record(r), status) for r, status in relations if status.state == "new"],
        "figures": [(f, figure_record(f, qualifiers), figure_status(f, dataset)) for f in candidates.figures],
    }
    for section, rows in sections.items():
        seq = CommentedSeq()
        for index, (candidate, record, status) in enumerate(rows):
            seq.append(CommentedMap(record))
            seq.yaml_set_comment_before_after_key(index, before=_review_comment(section, candidate, status),
                                                  indent=2)
        document[section] = seq
    known = [f"  {e.matched}: {e.name}" for e, status in entities if status.state == "known"]
    same = [f"  {r.id}" for r, status in relations if status.state == "same"]
    notes = []
    if known:
        notes.append("Entities the graph has (they get this source's quotes where the accepted facts name them):")
        notes.extend(known)
    if same:
        notes.append("Relations the graph has, said again here:")
        notes.extend(same)
    if notes:
        document.yaml_set_comment_before_after_key("entities", before="\n".join(notes))
    header = (f"kg ingest draft of {candidates.source.file} (source `{candidates.source.id}`, 今年 = "
              f"{candidates.source.year}, {candidates.source.year_basis}).\n"
              "Check every item against its quote, fix or delete it, fill every \"?\" and then run\n"
              f"  kg review THIS-FILE --accept all     (or --accept ID,ID / --reject ID)\n"
              "Figures the graph has get a second quote (same) or are kept beside it and flagged\n"
              "(conflict); the entities the graph has are listed below, not repeated.\n"
              f"article: {candidates.source.file}")
    document.yaml_set_start_comment(header)
    from kg.records.yamlio import yaml_writer

    yaml = yaml_writer()
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    return buffer.getvalue().encode("utf-8")


def _review_comment(section: str, candidate, status) -> str:
    parts = [f"review: confidence {candidate.confidence:.2f}"]
    if section == "entities":
        parts.append("known: the graph's " + status.existing + " (gets this quote)" if status.state == "known"
                     else "new; en is a romanization: write the English name")
    elif section == "figures":
        if status.state == "same":
            parts.append(f"same as the graph's {status.existing} (gets this quote)")
        elif status.state == "conflict":
            parts.append(f"conflicts with the graph's {status.existing}: {status.detail}")
        elif status.state == "incomplete":
            parts.append("incomplete: " + status.detail)
        else:
            parts.append("new")
        if candidate.subject_name and candidate.subject and candidate.subject_name != candidate.subject:
            parts.append(f"subject {candidate.subject_name}")
        if candidate.period_text:
            parts.append(f"period from {candidate.period_text}")
    else:
        parts.append(status.state if status.state == "new" else f"same as the graph's {status.existing}")
    return "; ".join(parts)
