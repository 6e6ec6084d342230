"""Upload a graph file to a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

``PUT URL?graph=IRI`` replaces the named graph, ``POST URL?graph=IRI`` adds to it.
The file is read with Oxigraph's parsers (Turtle, N-Triples, JSON-LD…, by
extension) and sent in chunks of N-Triples labelled ``text/turtle`` (N-Triples is
Turtle, and every store reads Turtle): when replacing, the first chunk with PUT and
the others with POST. A file with blank nodes goes in one request, because a blank
node label names the same node only within one document.

Endpoints, for example: Fuseki ``http://host:3030/DATASET/data``, Virtuoso
``http://host:8890/sparql-graph-crud-auth``, GraphDB
``http://host:7200/repositories/REPO/rdf-graphs/service``, Oxigraph server
``http://host:7878/store``.

Logins use HTTP digest or basic authentication, as the server's challenge asks
(``auth="auto"``), or the one forced. The password never appears in a message:
user info is taken out of the URL and the password is masked in whatever the server
says back.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit, unquote

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg import formats
from kg.errors import InputError, StoreError, UsageError

CHUNK_TRIPLES = 50_000
# N-Triples chunks, labelled as Turtle, which every store reads (N-Triples is Turtle)
CONTENT_TYPE = f"{formats.TURTLE.media_type}; charset=utf-8"
MESSAGE_CHARS = 400


@dataclass(frozen=True)
class PushResult:
    """What a push sent: triples, requests, the graph IRI, the endpoint (without user info)."""

    triples: int
    requests: int
    graph: str
    endpoint: str
    replaced: bool


def read_password_file(path: Path | str) -> str:
    """The password in the first line of a file (its line end dropped), for kg push --password-file."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as f:
            first = f.readline()
    except FileNotFoundError as err:
        raise UsageError(f"--password-file {path}: no such file") from err
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"--password-file {path}: cannot read it ({getattr(err, 'strerror', None) or err})") from err
    password = first.rstrip("\r\n")
    if not password:
        raise UsageError(f"--password-file {path}: the first line is empty (put the password on it)")
    return password


def push_file(path: Path | str, *, url: str, graph: str, user: str | None = None, password: str | None = None,
              replace: bool = True, auth: str = "auto", chunk_triples: int = CHUNK_TRIPLES, timeout: float = 300.0,
              progress: Callable[[int], None] | None = None) -> PushResult:
    """Upload the RDF file at path into the named graph at a Graph Store Protocol endpoint."""
    path = Path(path)
    endpoint, url_user, url_password = split_credentials(url)
    user = user if user is not None else url_user
    password = password if password is not None else url_password
    if auth not in ("auto", "digest", "basic"):
        raise UsageError(f"unknown authentication {auth!r}; use auto, digest or basic")
    if chunk_triples < 1:
        raise UsageError("--chunk-size must be at least 1")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+", graph):
        raise UsageError(f"--graph {graph!r} is not an absolute IRI, e.g. https://example.org/graph")
    total, has_blank_nodes = count_triples(path)
    size = max(total, 1) if has_blank_nodes else chunk_triples
    client = _Client(endpoint, graph, user, password, auth, timeout)
    sent = requests_made = 0
    with client:
        for number, (body, n) in enumerate(chunks(path, size)):
            method = "PUT" if replace and number == 0 else "POST"
            client.send(method, body, where=f"request {number + 1} ({sent + 1}–{sent + n} of {total} triples)",
                        done=sent)
            sent += n
            requests_made += 1
            if progress:
                progress(n)
        if requests_made == 0 and replace:          # an empty file empties the graph
            client.send("PUT", b"", where="request 1 (an empty graph)", done=0)
            requests_made = 1
    return PushResult(sent, requests_made, graph, endpoint, replace)


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL without user info, and the user and password it carried."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--store must be an http:// or https:// URL of a Graph Store endpoint, not {redact(url)!r}")
    if parts.username is None and parts.password is None:
        return url, None, None
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, unquote(parts.username or ""), unquote(parts.password) if parts.password is not None else None


def redact(url: str) -> str:
    """The URL with any user info replaced by ***."""
    return re.sub(r"(?<=://)[^/@]*@", "***@", url)


