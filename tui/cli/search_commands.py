"""``margin search``: corpus-wide search with keyword-in-context results."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import orjson

from corpus.safe_text import display_safe

from .corpus_commands import corpus_option, fail, load_corpus, metadata_option


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
    # A query may start with "-" ("-code:X" excludes a code, "-human" a word): unknown
    # options are the query, and -h is not help here ("-human" would show the help).
    @cli.command("search", context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
    @click.argument("query")
    @corpus_option
    @metadata_option
    @click.option("--db", "db", type=click.Path(path_type=Path), default=None, help="Annotation store (for code: and is: filters).")
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per hit: statement, start, end, context.")
    @click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="At most this many hits (0: all).")
    def search_cmd(query: str, corpus_dir: Path | None, metadata: Path | None, db: Path | None, as_json: bool, limit: int) -> None:
        """Search every statement: words, "phrases", prefix*, AND/OR/NOT, -word, and the filters
        speaker:, affiliation: (country:), year:, code:, is: (values may be "quoted"; -filter:
        excludes). A query of filters alone lists each statement that passes, by its first line."""
        from annotations.code_filter import statements_passing
        from corpus.search import QueryError, parse_query, search

        corpus = load_corpus(corpus_dir, metadata, report=False)
        try:
            parsed = parse_query(query)
        except QueryError as exc:
            fail(str(exc))
        corpus.ensure_texts(progress=stderr_progress("indexing texts for search"))
        store = None
        if parsed.needs_annotations:
            from annotations.store import default_store_path, open_store

            folder = db or default_store_path(corpus.root)
            store = open_store(corpus.root, folder, readonly=True) if folder.exists() else None
        out = sys.stdout.buffer
        count = 0
        cut = False
        wanted = limit + 1 if limit else None  # one more than shown: was the result cut?
        try:
            for hit in search(corpus, parsed, limit=wanted, allowed=statements_passing(parsed, store, corpus.statements.column("id"))):
                if limit and count == limit:
                    cut = True
                    break
                count += 1
                if as_json:
                    statement = corpus.get(hit.statement)
                    record = {**hit.as_dict(), "speaker": statement.speaker, "affiliation": statement.affiliation}
                    out.write(orjson.dumps(record) + b"\n")
                else:
                    statement = corpus.get(hit.statement)
                    who = statement.speaker or statement.affiliation or ""
                    left = hit.left if parsed.filters_only else hit.left.rjust(40)  # a first line has no left
                    line = f"{display_safe(hit.statement)}\t{display_safe(who)}\t{left}[{hit.match}]{hit.right}\n"
                    out.write(line.encode("utf-8"))
        except QueryError as exc:
            fail(str(exc))
        out.flush()
        if not count:
            click.echo(f"margin: no hits for {query!r}.", err=True)
        elif cut:
            click.echo(f"margin: {limit_sentence(limit, 'statement' if parsed.filters_only else 'hit')}", err=True)


def limit_sentence(limit: int, noun: str) -> str:
    """What ``--limit`` left out, and how to see it: said only when it cut the result."""
    from corpus.wording import count

    first = noun if limit == 1 else count(limit, noun)
    return f"Showing the first {first}; --limit N for more (--limit 0 for all)."
