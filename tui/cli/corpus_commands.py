"""Commands that read the corpus: ``statements``, ``text`` and ``info``, and the options
and corpus loading every command (and ``tui/launch.py``) shares."""

from __future__ import annotations

import sys
from itertools import islice
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from corpus import Corpus, CorpusError, open_corpus
from corpus.index import CorpusIndex
from corpus.safe_text import display_safe

_FOLLOW_LINKS = "margin.follow_links"


def _remember_follow_links(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[_FOLLOW_LINKS] = True  # read by load_corpus, so no command passes it on
    return value


follow_links_option = click.option(
    "--follow-links", is_flag=True, expose_value=False, callback=_remember_follow_links,
    help="Also read files and folders linked from outside the corpus folder (skipped by default).",
)
_corpus_dir_option = click.option(
    "--corpus", "corpus_dir", type=click.Path(path_type=Path), default=None,
    help="Folder of statement files (default: the bundled sample).",
)


def corpus_option(command):
    """``--corpus DIR`` and ``--follow-links``: every command that opens a corpus takes both."""
    return follow_links_option(_corpus_dir_option(command))
metadata_option = click.option(
    "--metadata", "metadata", type=click.Path(path_type=Path), default=None,
    help="Tab-separated metadata table joined on its 'filename' column.",
)


def fail(message: str) -> NoReturn:
    """Print one clear sentence to stderr and exit non-zero (names in it shown inert)."""
    click.echo(f"margin: {display_safe(message)}", err=True)
    sys.exit(2)


def report_damage(damage) -> int:
    """Say on stderr, one sentence each, which store files were damaged; how many."""
    for found in damage:
        click.echo(f"margin: {found.sentence()}", err=True)
    return len(damage)


def load_corpus(
    corpus_dir: Path | None, metadata: Path | None = None, report: bool = True, refresh: bool = True,
    progress=None, defer_reading: bool = False, notices: bool = True,
) -> Corpus:
    """Open a corpus for a command, reporting skipped files once on stderr.

    Links out of the folder are followed only when the command was given ``--follow-links``.
    With ``notices`` a damaged index cache (moved aside and rebuilt) is said on
    stderr, now or whenever it happens; the app says it on screen instead.
    """
    try:
        corpus = open_corpus(corpus_dir, metadata=metadata, refresh=refresh, progress=progress,
                             defer_reading=defer_reading, follow_links=_follows_links())
    except CorpusError as exc:
        fail(str(exc))
    if corpus.index is not None and notices:
        _say_notices(corpus.index)
    ctx = click.get_current_context(silent=True)
    if ctx is not None and corpus.index is not None:
        # Closed when the command ends: SQLite then removes its -wal file, which would
        # otherwise make the next open check the whole cache (see corpus.index_db).
        ctx.call_on_close(corpus.index.close)
    if report:
        for skipped in corpus.skipped:
            click.echo(f"margin: skipped {display_safe(skipped.id)}: {skipped.reason}", err=True)
    return corpus


def _follows_links() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.meta.get(_FOLLOW_LINKS))


def _say_notices(index: CorpusIndex) -> None:
    """A damaged cache is moved aside and rebuilt: said once on stderr, now or when it happens."""
    for notice in index.take_notices():
        click.echo(f"margin: {notice}", err=True)
    index.on_notice = lambda notice: click.echo(f"margin: {notice}", err=True)


def _statement_line(record: dict[str, Any]) -> str:
    """One line per statement, whatever its file name or speaker line holds (a newline,
    a tab or an escape sequence is shown inert; ``--json`` keeps the exact values)."""
    meta = " ".join(f"{k}={v}" for k, v in record["meta"].items())
    fields = [
        record["id"],
        record["speaker"] or "-",
        record["affiliation"] or "-",
        meta or "-",
        str(record["length"]),
    ]
    return "\t".join(display_safe(field) for field in fields)


_BATCH = 2000  # statements written at once by ``statements``


def _quick_text(corpus_dir: Path | None, statement_id: str) -> str | None:
    """The reading text from the cache when the file is unchanged since (no walk), else None."""
    from corpus.corpus import open_index
    from corpus.one_statement import unchanged_text

    try:
        index = open_index(corpus_dir, follow_links=_follows_links())
    except CorpusError as exc:
        fail(str(exc))
    try:
        _say_notices(index)
        found = unchanged_text(index, statement_id)
    finally:
        index.close()
    return None if found is None else found.reading_text


def register(cli: click.Group) -> None:
    @cli.command("statements")
    @corpus_option
    @metadata_option
    @click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
    def statements(corpus_dir: Path | None, metadata: Path | None, as_json: bool) -> None:
        """List statements: id, speaker, affiliation, metadata, text length."""
        corpus = load_corpus(corpus_dir, metadata)
        corpus.ensure_lengths(workers=2)
        out = sys.stdout.buffer
        every = corpus.statements.records()  # from the listing's columns: no Statement is built
        while records := list(islice(every, _BATCH)):
            if as_json:
                out.write(b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in records))
            else:
                out.write("".join(_statement_line(r) + "\n" for r in records).encode("utf-8", "surrogateescape"))
        out.flush()

    @cli.command("text")
    @click.argument("statement_id")
    @corpus_option
    def text(statement_id: str, corpus_dir: Path | None) -> None:
        """Print the reading text of one statement (what offsets refer to)."""
        reading = _quick_text(corpus_dir, statement_id)
        if reading is not None:
            sys.stdout.buffer.write(reading.encode("utf-8") + b"\n")
            sys.stdout.buffer.flush()
            return
        corpus = load_corpus(corpus_dir, report=False)  # new, changed or unknown: the folder decides
        try:
            reading = corpus.reading_text(statement_id)
        except CorpusError as exc:
            hint = ""
            if statement_id not in corpus:  # a typo, or the id without its .txt: the closest ids
                from corpus.id_suggestions import closest_ids, did_you_mean

                hint = did_you_mean(closest_ids(statement_id, corpus.statements.column("id")))
            fail(f"{exc} {hint}".rstrip())
        sys.stdout.buffer.write(reading.encode("utf-8") + b"\n")
        sys.stdout.buffer.flush()

    @cli.command("info")
    @corpus_option
    @metadata_option
    @click.option("--db", "db", type=click.Path(path_type=Path), default=None, help="Annotation store folder.")
    def info(corpus_dir: Path | None, metadata: Path | None, db: Path | None) -> None:
        """Corpus size, store location and annotation counts."""
        corpus = load_corpus(corpus_dir, metadata)
        from annotations.errors import AnnotationError

        from . import info_report

        damage: list = []
        try:
            report = info_report.render(corpus, db, damage)
        except AnnotationError as exc:
            fail(str(exc))
        report_damage(damage)
        click.echo(display_safe(report, keep_newlines=True))
