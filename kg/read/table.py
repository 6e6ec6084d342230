"""CSV and TSV files with a header row -> Articles, one row at a time.

The header names the fields (``kg.read.fields``: title, date, text, url, source, tag, by
their usual names or ``--field text=正文``). .tsv files are tab-separated; a .csv file's
separator (comma, semicolon, tab or '|') is found from its first lines. A header without
a text or a date column is an error naming it and its columns; a bad row is skipped with
a warning naming its line.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Iterator

from kg.errors import InputError, shown
from kg.parse import MAX_ARTICLE_CHARS
from kg.read.fields import REQUIRED, open_text, resolve, to_article
from kg.records import Article

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))     # a body longer than 128 KiB is one field too


def read(path: Path, name: str, *, fields: dict[str, str], warn) -> Iterator[Article]:
    """The articles of a CSV or TSV file, a row at a time, each with the line its row starts on."""
    stream, _ = open_text(path, name, warn)
    with stream:
        if path.suffix.lower() == ".tsv":
            delimiter = "\t"
        else:
            sample = stream.read(16384)
            stream.seek(0)
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = ","
        rows = csv.reader(stream, delimiter=delimiter)
        try:
            header = next(rows, None)
            while header is not None and not any(h.strip() for h in header):
                header = next(rows, None)
        except (csv.Error, UnicodeDecodeError) as err:
            raise InputError(f"cannot read the header row: {err}", path=name, line=rows.line_num or 1,
                             hint="save the table as UTF-8 CSV with a header row") from err
        if header is None:
            raise InputError("empty file", path=name, hint="remove it or add articles to it")
        header = [h.strip().lstrip("\ufeff") for h in header]
        header_line = rows.line_num
        keys = resolve(header, fields)
        for field in REQUIRED:
            if field not in keys:
                wanted = f" {fields[field]!r}" if field in fields else ""
                raise InputError(f"no {field}{wanted} column in the header (columns: "
                                 f"{', '.join(shown(h) for h in header[:12]) or 'none'})", path=name, line=header_line,
                                 hint=f"name the {field} column with --field {field}=COLUMN")
        columns = {field: header.index(key) for field, key in keys.items()}
        last = header_line
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as err:
                raise InputError(f"cannot read the row: {err}", path=name, line=last + 1,
                                 hint="the table is damaged there: re-save it as UTF-8 CSV") from err
            start, last = last + 1, rows.line_num
            if not any(cell.strip() for cell in row):
                continue
            if sum(map(len, row)) > 4 * MAX_ARTICLE_CHARS:
                warn(f"{name}:{start}: row of {sum(map(len, row)):,} characters; skipped (split the article)")
                continue
            record = {keys[f]: row[i] for f, i in columns.items() if i < len(row)}
            article = to_article(record, name, start, keys, warn)
            if article is not None:
                yield article
