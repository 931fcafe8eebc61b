"""Content negotiation for the SPARQL endpoint: the client's Accept header and the kind of result
(rows, a boolean, a graph) decide the format; nothing acceptable → 406.

The formats are those of kg.results (one writer per format for the CLI and the endpoint).
"""

from __future__ import annotations

from dataclasses import dataclass

# media type -> kg.results format name, by result kind; the first is the default for `*/*`
MEDIA_TYPES: dict[str, dict[str, str]] = {
    "rows": {
        "application/sparql-results+json": "json",
        "application/json": "json",
        "application/sparql-results+xml": "xml",
        "application/xml": "xml",
        "text/xml": "xml",
        "text/csv": "csv",
        "text/tab-separated-values": "tsv",
    },
    "graph": {
        "text/turtle": "turtle",
        "application/turtle": "turtle",
        "application/x-turtle": "turtle",
        "application/n-triples": "nt",
        "text/plain": "nt",  # N-Triples' media type before RDF 1.1
        "application/ld+json": "jsonld",
    },
}
KIND_GROUP = {"select": "rows", "ask": "rows", "graph": "graph"}


@dataclass(frozen=True)
class MediaRange:
    type: str  # "text/turtle", "text/*" or "*/*"
    quality: float
    order: int  # position in the header: earlier wins among equals

    @property
    def specificity(self) -> int:
        major, _, minor = self.type.partition("/")
        return 0 if major == "*" else 1 if minor == "*" else 2

    def matches(self, media_type: str) -> bool:
        if self.type == "*/*":
            return True
        major, _, minor = self.type.partition("/")
        return media_type == self.type or (minor == "*" and media_type.startswith(major + "/"))


class NotAcceptable(Exception):
    def __init__(self, kind: str):
        offered = ", ".join(MEDIA_TYPES[KIND_GROUP[kind]])
        what = "an RDF graph" if kind == "graph" else f"{kind.upper()} results"
        super().__init__(f"the Accept header asks for nothing this endpoint can give for {what}; it offers {offered}")


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header (malformed parts are skipped, as RFC 9110 allows)."""
    ranges = []
    for order, part in enumerate((header or "*/*").split(",")):
        fields = [field.strip() for field in part.split(";")]
        media = fields[0].lower()
        if "/" not in media:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(1.0, max(0.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append(MediaRange(media, quality, order))
    return ranges or [MediaRange("*/*", 1.0, 0)]


def choose_format(accept: str | None, kind: str) -> str:
    """The kg.results format name for a result of `kind` (select, ask, graph); the format's own
    media type (RESULT_FORMATS) is what the answer is labelled with."""
    offered = MEDIA_TYPES[KIND_GROUP[kind]]
    ranges = parse_accept(accept)
    best: tuple | None = None
    for position, media_type in enumerate(offered):
        # the most specific range that matches decides the quality of this type (RFC 9110 §12.5.1)
        matching = [r for r in ranges if r.matches(media_type)]
        if not matching:
            continue
        decisive = max(matching, key=lambda r: (r.specificity, -r.order))
        if decisive.quality <= 0:
            continue
        # among equal qualities: the type the client named itself, then its order, then ours
        key = (decisive.quality, decisive.specificity, -decisive.order, -position)
        if best is None or key > best[0]:
            best = (key, media_type)
    if best is None:
        raise NotAcceptable(kind)
    return offered[best[1]]
