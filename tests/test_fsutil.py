"""Writing outputs: atomic for files, in place for devices and pipes, with ordinary permissions."""

from __future__ import annotations

import os
import stat
import threading

from kg.fsutil import write_atomic


def test_writing_to_a_pipe_keeps_the_pipe(tmp_path):
    """A regression: the temp-file-and-rename dance replaced what it wrote to (as root, -o /dev/null
    turned /dev/null into a plain file); devices and pipes are written in place."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"rows\n")
    reader.join(timeout=10)
    assert received == [b"rows\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_new_output_gets_the_permissions_of_any_new_file(tmp_path):
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "out.ttl", b"data")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(os.stat(tmp_path / "out.ttl").st_mode) == 0o644
