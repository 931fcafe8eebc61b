"""Plain-text tables that line up when cells hold Chinese (double-width) characters."""

from __future__ import annotations

from collections.abc import Sequence


def display_width(text: str) -> int:
    if text.isascii():  # one column a character, or -1 from wcswidth for a control one: len either way
        return len(text)
    from wcwidth import wcswidth

    width = wcswidth(text)
    return width if width >= 0 else len(text)  # control characters: count them plainly


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, numeric: Sequence[bool] | None = None) -> str:
    """Columns padded to their widest cell; right-aligned where `numeric` says so (by default: where
    every cell is a Python number)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [display_width(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    if numeric is None:
        numeric = [bool(rows) and all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]
    out = ["  ".join(pad(h, widths[i], numeric[i]) for i, h in enumerate(headers)).rstrip(),
           "  ".join("-" * w for w in widths)]
    for row in cells:
        out.append("  ".join(pad(c, widths[i], numeric[i]) for i, c in enumerate(row)).rstrip())
    return "\n".join(out)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # one line per row: newlines and tabs in data would break the table
    return text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
