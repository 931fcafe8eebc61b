"""Filling a persistent Oxigraph store (`kg load`), all or nothing.

pyoxigraph's bulk loader is fast because it writes sorted files straight into
RocksDB without transactions, so a load that dies half way leaves half a graph
behind (and it keeps all it is given in one call in memory, so files go to it in
chunks of CHUNK_QUADS, or a big file in pieces loaded side by side: kg.stores.splitting). A
load therefore never touches the store it fills: it builds a new
store in a staging folder beside it (a hard-linked checkpoint of the current
one when adding to it: no copy), and only when every file is in and flushed to
disk swaps the staging folder with the store in one step (Linux renameat2
RENAME_EXCHANGE; elsewhere two renames, with the old store kept until the new
one is in place). A `kill -9` at any moment before the swap leaves the previous
store as it was; the next load removes the abandoned staging folder.

A lock file beside the store keeps two loads of the same store apart. Readers
(`kg query --store oxigraph:PATH`) open the store read-only and are never
blocked; one that is running during the swap keeps the old store's files, and a
long-running one (`kg serve`) opens the new store at its next query
(kg.stores.oxigraph.OxigraphStore.store).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import io
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import KgError

STDIN = "-"
# quads handed to the bulk loader at a time: it keeps all it is given in memory until it writes
# them out (900 MB for a million triples in one call), so a big file goes in chunks
CHUNK_QUADS = 250_000
# threads loading pieces of one big file at once (kg.stores.splitting); each holds a piece's
# quads in memory while it loads them
MAX_WORKERS = 4
# files RocksDB always writes into a store folder: a folder without them is not a store
STORE_MARKERS = ("CURRENT", "IDENTITY")


@dataclass(frozen=True)
class LoadSummary:
    store: Path
    files: tuple[str, ...]
    triples_before: int
    triples: int  # quads in the store after the load
    replaced: bool

    @property
    def text(self) -> str:
        added = self.triples - (0 if self.replaced else self.triples_before)
        how = "replaced by" if self.replaced and self.triples_before else "now"
        return (f"loaded {len(self.files)} file(s) into {self.store}: {how} {self.triples:,} triples"
                + ("" if self.replaced else f" ({added:+,})"))


class _CountingReader(io.RawIOBase):
    """A file that reports how many bytes were read, for a progress bar."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None]):
        self._raw = raw
        self._progress = progress

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self._raw.readinto(buffer)
        if count:
            self._progress(count)
        return count


def looks_like_store(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in STORE_MARKERS)


def staging_folder(target: Path) -> Path:
    return target.parent / f".{target.name}.loading-{os.getpid()}"


def load_files(paths: Sequence[str], target: Path, *, replace: bool = False, explicit_format: str | None = None,
               progress: Callable[[int], None] | None = None, stdin: BinaryIO | None = None,
               compact: bool = True) -> LoadSummary:
    """Load RDF files (or `-`, standard input, with `explicit_format`) into the store at `target`:
    added to what it holds, or instead of it with `replace`. The store changes only if all of
    them load; `progress(bytes)` is called as the files are read. With `compact`, the store is
    compacted once loaded (pyoxigraph's `optimize`): about a second per million triples, after
    which joins read fewer files."""

    from kg.rdfio import rdf_format_for

    if not paths:
        raise KgError("name at least one RDF file to load", "FILE")
    for name in paths:  # an unknown format is refused before the store is touched
        if name == STDIN:
            if explicit_format is None:
                raise KgError("standard input has no file name to tell its format from: give --format", "-")
            rdf_format_for(Path("stdin"), explicit_format)
            continue
        path = Path(name)
        if not path.is_file():
            raise KgError("no such file", name)
        rdf_format_for(path, explicit_format)
    target = Path(target)
    if target.exists() and not (looks_like_store(target) or _is_empty_folder(target)):
        raise KgError("exists and is not an Oxigraph store; kg load will not replace it", f"--store oxigraph:{target}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(target):
        _remove_abandoned_staging(target)
        staging = staging_folder(target)
        try:
            try:
                before, count = _fill(staging, target, paths, replace, explicit_format, progress, stdin,
                                      split=STDIN not in paths, compact=compact)
                split_failed = False
            except _SplitFailed:
                split_failed = True
            if split_failed:  # load it all again, each file in one piece
                # outside the except block: its traceback holds the staging store, and so its lock
                gc.collect()
                shutil.rmtree(staging, ignore_errors=True)
                before, count = _fill(staging, target, paths, replace, explicit_format, progress, stdin,
                                      split=False, compact=compact)
            _fsync_tree(staging)
            _swap_into_place(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return LoadSummary(target, tuple(paths), before, count, replace)


def _is_empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _fill(staging: Path, target: Path, paths: Sequence[str], replace: bool, explicit_format: str | None,
          progress, stdin, *, split: bool, compact: bool) -> tuple[int, int]:
    """A new store in `staging`: the current one (unless replacing) and the files. Gives the
    number of quads before and after."""
    import pyoxigraph

    before = 0
    if looks_like_store(target):
        old = pyoxigraph.Store.read_only(str(target))
        before = len(old)
        if not replace:
            old.backup(str(staging))  # hard links to the immutable files: no copy
        del old
    store = pyoxigraph.Store(str(staging))
    for name in paths:
        load_file(store, name, explicit_format, progress, stdin, split)
    store.flush()
    if compact:
        # the bulk loader leaves one set of sorted files per chunk or piece, and a lookup probes
        # each of them: merged, the joins of the saved queries take 20-45% less time
        store.optimize()
    count = len(store)
    del store  # pyoxigraph closes the database when the last reference goes
    return before, count


class _SplitFailed(Exception):
    """A file loaded in pieces could not be: the load starts again without cutting files."""

    def __init__(self, cause: Exception):
        super().__init__(str(cause))
        self.cause = cause


def load_file(store, name: str, explicit_format: str | None, progress, stdin, split: bool) -> None:
    """Load one file (or `-`) into a pyoxigraph store; with `split`, a big Turtle or N-Triples
    file goes in pieces side by side, or raises _SplitFailed when it cannot."""
    import pyoxigraph

    from kg.rdfio import guarded_input, guarded_stream
    from kg.stores import splitting

    # standard input passes exactly the checks of a file (no entity tricks, no runaway nesting, …),
    # and either way a parse error becomes a KgError at the file (or -), line and column
    if name == STDIN:
        opened = guarded_stream(stdin or sys.stdin.buffer, explicit_format, name)
        base_iri = None
    else:
        opened = guarded_input(Path(name), explicit_format)
        base_iri = Path(name).resolve().as_uri()
    with opened as (source, checked_format):
        splittable = splitting.format_name(checked_format)
        workers = _workers()
        if (split and splittable and workers > 1 and hasattr(source, "fileno")
                and os.fstat(source.fileno()).st_size >= 2 * splitting.PIECE_BYTES):
            _load_in_pieces(store, source, splittable, checked_format, base_iri, progress, workers)
            return
        if progress and isinstance(source, bytes):
            progress(len(source))
        elif progress:
            source = _CountingReader(source, progress)
        try:
            quads = _document_scoped(pyoxigraph.parse(input=source, format=checked_format, base_iri=base_iri))
            while chunk := list(itertools.islice(quads, CHUNK_QUADS)):
                store.bulk_extend(chunk)
        except ValueError as error:
            raise KgError(f"cannot load RDF: {error}", name) from None


def _workers() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))  # the cores this process may use, not the machine's
    except AttributeError:
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS)


