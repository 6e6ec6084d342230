"""The extractor's interface: components, the work they share, and overlap resolution.

As in spaCy's pipelines, extraction is an ordered list of ``Component``s run over
one article. A component is a function of the ``Work`` (the article's ``Doc``, the
resources, and what earlier components assigned) that declares what it reads and
what it assigns. A rule recogniser and a trained one (``kg.extract.crf``) have the
same shape: they ``offer`` typed ``Candidate`` spans under their name. One
component settles the overlaps among all candidates (``resolve``, by a named and
replaceable preference, ``prefer_rules``); later ones refine the kept spans, make
them ``Mention`` records and find the facts between them.

What a component may read, beside what an earlier component assigns:

=========== ==========================================================
doc         the ``Doc``: Simplified text, jieba tokens, sentences
gazetteer   ``res.gaz``, ``res.names`` (name -> divisions), ``res.max_len``
lexicon     ``res.lex`` and the other word lists of ``kg/data``
known       the corpus names found in other articles (name -> type)
=========== ==========================================================

What the built-in components assign: ``home`` (``doc.region``, ``doc.home``…),
a span list under each recogniser's name (``divisions``, ``companies``…),
``candidates`` (every span offered, in component order), ``enumerations``,
``chosen`` (the spans kept), ``mentions`` and ``facts``. ``Extractor`` checks
the order when it is made: nothing is read before it is assigned.

The built-in components and their order are in ``kg.extract.components``.
"""
from __future__ import annotations

import hashlib
import inspect
import pickle
import zlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from kg.errors import UsageError
from kg.extract.doc import Candidate, Doc
from kg.extract.lexicon import DATA
from kg.records import Fact, Mention

if TYPE_CHECKING:
    from kg.extract import Resources

INPUTS = frozenset({"doc", "gazetteer", "lexicon", "known"})
CANDIDATES = "candidates"
IDENTITY_FORMAT = "kg-extractor 1"
EXTRACT_SOURCES = Path(__file__).resolve().parent      # the built-in components' code


