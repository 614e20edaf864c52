"""``margin search``: corpus-wide search with keyword-in-context results."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from corpus.safe_text import display_safe

from .commands_corpus import corpus_option, fail, load_corpus, metadata_option


def code_filter(query, store) -> set[str] | None:
    """Statements that carry every ``code:`` of the query (highlights or labels)."""
    if not query.codes or store is None:
        return None
    allowed: set[str] | None = None
    for wanted in query.codes:
        ids = {c.id for c in store.codes() if wanted in c.name.casefold()}
        having = {sid for sid, s in store.summary().items() if ids & (set(s.codes) | set(s.labels))}
        allowed = having if allowed is None else allowed & having
    return allowed or set()


def stderr_progress(label: str):
    """A progress callback that redraws one line on stderr (only on a terminal)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        sys.stderr.write(f"\rmargin: {label} {done:,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def register(cli: click.Group) -> None:
    @cli.command("search")
    @click.argument("query")
    @corpus_option
    @metadata_option
    @click.option("--db", "db", type=click.Path(path_type=Path), default=None, help="Annotation store (for code: filters).")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per hit: statement, start, end, context.")
    @click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many hits.")
    def search_cmd(query: str, corpus_dir: Path | None, metadata: Path | None, db: Path | None, as_json: bool, limit: int) -> None:
        """Search every statement: words, "phrases", prefix*, AND/OR/NOT, speaker:, affiliation:, year:, code:."""
        from corpus.search import QueryError, parse_query, search

        corpus = load_corpus(corpus_dir, metadata, report=False)
        try:
            parsed = parse_query(query)
        except QueryError as exc:
            fail(str(exc))
        corpus.ensure_texts(progress=stderr_progress("indexing texts for search"))
        store = None
        if parsed.codes:
            from annotations.store import default_store_path, open_store

            folder = db or default_store_path(corpus.root)
            store = open_store(corpus.root, folder, readonly=True) if folder.exists() else None
        out = sys.stdout.buffer
        count = 0
        try:
            for hit in search(corpus, parsed, limit=limit, allowed=code_filter(parsed, store)):
                count += 1
                if as_json:
                    statement = corpus.get(hit.statement)
                    record = {**hit.as_dict(), "speaker": statement.speaker, "affiliation": statement.affiliation}
                    out.write(orjson.dumps(record) + b"\n")
                else:
                    statement = corpus.get(hit.statement)
                    who = statement.speaker or statement.affiliation or ""
                    line = f"{display_safe(hit.statement)}\t{display_safe(who)}\t{hit.left.rjust(40)}[{hit.match}]{hit.right}\n"
                    out.write(line.encode("utf-8"))
        except QueryError as exc:
            fail(str(exc))
        out.flush()
        if not count:
            click.echo(f"margin: no hits for {query!r}.", err=True)
