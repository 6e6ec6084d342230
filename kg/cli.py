"""Command line: thin commands that parse options, call the library and print.

Exit codes: 0 ok, 1 input error, 2 usage error, 3 the graph does not conform,
4 a store error, 130 interrupted (Ctrl-C). No traceback reaches the user: an unexpected exception
is one line ``kg: internal error: …`` and exit 1; ``kg --debug`` shows it in full.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from kg import formats as rdf_formats
from kg.errors import KgError, shown
from kg.registry import TYPE_NAMES
from kg.settings import Settings
from kg.vocab import DEFAULT_BASE_IRI

CONTEXT = {"help_option_names": ["-h", "--help"]}


class Group(click.Group):
    """Turns library errors into one line on stderr and their exit code; any other exception too."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"kg: error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; earlier outputs were left as they were", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BrokenPipeError:
            # the reader went away (kg query ... | head): stop quietly, and let the
            # interpreter's last flush of stdout go nowhere
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except OSError as err:
            if ctx.params.get("debug"):
                raise
            where = shown(str(err.filename)) + ": " if err.filename else ""
            click.echo(f"kg: error: {where}{err.strerror or err} ({os_error_hint(err)})", err=True)
            sys.exit(1)
        except Exception as err:
            if ctx.params.get("debug"):
                raise
            text = shown(" ".join(str(err).split()))
            click.echo(f"kg: internal error: {type(err).__name__}: {text[:300]} "
                       "(please report it with the output of `kg --debug ...`)", err=True)
            sys.exit(1)


def os_error_hint(err: OSError) -> str:
    """What to do about an OSError, by its cause: a missing file is not a full disk."""
    import errno

    name = str(err.filename or "")
    if err.errno == errno.ENOENT and name and Path(name).resolve().is_relative_to(Path(__file__).resolve().parent):
        return "a file of kg itself is missing; reinstall kg"
    return {errno.ENOENT: "check the path", errno.ENOTDIR: "check the path",
            errno.EISDIR: "check the path", errno.EACCES: "check its permissions",
            errno.EPERM: "check its permissions", errno.EROFS: "the file system is read-only",
            errno.ENOSPC: "free some disk space", errno.EDQUOT: "the disk quota is full",
            }.get(err.errno, "check the path, its permissions and the free disk space")


def run() -> None:
    """The ``kg`` command: ``main``, then exit without tearing the interpreter down.

    A large build leaves millions of objects that Python would free one by one at
    exit (a third of a second for 10,000 articles) although every file is written
    and closed by then; the exit code is main's.
    """
    try:
        main(prog_name="kg")
        code = 0
    except SystemExit as done:
        if done.code is None or isinstance(done.code, int):
            code = done.code or 0
        else:
            print(done.code, file=sys.stderr)
            code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):
            pass
    os._exit(code)


# what an RDF parser accepts (RFC 3987): a scheme, no spaces, controls or <>"{}|^`\, no stray %
BASE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:(?:[^\x00-\x20\x7f-\x9f<>\"{}|^`\\%#]|%[0-9A-Fa-f]{2})*[/#]")


def check_base_iri(value: str) -> str:
    """--base-iri as given, or a usage error when it is not an absolute IRI ending in / or #."""
    if not BASE_IRI.fullmatch(value):
        raise click.BadParameter(f"{value!r} is not an absolute IRI ending in / or #, "
                                 "e.g. https://example.org/id/")
    return value


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="kg")
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
def main(debug: bool) -> None:
    """Build a knowledge graph of 招商引资 news: companies, districts, projects,
    government bodies and events, linked across articles, as RDF and HTML.

    \b
    Example:
      kg build seeds/ --out output/
    """