@dataclass
class Work:
    """One article's extraction in progress: the inputs, and what components assigned so far."""

    doc: Doc
    res: "Resources"
    known: dict[str, str]
    spans: dict[str, list[Candidate]] = field(default_factory=dict)   # name -> the spans assigned under it
    candidates: list[Candidate] = field(default_factory=list)        # every span offered, in order
    enumerations: list = field(default_factory=list)                 # kg.extract.lists.Enumeration
    chosen: list[Candidate] = field(default_factory=list)            # the spans kept, by position
    mentions: tuple[Mention, ...] = ()                               # ``chosen`` as records
    facts: list[Fact] = field(default_factory=list)
    _offered: list[tuple[str, int]] = field(default_factory=list)    # (name, where its spans begin)

    def offer(self, name: str, spans: list[Candidate]) -> None:
        """Assign spans under name and offer them to overlap resolution (after those offered before)."""
        self.spans[name] = spans
        self._offered.append((name, len(self.candidates)))
        self.candidates.extend(spans)

    def saved(self) -> bytes | None:
        """What the components have assigned so far, to ``restore`` on a new Work of the same
        article (the Doc's fields they set, and this Work's), pickled and compressed; None
        when something assigned does not pickle."""
        raw = self._pickled()
        return None if raw is None else zlib.compress(raw, 1)

    def _pickled(self) -> bytes | None:
        doc_fields = {k: v for k, v in vars(self.doc).items() if k not in Doc.MADE}
        own = {k: v for k, v in vars(self).items() if k not in ("doc", "res", "known")}
        try:
            return pickle.dumps((doc_fields, own), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None

    def saved_since(self, earlier: bytes | None) -> bytes | None:
        """``saved``, compressed with an earlier ``saved`` of this Work as the dictionary (most of
        what is assigned now was assigned then: a few hundred bytes more), to ``restore_since``
        with that one; None when either does not pickle."""
        raw = self._pickled() if earlier is not None else None
        if raw is None:
            return None
        packer = zlib.compressobj(1, zdict=zlib.decompress(earlier))
        return packer.compress(raw) + packer.flush()

    def restore(self, saved: bytes) -> None:
        """Assign again what ``saved`` kept (on a Work whose Doc was made for the same article)."""
        self._assign(zlib.decompress(saved))

    def restore_since(self, earlier: bytes, later: bytes) -> None:
        """Assign again what ``saved_since(earlier)`` kept (``later``)."""
        unpacker = zlib.decompressobj(zdict=zlib.decompress(earlier))
        self._assign(unpacker.decompress(later) + unpacker.flush())

    def _assign(self, raw: bytes) -> None:
        doc_fields, own = pickle.loads(raw)
        vars(self.doc).update(doc_fields)
        vars(self).update(own)

    def offered_before(self, name: str) -> list[Candidate]:
        """The candidates offered before the component ``name`` offered its own (all, if it did not)."""
        for offered, at in self._offered:
            if offered == name:
                return self.candidates[:at]
        return list(self.candidates)


@dataclass(frozen=True)
class Component:
    """One step of extraction: ``run(work)`` reads what ``reads`` names, assigns what ``assigns`` names.

    ``types`` are the mention types it may propose; ``version`` changes when its
    behaviour does (it is part of ``Extractor.identity``, as are the files in
    ``data`` it reads beyond ``kg/data`` and the source of the module defining ``run``).
    """

    name: str
    run: Callable[[Work], None]
    reads: tuple[str, ...] = ("doc",)
    assigns: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    version: str = "1"
    data: tuple[str, ...] = ()

    def __call__(self, work: Work) -> None:
        """Run on one article's work (as spaCy components are called on a Doc)."""
        self.run(work)

    def __post_init__(self):
        if not self.name or any(c.isspace() or c in "@|;" for c in self.name):
            raise UsageError(f"component name {self.name!r}: use a non-empty name without spaces, '@', '|' or ';'")


def component(name: str, *, reads: Iterable[str] = ("doc",), assigns: Iterable[str] = (),
              types: Iterable[str] = (), version: str = "1", data: Iterable[str] = ()) -> Callable:
    """Decorator: a function ``fn(work) -> None`` as a Component that assigns to the work itself."""
    def make(fn: Callable[[Work], None]) -> Component:
        return Component(name, fn, tuple(reads), tuple(assigns), tuple(types), version, tuple(data))
    return make


def recogniser(name: str, *, reads: Iterable[str] = ("doc",), types: Iterable[str],
               version: str = "1", data: Iterable[str] = ()) -> Callable:
    """Decorator: a function ``fn(work) -> list[Candidate]`` as a Component that offers its
    spans under ``name`` (``Work.offer``): it assigns ``name`` and ``candidates``.

    For example, a rule that types every 某某X as a company::

        @recogniser("brands", types=("Company",))
        def brands(work):
            return [Candidate(m.start(), m.end(), "Company", m.group(), rank=Rank.NAMED)
                    for m in re.finditer(r"某某\\w{2}", work.doc.text)]
    """
    def make(fn: Callable[[Work], list[Candidate]]) -> Component:
        def run(work: Work) -> None:
            work.offer(name, fn(work))
        run.__wrapped__ = fn            # the identity reads the source of fn's module
        return Component(name, run, tuple(reads), (name, CANDIDATES), tuple(types), version, tuple(data))
    return make


# --- overlap resolution -------------------------------------------------------

def prefer_rules(c: Candidate) -> tuple:
    """The order ``resolve`` places candidates in, first preference first:

    1. a rule's span before a statistical one (``source="model"``): the CRF's spans
       are kept only where no rule span overlaps them, except those of
       ``Settings.crf_long`` types (``source="model-long"``, ``Rank.MODEL``), which
       compete with the rules' spans as rule spans do, and lose every tie;
    2. the longer span (黄石经济技术开发区 over 黄石);
    3. the higher ``Rank`` (``kg.extract.doc.Rank``): the surer reading of the same span;
    4. the leftmost; then type and name, so that the order never depends on the input's.
    """
    return (c.source == "model", -(c.end - c.start), -c.rank, c.start, c.type, c.name)


def resolve(cands: list[Candidate], key: Callable[[Candidate], tuple] = prefer_rules) -> list[Candidate]:
    """The spans kept: each candidate in the order of ``key`` unless it overlaps one kept
    before it; returned by position (like spaCy's ``filter_spans``, with the preference named)."""
    chosen: list[Candidate] = []
    used = bytearray(max((c.end for c in cands), default=0) + 1)
    for c in sorted(cands, key=key):
        if any(used[c.start:c.end]):
            continue
        used[c.start:c.end] = b"\x01" * (c.end - c.start)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


# --- the extractor ------------------------------------------------------------

class Extractor:
    """An ordered list of components, run over one article at a time.

    Made once per process and settings (``kg.extract.components.extractor``); checks
    that every component reads only the inputs and what an earlier one assigns.
    """

    def __init__(self, components: Sequence[Component]):
        """The extractor running these components in this order (checked: see the class)."""
        self.components = tuple(components)
        assigned = set(INPUTS)
        seen: set[str] = set()
        for c in self.components:
            if not isinstance(c, Component):
                raise UsageError(f"{c!r} is not a kg.extract.Component: make it with @recogniser or Component(...)")
            if c.name in seen:
                raise UsageError(f"two extraction components are named {c.name!r}: give one another name")
            seen.add(c.name)
            missing = [r for r in c.reads if r not in assigned]
            if missing:
                raise UsageError(f"extraction component {c.name!r} reads {', '.join(missing)}, which no "
                                 f"component before it assigns: place it after the one that does")
            assigned.update(c.assigns)
        self._runs = tuple(c.run for c in self.components)
        # the components before the first that reads ``known`` do the same with or without corpus names
        self.resume_at = next((i for i, c in enumerate(self.components) if "known" in c.reads), len(self.components))
        # the components after the last that assigns ``mentions`` (facts, milestones) change no mention:
        # a first pass needs only the mentions (the corpus names), so it may stop before them (``partial``)
        self.defer_at = 1 + max((i for i, c in enumerate(self.components) if "mentions" in c.assigns), default=-1)

    def __call__(self, doc: Doc, res: "Resources", known: dict[str, str] | None = None, *,
                 resume: bytes | None = None, keep: list | None = None, partial: bool = False,
                 resume_late: bytes | None = None) -> Work:
        """Run every component over one article's Doc; the Work they filled.

        With ``keep`` (a list), the Work as it stands before the first component that reads
        ``known`` is appended to it (``Work.saved``); with ``resume``, such a saved Work of the
        same article, only the components from there on run: an article's second pass
        (``kg.corpus``) runs only what the corpus names can change, with the same result.
        A component keeps what it assigns on the Work or its Doc, so this holds for any.
        With ``keep`` and ``partial``, the components from ``defer_at`` on do not run (when
        they come after ``resume_at``): the Work's mentions are final, its facts are not;
        resuming from the kept Work gives the whole result. Such a pass also appends the Work
        as it stands then (``Work.saved_since`` the first): resuming from both (``resume``,
        ``resume_late``) with no corpus names, only the components from ``defer_at`` on run,
        since the ones before would do again what they did (the same result).
        """
        work = Work(doc, res, known or {})
        runs, at = self._runs, self.resume_at
        if resume is not None and resume_late is not None and not work.known:
            work.restore_since(resume, resume_late)
            runs = runs[self.defer_at:]
        elif resume is not None:
            work.restore(resume)
            runs = runs[at:]
        elif keep is not None:
            for run in runs[:at]:
                run(work)
            early = work.saved()
            keep.append(early)
            if partial and self.defer_at > at:
                for run in runs[at:self.defer_at]:
                    run(work)
                keep.append(work.saved_since(early))
                return work
            runs = runs[at:]
        for run in runs:
            run(work)
        return work

    @property
    def can_defer(self) -> bool:
        """Whether a first pass can stop before some components (``partial``) and resume later."""
        return self.resume_at < self.defer_at < len(self.components)

    def __repr__(self) -> str:
        return f"Extractor({', '.join(self.names)})"

    @property
    def names(self) -> tuple[str, ...]:
        """The components' names, in order."""
        return tuple(c.name for c in self.components)

    @property
    def types(self) -> tuple[str, ...]:
        """Every mention type a component may propose, sorted."""
        return tuple(sorted({t for c in self.components for t in c.types}))

    def index(self, name: str) -> int:
        """Where the component ``name`` stands."""
        for i, c in enumerate(self.components):
            if c.name == name:
                return i
        raise UsageError(f"no extraction component is named {name!r} (there are: {', '.join(self.names)})")

    def replaced(self, name: str, new: Component) -> "Extractor":
        """This extractor with the component ``name`` replaced (another overlap policy, say)."""
        i = self.index(name)
        return Extractor(self.components[:i] + (new,) + self.components[i + 1:])

    def inserted(self, new: Component, *, before: str | None = None, after: str | None = None) -> "Extractor":
        """This extractor with one more component, before or after a named one (else last)."""
        if before is not None and after is not None:
            raise UsageError("place a component before one component or after one, not both")
        i = self.index(before) if before is not None else (
            self.index(after) + 1 if after is not None else len(self.components))
        return Extractor(self.components[:i] + (new,) + self.components[i:])

    def without(self, name: str) -> "Extractor":
        """This extractor less the component ``name``."""
        i = self.index(name)
        return Extractor(self.components[:i] + self.components[i + 1:])

    @cached_property
    def identity(self) -> str:
        """What this extractor is, for a cache to key its results on:
        ``kg-extractor 1|home@1|divisions@1|…|code=…|data=…``, the components' names and
        versions in order, a hash of the code that defines them (``kg/extract`` and the
        modules of components defined elsewhere), and one of the data files they read
        (all of ``kg/data``, and each component's ``data``)."""
        sources = {str(p) for p in EXTRACT_SOURCES.glob("*.py")}
        files = {str(p) for p in DATA.glob("*") if p.is_file()}
        for c in self.components:
            source = _source_of(c.run)
            if source:
                sources.add(source)
            files.update(str(Path(f).resolve()) for f in c.data)
        parts = [IDENTITY_FORMAT, *(f"{c.name}@{c.version}" for c in self.components),
                 "code=" + _digest(sorted(sources)), "data=" + _digest(sorted(files))]
        return "|".join(parts)


def _source_of(fn: Callable) -> str:
    """The file of the module that defines fn (unwrapped), or ''."""
    fn = inspect.unwrap(fn)
    try:
        return str(Path(inspect.getsourcefile(fn) or "").resolve()) if inspect.getsourcefile(fn) else ""
    except TypeError:           # a builtin or a callable object without a source file
        return ""


def _digest(paths: list[str]) -> str:
    """A short hash of these files' names (relative to their folder) and bytes."""
    h = hashlib.sha256()
    for p in paths:
        h.update(Path(p).name.encode() + b"\0" + _file_hash(p, *_stamp(p)).encode() + b"\0")
    return h.hexdigest()[:16]


def _stamp(path: str) -> tuple[int, int]:
    try:
        st = Path(path).stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return 0, -1


@lru_cache(maxsize=256)
def _file_hash(path: str, mtime: int, size: int) -> str:
    """A file's content hash ("missing" when it cannot be read), cached while it is unchanged."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"
