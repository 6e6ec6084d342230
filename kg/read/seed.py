"""The seed's format (.txt): '-', 【tag】title, the body, a YYYY-MM-DD date line (see kg.parse).

Seed files are small (one site's articles), so a file is decoded whole and parsed by
``kg.parse.parse_text``, which reports every odd case with its line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from kg.errors import InputError, shown
from kg.parse import ARTICLE_FORMAT, decode, parse_text
from kg.read.fields import file_bytes
from kg.records import Article


def read(path: Path, name: str, *, fields: dict[str, str], warn) -> Iterator[Article]:
    """The articles of one seed-format file (``fields`` does not apply to it)."""
    data = file_bytes(path)
    text, encoding = decode(data, str(path)) if data.strip() else ("", "")
    if not text.strip(" \t\n\r\ufeff\u3000"):
        raise InputError("empty file", path=str(path), hint="remove it or add articles to it")
    if encoding:
        warn(f"{shown(str(path))}: read as {encoding}, not UTF-8 (re-save it as UTF-8)")
    try:
        parsed = parse_text(text, name)
    except InputError as err:
        if not encoding:
            raise
        raise InputError(err.message, path=err.path, line=err.line,
                         hint=f"{err.hint + '; ' if err.hint else ''}the file was read as {encoding}: "
                              "if that is not its encoding, re-save it as UTF-8") from err
    for w in parsed.warnings:
        warn(w)
    if not parsed.articles:
        warn(f"{shown(str(path))}: no articles in this file ({ARTICLE_FORMAT})")
    yield from parsed.articles