def input_options(command):
    """The options that say how to read the input files (kg build, kg explain)."""
    from kg.read import format_names
    command = click.option("-v", "--verbose", is_flag=True,
                           help="Also print each repost decision (merged or kept apart, with its similarity).")(command)
    command = click.option("--repost-threshold", type=click.FloatRange(0, 1, min_open=True),
                           default=Settings().repost_threshold, show_default=True,
                           help="Similarity (Jaccard of 5-character runs) at which a story is a repost.")(command)
    command = click.option("--keep-reposts", is_flag=True,
                           help="Keep near-identical stories (reposts) as separate articles.")(command)
    command = click.option("--field", "fields", multiple=True, metavar="NAME=KEY",
                           help="The record field or column holding NAME (title, date, text, url, source, "
                                "tag) in .jsonl/.json/.csv input, e.g. --field text=正文; repeatable.")(command)
    return click.option("--format-in", default=None, type=click.Choice(format_names(), case_sensitive=False),
                        help="Read every input file in this format (default: by its ending: .txt seed, "
                             ".jsonl/.json, .csv/.tsv, .html/.htm).")(command)


def _input_settings(format_in, fields, keep_reposts, repost_threshold) -> dict:
    from kg.read.fields import parse_field_options
    return {"format_in": (format_in or "").lower(), "fields": tuple(sorted(parse_field_options(fields).items())),
            "keep_reposts": keep_reposts, "repost_threshold": repost_threshold}


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", type=click.Path(file_okay=False), default="output", show_default=True,
              help="Folder for graph.ttl and graph.html.")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, callback=lambda c, p, v: check_base_iri(v),
              help="Namespace of the graph's instance IRIs.")
@click.option("--html-max-nodes", default=3000, show_default=True, help="Most-connected nodes to show in graph.html.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the built graph.")
@click.option("--strict", is_flag=True, help="Treat warnings about the input as errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or warnings on stderr.")
@click.option("--format", "formats", multiple=True, type=click.Choice([f.name for f in rdf_formats.WRITTEN]),
              help="Also write OUT/graph.nt (N-Triples) or OUT/graph.jsonld (JSON-LD); repeatable. "
                   "graph.ttl is always written.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), default=None,
              help="Also load the graph and the ontology into an on-disk store in this folder "
                   "(for kg query --store and kg serve --store).")
@click.option("--timings", is_flag=True, help="Print how long each stage took, on stderr.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core); any number gives the same output.")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False), default=None,
              help="Keep each article's extraction in this folder, so a re-run extracts only new "
                   "or changed articles (the incremental build).")
@input_options
def build(paths, out, base_iri, html_max_nodes, no_validate, strict, quiet, formats=(), store_dir=None,
          workers=None, cache_dir=None, timings=False, format_in="", fields=(), keep_reposts=False,
          repost_threshold=Settings().repost_threshold, verbose=False):
    """Build the graph from article files or folders of them.

    \b
    Reads the seed's .txt format, JSON Lines (.jsonl, or a .json list), CSV/TSV with
    a header row and saved web pages (.html); a reposted story is one article.
    Writes OUT/graph.ttl (Turtle) and OUT/graph.html (offline network view);
    --format adds N-Triples or JSON-LD, --store DIR an on-disk SPARQL store.
    Example:
      kg build seeds/ news.jsonl --field text=正文 --out output/
    """
    from kg.parse import input_files
    from kg.pipeline import build as run_build, write_outputs

    settings = Settings(base_iri=base_iri, html_max_nodes=html_max_nodes,
                        validate=not no_validate, strict=strict, workers=workers, cache=cache_dir or "",
                        **_input_settings(format_in, fields, keep_reposts, repost_threshold))
    files = input_files(list(paths), forced=format_in or "")
    if quiet:
        result = run_build(files, settings, keep_text=False, page=not (formats or store_dir))
    else:
        with click.progressbar(length=0, label="extracting", file=sys.stderr) as bar:
            def step(n: int) -> None:
                bar.length = None
                bar.update(n)
            result = run_build(files, settings, progress=step, keep_text=False, page=not (formats or store_dir))
    try:
        if not quiet:
            for w in result.warnings:      # with --strict, kg.pipeline.build raised on the first
                click.echo(f"kg: warning: {w}", err=True)
        if verbose:
            for note in result.notes:
                click.echo(f"kg: repost: {note}", err=True)
        # the long store load first: Ctrl-C during it leaves graph.ttl and graph.html as they were too
        more = _write_more(result.graph, Path(out), formats, store_dir) if formats or store_dir else []
        written = write_outputs(result, Path(out), settings) + more
    finally:
        if result.page is not None:     # the page being drawn (build(page=True)), if write_outputs did not take it
            result.page.close()
    click.echo(build_summary(result))
    for p in written:
        click.echo(f"wrote {p}")
    if timings:
        click.echo("timings: " + ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items()),
                   err=True)