def count_triples(path: Path) -> tuple[int, bool]:
    """How many triples the file has, and whether any has a blank node (first pass, nothing kept)."""
    total, blank = 0, False
    for quad in _parse(path):
        total += 1
        if not blank and (isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)):
            blank = True
    return total, blank


def chunks(path: Path, size: int) -> Iterator[tuple[bytes, int]]:
    """The file's triples as N-Triples documents of at most size triples each."""
    batch = []
    for quad in _parse(path):
        batch.append(quad.triple)
        if len(batch) >= size:
            yield ox.serialize(batch, format=formats.NTRIPLES.oxigraph), len(batch)
            batch = []
    if batch:
        yield ox.serialize(batch, format=formats.NTRIPLES.oxigraph), len(batch)


def _parse(path: Path) -> Iterator[ox.Quad]:
    fmt = formats.for_path(path)
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    try:
        yield from ox.parse(path=str(path), format=fmt.oxigraph, base_iri=path.resolve().as_uri(),
                            without_named_graphs=True)
    except SyntaxError as err:
        raise InputError(f"not valid {fmt.label}: {err}", path=str(path)) from err
    except OSError as err:
        raise InputError(f"cannot read: {err}", path=str(path)) from err


class _Client:
    """One HTTP session to the endpoint, with the login the server asks for."""

    def __init__(self, endpoint: str, graph: str, user: str | None, password: str | None, auth: str,
                 timeout: float):
        self.endpoint, self.graph, self.user, self.password = endpoint, graph, user, password
        self.timeout = timeout
        self.session = requests.Session()
        self.session.trust_env = False          # no proxies or .netrc logins from the environment
        self.auth: AuthBase | None = None
        if user is not None and auth == "basic":
            self.auth = HTTPBasicAuth(user, password or "")
        elif user is not None and auth == "digest":
            self.auth = HTTPDigestAuth(user, password or "")

    def __enter__(self) -> "_Client":
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()

    def send(self, method: str, body: bytes, *, where: str, done: int) -> None:
        """Send one document; StoreError with the status and the server's message when refused."""
        response = self._request(method, body)
        if response.status_code == 401 and self.auth is None and self.user is not None:
            challenge = response.headers.get("WWW-Authenticate", "")
            self.auth = (HTTPDigestAuth if "digest" in challenge.lower() else HTTPBasicAuth)(
                self.user, self.password or "")
            response = self._request(method, body)
        if 200 <= response.status_code < 300:
            return
        status = f"HTTP {response.status_code} {response.reason or ''}".strip()
        message = self._message(response)
        partial = (f"; the graph may now hold only the first {done} triples, run the push again"
                   if done else "")
        if response.status_code == 401:
            who = f"the login of user {self.user!r}" if self.user is not None else "a request without login"
            hint = "check --user and --password" if self.user is not None else "give --user and --password"
            raise StoreError(f"{self.endpoint} refused {who} ({status}{': ' + message if message else ''}); "
                             f"{hint}{partial}")
        raise StoreError(f"{self.endpoint} refused {where} for graph <{self.graph}> "
                         f"({status}{': ' + message if message else ''}){partial}")

    def _request(self, method: str, body: bytes) -> requests.Response:
        try:
            return self.session.request(method, self.endpoint, params={"graph": self.graph}, data=body,
                                        headers={"Content-Type": CONTENT_TYPE}, auth=self.auth,
                                        timeout=self.timeout)
        except requests.Timeout:
            raise StoreError(f"{self.endpoint}: no answer within {self.timeout:g} s (raise --timeout?)") from None
        except requests.RequestException as err:
            found = re.search(r"\[Errno -?\d+\] ([^'\")\]]+)", str(err))
            reason = found.group(1).strip() if found else type(err).__name__
            raise StoreError(f"{self.endpoint}: cannot reach the store: {self._mask(reason)}") from None

    def _message(self, response: requests.Response) -> str:
        """The server's explanation, as one short line of text."""
        text = response.text or ""
        if "<" in text and ">" in text:
            text = re.sub(r"(?is)<head.*?</head>|<script.*?</script>|<style.*?</style>", " ", text)
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
        text = " ".join(text.split())
        if len(text) > MESSAGE_CHARS:
            text = text[: MESSAGE_CHARS - 1] + "…"
        return self._mask(text)

    def _mask(self, text: str) -> str:
        if self.password:
            text = text.replace(self.password, "***")
        return text
