"""Start the Textual reader (the only place the command line imports Textual)."""

from __future__ import annotations

from pathlib import Path

from .commands_corpus import load_corpus


def open_reader(corpus_dir: Path | None, metadata: Path | None = None, db: Path | None = None, coder: str | None = None) -> None:
    corpus = load_corpus(corpus_dir, metadata)
    from .app import MarginApp

    MarginApp(corpus).run()
