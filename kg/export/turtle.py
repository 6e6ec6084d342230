"""rdflib.Graph -> Turtle / N-Triples file, written atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import Graph


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """The graph as bytes in a deterministic form (sorted N-Triples, rdflib's Turtle)."""
    if fmt == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines()
        return b"\n".join(sorted(set(l for l in lines if l.strip()))) + b"\n"
    return graph.serialize(format="turtle", encoding="utf-8")


def write_graph(graph: Graph, path: Path, fmt: str = "turtle") -> None:
    """Serialise and write atomically."""
    atomic_write(path, serialize(graph, fmt))
