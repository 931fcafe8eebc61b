"""Finding quotes in their source text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Located:
    source: str
    exact: str
    start: int  # character offset of the first character, as oa:TextPositionSelector counts
    end: int  # offset just after the last character


def locate(source_id: str, source_text: str, quote: str) -> Located | None:
    """The first occurrence of `quote` in the source, or None when it does not occur verbatim."""
    start = source_text.find(quote)
    if start < 0:
        return None
    return Located(source_id, quote, start, start + len(quote))


def near_miss(source_text: str, quote: str) -> str:
    """A hint for a quote that is not verbatim: the longest start of it that does occur."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in source_text:
            low = middle
        else:
            high = middle - 1
    if low < 2:
        return ""
    return f" (the source has the first {low} characters, then differs at {quote[low:low + 8]!r})"
