"""Extraction cache for incremental builds: what each article yielded, kept on disk.

``kg build --cache DIR`` keeps one SQLite file, ``DIR/extractions.sqlite``, so a
re-run extracts only the articles it has not seen (a new article, a corrected
one). It is a store of values by key, for one extractor: it knows nothing of what
the values are. Its caller (``kg.corpus``) makes each key of the article's
content and tag (``article_key``) and of the other inputs the value depends on
(``entry_key``: for instance the corpus names an extraction was given), and keeps
a few values of the whole corpus beside them (``get_meta``).

Every entry belongs to one identity of the extractor, a string given when the
cache is opened: by default ``code_version``, a hash of ``kg/data/*``,
``kg/extract/*.py``, ``kg/link.py``, ``kg/records.py`` and the versions of jieba,
OpenCC and Python, and the CRF model in use with the types it may add (``KG_CRF=0``
or another ``KG_CRF_MODEL`` is another version). Opening the cache with another
identity empties it, so a changed rule or word list never serves stale results.
Values are pickles: the cache is a private file of this program, not an
exchange format; never point --cache at a folder others write to.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from kg.collector import gc_paused
from kg.errors import InputError
from kg.records import Article

FORMAT = "kg-extraction-cache 2"
FILENAME = "extractions.sqlite"
PACKAGE = Path(__file__).resolve().parent
TABLE = "entries"


def _version_of(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def code_version(package: Path = PACKAGE) -> str:
    """A hash of everything per-article extraction depends on: rules, data, libraries, the CRF model."""
    from kg.extract.crf import model_identity
    from kg.settings import Settings
    settings = Settings()
    crf = f"{model_identity(settings.crf_model)}:{','.join(settings.crf_types)}:{','.join(settings.crf_long)}:{settings.crf_min_confidence}"
    return hashlib.sha256(f"{_files_version(package)}\0{crf}".encode()).hexdigest()[:24]


def extractor_identity(settings=None) -> str:
    """The identity a build's cache keys on: ``code_version`` (data, extraction code, linking,
    records, libraries) and the extractor's own identity (its components in order, their
    versions, and the code and data of components registered from outside kg/)."""
    from kg.extract.components import extractor
    parts = f"{code_version()}\0{extractor(settings).identity}"
    return hashlib.sha256(parts.encode()).hexdigest()[:24]


@lru_cache(maxsize=4)
def _files_version(package: Path) -> str:
    h = hashlib.sha256(FORMAT.encode())
    files = sorted([*(package / "data").glob("*"), *(package / "extract").glob("*.py"),
                    package / "link.py", package / "records.py"])
    for f in files:
        if f.is_file():
            h.update(f.relative_to(package).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for part in (_version_of("jieba"), _version_of("opencc-python-reimplemented"),
                 f"{sys.version_info.major}.{sys.version_info.minor}"):
        h.update(part.encode() + b"\0")
    return h.hexdigest()[:24]


def article_key(article: Article) -> str:
    """The key of an article's results: everything extraction reads of it."""
    parts = (article.id, article.source, article.published, article.title, article.text)
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:24]


def entry_key(key: str, inputs: str = "") -> str:
    """The key of a value that depends on an article (its ``article_key``) and on other
    inputs, written as one string (empty: on the article alone)."""
    if not inputs:
        return key
    return key + ":" + hashlib.sha1(inputs.encode("utf-8")).hexdigest()[:16]


