"""Running `kg` in this process (click's runner): the same commands as a user's, without
paying for a new interpreter and its imports on every call."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def invoke(*args: str) -> Ran:
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)
