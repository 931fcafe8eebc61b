"""Nothing half-written: `kg build` and `kg export` killed with SIGKILL while writing, or failing,
leave the previous output as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_kg

PREVIOUS = b"# the previous output, which must survive\n"


def big_graph(path: Path, triples: int = 2000, literal_size: int = 10_000) -> Path:
    """An N-Triples file whose export is tens of megabytes, so writing it takes a while."""
    with path.open("w", encoding="utf-8") as out:
        for number in range(triples):
            out.write(f'<http://example.org/s{number}> <http://example.org/p> "{"渝北" * (literal_size // 2)}" .\n')
    return path


def start_kg(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def temporary_files(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


def kill_while_writing(process: subprocess.Popen, target: Path, timeout: float = 240) -> bool:
    """SIGSTOP the process the moment its temporary output appears, then SIGKILL it.

    True when it was caught before the rename (the temporary file was still there once the
    process stood still); False when it finished first.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if temporary_files(target):
            process.send_signal(signal.SIGSTOP)
            caught = bool(temporary_files(target))
            process.kill()
            process.wait()
            return caught
        time.sleep(0.0005)
    process.kill()
    process.wait()
    return False


def test_export_killed_while_writing_leaves_the_previous_output(tmp_path):
    source = big_graph(tmp_path / "big.nt")
    target = tmp_path / "out.nt"
    for _attempt in range(5):
        target.write_bytes(PREVIOUS)
        process = start_kg("export", "--graph", str(source), "--format", "nt", "-o", str(target))
        if kill_while_writing(process, target):
            assert target.read_bytes() == PREVIOUS
            return
        # it finished before we could stop it: then the output must be whole
        assert target.read_bytes() != PREVIOUS
    pytest.fail("kg export finished writing every time before it could be stopped")


def test_export_killed_at_any_moment_leaves_old_or_whole_output(tmp_path):
    source = big_graph(tmp_path / "big.nt", triples=500)
    target = tmp_path / "out.nt"
    result = run_kg("export", "--graph", str(source), "--format", "nt", "-o", str(tmp_path / "reference.nt"))
    assert result.returncode == 0, result.stderr
    whole = (tmp_path / "reference.nt").read_bytes()
    for delay in (0.3, 0.8, 1.5):
        target.write_bytes(PREVIOUS)
        process = start_kg("export", "--graph", str(source), "--format", "nt", "-o", str(target))
        time.sleep(delay)
        process.kill()
        process.wait()
        assert target.read_bytes() in (PREVIOUS, whole), delay


def test_build_killed_while_writing_leaves_the_previous_output(copy_project):
    target = copy_project.built_graph
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(PREVIOUS)
    process = start_kg("build", "--project", str(copy_project.root))
    if kill_while_writing(process, target):
        assert target.read_bytes() == PREVIOUS
    else:  # it finished first: then the whole new graph, which parses
        from kg.rdfio import read_graph_files

        assert len(read_graph_files([target])) > 1000


def test_failing_build_writes_nothing(copy_project, kg):
    target = copy_project.built_graph
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(PREVIOUS)
    broken = copy_project.data / "broken.yaml"
    broken.write_text("entities:\n  - id: Not An Id\n", encoding="utf-8")
    result = kg("build", "--project", str(copy_project.root))
    assert result.returncode == 2, result.stderr
    assert target.read_bytes() == PREVIOUS
    assert temporary_files(target) == []


def test_export_of_a_broken_graph_writes_nothing(tmp_path, kg):
    target = tmp_path / "out.ttl"
    target.write_bytes(PREVIOUS)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/s> <http://example.org/p> .\n", encoding="utf-8")
    result = kg("export", "--graph", str(bad), "-o", str(target))
    assert result.returncode == 2
    assert target.read_bytes() == PREVIOUS
    assert temporary_files(target) == []


def test_written_output_has_the_usual_permissions(tmp_path):
    """A temporary file is private (0600); the output replacing it must not be."""
    from kg.fsutil import write_atomic

    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.ttl", b"x")
        assert (tmp_path / "new.ttl").stat().st_mode & 0o777 == 0o644
        existing = tmp_path / "existing.ttl"
        existing.write_bytes(b"old")
        existing.chmod(0o664)
        write_atomic(existing, b"new")
        assert existing.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)
