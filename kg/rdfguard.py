"""What kg refuses in an RDF file before a parser sees its bytes.

pyoxigraph's parsers are strict and never fetch anything, but three inputs
hurt them: RDF/XML entity declarations (expanded without bound: a 1 KB
"billion laughs" file takes gigabytes and tens of seconds), deep nesting
(JSON-LD objects a few thousand levels deep crash the process with a stack
overflow; deep RDF/XML takes time quadratic in the depth), and UTF-16 or UTF-32
files, which they report only as bad UTF-8. The checks here are linear in the
size of the file and raise KgError at file:line:column.
"""

from __future__ import annotations

import codecs
import itertools
import re

from kg.errors import KgError, at

# Real RDF/XML and JSON-LD nest a few tens of levels; the limits leave plenty of room while
# keeping pyoxigraph far from its stack limit (JSON-LD) and its quadratic time (RDF/XML).
MAX_JSON_NESTING = 256
MAX_XML_NESTING = 1024
# Bytes that expanding all entity references of an RDF/XML file may add: Protégé-style
# declarations (`<!ENTITY owl "http://www.w3.org/2002/07/owl#">`) add a few per reference.
MAX_ENTITY_EXPANSION = 16 * 1024 * 1024

UTF8_BOM = codecs.BOM_UTF8
_OTHER_BOMS = {  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def location(data: bytes, offset: int, path: object) -> str:
    """file:line:column of a byte offset (column in characters, both 1-based)."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return at(path, line, column)


def check_start(head: bytes, path: object) -> int:
    """How many bytes of byte-order mark to skip; refuse UTF-16 and UTF-32 files."""
    for bom, encoding in _OTHER_BOMS.items():
        if head.startswith(bom):
            raise KgError(f"the file is {encoding} (it starts with a byte-order mark); "
                          "RDF files are read as UTF-8: convert it, e.g. with iconv -t UTF-8", at(path, 1, 1))
    return len(UTF8_BOM) if head.startswith(UTF8_BOM) else 0


# --- nesting depth ----------------------------------------------------------------------

OPEN, CLOSE = b"\x01", b"\x02"  # markers: neither byte is allowed in XML 1.0 or raw in JSON
_NOT_MARKERS = bytes(b for b in range(256) if b not in (1, 2))
_STEP = {OPEN[0]: 1, CLOSE[0]: -1}


def _max_depth(markers: bytes) -> int:
    """How deep OPEN/CLOSE markers nest: a running sum made of C-level iterators only (no Python
    bytecode per marker), so millions of markers take a fraction of a second."""
    return max(itertools.accumulate(map(_STEP.__getitem__, markers)), default=0)


# --- JSON-LD ---------------------------------------------------------------------------

# a whole string (an unterminated one, even ending in a backslash, runs to the end: no rescanning)
_JSON_STRING = rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)'
_JSON_TOKEN = re.compile(_JSON_STRING + rb"|[\[\]{}]", re.S)
_JSON_STRINGS = re.compile(_JSON_STRING, re.S)
_BRACKETS_TO_MARKERS = bytes.maketrans(b"{[}]", OPEN * 2 + CLOSE * 2)


def check_json_nesting(data: bytes, path: object) -> None:
    brackets = _JSON_STRINGS.sub(b"", data).translate(None, bytes(set(range(256)) - set(b"{}[]")))
    if _max_depth(brackets.translate(_BRACKETS_TO_MARKERS)) <= MAX_JSON_NESTING:
        return
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
            if depth > MAX_JSON_NESTING:
                raise KgError(f"JSON nested deeper than {MAX_JSON_NESTING} levels; kg refuses such files "
                              "(they can crash the JSON-LD parser)", location(data, match.start(), path))
        elif token in (b"}", b"]"):
            depth -= 1


# --- RDF/XML ---------------------------------------------------------------------------

_NAME = rb"[^\s<>\"'/=!?&;%\[\]]+"
_TAG = re.compile(rb"<(/?)(" + _NAME + rb")(?:\s+" + _NAME + rb"\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*\s*(/?)>")
_DOCTYPE_HEAD = re.compile(rb"<!DOCTYPE\s+(" + _NAME + rb")\s*(\[)?")
_ENTITY = re.compile(rb"<!ENTITY\s+(" + _NAME + rb')\s+"([^"]*)"\s*>')
_ENTITY_HEAD = re.compile(rb"<!ENTITY\s+(%\s+)?(" + _NAME + rb")\s+(SYSTEM|PUBLIC)?")
_SPACE = re.compile(rb"\s+")
_ELEMENT_START = re.compile(rb"<[^!?]")
# what is not an element, each running to the end of the file when unterminated (no rescanning)
_NOT_ELEMENTS = re.compile(rb"<!--.*?(?:-->|\Z)|<!\[CDATA\[.*?(?:\]\]>|\Z)|<\?.*?(?:\?>|\Z)"
                           rb"|<!DOCTYPE[^\[>]*+(?:\[.*?(?:\]|\Z))?[^>]*+>?", re.S)
# the inside of a tag: quoted values may hold '>', never '<', so every scan stops at the next '<'
_TAG_BODY = rb"""[^<>"']*+(?:(?:"[^"<]*+"|'[^'<]*+')[^<>"']*+)*+"""
_EMPTY_ELEMENTS = re.compile(rb"<" + _TAG_BODY + rb"(?<=/)>")
_END_TAGS = re.compile(rb"</" + _TAG_BODY + rb">")
_START_TAGS = re.compile(rb"<" + _TAG_BODY + rb">")


def check_rdfxml(data: bytes, path: object) -> None:
    """Refuse entity declarations that read files or the network or expand without bound, and
    elements nested too deeply. Internal entities with plain values (what Protégé writes) pass."""
    entities = _check_declarations(data, path)
    _check_expansion(data, entities, path)
    tags = _NOT_ELEMENTS.sub(b"", data.translate(None, OPEN + CLOSE))
    tags = _START_TAGS.sub(OPEN, _END_TAGS.sub(CLOSE, _EMPTY_ELEMENTS.sub(b"", tags)))
    if _max_depth(tags.translate(None, _NOT_MARKERS)) > MAX_XML_NESTING:
        _locate_deep_element(data, path)


def _check_declarations(data: bytes, path: object) -> dict[bytes, bytes]:
    """The DOCTYPE's entities; every other `<!` must be a comment or a CDATA section."""
    entities: dict[bytes, bytes] = {}
    position, seen_doctype = 0, False
    while (position := data.find(b"<!", position)) >= 0:
        if data.startswith(b"<!--", position):
            position = _skip_past(data, position, b"-->")
        elif data.startswith(b"<![CDATA[", position):
            position = _skip_past(data, position, b"]]>")
        elif data.startswith(b"<!DOCTYPE", position):
            # pyoxigraph honours a DOCTYPE anywhere, so one after the root element is refused
            if seen_doctype or _ELEMENT_START.search(_NOT_ELEMENTS.sub(b"", data[:position])):
                raise KgError("a DOCTYPE declaration after the start of the document is refused",
                              location(data, position, path))
            position = _read_doctype(data, position, path, entities)
            seen_doctype = True
        else:
            raise KgError("markup declarations (<!ENTITY, <!ELEMENT …) are refused outside the DOCTYPE",
                          location(data, position, path))
    return entities