def _load_in_pieces(store, source, name: str, rdf_format, base_iri: str, progress, workers: int) -> None:
    """The file cut into pieces (kg.stores.splitting), loaded `workers` at a time; _SplitFailed
    if it cannot be cut safely or a piece fails (the error is then found again by a whole load)."""
    import mmap
    from collections import deque
    from concurrent.futures import ThreadPoolExecutor

    from kg.stores.splitting import Unsplittable, pieces

    def load(piece: bytes) -> None:
        store.bulk_load(input=piece, format=rdf_format, base_iri=base_iri)

    begin = source.tell()  # past a byte-order mark
    with (mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ) as data,
          ThreadPoolExecutor(workers) as pool):
        in_flight: deque = deque()
        try:
            # one piece more than there are workers: the next one is ready when a worker is free,
            # and memory stays bounded
            for piece, covered in pieces(data, name, begin):
                if len(in_flight) > workers:
                    _finish(in_flight.popleft(), progress)
                in_flight.append((pool.submit(load, piece), covered))
            while in_flight:
                _finish(in_flight.popleft(), progress)
        except (Unsplittable, SyntaxError, ValueError, OSError) as error:
            for future, _ in in_flight:
                future.cancel()
            raise _SplitFailed(error) from None


def _finish(submitted, progress) -> None:
    future, covered = submitted
    future.result()
    if progress:
        progress(covered)


def _document_scoped(quads):
    """The quads with their blank nodes renamed for this document alone: pyoxigraph's parser
    keeps labels such as _:b1 as written, and two files that both say _:b1 mean two nodes."""
    import secrets

    import pyoxigraph

    blank, triple = pyoxigraph.BlankNode, pyoxigraph.Triple
    scope = secrets.token_hex(8)
    renamed: dict = {}

    def rename(term):
        kind = type(term)
        if kind is blank:
            found = renamed.get(term)
            if found is None:
                found = renamed[term] = blank(f"{scope}{term.value}")
            return found
        if kind is triple:
            return triple(rename(term.subject), term.predicate, rename(term.object))
        return term

    for quad in quads:
        if blank in {type(quad.subject), type(quad.object), type(quad.graph_name)} or \
                triple in {type(quad.subject), type(quad.object)}:
            quad = pyoxigraph.Quad(rename(quad.subject), quad.predicate, rename(quad.object),
                                   rename(quad.graph_name))
        yield quad


@contextlib.contextmanager
def _exclusive_lock(target: Path) -> Iterator[None]:
    """An advisory lock beside the store; the kernel drops it when the process dies, even by kill -9."""
    import fcntl

    lock_path = target.parent / f".{target.name}.lock"
    with open(lock_path, "a+b") as lock:
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KgError("another kg load is filling this store; try again when it is done",
                          f"--store oxigraph:{target}") from None
        try:
            yield
        finally:
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _remove_abandoned_staging(target: Path) -> None:
    """Staging folders of loads that died (we hold the lock, so no load is using them), and an
    old store a two-rename swap left behind after the new one was in place."""
    for leftover in sorted(target.parent.glob(f".{target.name}.loading-*")):
        shutil.rmtree(leftover, ignore_errors=True)
    old = target.parent / f".{target.name}.old"
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:  # died between the two renames: the old store is still the store
            os.rename(old, target)


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with open(path, "rb") as handle:
                os.fsync(handle.fileno())
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        os.rename(staging, target)
    elif _exchange(staging, target):
        shutil.rmtree(staging)  # now the old store
    else:
        old = target.parent / f".{target.name}.old"
        os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old)
    _fsync_folder(target.parent)
