"""Per-statement counts for the list and the tag panel, kept current as the store changes.

Built once by reading every statement file (in the app, in a worker thread via
``compute_summary``/``install_summary``), then updated by each write.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .damage import Checked
from .files import STATEMENTS_DIR, iter_statement_files, table_docs
from .model import StatementSummary


class Summaries:
    """Mixed into ``AnnotationStore``."""

    def summary(self) -> dict[str, StatementSummary]:
        """Per-statement counts for the list and the tag panel (built once, kept current)."""
        if self._summary is None:
            summary = {}
            for sid in self.statement_ids():
                summary[sid] = summarise(self._read(sid))
            self._summary = summary
        return self._summary

    @property
    def summary_ready(self) -> bool:
        return self._summary is not None

    def compute_summary(self, in_child: bool = False) -> dict[str, StatementSummary]:
        """Summarise every statement file, reading afresh: safe in a worker thread.

        The app builds the summary this way in the background and then calls
        ``install_summary``. A store with 10,000 annotated statements takes a second or
        two of parsing; with ``in_child`` that runs in a helper process, so the app's
        own process keeps drawing the screen (see ``corpus.workers``).
        """
        folder = self.folder / STATEMENTS_DIR
        if in_child and _file_count(folder) >= CHILD_THRESHOLD:
            from corpus.workers import run_in_child

            summary, damaged = run_in_child(summarise_folder, folder)
        else:
            summary, damaged = summarise_folder(folder)
        for path, checked in damaged:  # reported and moved aside here, by the store's owner
            self._damaged(path, checked)
        return summary

    def install_summary(self, summary: dict[str, StatementSummary]) -> None:
        """Adopt a summary computed in the background, with later changes folded in."""
        if self._summary is not None:
            return
        for sid in self._touched:
            summary[sid] = summarise(self._read(sid))
        self._touched.clear()
        self._summary = summary
        self._code_counts = None

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
