"""The tokens of a SPARQL text: enough to find its keywords, dataset clauses and groups.

Comments, strings, IRIs, prefixed names, variables, blank nodes and language tags are each
one token, so a word inside any of them is never taken for a keyword. Grammar is left to a
real parser (pyoxigraph's): this only says which keywords a text holds and where.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# what SPARQL reads as an escape anywhere in a query, even inside a string or an IRI
CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_TOKEN = re.compile(r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<blank>_:[\w.\-\u00b7]+)
    | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-]|\\[_~.\-!$&'()*+,;=/?\#@%]|\.(?=[\w:%\-]))*)
    | (?P<word>[^\W\d_][\w\-]*)
    | (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
    | (?P<open>\{) | (?P<close>\}) | (?P<popen>\() | (?P<pclose>\))
    | (?P<space>\s+)
    | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, iri, variable, blank, langtag, pname, word, number, open, close, …
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The keyword a bare word is, in upper case (SPARQL keywords ignore case)."""
        return self.text.upper() if self.kind == "word" else None


def expand_codepoint_escapes(text: str) -> str:
    """SPARQL reads \\u with four hex digits and \\U with eight anywhere in a query, before parsing
    it (SPARQL 1.1, section 19.2)."""
    def character(match: re.Match) -> str:
        code = int(match[1] or match[2], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else match[0]

    return CODEPOINT_ESCAPE.sub(character, text)


def tokens(text: str) -> Iterator[Token]:
    """The tokens of `text`, comments and white space included."""
    for match in _TOKEN.finditer(text):
        yield Token(match.lastgroup or "other", match.group(), match.start())


def significant(text: str) -> Iterator[Token]:
    """The tokens of `text` without comments and white space."""
    return (token for token in tokens(text) if token.kind not in ("comment", "space"))
