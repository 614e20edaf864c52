"""Every change to the store as a reversible record: the basis of undo and redo.

A ``Change`` lists the rows it touches with their content before and after. Applying
it writes the "after" side; undoing writes the "before" side. Nothing about a change
needs special undo code, so every operation (including batch coding and merges) is
undoable the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CODEBOOK = ""  # the ``file`` of codebook rows; statement rows use the statement id


@dataclass(frozen=True)
class Mutation:
    """One row of one file, before and after (``None`` = row absent)."""

    file: str  # CODEBOOK or a statement id
    table: str  # "codes", "highlights" or "statement"
    key: str  # the row's id (code id, highlight id, or the statement id)
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def inverse(self) -> Mutation:
        return Mutation(self.file, self.table, self.key, self.after, self.before)


@dataclass
class Change:
    """A user action: what it is called and the rows it changed."""

    description: str
    mutations: list[Mutation] = field(default_factory=list)

    def inverse(self) -> Change:
        return Change(self.description, [m.inverse() for m in reversed(self.mutations)])

    def statements(self) -> set[str]:
        return {m.file for m in self.mutations if m.file != CODEBOOK}

    def __bool__(self) -> bool:
        return bool(self.mutations)


class History:
    """Unlimited undo and redo within a run."""

    def __init__(self) -> None:
        self._undo: list[Change] = []
        self._redo: list[Change] = []

    def record(self, change: Change) -> None:
        if change:
            self._undo.append(change)
            self._redo.clear()

    def pop_undo(self) -> Change | None:
        return self._undo.pop() if self._undo else None

    def pop_redo(self) -> Change | None:
        return self._redo.pop() if self._redo else None

    def push_undo(self, change: Change) -> None:
        self._undo.append(change)

    def push_redo(self, change: Change) -> None:
        self._redo.append(change)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)
