"""An article cut into paragraphs, sentences and clauses, with character offsets.

A paragraph is a line. A line without closing punctuation is a headline (or a
caption): its numbers summarise the body. Sentences end at 。！？ (and the closing
quotation mark after them); clauses at ，；：, and `segment` counts the ；-parts of
a sentence, which scope a period written at their start.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』]?")
_CLAUSE_BREAK = re.compile(r"[，；：,;:]")
_BARE_NUMBER = re.compile(r"[\d.,]+\s*[\u4e00-\u9fff%]{0,4}")
_CLOSING = "。！？!?”’」』；;…"


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    text: str
    segment: int  # index of the ；-separated part of the sentence


@dataclass
class Sentence:
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    headline: bool
    bare_number: bool = False  # a line that is only a number (40000亿元): no context to read it
    clauses: list[Clause] = field(default_factory=list)


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    offset = 0
    paragraph = -1
    for line in text.split("\n"):
        line_start = offset
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        paragraph += 1
        lead = line_start + len(line) - len(line.lstrip())
        body = stripped
        headline = body[-1] not in _CLOSING and len(body) <= 40
        cursor = 0
        pieces = []
        for match in _SENTENCE_END.finditer(body):
            pieces.append((cursor, match.end()))
            cursor = match.end()
        if cursor < len(body):
            pieces.append((cursor, len(body)))
        for start, end in pieces:
            piece = body[start:end]
            if not piece.strip():
                continue
            skip = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            absolute = lead + start + skip
            sentence = Sentence(len(sentences), paragraph, absolute, absolute + len(piece), piece, headline)
            sentence.clauses = _clauses(piece, absolute)
            sentence.bare_number = headline and _BARE_NUMBER.fullmatch(body) is not None
            sentences.append(sentence)
    return sentences


def _clauses(sentence: str, offset: int) -> list[Clause]:
    clauses = []
    start, segment = 0, 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() > start:
            clauses.append(Clause(offset + start, offset + match.start(), sentence[start:match.start()], segment))
        if match.group() in "；;":
            segment += 1
        start = match.end()
    if start < len(sentence):
        clauses.append(Clause(offset + start, offset + len(sentence), sentence[start:], segment))
    return clauses
