"""`kg synth`: a synthetic regional-economy graph of any size, in the project's ontology.

    synthesize(project, triples=1_000_000, output="economy.ttl", seed=0)

streams the graph to `output` (Turtle or N-Triples, by extension or `syntax`)
while it is generated; see kg.synth.economy for what it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError
from kg.project import Project


@dataclass(frozen=True)
class SynthSummary:
    output: str
    syntax: str
    triples: int
    entities: int
    figures: int

    @property
    def text(self) -> str:
        return (f"wrote {self.output}: {self.triples:,} triples ({self.syntax}) — {self.entities:,} entities, "
                f"{self.figures:,} figures")


SIZE_SUFFIXES = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str, where: str = "--triples") -> int:
    """10000, 10_000, 10k, 1M, 2.5M → a number of triples."""
    cleaned = str(text).strip().lower().replace("_", "").replace(",", "")
    multiplier = SIZE_SUFFIXES.get(cleaned[-1:], 1)
    number = cleaned[:-1] if cleaned[-1:] in SIZE_SUFFIXES else cleaned
    try:
        value = float(number) * multiplier
    except ValueError:
        raise KgError(f"not a number of triples: {text!r} (for example 10000, 10k, 1M)", where) from None
    if value < 1 or value != int(value):
        raise KgError(f"not a positive whole number of triples: {text!r}", where)
    return int(value)


def syntax_for(output: str, explicit: str | None) -> str:
    from kg.synth.writer import SYNTAX_BY_EXTENSION, SYNTAXES

    if explicit:
        if explicit not in SYNTAXES:
            raise KgError(f"unknown syntax {explicit!r}; choose one of {', '.join(SYNTAXES)}", "--format")
        return explicit
    syntax = SYNTAX_BY_EXTENSION.get(Path(output).suffix.lower())
    if syntax is None:
        raise KgError("name the output .ttl or .nt, or give --format", "--output")
    return syntax


def synthesize(project: Project, triples: int, output: str, seed: int = 0, syntax: str | None = None) -> SynthSummary:
    """Write a synthetic economy of at least `triples` triples (a little more: it stops at the end of
    a company) to `output`; nothing is left at `output` if generation fails."""
    from kg.fsutil import atomic_output
    from kg.synth.economy import Economy
    from kg.synth.vocabulary import load_vocabulary
    from kg.synth.writer import StreamWriter

    if triples < 1:
        raise KgError("the number of triples must be positive", "--triples")
    chosen = syntax_for(output, syntax)
    vocabulary = load_vocabulary(project)
    with atomic_output(output) as out:
        writer = StreamWriter(out, chosen)
        economy = Economy(writer, vocabulary, triples, seed)
        economy.run()
        writer.flush()
    return SynthSummary(output, chosen, writer.triples, economy.entities_written, economy.figures_written)
