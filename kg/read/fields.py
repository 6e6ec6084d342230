"""What the record formats (JSON Lines, CSV, web pages) share: field names, dates, text.

A record is a mapping of field names to values. Its title, date, text, url, source
and tag are found under their usual names (``ALIASES``, case and spaces ignored),
or under the names ``kg build --field text=正文`` gives. ``to_article`` makes the
Article of one record, or warns and returns None for a record that cannot be one.
"""
from __future__ import annotations

import codecs
import datetime
import email.utils
import io
import re
from pathlib import Path
from typing import IO, Iterator, Mapping
from urllib.parse import urlsplit

from kg.errors import InputError, UsageError, shown
from kg.parse import BOMS, MAX_ARTICLE_CHARS, SAMPLE, _looks_binary, article_id, clean
from kg.records import Article

FIELDS = ("title", "date", "text", "url", "source", "tag")
# the names crawlers, news APIs and spreadsheets use for each field, most usual first
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "标题", "题目", "新闻标题"),
    "date": ("date", "published", "pub_date", "pubdate", "publish_date", "published_at", "publishedat",
             "publish_time", "pub_time", "time", "datetime", "date_published", "created_at",
             "日期", "发布日期", "发布时间", "时间"),
    "text": ("text", "content", "body", "article", "maintext", "main_text", "正文", "内容", "全文", "新闻内容"),
    "url": ("url", "link", "href", "source_url", "链接", "网址", "原文链接"),
    "source": ("source", "site", "sitename", "site_name", "publisher", "media", "来源", "媒体", "网站", "发布单位"),
    "tag": ("tag", "column", "category", "channel", "section", "栏目", "频道", "标签"),
}
REQUIRED = ("date", "text")
CHINA = datetime.timezone(datetime.timedelta(hours=8))     # a bare timestamp is read as China time
TAGGED_TITLE = re.compile(r"^【(?P<tag>[^】]{1,40})】(?P<title>.+)$")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^\s<>\"{}|\\^`]+$")
BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|tr|section|article)\s*>", re.I)
YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:(?:\s+|T|\s*[,，]\s*)\d{1,2}[:：]\d{2}.*)?$")
COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4}|\d{6})?$")     # 20240501, 202405011030, 20240501103000
STAMP = re.compile(r"^\d{9,10}(?:\.\d+)?$|^\d{13}$")                   # Unix seconds, or milliseconds
WORDY = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%b. %d, %Y")
DATE_HINT = "write it as YYYY-MM-DD, e.g. 2024-05-01"


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "_", name.strip().lower())


def parse_field_options(options: Mapping[str, str] | tuple | list) -> dict[str, str]:
    """--field NAME=KEY options -> {field: key}; UsageError for an unknown field."""
    pairs = options.items() if isinstance(options, Mapping) else (
        o.split("=", 1) if isinstance(o, str) else o for o in options)
    out = {}
    for pair in pairs:
        if len(pair) != 2 or not pair[1].strip():
            raise UsageError(f"--field takes NAME=KEY, e.g. --field text=正文 (got {'='.join(pair)!r})")
        field, key = pair[0].strip().lower(), pair[1].strip()
        if field not in FIELDS:
            raise UsageError(f"--field {field}={key}: {field!r} is not a field (one of {', '.join(FIELDS)})")
        out[field] = key
    return out


def resolve(keys, fields: Mapping[str, str]) -> dict[str, str]:
    """{field: the record's key for it}, from --field options, else the usual names."""
    by_key = {}
    for k in keys:
        by_key.setdefault(_key(str(k)), k)
    out = {}
    for field in FIELDS:
        if field in fields:
            if fields[field] in keys:
                out[field] = fields[field]
            elif _key(fields[field]) in by_key:
                out[field] = by_key[_key(fields[field])]
            continue
        found = next((by_key[a] for a in map(_key, ALIASES[field]) if a in by_key), None)
        if found is not None:
            out[field] = found
    return out


def missing_hint(field: str, keys) -> str:
    """What to pass when a record has no field for ``field``."""
    listed = ", ".join(shown(str(k)) for k in list(keys)[:12]) or "none"
    return f"its fields are: {listed}; name the {field} field with --field {field}=NAME"


# --- values ---

def parse_date(value) -> str | None:
    """Any common way of writing a publication date -> YYYY-MM-DD, or None.

    2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日, with or without a time and zone
    (the day as written, not moved to another zone), 20240501, RFC 2822 (Wed, 01 May
    2024 10:00:00 +0800), 'May 1, 2024', and Unix timestamps in seconds or
    milliseconds (read in China time, UTC+8).
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
    else:
        text = str(value).strip()
    if not text:
        return None
    day = None
    m = YMD.match(text) or (None if STAMP.match(text) else COMPACT.match(text))
    if m:
        day = _day(*m.groups())
    elif STAMP.match(text):
        seconds = float(text) / (1000 if len(text) == 13 else 1)
        try:
            return datetime.datetime.fromtimestamp(seconds, CHINA).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    else:
        try:
            day = email.utils.parsedate_to_datetime(text).date().isoformat()
        except (TypeError, ValueError, IndexError):
            for fmt in WORDY:
                try:
                    day = datetime.datetime.strptime(text, fmt).date().isoformat()
                    break
                except ValueError:
                    continue
    return day


def _day(y: str, m: str, d: str) -> str | None:
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def text_of(value) -> str:
    """A field's value as text: lists joined by lines, {name: …} objects by their name."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(text_of(v) for v in value)
    if isinstance(value, dict):
        for k in ("name", "title", "text", "value"):
            if k in value:
                return text_of(value[k])
        return ""
    return str(value)


