"""One error type for everything the user can get wrong.

The CLI prints a `KgError` as a single line (`error: WHERE: MESSAGE`) and exits
with `EXIT_ERROR`; it never shows a traceback for bad input.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_VIOLATIONS = 1  # the input was read, but breaks a rule (SHACL, checks)
EXIT_ERROR = 2  # the input could not be used at all


class KgError(Exception):
    """A problem with the user's input, located as precisely as we can.

    `where` is a place a person can go to: ``data/figures/auto.yaml:12``,
    ``--param year``, ``queries/foo.rq:3:7`` or an id.
    """

    exit_code = EXIT_ERROR

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.message = " ".join(str(message).split())  # always one line
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def at(path: object, line: int | None = None, column: int | None = None) -> str:
    """Format a location as `path:line:column`, leaving out what is unknown."""
    where = str(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


class KgNote(UserWarning):
    """Something the user should know that does not stop the command (printed as `note: …`)."""
