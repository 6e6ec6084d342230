"""Article files -> Article records: the seed's format, and the loader of every format.

``read_articles`` reads files and folders of any format through ``kg.read`` (JSON
Lines, CSV/TSV, saved web pages: see that package); the rest of this module is the
seed's format: (one article per block; see seeds/):

    -
    【tag】title
    body (one or more lines)
    YYYY-MM-DD

What is odd but can be read safely is read, with a warning in ``Parsed.warnings``
(``kg build --strict`` makes warnings errors); what cannot be read raises
``InputError`` naming the file and line and what to do. Every case:

    UTF-8 with BOM, CRLF or CR line ends      read as they are, silently
    HTML tags and entities                    tags stripped, entities unescaped, warning
    GBK/GB18030, UTF-16/UTF-32                read, warning "read as GB18030, not UTF-8"
    control characters, lone surrogates       removed, one warning per file
    lines outside any article (a footer)      skipped, warning
    an article without its '-' line           read, warning
    a 【tag】title line inside a body          kept as body text, warning
    an article in several files or twice      kept once, warning
    an article over MAX_ARTICLE_CHARS         skipped, warning
    a file without any article                warning (no article in any file: error)
    missing path, unreadable, empty, binary   error
    other encodings                           error at the first bad byte's line
    no 【tag】title, no body, no or bad date  error at the article's line

Text is cleaned line by line before anything looks at it (``clean``), so
Article.title / text never hold markup, control characters, U+2028/U+2029 or
surrogates, and everything downstream (offsets, Turtle, HTML) sees the same text.
"""
from __future__ import annotations

import datetime
import hashlib
import html
import re
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError, shown
from kg.records import Article, Copy

# Longer than this is not an article but a dump whose line breaks were lost or a
# whole site on one line: skipped with a warning, so it cannot hold a build up for
# long (extraction time grows with length). The seed's longest article has 15,000.
MAX_ARTICLE_CHARS = 100_000

TITLE = re.compile(r"^【(?P<tag>[^】]{1,40})】(?P<title>.+)$")
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# what a date written another way looks like: 2024/5/1, 2024年5月1日, 2024-05-01 10:30
LOOSE_DATE = re.compile(r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?$")
MARKUP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->|</?[A-Za-z][^<>]{0,500}>|<![^<>]{0,500}>",
                    re.I | re.S)
