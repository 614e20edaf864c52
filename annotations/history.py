"""Every change to the store as a reversible record: the basis of undo and redo.

A ``Change`` lists the rows it touches with their content before and after. Applying
it writes the "after" side; undoing writes the "before" side. Nothing about a change
needs special undo code, so every operation (including batch coding and merges) is
undoable the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    """Unlimited undo and redo within a run.

    ``undo`` and ``redo`` write through the function they are given (the store's
    write path) and keep the step where it was when that write fails.
    """

    def __init__(self) -> None:
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._batch: Change | None = None

    def record(self, change: Change) -> None:
        """A change just written: a new undo step, or part of the open batch."""
        if self._batch is not None:
            self._batch.mutations.extend(change.mutations)
        elif change:
            self._undo.append(change)
            self._redo.clear()

    @contextmanager
    def batch(self, description: str) -> Iterator[None]:
        """Record every change made inside as one undo step."""
        outer = self._batch is None
        if outer:
            self._batch = Change(description)
        try:
            yield
        finally:
            if outer:
                batch, self._batch = self._batch, None
                if batch:
                    self.record(batch)

    def undo(self, write: Callable[[list[Mutation]], None]) -> Change | None:
        """Write the inverse of the last step; returns it, or ``None`` when there is none."""
        if not self._undo:
            return None
        change = self._undo.pop()
        try:
            write(change.inverse().mutations)
        except Exception:
            self._undo.append(change)
            raise
        self._redo.append(change)
        return change

    def redo(self, write: Callable[[list[Mutation]], None]) -> Change | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        try:
            write(change.mutations)
        except Exception:
            self._redo.append(change)
            raise
        self._undo.append(change)
        return change
