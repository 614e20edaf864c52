"""What the reader remembers between runs: statements read, and where it was.

Kept apart from annotations: losing a read mark or the last position on a crash is
harmless, so these writes are cheap (an append, a small replaced file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .storage import atomic_write_bytes, read_json_file


class ReadingState:
    """Mixed into ``AnnotationStore`` (which provides ``folder`` and ``readonly``)."""

    folder: Path
    readonly: bool

    def mark_read(self, statement_id: str) -> None:
        """Remember that a statement was opened (an append-only log, cheap at any size)."""
        if self.readonly:
            return
        with open(self.folder / "read.log", "a", encoding="utf-8") as handle:
            handle.write(statement_id.replace("\n", " ") + "\n")

    def read_ids(self) -> set[str]:
        try:
            return set((self.folder / "read.log").read_text(encoding="utf-8").splitlines())
        except OSError:
            return set()

    def save_state(self, state: dict[str, Any]) -> None:
        """Where the reader was, so the app reopens there."""
        if not self.readonly:
            try:
                atomic_write_bytes(self.folder / "state.json", orjson.dumps(state))
            except OSError:
                pass  # losing the reading position is not losing work

    def load_state(self) -> dict[str, Any]:
        try:
            data = read_json_file(self.folder / "state.json")
        except (OSError, orjson.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}