# the classes as the ontology names them, in the order of graph.html's legend
SUMMARY_TYPES = TYPE_NAMES


def counted(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def build_summary(result) -> str:
    """One line with the counts graph.html shows: entities by class (a DevelopmentZone is
    counted as such, not also as a District), relations between entities (the page's
    edges) and the values (amounts, dates) stated besides."""
    from kg.records import Value

    types: dict[str, int] = {}
    for e in result.linked.entities:
        types[e.type] = types.get(e.type, 0) + 1
    order = [t for t in SUMMARY_TYPES if t in types] + sorted(set(types) - set(SUMMARY_TYPES))
    values = sum(isinstance(r.obj, Value) for r in result.linked.relations)
    between = len(result.linked.relations) - values
    entities = len(result.linked.entities)
    return (f"{counted(len(result.articles), 'article')} -> {entities} {'entity' if entities == 1 else 'entities'} "
            f"({', '.join(f'{types[t]} {t}' for t in order)}), "
            f"{counted(between, 'relation')} between entities, {counted(values, 'value')} (amounts, dates), "
            f"{counted(result.triple_count, 'triple')}")


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("--full-shacl", is_flag=True,
              help="Run pySHACL on the whole graph in memory (slow) instead of the streaming check of the same shapes.")
def validate(graph, full_shacl):
    """Check a graph file against the SHACL shapes in ontology/shapes.ttl.

    \b
    Exit 0 when it conforms, 3 when it does not.
    Example:
      kg validate output/graph.ttl
    """
    from kg.errors import InputError, ValidationError
    from kg.validate import validate_file

    try:
        report, triples = validate_file(graph, engine="pyshacl" if full_shacl else "fast")
    except (ValueError, SyntaxError) as err:
        raise InputError(f"cannot parse: {err}", path=graph) from err
    if not report.conforms:
        raise ValidationError(f"{graph} does not conform:\n  " + "\n  ".join(report.problems))
    click.echo(f"{graph} conforms ({triples} triples)")


@main.command("check-names", context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
def check_names(graph):
    """List entities whose labels look like fragments or descriptions, not names.

    \b
    Flags sentence punctuation, a leading function word (其中…), only generic words
    (重点项目), a bare legal form (有限公司), a leading date, count or amount
    (2021年公司, 投资30亿元). Exit 0 when there are none, 3 when there are.
    Example:
      kg check-names output/graph.ttl
    """
    from kg.errors import InputError, ValidationError
    from kg.namecheck import check_graph
    from kg.validate import load_graph

    try:
        g = load_graph(graph)
    except (ValueError, SyntaxError) as err:
        raise InputError(f"cannot parse: {err}", path=graph) from err
    suspects = check_graph(g)
    for s in suspects:
        click.echo(f"{s.type}\t{s.label}\t{'; '.join(s.reasons)}")
    if suspects:
        raise ValidationError(f"{graph}: {counted(len(suspects), 'suspicious label')}")
    click.echo(f"{graph}: no suspicious labels")


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="HTML file to write (default: GRAPH with .html).")
@click.option("--html-max-nodes", default=3000, show_default=True,
              help="Most-connected nodes to draw; the page names what it left out.")
@click.option("--open", "open_browser", is_flag=True, help="Open the written page in the default web browser.")
def view(graph, out, html_max_nodes, open_browser):
    """Write the offline HTML network view of any graph file that follows the ontology.

    \b
    The page needs no network: search, filters and the details panel work from the file.
    Example:
      kg view output/graph.ttl --out /tmp/graph.html --open
    """
    from kg.errors import InputError
    from kg.export.html import write_html
    from kg.validate import load_graph

    try:
        g = load_graph(graph)
    except (ValueError, SyntaxError) as err:
        raise InputError(f"cannot parse: {err}", path=graph) from err
    target = Path(out) if out else Path(graph).with_suffix(".html")
    write_html(g, target, max_nodes=html_max_nodes)
    click.echo(f"wrote {target}")
    if open_browser:
        import webbrowser

        if not webbrowser.open(target.resolve().as_uri()):
            click.echo(f"kg: no web browser found; open {target} yourself", err=True)


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--article", "selector", default="", help="Article id, FILE:LINE of its title, or a unique title fragment.")
@input_options
def explain(paths, selector, format_in="", fields=(), keep_reposts=False,
            repost_threshold=Settings().repost_threshold, verbose=False):
    """Show why the graph says what it says about one article.

    \b
    Prints the article with every recognised mention marked 【text|Type→entity】,
    the entities it names and each relation with the sentence that states it.
    The whole corpus is read, so names linked across articles show as in the graph.
    Example:
      kg explain seeds/ --article 2021年西塞山区政府工作报告
    """
    from kg.explain import explain as render, find_article
    from kg.parse import input_files
    from kg.pipeline import build as run_build

    result = run_build(input_files(list(paths), forced=format_in or ""),
                       Settings(validate=False, **_input_settings(format_in, fields, keep_reposts, repost_threshold)))
    if verbose:
        for note in result.notes:
            click.echo(f"kg: repost: {note}", err=True)
    article = find_article(result.articles, selector)
    click.echo(render(result, article.id), nl=False)


# --- SPARQL: query, serve, push (kg.store, kg.serve, kg.push) ---

def _write_more(graph, out: Path, formats, store_dir) -> list:
    """The extra graph files and the store that build --format / --store ask for."""
    from kg.export.turtle import write_graph
    from kg.store import build_store

    written = []
    for fmt in dict.fromkeys(rdf_formats.by_name(name) for name in formats):
        if fmt is not rdf_formats.TURTLE:         # graph.ttl is always written
            target = out / f"graph{fmt.extensions[0]}"
            write_graph(graph, target, fmt.name)
            written.append(target)
    if store_dir:
        build_store(graph, store_dir)
        written.append(f"{store_dir} (store)")
    return written


def _open_store(graphs, store_dir, *, writable: bool = False):
    """The store a command reads: graph files loaded into memory, or a store folder."""
    import pyoxigraph

    from kg.errors import StoreError, UsageError
    from kg.store import memory_store, open_store

    if bool(graphs) == bool(store_dir):
        raise UsageError("give the data to use: --graph FILE (repeatable) or --store DIR, not both")
    if graphs:
        return memory_store(graphs)
    if writable:
        try:
            return pyoxigraph.Store(str(store_dir))
        except OSError as err:
            raise StoreError(f"{store_dir}: cannot open the store for writing: {err}") from err
    return open_store(store_dir)


@main.command(context_settings=CONTEXT)
@click.argument("query", required=False)
@click.option("--graph", "graphs", multiple=True, type=click.Path(dir_okay=False),
              help="RDF file to query (.ttl, .nt, .jsonld); repeat for several files.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Store folder from kg build --store.")
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", *(r.name for r in rdf_formats.RESULT_FORMATS),
                                 *(f.name for f in rdf_formats.WRITTEN)]),
              help="table for people, or a SPARQL 1.1 results format; turtle, nt or jsonld for CONSTRUCT.")
