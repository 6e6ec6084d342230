"""The one exception hierarchy of kg.

KgError                  anything the user can fix; cli.py prints it as one line
├── InputError           an article file cannot be read or parsed (names file and line)
├── ValidationError      the built graph does not conform to the SHACL shapes
├── UsageError           options that do not fit together
└── StoreError           a triple store cannot be opened or written, or an endpoint refused (exit 4)
    └── QueryTimeout     a query ran longer than its --timeout and was stopped

The library raises these; only ``kg.cli`` prints them and picks the exit code:
0 ok, 1 input error, 2 usage error, 3 the graph does not conform, 4 a store
error, 130 interrupted (Ctrl-C). Any other exception is a bug: the CLI prints ``kg: internal error: …``
in one line and exits 1 (``kg --debug`` shows the traceback).
"""
from __future__ import annotations


def shown(text: str) -> str:
    """Text safe to print on one line: control characters, line breaks and undecodable bytes escaped."""
    if text.isprintable():
        return text
    return "".join(_escape(c) for c in text)


def _escape(c: str) -> str:
    if c.isprintable() or c == " ":
        return c
    if "\udc80" <= c <= "\udcff":       # a byte that was not UTF-8 in a file name (os.fsdecode)
        return f"\\x{ord(c) - 0xdc00:02x}"
    return c.encode("unicode_escape").decode("ascii")


class KgError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = 1


class InputError(KgError):
    """An input file is unreadable or malformed: ``path:line: message (hint)``."""

    exit_code = 1

    def __init__(self, message: str, *, path: str = "", line: int = 0, hint: str = ""):
        self.message, self.path, self.line, self.hint = message, path, line, hint
        path = shown(str(path))
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}" + (f" ({hint})" if hint else ""))


class ValidationError(KgError):
    """The graph does not conform to the shapes in ontology/shapes.ttl."""

    exit_code = 3


class UsageError(KgError):
    """The command line asks for something inconsistent."""

    exit_code = 2


class StoreError(KgError):
    """A store folder cannot be opened or written, or a remote store refused a request."""

    exit_code = 4


class QueryTimeout(StoreError):
    """A query ran longer than its time limit (``--timeout``) and was stopped."""
