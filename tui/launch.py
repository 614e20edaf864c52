"""Start the Textual reader (the only place the command line imports Textual)."""

from __future__ import annotations

import io
from pathlib import Path

from corpus.wording import count, plural

from .commands_corpus import fail, load_corpus


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