@click.option("--list", "list_examples", is_flag=True, help="List the example queries shipped with kg.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Give the query's ?NAME this value (a number, a date or text), e.g. --param months=6; repeatable.")
@click.option("--timeout", type=click.FloatRange(min=0), default=0, show_default=True,
              help="Stop the query after this many seconds (exit 4); 0 for no limit.")
def query(query, graphs, store_dir, fmt, list_examples, params=(), timeout=0):
    """Run a SPARQL query on graph files or a store and print the results.

    \b
    QUERY is SPARQL text, a .rq file, or the name of an example (kg query --list).
    The ontology is loaded beside the data, so rdfs:subClassOf and the labels of
    classes and properties can be queried; kg:, rdfs:, schema:, skos:, prov:, xsd:
    and the other usual prefixes need no PREFIX line. --param NAME=VALUE gives
    ?NAME a value (kg query signed-not-started --param months=18 …).
    Example:
      kg query top-investors --graph output/graph.ttl
    """
    from kg.errors import UsageError
    import io

    from kg.store import QueryLimits, examples, parse_params, resolve_query, result_kind, run_bounded, write_results

    if list_examples:
        shipped = examples()
        width = max(len(e.name) for e in shipped)
        for e in shipped:
            click.echo(f"{e.name:<{width}}  {e.description}")
        return
    if not query:
        raise UsageError("give a QUERY (SPARQL text, a .rq file or an example name; kg query --list shows them)")
    sparql, label = resolve_query(query)
    store = _open_store(graphs, store_dir)

    def render(results):                # in a worker process that --timeout (or Ctrl-C) can stop
        info = {"rows": None, "kind": result_kind(results)}
        try:
            stream = sys.stdout.buffer
            stream.fileno()
        except (AttributeError, io.UnsupportedOperation):       # not a file (a test's runner): bring bytes back
            buffer = io.BytesIO()
            info["rows"] = write_results(results, buffer, fmt)
            return buffer.getvalue(), info
        try:                            # a file or a pipe: the worker writes to it as the rows come
            info["rows"] = write_results(results, stream, fmt)
            stream.flush()
        except BrokenPipeError:
            info["broken_pipe"] = True
        return b"", info

    sys.stdout.flush()
    answer = run_bounded(store, sparql, render, limits=QueryLimits(timeout=timeout), label=label,
                         params=parse_params(params))
    if answer.info.get("broken_pipe"):
        raise BrokenPipeError("the reader of the output went away")
    out = sys.stdout.buffer
    out.write(answer.body)
    out.flush()
    rows = answer.info["rows"]
    if fmt == "table" and rows is not None:
        noun = "triple" if answer.info["kind"] == "graph" else "row"
        click.echo(f"({rows} {noun}{'s' if rows != 1 else ''})", err=True)