def _locate_deep_element(data: bytes, path: object) -> None:
    position, depth = 0, 0
    while (position := data.find(b"<", position)) >= 0:
        for opening, end in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"), (b"<!", b">")):
            if data.startswith(opening, position):
                position = _skip_past(data, position, end)
                break
        else:
            tag = _TAG.match(data, position)
            if tag is None:
                return  # malformed: the parser reports it, with its own message
            closing, _, empty = tag.groups()
            if closing:
                depth -= 1
            elif not empty:
                depth += 1
                if depth > MAX_XML_NESTING:
                    raise KgError(f"XML elements nested deeper than {MAX_XML_NESTING} levels are refused",
                                  location(data, position, path))
            position = tag.end()


def _skip_past(data: bytes, position: int, end: bytes) -> int:
    found = data.find(end, position)
    return len(data) if found < 0 else found + len(end)


def _read_doctype(data: bytes, position: int, path: object, entities: dict[bytes, bytes]) -> int:
    head = _DOCTYPE_HEAD.match(data, position)
    if head is None:
        raise KgError("a DOCTYPE kg cannot read as <!DOCTYPE name [ … ]> is refused", location(data, position, path))
    cursor = head.end()
    if head.group(2):  # an internal subset: only comments and simple internal entities
        while True:
            space = _SPACE.match(data, cursor)
            if space:
                cursor = space.end()
            if data.startswith(b"]", cursor):
                cursor += 1
                break
            if data.startswith(b"<!--", cursor):
                cursor = _skip_past(data, cursor, b"-->")
                continue
            entity = _ENTITY.match(data, cursor)
            if entity is None:
                raise KgError(_refused_declaration(data, cursor), location(data, cursor, path))
            name, value = entity.groups()
            if re.search(rb"[&%<]", value):
                raise KgError("an entity whose value refers to other entities or holds markup is refused "
                              "(entity expansion can grow without bound)", location(data, cursor, path))
            entities[name] = value
            cursor = entity.end()
    space = _SPACE.match(data, cursor)
    if space:
        cursor = space.end()
    if not data.startswith(b">", cursor):
        raise KgError("DOCTYPE with an external DTD (SYSTEM or PUBLIC) is refused: kg reads no other file",
                      location(data, position, path))
    return cursor + 1


def _refused_declaration(data: bytes, cursor: int) -> str:
    head = _ENTITY_HEAD.match(data, cursor)
    if head and head.group(1):
        return "parameter entities (<!ENTITY % …>) are refused"
    if head and head.group(3):
        return (f"external entity `{head.group(2).decode(errors='replace')}` ({head.group(3).decode()}) is refused: "
                "kg reads no other file or URL while parsing")
    return ('only internal entities with a plain value in double quotes (<!ENTITY name "value">) '
            "and comments are accepted in a DOCTYPE")


def _check_expansion(data: bytes, entities: dict[bytes, bytes], path: object) -> None:
    added = sum(data.count(b"&" + name + b";") * len(value) for name, value in entities.items())
    if added > MAX_ENTITY_EXPANSION:
        raise KgError(f"expanding the file's entity references would add {added:,} bytes "
                      f"(more than {MAX_ENTITY_EXPANSION:,}); refused", at(path))
