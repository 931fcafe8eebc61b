"""Reading YAML with the line of every item, so errors can say file:line."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from kg.errors import KgError, at


def read_yaml(path: Path, display: str) -> Any:
    """Parse one YAML file (round-trip mode keeps line numbers; duplicate keys are errors)."""
    return parse_yaml(read_utf8(path, display), display)


def read_utf8(path: Path, display: str) -> str:
    """The text of a file, or the error read_yaml gives for it."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise KgError(f"not UTF-8 text ({error.reason} at byte {error.start})", display) from None
    except OSError as error:
        raise KgError(f"cannot read: {error.strerror}", display) from None


def parse_yaml(text: str, display: str) -> Any:
    """read_yaml for text already read (by a caller that also looks at its comments)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _round_trip_yaml()
    yaml.allow_duplicate_keys = False
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        if "duplicate key" in str(problem) or "duplicate key" in str(error):
            problem = f"duplicate key {_duplicate_key(error)}".rstrip()
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        raise KgError(f"invalid YAML: {problem}", at(display, line, column)) from None
    except YAMLError as error:
        raise KgError(f"invalid YAML: {error}", display) from None


def _round_trip_yaml():
    """The YAML both the reader and the writer load with: a file that `kg review` loads to
    edit and writes back must keep every digit the reader would have seen."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _decimal_constructor()
    return yaml


@functools.cache
def _decimal_constructor() -> type:
    """ruamel's round-trip constructor, reading floats as the Decimal of their text: a binary
    float would turn 12345678901234567.8 into 12345678901234568 before the records see it.
    A subclass, so that other users of ruamel in the process keep the usual floats."""
    from decimal import Decimal, InvalidOperation

    from ruamel.yaml.constructor import RoundTripConstructor

    class DecimalConstructor(RoundTripConstructor):
        def construct_yaml_float(self, node) -> Any:
            text = self.construct_scalar(node)
            try:
                number = Decimal(str(text).replace("_", ""))
            except InvalidOperation:  # .inf, .nan: the records refuse them with their own message
                return float(super().construct_yaml_float(node))
            return number if number.is_finite() else float(number)

    DecimalConstructor.add_constructor("tag:yaml.org,2002:float", DecimalConstructor.construct_yaml_float)
    return DecimalConstructor


def yaml_writer():
    """A round-trip YAML writer in the style of data/: wide lines, Chinese as is, `null` written
    out, and Decimals (as the reader gives them) written as the exact numbers they are."""
    from decimal import Decimal

    yaml = _round_trip_yaml()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.representer.add_representer(type(None),
                                      lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    yaml.representer.add_multi_representer(Decimal, _represent_decimal)
    return yaml


def _represent_decimal(representer, number):
    text = format(number, "f")
    if "." not in text:
        return representer.represent_scalar("tag:yaml.org,2002:int", text)
    return representer.represent_scalar("tag:yaml.org,2002:float", text)


def _duplicate_key(error: Exception) -> str:
    text = str(error)
    marker = 'found duplicate key "'
    if marker in text:
        return '"' + text.split(marker, 1)[1].split('"', 1)[0] + '"'
    return ""


def line_of(node: Any, path: tuple[Any, ...] = ()) -> int | None:
    """The 1-based line of `node[path[0]][path[1]]…`, or of the deepest part of it that exists."""
    line = _own_line(node)
    current = node
    for key in path:
        found = _child_line(current, key)
        if found is None:
            break
        line, current = found
    return line


def _own_line(node: Any) -> int | None:
    lc = getattr(node, "lc", None)
    return lc.line + 1 if lc is not None and lc.line is not None else None


def _child_line(node: Any, key: Any) -> tuple[int, Any] | None:
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            return lc.item(key)[0] + 1, node[key]
        if isinstance(node, dict) and key in node:
            return lc.key(key)[0] + 1, node[key]
    except (KeyError, IndexError, TypeError):
        return None
    return None
