"""The one exception hierarchy of kg.

KgError                  anything the user can fix; cli.py prints it as one line
├── InputError           an article file cannot be read or parsed (names file and line)
├── ValidationError      the built graph does not conform to the SHACL shapes
└── UsageError           options that do not fit together

The library raises these; only ``kg.cli`` prints them and picks the exit code.
"""
from __future__ import annotations


class KgError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    exit_code = 1


class InputError(KgError):
    """An input file is unreadable or malformed."""

    exit_code = 1

    def __init__(self, message: str, *, path: str = "", line: int = 0, hint: str = ""):
        self.path, self.line, self.hint = path, line, hint
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}" + (f" ({hint})" if hint else ""))


class ValidationError(KgError):
    """The graph does not conform to the shapes in ontology/shapes.ttl."""

    exit_code = 3


class UsageError(KgError):
    """The command line asks for something inconsistent."""

    exit_code = 2