class ExtractionCache:
    """Values by key in DIR/extractions.sqlite, for one identity of the extractor."""

    def __init__(self, folder: Path | str, identity: str | None = None):
        """Open (or create) the cache in folder; entries of another identity
        (by default ``code_version()``) are dropped."""
        self.folder = Path(folder)
        self.identity = identity or code_version()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.folder / FILENAME)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB)")
            self._db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, value BLOB)")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != self.identity:
                self.clear()
        except (OSError, sqlite3.Error) as err:
            raise InputError(f"cannot use the extraction cache: {err}", path=str(self.folder),
                             hint="pass another --cache folder, or delete this one") from err
        self.hits = self.misses = 0

    def clear(self) -> None:
        """Drop every entry (and the tables of an older layout) and stamp the cache with this identity."""
        with self._db:
            tables = [name for name, in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            for name in tables:
                if name not in ("meta", TABLE):
                    self._db.execute(f'DROP TABLE "{name}"')
            self._db.execute(f"DELETE FROM {TABLE}")
            self._db.execute("DELETE FROM meta")
            self._db.execute("INSERT INTO meta VALUES ('version', ?)", (self.identity,))

    def get(self, keys: list[str], *, raw: bool = False, counted: bool = True) -> dict[str, object]:
        """The stored values of those keys that are stored (counted as hits and misses,
        unless not ``counted``); with ``raw``, as the pickles they are stored as."""
        wanted = list(dict.fromkeys(keys))
        with gc_paused():       # unpickling makes ~70 objects an article and no cycles
            out = {key: bytes(value) if raw else pickle.loads(value)
                   for key, value in self._select("key, value", wanted)}
        if counted:
            self.hits += len(out)
            self.misses += len(wanted) - len(out)
        return out

    def has(self, keys: list[str]) -> set[str]:
        """Those of the keys that are stored, without reading them (the others count as misses)."""
        wanted = list(dict.fromkeys(keys))
        out = {key for key, in self._select("key", wanted)}
        self.misses += len(wanted) - len(out)
        return out

    def _select(self, columns: str, keys: list[str]):
        """The rows with those keys (asked 500 at a time, SQLite's limit on parameters)."""
        for k in range(0, len(keys), 500):
            part = keys[k:k + 500]
            marks = ",".join("?" * len(part))
            yield from self._db.execute(f"SELECT {columns} FROM {TABLE} WHERE key IN ({marks})", part)

    def put(self, items: dict[str, object], *, raw: bool = False) -> None:
        """Store values by key (replacing older ones); with ``raw``, values already pickled."""
        if not items:
            return
        rows = [(k, v if raw else pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL)) for k, v in items.items()]
        with self._db:
            self._db.executemany(f"INSERT OR REPLACE INTO {TABLE} VALUES (?, ?)", rows)

    def get_meta(self, key: str, default=None):
        """A value stored with put_meta, or default."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else default

    def put_meta(self, key: str, value) -> None:
        """Store one value under key (not 'version')."""
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                             (key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def __enter__(self) -> "ExtractionCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# --- jieba's dictionary, read faster ----------------------------------------------

JIEBA_FORMAT = "kg-jieba-dictionary 1"


def load_jieba_dictionary(tokenizer) -> None:
    """Fill a jieba Tokenizer with its default dictionary (``FREQ``, ``total``) from a pickle
    in the user's cache folder (``$XDG_CACHE_HOME/kg`` or ``~/.cache/kg``): the same dict,
    in the same order, as jieba's own ``initialize``, read in about 0.35 s instead of its
    marshal cache's 0.9 s (a build's serial start). The first run, a tokenizer with another
    dictionary or one already initialised are left to jieba (``initialize``), and the
    first run writes the pickle, keyed on jieba's version and its dictionary file
    (size and modification time). A folder that cannot be written is no error."""
    import jieba

    if tokenizer.initialized:
        return
    source = Path(jieba.__file__).resolve().parent / jieba.DEFAULT_DICT_NAME
    if tokenizer.dictionary != jieba.DEFAULT_DICT or not source.is_file():
        tokenizer.initialize()
        return
    stat = source.stat()
    h = hashlib.sha256(f"{JIEBA_FORMAT}\0{_version_of('jieba')}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    disk = _cache_folder() / f"jieba-{h.hexdigest()[:20]}.pickle"
    with tokenizer.lock:
        if tokenizer.initialized:
            return
        try:
            with open(disk, "rb") as f, gc_paused():
                freq, total = pickle.load(f)
            if type(freq) is dict and type(total) is int:
                tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
                return
        except (OSError, pickle.PickleError, EOFError, ValueError, TypeError):
            pass
        tokenizer.initialize()
        try:
            from kg.atomic import replacing
            with replacing(disk) as f:
                pickle.dump((tokenizer.FREQ, tokenizer.total), f, protocol=pickle.HIGHEST_PROTOCOL)
        except OSError:
            pass


def _cache_folder() -> Path:
    """Where kg keeps files it can make again ($XDG_CACHE_HOME/kg, else ~/.cache/kg)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kg"
