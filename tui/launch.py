"""``margin [CORPUS]``: start the Textual reader.

The one bridge between the command line and the app: ``tui/main.py`` adds this
module's hidden ``open`` command to the ``tui.cli`` group, so ``tui.cli`` itself never
imports the app (checked by import-linter), and Textual loads only when the reader opens.
"""

from __future__ import annotations

import io
from pathlib import Path

import click

from corpus.wording import count, plural

from .cli.corpus_commands import fail, follow_links_option, load_corpus, metadata_option


def open_reader(corpus_dir: Path | None, metadata: Path | None = None, db: Path | None = None, coder: str | None = None) -> None:
    # A corpus indexed before is listed from the cache at once and re-checked in the
    # background; a new one is listed from a walk of its folder and its files are read
    # in the background (the status line shows progress).
    corpus = load_corpus(corpus_dir, metadata, report=False, refresh=False, defer_reading=True, notices=False)
    from annotations.errors import AnnotationError, StoreLockedError
    from annotations.store import open_store

    readonly_reason = None
    try:
        store = open_store(corpus.root, db, coder=coder)
    except StoreLockedError as exc:
        readonly_reason = str(exc)
        store = open_store(corpus.root, db, readonly=True, coder=coder)
    except AnnotationError as exc:
        fail(str(exc))
    # Any store with an empty codebook, until the user has said no once.
    offer = not store.readonly and not store.codes() and not store.starter_declined()
    from corpus.workers import prepare_workers

    prepare_workers()  # the background reading and indexing use a process pool
    from .app import MarginApp

    app = MarginApp(corpus, store, readonly_reason=readonly_reason, offer_starter=offer, refresh_corpus=True)
    # Textual prints an unexpected error's traceback (with locals) to its error console
    # after the screen is restored: send it to the report file instead, and say one
    # sentence (crash.py). Textual sets a non-zero return code then; it is passed on.
    details = io.StringIO()
    from rich.console import Console

    app.error_console = Console(file=details, width=120, color_system=None, force_terminal=False)
    try:
        app.run()
    finally:
        from corpus.workers import stop_children

        stop_children()  # a walk or summary still running in a helper process
        store.close()
    if app.return_code:
        from .crash import crashed

        crashed(getattr(app, "_exception", None), details.getvalue())  # (Textual keeps the first error there)
    if corpus.skipped:
        n = len(corpus.skipped)
        print(f"margin: {count(n, 'file')} {plural(n, 'was')} skipped (see 'margin statements' for the reasons).")


@click.command("open", hidden=True)
@click.argument("corpus_arg", required=False, type=click.Path(path_type=Path))
@follow_links_option
@metadata_option
@click.option("--db", "db", type=click.Path(path_type=Path), default=None, help="Annotation store folder.")
@click.option("--coder", "coder", default=None, help="Name recorded on new annotations.")
def open_command(corpus_arg: Path | None, metadata: Path | None, db: Path | None, coder: str | None) -> None:
    """Open the reader on CORPUS (default: the bundled sample)."""
    open_reader(corpus_arg, metadata=metadata, db=db, coder=coder)
