"""Atomic file writes: every output kg writes goes through ``replacing``.

The new content is written to a temporary file beside the target, flushed to
disk, and renamed over the target when complete; if anything fails (an error, a
full disk, Ctrl-C) the temporary file is removed and the target stays as it was.
A reader never sees half a file, and a failed run never leaves half a graph.
"""
from __future__ import annotations

import io
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


@contextmanager
def replacing(path: Path | str) -> Iterator[io.BufferedWriter]:
    """A binary file to write path's new content into: a temporary file beside path,
    renamed to path when the block ends, removed if it raises (path stays as it was)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())       # on disk before the rename: a crash leaves the old file or the new one
        # mkstemp makes the file private (0600): keep the mode of the file replaced, else rw-r--r--
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_chunks(path: Path | str, chunks: Iterable[bytes | str]) -> None:
    """Stream chunks (bytes, or str as UTF-8) to a temporary file beside path, then rename it to path."""
    with replacing(path) as f:
        for chunk in chunks:
            f.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)


def atomic_write(path: Path | str, data: bytes | str) -> None:
    """Write data (bytes, or str as UTF-8) to path through a temporary file in the same folder, then rename."""
    write_chunks(path, [data])
