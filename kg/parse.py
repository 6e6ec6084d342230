"""Article files -> Article records.

Format (one article per block; see seeds/):

    -
    【tag】title
    body (one or more lines)
    YYYY-MM-DD

Lines after the last block that are not part of an article (a site's footer:
``有想补充的信息?点我投稿``, ``- 联系我们`` …) are skipped with a warning. Bad
blocks raise ``InputError`` naming the file and line.
"""
from __future__ import annotations

import datetime
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.records import Article

TITLE = re.compile(r"^【(?P<tag>[^】]{1,40})】(?P<title>.+)$")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
TAG = re.compile(r"<[^>]{0,200}>")


@dataclass(frozen=True)
class Parsed:
    """Articles read from files, and what was odd about them."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def article_id(title: str, published: str, text: str) -> str:
    """A stable id from the article's content (not its file or position)."""
    digest = hashlib.sha1(f"{title}\n{published}\n{text}".encode("utf-8")).hexdigest()
    return digest[:16]


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> text, with the encoding used ('' when plain UTF-8)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as err:
        if b"\x00" in data[:4096]:
            raise InputError("binary data, not an article file", path=path,
                             hint="pass .txt files in the seed format") from err
        try:
            return data.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            line = data[: err.start].count(b"\n") + 1
            raise InputError("not UTF-8 nor GBK/GB18030 text", path=path, line=line,
                             hint="re-save the file as UTF-8") from err


def clean(line: str) -> str:
    """Strip HTML tags and entities and surrounding blanks from one line."""
    if "<" in line or "&" in line:
        line = html.unescape(TAG.sub("", line))
    return line.strip()


def parse_text(text: str, path: str = "<text>") -> Parsed:
    """Parse the text of one file into articles."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    articles: list[Article] = []
    warnings: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        if lines[i].strip() != "-":
            if lines[i].strip():
                warnings.append(f"{path}:{i + 1}: skipped a line outside any article: {lines[i].strip()[:40]}")
            i += 1
            continue
        start = i + 1            # 0-based index of the title line
        j = start
        while j < n and not lines[j].strip():
            j += 1
        if j >= n:
            raise InputError("a '-' separator with no article after it", path=path, line=i + 1,
                             hint="remove the trailing '-' or add the article")
        m = TITLE.match(clean(lines[j]))
        if not m:
            raise InputError("expected a title line like 【tag】title after '-'", path=path, line=j + 1)
        title_line = j
        body: list[str] = []
        j += 1
        date = None
        while j < n:
            stripped = clean(lines[j])
            if DATE.match(stripped):
                date = stripped
                break
            if lines[j].strip() == "-":
                break
            if stripped:
                body.append(stripped)
            j += 1
        if date is None:
            raise InputError("article has no YYYY-MM-DD date line", path=path, line=title_line + 1,
                             hint="add the publication date after the body")
        try:
            datetime.date.fromisoformat(date)
        except ValueError:
            raise InputError(f"invalid date {date}", path=path, line=j + 1,
                             hint="dates are YYYY-MM-DD and must exist") from None
        if not body:
            raise InputError("article has no body text", path=path, line=title_line + 1)
        title = m.group("title").strip()
        text_body = "\n".join(body)
        articles.append(Article(
            id=article_id(title, date, text_body), title=title, text=text_body,
            published=date, source=m.group("tag").strip(), path=path, line=title_line + 1))
        i = j + 1
    return Parsed(tuple(articles), tuple(warnings))


def input_files(paths: list[str | Path]) -> list[Path]:
    """Expand files and folders (their *.txt files) into a sorted list of files."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(p.glob("*.txt"))
            if not found:
                raise InputError("folder has no *.txt article files", path=str(p))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise InputError("no such file or folder", path=str(p))
    return files


def read_articles(paths: list[str | Path]) -> Parsed:
    """Read every article from files and folders; duplicates are kept once."""
    seen: dict[str, Article] = {}
    warnings: list[str] = []
    for f in input_files(paths):
        try:
            data = f.read_bytes()
        except OSError as err:
            raise InputError(f"cannot read: {err.strerror}", path=str(f)) from err
        if not data.strip():
            raise InputError("empty file", path=str(f))
        text, encoding = decode(data, str(f))
        if encoding:
            warnings.append(f"{f}: read as {encoding}, not UTF-8")
        parsed = parse_text(text, f.name)
        warnings.extend(parsed.warnings)
        for a in parsed.articles:
            if a.id in seen:
                warnings.append(f"{a.path}:{a.line}: same article as {seen[a.id].path}:{seen[a.id].line}, kept once")
                continue
            seen[a.id] = a
    articles = sorted(seen.values(), key=lambda a: (a.published, a.id))
    return Parsed(tuple(articles), tuple(warnings))
