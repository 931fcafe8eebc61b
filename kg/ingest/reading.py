"""Reading an article file: UTF-8, or GB18030 said so; anything else is a clear error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError

_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\x00\x00\xfe\xff": "UTF-32"}


@dataclass(frozen=True)
class Article:
    text: str
    encoding: str  # "utf-8" or "gb18030"
    note: str | None  # said to the user when the file was not UTF-8


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def decode_article(data: bytes, where: str) -> Article:
    """Bytes → text. Newlines are normalized to \\n, so quotes match the stored copy."""
    if not data.strip():
        raise KgError("the file is empty", where)
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise KgError(f"{name} text is not read; save the article as UTF-8", where)
    if b"\x00" in data:
        raise KgError("a binary file, not a text article", where)
    note = None
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text, encoding = data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise KgError(f"neither UTF-8 nor GB18030 text (byte 0x{data[utf8_error.start]:02x} at offset "
                          f"{utf8_error.start} is not UTF-8)", where) from None
        note = f"{where}: not UTF-8; read as GB18030 (the copy kept under data/sources/ is UTF-8)"
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > max(3, len(text) // 200):
        raise KgError("a binary file, not a text article (control characters in the text)", where)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _has_cjk(text):
        raise KgError("no Chinese text in the file: kg ingest reads Chinese articles", where)
    return Article(text, encoding, note)


def read_article(path: Path) -> Article:
    where = str(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise KgError("a folder, not an article file", where) from None
    except OSError as error:
        raise KgError(f"cannot read: {error.strerror}", where) from None
    return decode_article(data, where)
