"""kg ingest, kg review."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import output_option, project_option


@click.command(epilog="""\b
Examples:
  kg ingest article.txt --date 2025-10-28 -o draft.yaml      a draft to review
  kg ingest article.txt --date 2025-10-28 --format json      candidates as JSON on stdout
  kg ingest report.txt --source-id xiantao-2025 --title "仙桃数据谷2025年度报告" -o draft.yaml

--date resolves 今年, 前三季度, 截至11月 (without it, the year the article names most).
Bad input (empty, binary or undecodable file, no figures, a bad --date) is one error line,
exit 2, nothing written.""")
@project_option
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--title", help="The article's title (default: its first headline).")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The article's date: what 今年 means.")
@click.option("--source-id", help="Id of the source in data/ (default: from the file name).")
@click.option("--format", "output_format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True,
              help="yaml: a draft in the data/ format to review; json: candidates for programs.")
@output_option(default="-")
def ingest(project, article: Path, title: str | None, date_text: str | None, source_id: str | None,
           output_format: str, output: str) -> None:
    """Read a Chinese economic article and propose candidate entities, figures and relations."""
    from kg.fsutil import write_atomic
    from kg.ingest.api import ingest_file

    data, note, counts = ingest_file(project, article, title=title, date_text=date_text, source_id=source_id,
                                     output_format=output_format)
    if note:
        click.echo(f"note: {note}", err=True)
    write_atomic(output, data)
    if output != "-":
        click.echo(f"wrote {output}: {counts}", err=True)


@click.command(epilog="""\b
Examples:
  kg review draft.yaml                           candidates beside what the graph has
  kg review draft.yaml --accept all              merge every candidate into data/
  kg review draft.yaml --accept all --reject xiantao-data-valley-registered-enterprises-2025
  kg review draft.yaml --interactive             ask about each candidate

Accepted facts go to data/SOURCE/SOURCE.yaml, the source to data/sources.yaml and its
text to data/sources/SOURCE.txt; facts the graph has get this source's quote. Nothing is
written unless all of it loads as kg build would load it.""")
@project_option
@click.argument("draft", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--accept", "accept", metavar="all|ID,ID", help="Merge these candidates (all: every one).")
@click.option("--reject", "reject", metavar="ID,ID", default="", help="Leave these out.")
@click.option("--interactive", is_flag=True, help="Ask about each candidate (y/n).")
@click.option("--article", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="The article's text (default: the path in the draft's header).")
def review(project, draft: Path, accept: str | None, reject: str, interactive: bool, article: Path | None) -> None:
    """Show a kg ingest draft beside the graph (new, same, conflict) and merge what is accepted."""
    from kg.ingest.review import format_rows, merge, read_draft, review_rows
    from kg.pipeline import load_checked

    parsed = read_draft(draft, article)
    if accept is None and not interactive:
        dataset, _ontology = load_checked(project)
        click.echo(format_rows(review_rows(parsed, dataset)))
        click.echo("nothing merged: give --accept all|ID,… or --interactive", err=True)
        return
    chosen = None if accept in (None, "all") else {a.strip() for a in accept.split(",") if a.strip()}
    rejected = {r.strip() for r in reject.split(",") if r.strip()}

    def ask(row) -> bool:
        return click.confirm(f"{row.kind} {row.state}: {row.candidate}"
                             + (f"  [graph: {row.graph}]" if row.graph else ""), default=row.state != "incomplete")

    summary = merge(project, parsed, chosen, rejected, ask if interactive else None)
    for key in sorted(summary.counts):
        click.echo(f"{summary.counts[key]:4d} {key}")
    for path in summary.written:
        click.echo(f"wrote {path}", err=True)
