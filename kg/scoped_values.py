"""Parameters for endpoints that scope FILTERs narrowly: the VALUES block of kg.bindings, and
the same block again first in every nested group that uses a parameter.

SPARQL lets a FILTER inside OPTIONAL { … } see the variables bound before the OPTIONAL (a left
join's condition); Virtuoso does not: `OPTIONAL { ?x rdfs:label ?l FILTER(lang(?l) = ?lang) }`
with ?lang from the VALUES block finds no label there. Binding ?lang in the OPTIONAL's own group
too gives Virtuoso what it needs, and changes nothing under SPARQL's semantics: the block has
one row, whose values every solution of the enclosing group already has. Groups where that is
not so are left alone: MINUS (evaluated on its own, so a variable bound there could change
which solutions it removes), sub-SELECTs (they see nothing from outside) and VALUES data blocks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kg.bindings import values_block, where_group_start


@dataclass
class _Group:
    start: int  # offset just after its `{`
    bindable: bool  # False inside MINUS, sub-SELECTs and VALUES data
    used: set[str] = field(default_factory=set)


def with_values_in_groups(sparql: str, bindings: Mapping[str, object]) -> str:
    """The query with the VALUES block first in its WHERE group and, for the parameters each
    nested group mentions, first in that group too."""
    from kg.sparql_tokens import significant

    if not bindings:
        return sparql
    where = where_group_start(sparql)
    names = set(bindings)
    # values_block parses each block back to check it, so a parameter used in many groups is written once
    blocks = {name: values_block({name: bindings[name]}) for name in sorted(names)}
    stack: list[_Group] = []
    inserts: list[tuple[int, list[str]]] = []
    tokens = [token for token in significant(sparql) if token.start >= where]
    previous_keyword: str | None = None
    after_values = False
    for index, token in enumerate(tokens):
        if token.kind == "open":
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            bindable = (not stack or stack[-1].bindable) and not after_values and previous_keyword != "MINUS" \
                and not (following is not None and following.keyword == "SELECT")
            stack.append(_Group(token.start + 1, bindable))
            after_values = False
        elif token.kind == "close" and stack:
            group = stack.pop()
            if stack and group.bindable and group.used:
                inserts.append((group.start, sorted(group.used)))
        elif token.kind == "variable" and token.text[1:] in names:
            for group in stack:
                if group.bindable:
                    group.used.add(token.text[1:])
        if token.keyword == "VALUES":
            after_values = True
        if token.kind not in ("open", "close"):
            previous_keyword = token.keyword
    inserts.append((where + 1, sorted(names)))
    text = sparql
    for start, used in sorted(inserts, reverse=True):
        # one block per variable, not one block of several: Virtuoso's compiler fails on the latter
        # in some queries ("no SPART_VARR_FIXED")
        text = text[:start] + " " + " ".join(blocks[name] for name in used) + " " + text[start:]
    return text
