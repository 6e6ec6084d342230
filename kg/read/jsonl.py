"""JSON Lines (.jsonl: one record a line) and .json files (a list of records) -> Articles.

Both are read as a stream: a line at a time, or a list's records one after the other
(``json.JSONDecoder.raw_decode`` over a sliding buffer), so a file of 100,000 records is
never held whole. A record is an object with the fields of ``kg.read.fields``. A line
that is not JSON, a record that is not an object, without text or with a date in an
unknown form is skipped with a warning naming its line; ``--strict`` makes that an error.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from kg.errors import InputError
from kg.read.fields import numbered_lines, open_text, resolve, to_article
from kg.records import Article

CHUNK = 1 << 16         # characters read at a time from a .json list (a longer record reads on)
LIST_HINT = "a .json file holds a list of records, [{\"title\": …, \"date\": …, \"text\": …}, …], or one record a line"


def read(path: Path, name: str, *, fields: dict[str, str], warn) -> Iterator[Article]:
    """The articles of a JSON Lines file, or of a .json file holding a list of records."""
    stream, _ = open_text(path, name, warn)
    with stream:
        first = _first_char(stream)
        if first == "[":
            yield from _list(stream, name, fields, warn)
        else:
            yield from _lines(stream, name, fields, warn)


def _first_char(stream) -> str:
    """The first non-blank character (the stream is left at the start)."""
    start = stream.read(4096)
    stream.seek(0)
    return start.lstrip(" \t\r\n\ufeff")[:1]


def _lines(stream, name: str, fields: dict[str, str], warn) -> Iterator[Article]:
    known: dict[tuple, dict[str, str]] = {}
    for n, line in numbered_lines(stream, name):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            warn(f"{name}:{n}: not a JSON record ({getattr(err, 'msg', err)} at column {getattr(err, 'colno', '?')}); "
                 "skipped (a .jsonl file has one JSON object a line: fix or remove the line)")
            continue
        article = _article(record, name, n, fields, warn, known)
        if article is not None:
            yield article


def _article(record, name, line, fields, warn, known, where: str = "") -> Article | None:
    if not isinstance(record, dict):
        warn(f"{name}:{line}{f' ({where})' if where else ''}: a JSON {type(record).__name__}, not a record; skipped "
             "(each record is an object such as {\"title\": …, \"date\": …, \"text\": …})")
        return None
    shape = tuple(record)
    keys = known.get(shape)
    if keys is None:
        if len(known) > 1000:
            known.clear()
        keys = known[shape] = resolve(shape, fields)
    return to_article(record, name, line, keys, warn, where=where)


def _list(stream, name: str, fields: dict[str, str], warn) -> Iterator[Article]:
    """The records of a top-level JSON list, one at a time, with the line each starts on."""
    decoder = json.JSONDecoder()
    buffer, pos, line, done = "", 0, 1, False
    known: dict[tuple, dict[str, str]] = {}

    def more() -> bool:
        nonlocal buffer, pos, done
        if done:
            return False
        try:
            chunk = stream.read(CHUNK)
        except UnicodeDecodeError as err:
            raise InputError(f"not {err.encoding.upper()} text", path=name, line=line,
                             hint="re-save the file as UTF-8") from err
        if not chunk:
            done = True
            return False
        buffer, pos = buffer[pos:] + chunk, 0
        return True

    def skip_blanks() -> str:
        nonlocal pos, line
        while True:
            while pos < len(buffer) and buffer[pos] in " \t\r\n\ufeff":
                line += buffer[pos] == "\n"
                pos += 1
            if pos < len(buffer) or not more():
                return buffer[pos:pos + 1]

    if skip_blanks() != "[":
        raise InputError("not a JSON list", path=name, line=line, hint=LIST_HINT)
    pos += 1
    count = 0
    while True:
        c = skip_blanks()
        if c == "]":
            return
        if count:
            if c != ",":
                raise InputError(f"expected ',' or ']' after record {count}, found {c or 'the end of the file'!r}",
                                 path=name, line=line, hint="the file is cut off or not valid JSON: " + LIST_HINT)
            pos += 1
            c = skip_blanks()
        if not c:
            raise InputError("the file ends inside the list", path=name, line=line,
                             hint="the file is cut off: complete it or end the list with ']'")
        while True:
            try:
                record, end = decoder.raw_decode(buffer, pos)
                # a number or a word at the buffer's end may go on in the next chunk
                if end < len(buffer) or done or not more():
                    break
            except ValueError as err:
                if more():
                    continue
                raise InputError(f"record {count + 1} is not valid JSON ({getattr(err, 'msg', err)})",
                                 path=name, line=line + buffer.count("\n", pos, getattr(err, "pos", pos)),
                                 hint="fix the JSON there: " + LIST_HINT) from err
        count += 1
        start = line
        line += buffer.count("\n", pos, end)
        pos = end
        article = _article(record, name, start, fields, warn, known, where=f"record {count}")
        if article is not None:
            yield article