def body_lines(text: str) -> list[str]:
    """A body that may be HTML or plain text -> its non-blank lines, each cleaned (kg.parse.clean)."""
    if "<" in text:
        text = BLOCK_END.sub("\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return [line for line in map(clean, text.split("\n")) if line]


def host_of(url: str) -> str:
    """The site of a URL: its host without 'www.'."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


# --- one record -> one Article ---

def to_article(record: Mapping, name: str, line: int, keys: dict[str, str], warn, *,
               where: str = "") -> Article | None:
    """The Article of one record (its fields found by ``resolve``), or None after a warning."""
    at = f"{name}:{line}" + (f" ({where})" if where else "") + ": "
    if "text" not in keys:
        warn(f"{at}record without a text field; skipped ({missing_hint('text', record.keys())})")
        return None
    lines = body_lines(text_of(record.get(keys["text"])))
    if not lines:
        warn(f"{at}record with an empty {keys['text']!r} field; skipped (every record needs the article's text)")
        return None
    size = sum(map(len, lines))
    if size > MAX_ARTICLE_CHARS:
        warn(f"{at}article of {size:,} characters is longer than the limit of {MAX_ARTICLE_CHARS:,}; "
             "skipped (split it into shorter articles)")
        return None
    if "date" not in keys:
        warn(f"{at}record without a date field; skipped ({missing_hint('date', record.keys())})")
        return None
    raw_date = record.get(keys["date"])
    published = parse_date(raw_date)
    if published is None:
        shown_date = shown(text_of(raw_date))[:40] or "(empty)"
        warn(f"{at}unknown date form {shown_date!r} in field {keys['date']!r}; skipped ({DATE_HINT}, "
             "or name another field with --field date=NAME)")
        return None
    title = clean(text_of(record.get(keys["title"]))) if "title" in keys else ""
    tag = clean(text_of(record.get(keys["tag"]))) if "tag" in keys else ""
    m = TAGGED_TITLE.match(title)
    if m and m.group("title").strip():
        title, tag = m.group("title").strip(), tag or m.group("tag").strip()
    if not title:       # many exports have no title: the body's first line stands for it
        title = lines[0][:60]
        if len(lines) > 1 and title == lines[0]:
            lines = lines[1:]
    url = clean(text_of(record.get(keys["url"]))) if "url" in keys else ""
    if url and not URL.match(url):
        warn(f"{at}{shown(url)[:60]!r} in field {keys['url']!r} is not an absolute URL; left out "
             "(write it as https://…, or name another field with --field url=NAME)")
        url = ""
    source = clean(text_of(record.get(keys["source"]))) if "source" in keys else ""
    return make_article(title, "\n".join(lines), published, tag=tag or source, url=url,
                        publisher=source or host_of(url), path=name, line=line)


def make_article(title: str, text: str, published: str, *, tag: str, url: str, publisher: str,
                 path: str, line: int) -> Article:
    """An Article with its content id (the same story from any format gets the same id)."""
    return Article(id=article_id(title, published, text), title=title, text=text, published=published,
                   source=tag, path=path, line=line, url=url, publisher=publisher)


# --- files as text streams ---

def file_bytes(path: Path) -> bytes:
    """A whole file's bytes, or an InputError that names it and says what to check."""
    try:
        return path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path),
                         hint="check that the file exists and is readable") from err


def open_text(path: Path, name: str, warn) -> tuple[IO[str], str]:
    """A file as a stream of text (newline='' for csv), and the encoding it was read in.

    UTF-8 (with or without BOM), UTF-16/32 with a BOM, else GB18030 when the start of
    the file is not UTF-8 but is GB18030 (warned); binary data and empty files are errors.
    """
    try:
        raw = open(path, "rb")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path),
                         hint="check that the file exists and is readable") from err
    try:
        sample = raw.read(SAMPLE * 4)
    except OSError as err:
        raw.close()
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    raw.seek(0)
    if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
        raw.close()
        raise InputError("empty file", path=str(path), hint="remove it or add articles to it")
    encoding, shown_as = "utf-8", ""
    for bom, codec, label in BOMS:
        if sample.startswith(bom):
            encoding, shown_as = ("utf-8-sig", "") if codec == "utf-8" else (codec, label)
            raw.seek(len(bom))
            break
    else:
        if _looks_binary(sample[:SAMPLE]):
            raw.close()
            raise InputError("binary data, not an article file", path=str(path),
                             hint="pass .txt, .jsonl, .json, .csv, .tsv, .html or .htm files")
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        except UnicodeDecodeError:
            try:
                codecs.getincrementaldecoder("gb18030")().decode(sample, final=False)
                encoding, shown_as = "gb18030", "GB18030"
            except UnicodeDecodeError:
                pass
    if shown_as:
        warn(f"{name}: read as {shown_as}, not UTF-8 (re-save it as UTF-8)")
    return io.TextIOWrapper(raw, encoding=encoding, newline=""), encoding


def numbered_lines(stream: IO[str], name: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its line end), decoding errors named by line."""
    n = 0
    try:
        for n, line in enumerate(stream, 1):
            yield n, line.rstrip("\r\n")
    except UnicodeDecodeError as err:
        raise InputError(f"not {err.encoding.upper()} text", path=name, line=n + 1,
                         hint="re-save the file as UTF-8") from err
