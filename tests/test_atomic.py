"""kg.atomic: the one writer of every output file; a failed write leaves the previous file as it was."""
from __future__ import annotations

import os

import pytest

from kg.atomic import atomic_write, replacing, write_chunks


def test_atomic_write_creates_folder_and_file(tmp_path):
    target = tmp_path / "new" / "graph.ttl"
    atomic_write(target, "黄石\n")
    assert target.read_bytes() == "黄石\n".encode("utf-8")
    assert os.listdir(target.parent) == ["graph.ttl"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_atomic_chunks_of_bytes_and_text(tmp_path):
    target = tmp_path / "out.nt"
    write_chunks(target, [b"<a> ", "<b> ", b"<c> .\n"])
    assert target.read_bytes() == b"<a> <b> <c> .\n"


@pytest.mark.parametrize("failure", [ValueError("bad term"), KeyboardInterrupt(), OSError(28, "No space left")])
def test_atomic_failure_keeps_the_previous_file(tmp_path, failure):
    target = tmp_path / "graph.html"
    target.write_bytes(b"previous")

    def chunks():
        yield "half a page"
        raise failure
    with pytest.raises(type(failure)):
        write_chunks(target, chunks())
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["graph.html"]


def test_atomic_failed_rename_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"previous")

    def full(src, dst):
        raise OSError(28, "No space left on device", str(dst))
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_atomic_keeps_the_mode_of_the_file_replaced(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    with replacing(target) as f:
        f.write(b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
