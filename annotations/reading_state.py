"""What the reader remembers between runs: statements read, and where it was.

Kept apart from annotations: losing a read mark or the last position on a crash is
harmless, so these writes are cheap (an append, a small replaced file).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from .errors import StoreWriteError
from .storage import atomic_write_bytes, os_error_reason, read_json_file

_STARTER_DECLINED = "starter-declined"


class ReadingState:
    """Read marks, the reading position and the starter answer of one store folder.

    Held by ``AnnotationStore`` (``store.reading``); a read-only store saves nothing.
    """

    def __init__(self, folder: Path, readonly: bool) -> None:
        self.folder = folder
        self.readonly = readonly

    def mark_read(self, statement_id: str) -> None:
        """Remember that a statement was opened (an append-only log, cheap at any size).

        Raises ``StoreWriteError`` when the mark cannot be saved (the line may be
        partly written, so this never claims that nothing changed).
        """
        if self.readonly:
            return
        try:
            with open(self.folder / "read.log", "a", encoding="utf-8") as handle:
                handle.write(statement_id.replace("\n", " ") + "\n")
        except OSError as exc:
            raise StoreWriteError(f"Could not save the read mark in {self.folder}: {os_error_reason(exc)}.") from None

    def read_ids(self) -> set[str]:
        try:
            return set((self.folder / "read.log").read_text(encoding="utf-8", errors="replace").splitlines())
        except OSError:
            return set()

    def save_state(self, state: dict[str, Any]) -> None:
        """Where the reader was, so the app reopens there (``StoreWriteError`` if it cannot be saved)."""
        if not self.readonly:
            try:
                atomic_write_bytes(self.folder / "state.json", orjson.dumps(state))
            except OSError as exc:  # atomic: the previous position is intact
                raise StoreWriteError(
                    f"Could not save the reading position in {self.folder}: {os_error_reason(exc)}. Nothing was changed."
                ) from None

    def decline_starter(self) -> None:
        """Remember that the user said no to the starter codebook (it is not offered again)."""
        if self.readonly:
            return
        try:
            atomic_write_bytes(self.folder / _STARTER_DECLINED, b"")
        except OSError as exc:
            raise StoreWriteError(f"Could not save the answer in {self.folder}: {os_error_reason(exc)}.") from None

    def starter_declined(self) -> bool:
        return (self.folder / _STARTER_DECLINED).exists()

    def load_state(self) -> dict[str, Any]:
        try:
            data = read_json_file(self.folder / "state.json")
        except (OSError, orjson.JSONDecodeError):
            return {}
        return data if isinstance(data, dict) else {}
