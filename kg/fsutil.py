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
            raise IsADirectoryError(f"{target} is a folder")
        with open(target, "wb") as device:
            yield device
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        # mkstemp makes the file private (0600); the output gets the mode any new file gets
        os.chmod(tmp_name, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as tmp:
            yield tmp
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