@main.command(context_settings=CONTEXT)
@click.option("--graph", "graphs", multiple=True, type=click.Path(dir_okay=False),
              help="RDF file to serve (.ttl, .nt, .jsonld); repeat for several files.")
@click.option("--store", "store_dir", type=click.Path(file_okay=False), help="Store folder from kg build --store.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--update", "allow_update", is_flag=True,
              help="Accept SPARQL Update (read-only otherwise); with --store, changes are saved.")
@click.option("--timeout", type=click.FloatRange(min=0), default=10.0, show_default=True,
              help="Stop a query after this many seconds and answer 503; 0 for no limit.")
@click.option("--max-rows", type=click.IntRange(min=0), default=10000, show_default=True,
              help="Rows (or triples) in one answer; a cut answer says so in a Warning header. 0 for no limit.")
@click.option("--max-queries", type=click.IntRange(min=1), default=None,
              help="Queries run at once; others wait for a free slot (default: two per core).")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST[:PORT]",
              help="Let SERVICE (federated query) call this host; repeatable. Off by default.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests on stderr.")
def serve(graphs, store_dir, host, port, allow_update, quiet, timeout=10.0, max_rows=10000, max_queries=None,
          allow_service=()):
    """Serve graph files or a store as a SPARQL 1.1 Protocol endpoint, with a query page.

    \b
    GET or POST queries to http://HOST:PORT/sparql; results in JSON, XML, CSV or TSV
    (SELECT, ASK) or Turtle, N-Triples, JSON-LD (CONSTRUCT) by the Accept header.
    The page at http://HOST:PORT/ runs queries and has the examples. Ctrl-C stops.
    By default: read-only, on 127.0.0.1, no SERVICE calls, 10 s and 10,000 rows a query.
    Example:
      kg serve --graph output/graph.ttl --port 7878
    """
    from kg.serve import make_server, stderr_log

    store = _open_store(graphs, store_dir, writable=allow_update)
    try:
        server = make_server(store, host, port, allow_update=allow_update, log=None if quiet else stderr_log,
                             timeout=timeout, max_rows=max_rows, max_queries=max_queries,
                             allow_service=tuple(allow_service))
    except OSError as err:
        from kg.errors import UsageError
        raise UsageError(f"cannot listen on {host}:{port}: {err.strerror or err} (choose another --port)") from err
    click.echo(f"SPARQL endpoint {server.url} ({'read-write' if allow_update else 'read-only'}); "
               f"query page {server.url.removesuffix('sparql')}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("kg: stopped", err=True)
    finally:
        server.server_close()


@main.command(context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--store", "url", required=True, metavar="URL",
              help="Graph Store Protocol endpoint, e.g. http://localhost:3030/ds/data (Fuseki), "
                   "http://localhost:8890/sparql-graph-crud-auth (Virtuoso).")
@click.option("--graph", "graph_iri", required=True, metavar="IRI", help="The named graph to replace or add to.")
@click.option("--replace/--append", default=True, show_default=True,
              help="Replace the graph's content (PUT), or add to it (POST).")
@click.option("--user", default=None, help="Login name (HTTP digest or basic, as the store asks).")
@click.option("--password", default=None, envvar="KG_STORE_PASSWORD", show_envvar=True,
              help="Password; asked for on the terminal when --user is given without it.")
@click.option("--password-file", type=click.Path(dir_okay=False), default=None,
              help="Read the password from the first line of this file (for scripts without a terminal).")
@click.option("--auth", type=click.Choice(["auto", "digest", "basic"]), default="auto", show_default=True,
              help="Authentication scheme; auto follows the store's challenge.")
@click.option("--chunk-size", default=50000, show_default=True, type=click.IntRange(1),
              help="Triples per request.")
@click.option("--timeout", default=300.0, show_default=True, help="Seconds to wait for each request.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar on stderr.")
def push(file, url, graph_iri, replace, user, password, auth, chunk_size, timeout, quiet, password_file=None):
    """Upload a graph file to a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

    \b
    Works with Fuseki, Virtuoso, GraphDB, Oxigraph server and any store that speaks
    the protocol. Large files go in chunks; the password is never printed. Without a
    terminal, give the password with --password-file or KG_STORE_PASSWORD.
    Example:
      kg push output/graph.ttl --store http://localhost:8890/sparql-graph-crud-auth --graph https://w3id.org/zskg/graph --user dba
    """
    from kg.errors import UsageError
    from kg.push import push_file, read_password_file

    if password_file is not None:
        if password is not None:
            raise UsageError("give the password once: --password-file, --password or KG_STORE_PASSWORD")
        password = read_password_file(password_file)
    if user is not None and password is None:
        if not sys.stdin.isatty():
            raise UsageError(f"no password for {user} and no terminal to ask on: give --password-file FILE "
                             "or set KG_STORE_PASSWORD")
        password = click.prompt(f"password for {user}", hide_input=True, err=True)
    if quiet:
        result = push_file(file, url=url, graph=graph_iri, user=user, password=password, replace=replace,
                           auth=auth, chunk_triples=chunk_size, timeout=timeout)
    else:
        with click.progressbar(length=0, label="pushing", file=sys.stderr) as bar:
            def step(n: int) -> None:
                bar.length = None
                bar.update(n)
            result = push_file(file, url=url, graph=graph_iri, user=user, password=password, replace=replace,
                               auth=auth, chunk_triples=chunk_size, timeout=timeout, progress=step)
    click.echo(f"{'replaced' if result.replaced else 'added to'} <{result.graph}> at {result.endpoint}: "
               f"{result.triples} triples in {result.requests} request{'s' if result.requests != 1 else ''}")


if __name__ == "__main__":
    main()
