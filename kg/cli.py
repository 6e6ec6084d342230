"""Command line: thin commands that parse options, call the library and print.

Exit codes: 0 ok, 1 input error, 2 usage error, 3 the graph does not conform.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.settings import Settings
from kg.vocab import DEFAULT_BASE_IRI

CONTEXT = {"help_option_names": ["-h", "--help"]}


class Group(click.Group):
    """Turns library errors into one line on stderr and their exit code."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KgError as err:
            click.echo(f"kg: error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; earlier outputs were left as they were", err=True)
            sys.exit(130)


@click.group(cls=Group, context_settings=CONTEXT)
@click.version_option(package_name="kg")
def main() -> None:
    """Build a knowledge graph of 招商引资 news: companies, districts, projects,
    government bodies and events, linked across articles, as RDF and HTML.

    \b
    Example:
      kg build seeds/ --out output/
    """


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--out", "out", type=click.Path(file_okay=False), default="output", show_default=True,
              help="Folder for graph.ttl and graph.html.")
@click.option("--base-iri", default=DEFAULT_BASE_IRI, show_default=True, help="Namespace of the graph's instance IRIs.")
@click.option("--html-max-nodes", default=3000, show_default=True, help="Most-connected nodes to show in graph.html.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL check of the built graph.")
@click.option("--strict", is_flag=True, help="Treat warnings about the input as errors.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or warnings on stderr.")
def build(paths, out, base_iri, html_max_nodes, no_validate, strict, quiet):
    """Build the graph from article files or folders of *.txt files.

    \b
    Writes OUT/graph.ttl (Turtle) and OUT/graph.html (offline network view).
    Example:
      kg build seeds/ --out output/
    """
    from kg.errors import InputError
    from kg.parse import input_files
    from kg.pipeline import build as run_build, write_outputs

    settings = Settings(base_iri=base_iri, html_max_nodes=html_max_nodes,
                        validate=not no_validate, strict=strict)
    files = input_files(list(paths))
    if quiet:
        result = run_build(files, settings)
    else:
        with click.progressbar(length=0, label="extracting", file=sys.stderr) as bar:
            def step(n: int) -> None:
                bar.length = None
                bar.update(n)
            result = run_build(files, settings, progress=step)
    if result.warnings:
        if strict:
            raise InputError(f"{len(result.warnings)} warning(s), first: {result.warnings[0]}",
                             hint="fix the input or drop --strict")
        if not quiet:
            for w in result.warnings:
                click.echo(f"kg: warning: {w}", err=True)
    written = write_outputs(result, Path(out), settings)
    types = {}
    for e in result.linked.entities:
        t = "District" if e.type == "DevelopmentZone" else e.type
        types[t] = types.get(t, 0) + 1
    summary = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    click.echo(f"{len(result.articles)} articles -> {len(result.linked.entities)} entities ({summary}), "
               f"{len(result.linked.relations)} relations, {len(result.graph)} triples")
    for p in written:
        click.echo(f"wrote {p}")


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
def validate(graph):
    """Check a graph file against the SHACL shapes in ontology/shapes.ttl.

    \b
    Exit 0 when it conforms, 3 when it does not.
    Example:
      kg validate output/graph.ttl
    """
    from kg.errors import InputError, ValidationError
    from kg.validate import load_graph, validate_graph

    try:
        g = load_graph(graph)
    except (ValueError, SyntaxError) as err:
        raise InputError(f"cannot parse: {err}", path=graph) from err
    report = validate_graph(g)
    if not report.conforms:
        raise ValidationError(f"{graph} does not conform:\n  " + "\n  ".join(report.problems))
    click.echo(f"{graph} conforms ({len(g)} triples)")


@main.command(context_settings=CONTEXT)
@click.argument("graph", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="HTML file to write (default: GRAPH with .html).")
@click.option("--html-max-nodes", default=3000, show_default=True)
def view(graph, out, html_max_nodes):
    """Write the offline HTML network view of any graph file that follows the ontology.

    \b
    Example:
      kg view output/graph.ttl --out /tmp/graph.html
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


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--article", "selector", default="", help="Article id, FILE:LINE of its title, or a unique title fragment.")
def explain(paths, selector):
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

    result = run_build(input_files(list(paths)), Settings(validate=False))
    article = find_article(result.articles, selector)
    click.echo(render(result, article.id), nl=False)


if __name__ == "__main__":
    main()
