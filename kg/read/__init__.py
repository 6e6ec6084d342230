"""Article files of every format -> Article records, one file at a time, as a stream.

One reader per format, chosen by the file's extension (``kg build --format-in`` forces one):

    seed    .txt (and any other ending)  kg.read.seed     the seed's blocks: '-', 【tag】title, body, date
    jsonl   .jsonl .json                 kg.read.jsonl    one record a line, or a .json list of records
    csv     .csv .tsv                    kg.read.table    a header row, one record a row
    html    .html .htm                   kg.read.webpage  a saved news page (trafilatura + htmldate)

A reader is ``read(path, name, *, fields, warn) -> Iterator[Article]``: it yields the
articles of one file as it reads them (a 100,000-line JSON Lines file is never held
whole), passes what it reads past to ``warn`` (one line naming file and line or record,
and what to do), and raises ``InputError`` for what stops the build. Record fields
(title, date, text, url, source, tag) are found by their usual names or as
``--field text=正文`` says (``kg.read.fields``). Readers are imported when first used,
so a build of .txt files never loads the web-page extractor.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from kg.errors import UsageError
from kg.records import Article

Warn = Callable[[str], None]
Reader = Callable[..., Iterator[Article]]


@dataclass(frozen=True)
class Format:
    """One input format: its name, the file endings it is chosen for, and where its reader is."""

    name: str
    extensions: tuple[str, ...]
    module: str
    description: str


FORMATS = (
    Format("seed", (".txt",), "kg.read.seed", "the seed's blocks: '-', 【tag】title, body, YYYY-MM-DD"),
    Format("jsonl", (".jsonl", ".json"), "kg.read.jsonl", "JSON Lines, or a .json list of records"),
    Format("csv", (".csv", ".tsv"), "kg.read.table", "CSV or TSV with a header row"),
    Format("html", (".html", ".htm"), "kg.read.webpage", "saved web pages (main text by trafilatura)"),
)
BY_NAME = {f.name: f for f in FORMATS}
ALIASES = {"txt": "seed", "json": "jsonl", "tsv": "csv", "htm": "html"}
EXTENSIONS = {ext: f for f in FORMATS for ext in f.extensions}
DEFAULT = BY_NAME["seed"]       # a file with another ending is read as the seed's format, as before


def format_names() -> list[str]:
    """The names --format-in accepts (formats and their aliases)."""
    return sorted([*BY_NAME, *ALIASES])


def format_of(path: Path | str, forced: str = "") -> Format:
    """The format of a file: the forced one (a name or alias), else by its ending."""
    if forced:
        name = ALIASES.get(forced.lower(), forced.lower())
        if name not in BY_NAME:
            raise UsageError(f"unknown input format {forced!r} (one of {', '.join(format_names())})")
        return BY_NAME[name]
    return EXTENSIONS.get(Path(path).suffix.lower(), DEFAULT)


def reader(fmt: Format) -> Reader:
    """The read function of a format (its module imported on first use)."""
    return importlib.import_module(fmt.module).read


def read_file(path: Path, name: str, *, forced: str = "", fields: dict[str, str] | None = None,
              warn: Warn) -> Iterator[Article]:
    """The articles of one file, in file order, read by its format's reader."""
    return reader(format_of(path, forced))(path, name, fields=fields or {}, warn=warn)
