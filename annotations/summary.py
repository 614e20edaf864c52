"""Per-statement counts for the list and the tag panel, kept current as the store changes.

Built once by reading every statement file (in the app, in a worker thread via
``Summaries.compute``/``install``), then updated by each write (``written``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .damage import Checked
from .files import STATEMENTS_DIR, iter_statement_files, table_docs
from .model import StatementSummary
from .recovery import DamageHandler


class Summaries:
    """The store's per-statement summary and corpus-wide code counts, kept true by each write.

    Held by ``AnnotationStore`` (``store.summaries``). It reads through the store's
    ``read`` (its cache of parsed files) and reports damaged files to the store's
    ``DamageHandler``; it writes nothing.
    """

    def __init__(self, folder: Path, read: Callable[[str], dict[str, Any]], damage: DamageHandler) -> None:
        self.folder = folder
        self._read = read
        self._damage = damage
        self._summary: dict[str, StatementSummary] | None = None
        self._touched: set[str] = set()  # statements changed while no summary was kept
        self._code_counts: dict[str, int] | None = None  # derived from the summary

    def summary(self) -> dict[str, StatementSummary]:
        """Per-statement counts for the list and the tag panel (built once, kept current)."""
        if self._summary is None:
            folder = self.folder / STATEMENTS_DIR
            self._summary = {sid: summarise(data) for sid, data in iter_statement_files(folder, self._damage.handle)}
        return self._summary

    @property
    def ready(self) -> bool:
        return self._summary is not None

    def compute(self, in_child: bool = False) -> dict[str, StatementSummary]:
        """Summarise every statement file, reading afresh: safe in a worker thread.

        The app builds the summary this way in the background and then calls
        ``install``. A store with 10,000 annotated statements takes a second or two
        of parsing; with ``in_child`` that runs in a helper process, so the app's own
        process keeps drawing the screen (see ``corpus.workers``).
        """
        folder = self.folder / STATEMENTS_DIR
        if in_child and _file_count(folder) >= CHILD_THRESHOLD:
            from corpus.workers import run_in_child

            summary, damaged = run_in_child(summarise_folder, folder)
        else:
            summary, damaged = summarise_folder(folder)
        for path, checked in damaged:  # reported and moved aside here, by the store's owner
            self._damage.handle(path, checked)
        return summary

    def install(self, summary: dict[str, StatementSummary]) -> None:
        """Adopt a summary computed in the background, with later changes folded in."""
        if self._summary is not None:
            return
        for sid in self._touched:
            summary[sid] = summarise(self._read(sid))
        self._touched.clear()
        self._summary = summary
        self._code_counts = None

    def written(self, summaries: dict[str, StatementSummary | None]) -> None:
        """Statement files just written, with their new summaries (``None``: summarise it when needed)."""
        for sid, new in summaries.items():
            if self._summary is not None:
                self._summary[sid] = new if new is not None else summarise(self._read(sid))
                self._code_counts = None
            else:
                self._touched.add(sid)

    def forget(self) -> None:
        """Drop everything: the files changed in a way only a fresh read can tell."""
        self._summary, self._code_counts = None, None

    def code_counts(self) -> dict[str, int]:
        """Corpus-wide number of highlights (and statements labelled) per code id.

        Kept until the next change: the tag panel asks on every statement opened.
        """
        if self._code_counts is not None and self._summary is not None:
            return self._code_counts
        counts: dict[str, int] = {}
        for s in self.summary().values():
            for code_id, n in s.codes.items():
                counts[code_id] = counts.get(code_id, 0) + n
            for code_id in s.labels:
                counts[code_id] = counts.get(code_id, 0) + 1
        self._code_counts = counts
        return counts


CHILD_THRESHOLD = 500  # statement files; below this a helper process costs more than it saves


def _file_count(folder: Path) -> int:
    try:
        return len(os.listdir(folder))
    except OSError:
        return 0


def summarise_folder(folder: Path) -> tuple[dict[str, StatementSummary], list[tuple[Path, Checked]]]:
    """Every statement file's summary (of its valid rows), and the damaged files met.

    Pure reading, so it can run in a helper process: the damaged files go back to
    the store, which reports them and moves them aside.
    """
    out: dict[str, StatementSummary] = {}
    damaged: list[tuple[Path, Checked]] = []
    for sid, data in iter_statement_files(folder, on_damage=lambda path, checked: damaged.append((path, checked))):
        out[sid] = summarise(data)
    return out, damaged


def summarise(data: dict[str, Any]) -> StatementSummary:
    highlights = table_docs(data, "highlights")
    marks = table_docs(data, "statement")
    codes: dict[str, int] = {}
    for h in highlights:
        for code_id in h.get("labels", ()):
            codes[code_id] = codes.get(code_id, 0) + 1
    labels = tuple(marks[0].get("labels", ())) if marks else ()
    note = bool(marks[0].get("note")) if marks else False
    return StatementSummary(highlights=len(highlights), labels=labels, codes=codes, has_note=note)