# line and paragraph separators, tabs, form feeds: a space; other control characters,
# surrogates and non-characters: removed (and counted, for a warning)
SPACE_LIKE = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
REMOVED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
INVISIBLE = re.compile("[\u200b\ufeff]")
HTML_SPACES = re.compile("[\xa0\u2002-\u200a\u202f]")      # what &nbsp; and its kin unescape to     # left by concatenated files and web pages: dropped silently
# any character _clean would change (one scan of a line that needs no cleaning: nearly all)
UNUSUAL = re.compile("[<&" + SPACE_LIKE.pattern[1:-1] + REMOVED.pattern[1:-1] + INVISIBLE.pattern[1:-1] + "]")
BOMS = ((b"\xef\xbb\xbf", "utf-8", ""), (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
        (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"), (b"\xff\xfe", "utf-16-le", "UTF-16"),
        (b"\xfe\xff", "utf-16-be", "UTF-16"))
SAMPLE = 4096
CONTROL_TEXT = re.compile("[\x00-\x08\x0e-\x1f]")
RECORD_FORMAT = "a record needs a text and a date, a web page its main text and date (see 'What kg reads' in README.md)"
ARTICLE_FORMAT = "an article is a '-' line, a 【tag】title line, the body and a YYYY-MM-DD date line, as in seeds/"


@dataclass(frozen=True)
class Parsed:
    """Articles read from files, and what was odd about them."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def article_id(title: str, published: str, text: str) -> str:
    """A stable id from the article's content (not its file or position)."""
    digest = hashlib.sha1(f"{title}\n{published}\n{text}".encode("utf-8")).hexdigest()
    return digest[:16]


# --- bytes -> text ---

def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> text, with the encoding used ('' when UTF-8); InputError for binary data or other encodings."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError as err:
                raise InputError(f"not valid {name or 'UTF-8'} text although it starts with a {name or 'UTF-8'} "
                                 "byte-order mark", path=path, line=_line_of_byte(data, len(bom) + err.start),
                                 hint="re-save the file as UTF-8") from err
    codec = _utf16_without_bom(data)
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" not in text:
            return text, "UTF-16"
    if _looks_binary(data[:SAMPLE]):
        raise InputError("binary data, not an article file", path=path,
                         hint="pass .txt files in the seed format")
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as err:
        try:
            return data.decode("gb18030"), "GB18030"
        except UnicodeDecodeError:
            raise InputError("not UTF-8 nor GBK/GB18030 text", path=path, line=_line_of_byte(data, err.start),
                             hint="re-save the file as UTF-8") from err


def _line_of_byte(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(data: bytes) -> str:
    """'utf-16-le' / 'utf-16-be' when zero bytes (of ASCII characters) decode to text with line ends, else ''."""
    sample = data[:SAMPLE]
    if len(data) % 2 or sample.count(0) < max(2, len(sample) // 200):     # not a stray zero byte or two
        return ""
    sides = ("utf-16-le", "utf-16-be") if sample[1::2].count(0) >= sample[0::2].count(0) else ("utf-16-be", "utf-16-le")
    for codec in sides:
        text = sample.decode(codec, "replace")
        if "\n" in text and not CONTROL_TEXT.search(text):
            return codec
    return ""


def _looks_binary(sample: bytes) -> bool:
    """True when more than 1 in 20 bytes are control bytes (text has only tabs and line ends, or a stray one)."""
    controls = sum(sample.count(bytes([b])) for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27))
    return controls * 20 > len(sample)


# --- text -> articles ---

def clean(line: str) -> str:
    """One line as text: HTML stripped and unescaped, control characters removed, blanks trimmed."""
    return _clean(line)[0]


def _clean(line: str) -> tuple[str, int, bool]:
    """clean(line), how many control characters it removed, and whether it held HTML markup."""
    if not UNUSUAL.search(line):
        return line.strip(), 0, False
    removed = 0
    if INVISIBLE.search(line):
        line = INVISIBLE.sub("", line)
    if REMOVED.search(line):
        line, removed = REMOVED.subn("", line)
    markup = False
    if "<" in line or "&" in line:
        before = line
        line = html.unescape(MARKUP.sub("", line))
        if "<" in line:                 # escaped markup (&lt;br&gt;) is markup too, not text
            line = MARKUP.sub("", line)
        markup = line != before
        if markup and HTML_SPACES.search(line):     # &nbsp; &ensp; &emsp; &thinsp;: a plain space
            line = HTML_SPACES.sub(" ", line)
        if REMOVED.search(line) or INVISIBLE.search(line):      # from entities such as &#x85; &#xFEFF;
            line, n = REMOVED.subn("", INVISIBLE.sub("", line))
            removed += n
    if SPACE_LIKE.search(line):
        line = SPACE_LIKE.sub(" ", line)
    return line.strip(), removed, markup


class _Reader:
    """The lines of one file, cleaned once each, with the warnings found so far."""

    def __init__(self, text: str, path: str):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.path = path
        self.warnings: list[str] = []
        self._clean: dict[int, str] = {}
        self.removed, self.first_removed = 0, 0
        self.markup, self.first_markup = 0, 0      # lines that held HTML tags or entities
        self._stop = (0, 0)

    def __len__(self) -> int:
        return len(self.lines)

    def too_long(self, i: int) -> bool:
        """True for a line longer than a whole article may be (it is never cleaned)."""
        return len(self.lines[i]) > MAX_ARTICLE_CHARS

    def __getitem__(self, i: int) -> str:
        """Line i (0-based), cleaned; '' for an over-long line."""
        if i not in self._clean:
            if self.too_long(i):
                return ""
            text, removed, markup = _clean(self.lines[i])
            if removed:
                self.removed += removed
                self.first_removed = self.first_removed or i + 1
            if markup:
                self.markup += 1
                self.first_markup = self.first_markup or i + 1
            self._clean[i] = text
        return self._clean[i]

    def next_stop(self, i: int) -> int:
        """The first '-' or date line after line i (len(self) when none).

        The last answer is kept: no stop lies between a line and its stop, so a
        later question from inside that range has the same answer, and looking
        ahead from every line of a file stays linear.
        """
        if self._stop[0] <= i < self._stop[1]:
            return self._stop[1]
        j = i + 1
        while j < len(self.lines) and not (self[j] == "-" or DATE.match(self[j])):
            j += 1
        self._stop = (i, j)
        return j

    def warn(self, i: int, message: str) -> None:
        self.warnings.append(f"{shown(self.path)}:{i + 1}: {message}")

    def error(self, i: int, message: str, hint: str = "") -> InputError:
        return InputError(message, path=self.path, line=i + 1, hint=hint)


def parse_text(text: str, path: str = "<text>") -> Parsed:
    """Parse the text of one file into articles (warnings and errors name ``path`` and a line)."""
    r = _Reader(text, path)
    articles: list[Article] = []
    i = 0
    while i < len(r):
        line = r[i]
        if line == "-":
            t = i + 1
            while t < len(r) and not r[t] and not r.too_long(t):
                t += 1
            if t >= len(r):
                raise r.error(i, "a '-' separator with no article after it",
                              "remove the trailing '-' or add the article")
            article, i = _read_article(r, t)
        elif _title(line) and _complete_article_at(r, i):
            r.warn(i, "no '-' line before this article; read it as a new article (add a line with only '-' before it)")
            article, i = _read_article(r, i)
        else:
            if r.too_long(i):
                r.warn(i, f"skipped a line of {len(r.lines[i]):,} characters outside any article: "
                          f"{clean(r.lines[i][:200])[:40]}")
            elif line:
                r.warn(i, f"skipped a line outside any article: {line[:40]}")
            i += 1
            continue
        if article is not None:
            articles.append(article)
    if r.markup:
        r.warn(r.first_markup - 1, f"removed HTML markup (tags, entities such as &nbsp;) from {r.markup} line(s), "
                                   "the first on this line; offsets count the text without it")
    if r.removed:
        r.warn(r.first_removed - 1, f"removed {r.removed} control character(s) from the text, "
                                    "the first on this line (the file may be damaged)")
    return Parsed(tuple(articles), tuple(r.warnings))


def _title(line: str) -> re.Match | None:
    """The 【tag】title match of a line, when neither tag nor title is blank."""
    m = TITLE.match(line)
    return m if m and m.group("tag").strip() and m.group("title").strip() else None


def _complete_article_at(r: _Reader, t: int) -> bool:
    """True when a title at line t is followed by a body, then a valid date line before any '-'."""
    stop = r.next_stop(t)
    if stop >= len(r) or r[stop] == "-" or not _valid_date(r[stop]):
        return False
    first = next((j for j in range(t + 1, stop) if r[j] or r.too_long(j)), None)
    return first is not None and not _title(r[first])


def _valid_date(text: str) -> bool:
    """True for a YYYY-MM-DD that is a real day."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _read_article(r: _Reader, t: int) -> tuple[Article | None, int]:
    """The article whose title is line t, and the index of the line after its date.

    None instead of the article when it is longer than MAX_ARTICLE_CHARS (warned).
    """
    title_line = r[t]
    m = _title(title_line)
    if not m and not r.too_long(t):
        raise r.error(t, "expected a title line like 【tag】title after '-'",
                      "start the title line with the source's tag in 【】, e.g. 【黄石招商】")
    size = len(r.lines[t])
    longest = t if r.too_long(t) else -1
    body: list[str] = []
    last = t                    # the last line with body text
    j = t + 1
    date = None
    while j < len(r):
        if r.too_long(j):
            size += len(r.lines[j])
            longest = j if longest < 0 or len(r.lines[j]) > len(r.lines[longest]) else longest
            last = j
            j += 1
            continue
        line = r[j]
        if line == "-":
            break
        if DATE.match(line):
            date = line
            break
        if line:
            if _title(line):
                r.warn(j, f"a 【tag】title line inside the article at line {t + 1}; kept as body text (if a new "
                          "article starts here, end the one before with its date and put a '-' line before it)")
            size += len(line)
            if size <= MAX_ARTICLE_CHARS:
                body.append(line)
            last = j
        j += 1
    if date is None:
        if body and last > t and LOOSE_DATE.match(r[last]):
            raise r.error(last, f"the date {r[last]} is not written YYYY-MM-DD",
                          "write the publication date as YYYY-MM-DD, e.g. 2024-05-01")
        if j >= len(r):
            raise r.error(t, "article has no YYYY-MM-DD date line: the file ends inside it",
                          "if the file was cut off, complete the article or remove it")
        raise r.error(t, f"article has no YYYY-MM-DD date line before the '-' at line {j + 1}",
                      "add the publication date after the body")
    if not _valid_date(date):
        raise r.error(j, f"invalid date {date}", "dates are YYYY-MM-DD and must exist")
    if size > MAX_ARTICLE_CHARS:
        where = f"; line {longest + 1} alone has {len(r.lines[longest]):,}" if longest >= 0 else ""
        r.warn(t, f"article of {size:,} characters is longer than the limit of {MAX_ARTICLE_CHARS:,}{where}; "
                  "skipped (split it into shorter articles, one paragraph per line)")
        return None, j + 1
    if not body:
        raise r.error(t, "article has no body text", "the body goes between the title line and the date line")
    title = m.group("title").strip()
    text_body = "\n".join(body)
    return Article(id=article_id(title, date, text_body), title=title, text=text_body, published=date,
                   source=m.group("tag").strip(), path=r.path, line=t + 1), j + 1


# --- files ---

def input_files(paths: list[str | Path], *, forced: str = "") -> list[Path]:
    """Expand files and folders into a sorted list without repeats.

    A folder gives its article files (kg.read: *.txt, *.jsonl, *.json, *.csv, *.tsv,
    *.html, *.htm; with ``forced``, the endings of that format), hidden ones left out.
    """
    from kg.read import EXTENSIONS, format_of
    endings = format_of("", forced).extensions if forced else tuple(EXTENSIONS)
    files: dict[Path, Path] = {}
    for p in map(Path, paths):
        if p.is_dir():
            try:
                found = [f for f in p.iterdir()
                         if f.suffix.lower() in endings and not f.name.startswith(".") and f.is_file()]
            except OSError as err:
                raise InputError(f"cannot read the folder: {err.strerror}", path=str(p)) from err
            if not found:
                listed = ", ".join(f"*{e}" for e in endings)
                raise InputError(f"folder has no {listed} article files", path=str(p),
                                 hint="pass a folder of article files, or the files themselves")
        elif p.is_file():
            found = [p]
        elif p.exists():
            raise InputError("not a regular file or folder", path=str(p), hint="pass .txt files or folders of them")
        else:
            raise InputError("no such file or folder", path=str(p))
        for f in found:
            files.setdefault(f.resolve(), f)
    return sorted(files.values(), key=str)


def read_articles(paths: list[str | Path], *, forced: str = "", fields: dict[str, str] | None = None) -> Parsed:
    """Read every article from files and folders of any format (``kg.read``); an article
    found twice is kept once, with the place of each copy that has a URL of its own.

    ``forced`` reads every file in that format (``kg build --format-in``), ``fields``
    names record fields (``--field text=正文``). The result does not depend on the order
    of ``paths``: files are read in sorted order and articles sorted by date and id.
    """
    from kg.read import format_of, read_file
    seen: dict[str, Article] = {}
    warnings: list[str] = []
    files = input_files(paths, forced=forced)
    for f in files:
        for a in read_file(f, shown(f.name), forced=forced, fields=fields, warn=warnings.append):
            first = seen.get(a.id)
            if first is None:
                seen[a.id] = a
                continue
            where = f"{a.path}:{a.line}" if a.line else a.path
            was = f"{first.path}:{first.line}" if first.line else first.path
            warnings.append(f"{where}: same article as {was}, kept once")
            if a.url and a.url != first.url and all(c.url != a.url for c in first.copies):
                seen[a.id] = dataclasses.replace(first, copies=first.copies + (copy_of(a),))
    if not seen:
        where = str(files[0]) if len(files) == 1 else ""
        first_warning = f"; first warning: {warnings[0]}" if warnings else ""
        seed_only = all(format_of(f, forced).name == "seed" for f in files)
        raise InputError("no articles found" + ("" if where else f" in {len(files)} files"), path=where,
                         hint=(ARTICLE_FORMAT if seed_only else RECORD_FORMAT) + first_warning)
    articles = sorted(seen.values(), key=lambda a: (a.published, a.id))
    return Parsed(tuple(articles), tuple(warnings))


def copy_of(a: Article) -> Copy:
    """Where an article was read, as a Copy of the article it repeats."""
    return Copy(id=a.id, title=a.title, published=a.published, source=a.source, url=a.url,
                publisher=a.publisher, path=a.path, line=a.line)
