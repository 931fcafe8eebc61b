"""Cutting a big Turtle or N-Triples file into pieces that pyoxigraph can load side by side.

pyoxigraph's bulk loader parses on one core, but two loads into one persistent store run in
parallel (the GIL is released), which nearly halves the time of a large `kg load`. oxttl can
split a file for parallel parsing, but pyoxigraph does not expose it, so the cutting is done
here, conservatively:

- N-Triples and N-Quads hold one statement per line, so any line end is a cut.
- Turtle is cut only after a line whose last character is the `.` that ends a statement, and
  only in files whose prefixes and base are all declared at the top (they are repeated at the
  head of every piece).
- A file with blank node labels (`_:b1`) is never cut: pyoxigraph gives each load its own
  blank nodes, so the same label in two pieces would become two nodes.

A cut in the wrong place cannot pass unnoticed: the piece before it then ends in the middle
of a statement, which the parser rejects, and the caller loads the whole file again in one
piece (see loading.py). What could pass unnoticed (a prefix declared or changed half way,
blank node labels shared across pieces) is refused before any piece is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# one piece: big enough that a piece's fixed costs do not show, small enough that two pieces
# in flight stay within the memory a chunked serial load takes (about 200 MB each)
PIECE_BYTES = 8 * 2**20
SPLITTABLE_FORMATS = ("TURTLE", "N_TRIPLES", "N_QUADS")  # pyoxigraph.RdfFormat names
LINE_FORMATS = ("N_TRIPLES", "N_QUADS")

# the directives, comments and blank space at the top of a Turtle file
_HEADER = re.compile(rb"""(?:
      \s+
    | \#[^\n]*
    | @prefix\s+[^\s:<>]*:\s*<[^<>\s]*>\s*\.
    | @base\s*<[^<>\s]*>\s*\.
    | (?i:prefix)\s+[^\s:<>]*:\s*<[^<>\s]*>
    | (?i:base)\s*<[^<>\s]*>
)*""", re.VERBOSE)
# what may be a directive after the header, matched in a lower-cased piece at each "prefix" or
# "base" found there; a literal that merely looks like one only costs the speed-up. SPARQL-style
# PREFIX and BASE stand where a keyword can (after a space, a `.` or an IRI) and are followed by
# what a directive needs (a comment counts as a space)
_LATE_DIRECTIVE = re.compile(rb"""
      (?<=@)(?:prefix|base)
    | (?<![^\s.>])prefix\s*(?:\#|[^\s:<>"']*:\s*(?:<|\#))
    | (?<![^\s.>])base\s*(?:<|\#)
""", re.VERBOSE)
_IRI = re.compile(rb"<[^<>\"\s]*>")


class Unsplittable(Exception):
    """The file cannot be cut safely after all: load it in one piece."""


def format_name(rdf_format) -> str | None:
    """The name of a pyoxigraph.RdfFormat that can be cut, else None."""
    import pyoxigraph

    return next((name for name in SPLITTABLE_FORMATS if getattr(pyoxigraph.RdfFormat, name) == rdf_format), None)


def pieces(data, name: str, begin: int = 0, piece_bytes: int | None = None) -> Iterator[tuple[bytes, int]]:
    """The pieces of `data[begin:]` (bytes, or an mmap of a whole file) in format `name`, in order,
    each about `piece_bytes` long and complete in itself, with how many bytes of `data` each
    covers. Raises Unsplittable, possibly after some pieces, on finding what makes cutting
    unsafe; each piece is checked before it is given out."""
    piece_bytes = piece_bytes or PIECE_BYTES
    line_based = name in LINE_FORMATS
    header_end = begin if line_based else _HEADER.match(data, begin).end()
    header = bytes(data[begin:header_end])
    start, size = begin, len(data)
    while start < size:
        end = _cut_after(data, max(start + piece_bytes, header_end), line_based)
        body = data[max(start, header_end):end]
        _check(body, line_based)
        yield header + body, end - start
        start = end


def _check(piece: bytes, line_based: bool) -> None:
    if b"_:" in piece:
        raise Unsplittable("blank node labels")
    if line_based:
        return
    if b'"""' in piece or b"'''" in piece:
        raise Unsplittable("long strings")  # which may hold lines that look like statement ends
    lowered = piece.lower()
    for keyword in (b"prefix", b"base"):
        at = lowered.find(keyword)
        while at >= 0:
            if _LATE_DIRECTIVE.match(lowered, at):
                raise Unsplittable("a directive after the first statement")
            at = lowered.find(keyword, at + 1)


def _cut_after(data, at: int, line_based: bool) -> int:
    """The end of the first line ending at or after `at` that ends a statement, or the end of data."""
    while True:
        newline = data.find(b"\n", at)
        if newline < 0:
            return len(data)
        if line_based or _ends_statement(data[data.rfind(b"\n", 0, newline) + 1:newline]):
            return newline + 1
        at = newline + 1


def _ends_statement(line: bytes) -> bool:
    # a `#` outside an IRI may start a comment that itself ends in "."
    return line.rstrip().endswith(b".") and b"#" not in _IRI.sub(b"", line)
