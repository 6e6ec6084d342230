"""Saved news pages (.html, .htm) -> one Article each: title, date and main text.

The main text is found by trafilatura (with htmldate for the publication date), which
leaves navigation, "相关阅读" lists, footers and comment boxes out; it works offline on
the saved file and never fetches anything. The page's canonical URL (``<link
rel="canonical">``, ``og:url``) is the article's URL, its site name (or the URL's host)
its publisher. A page without main text, or without a publication date, is skipped
with a warning naming the file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from kg.errors import InputError, shown
from kg.parse import MAX_ARTICLE_CHARS
from kg.read.fields import URL, body_lines, clean, file_bytes, host_of, make_article, parse_date
from kg.records import Article

MAX_PAGE_BYTES = 20 * MAX_ARTICLE_CHARS * 4      # a page this large is not one article's page


def extract(data: bytes) -> dict:
    """title, date (YYYY-MM-DD or ''), text, url, sitename of a page, by trafilatura and htmldate."""
    import logging

    import trafilatura
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)     # its own notes are not the user's business
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    doc = trafilatura.bare_extraction(
        data, with_metadata=True, include_comments=False, include_tables=True, include_links=False,
        favor_precision=True, deduplicate=False,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d"})
    if doc is None:
        return {}
    found = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {k: found.get(k) or "" for k in ("title", "date", "text", "url", "sitename", "hostname")}


def read(path: Path, name: str, *, fields: dict[str, str], warn) -> Iterator[Article]:
    """The article of one saved web page (none, with a warning, when it has no main text or date)."""
    data = file_bytes(path)
    if not data.strip():
        raise InputError("empty file", path=str(path), hint="remove it or add articles to it")
    if len(data) > MAX_PAGE_BYTES:
        warn(f"{shown(str(path))}: page of {len(data):,} bytes is too large to be one article's page; skipped")
        return
    page = extract(data)
    lines = body_lines(page.get("text", ""))
    if not lines:
        warn(f"{shown(str(path))}: no main text found in this page; skipped (save the article's own page, "
             "not an index page or one that loads its text with JavaScript)")
        return
    published = parse_date(page.get("date", ""))
    if published is None:
        warn(f"{shown(str(path))}: no publication date found in this page; skipped (save a page that shows "
             "its date, or convert it to a .jsonl record with a date field)")
        return
    if sum(map(len, lines)) > MAX_ARTICLE_CHARS:
        warn(f"{shown(str(path))}: main text longer than {MAX_ARTICLE_CHARS:,} characters; skipped")
        return
    title = clean(page.get("title", "")) or lines[0][:60]
    url = page.get("url", "")
    url = url if URL.match(url) else ""
    site = clean(page.get("sitename", ""))
    yield make_article(title, "\n".join(lines), published, tag=site, url=url,
                       publisher=site or host_of(url) or clean(page.get("hostname", "")), path=name, line=0)
