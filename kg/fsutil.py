"""Writing files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """Open a temporary file beside `path`; rename it over `path` only on success.

    ``-`` means standard output (written only when the block succeeds, too).
    """
    if str(path) == "-":
        with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as buffer:
            yield buffer  # type: ignore[misc]
            buffer.seek(0)
            out = sys.stdout.buffer
            while chunk := buffer.read(1 << 20):
                out.write(chunk)
            out.flush()
        return
    target = Path(path)
    if target.exists() and not target.is_file():
        # /dev/null, a FIFO, a terminal: written in place; renaming a file over one would
        # replace the device itself (as root, /dev/null would become a plain file)
        if target.is_dir():
            from kg.errors import KgError

            raise KgError("is a folder, not a file to write", str(target))
        with open(target, "wb") as device:
            yield device
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); the output keeps the replaced file's mode
        os.fchmod(fd, _mode_for(target))
        with os.fdopen(fd, "wb") as tmp:
            yield tmp
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# read once, at import (single-threaded then): os.umask can only be read by setting it
_UMASK = _read_umask()


def _mode_for(target: Path) -> int:
    """The permissions the output would have if written in place: the old file's, else what the umask allows."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        return 0o666 & ~_UMASK


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_output(path) as out:
        out.write(data)


def replace_directory_files(directory: Path, files: dict[str, bytes]) -> None:
    """Write several files into `directory`, each atomically, only after all are ready.

    Callers build every byte first; a failure before this point leaves the
    previous outputs untouched.
    """
    for name in sorted(files):
        write_atomic(directory / name, files[name])
