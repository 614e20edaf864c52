"""Finding a phrase within one statement (the reader's find, ``/``): pure, no Textual.

The reader shows every hit and moves between them with next and previous; the hits
are offsets in the reading text itself, like highlights, so they can be drawn and the
cursor put on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Hit = tuple[int, int]  # [start, end) in the reading text


def find_all(text: str, query: str) -> tuple[Hit, ...]:
    """Every case-insensitive occurrence of ``query`` in ``text``, in order.

    Matched on the case-folded text, overlaps included, when folding keeps one
    character for one (nearly every speech), so offsets in the folded text are offsets
    in the text. Otherwise ("ß" folds to "ss") folded offsets would drift, so the text
    is matched ignoring case letter by letter instead.
    """
    if not query:
        return ()
    folded, needle = text.casefold(), query.casefold()
    if len(folded) != len(text):
        return tuple((m.start(), m.end()) for m in re.finditer(re.escape(query), text, re.IGNORECASE))
    hits = []
    pos = folded.find(needle)
    while pos != -1:
        hits.append((pos, pos + len(needle)))
        pos = folded.find(needle, pos + 1)
    return tuple(hits)


@dataclass(frozen=True)
class Finding:
    """A find in one statement: the query, its hits and which one is current (-1: none)."""

    query: str = ""
    hits: tuple[Hit, ...] = ()
    current: int = -1

    @classmethod
    def of(cls, text: str, query: str) -> Finding:
        return cls(query, find_all(text, query))

    @property
    def hit(self) -> Hit | None:
        """The current hit, if one is chosen."""
        return self.hits[self.current] if 0 <= self.current < len(self.hits) else None

    @property
    def number(self) -> int:
        """The current hit counted from one (0: none), as the status line tells it."""
        return self.current + 1 if self.hit is not None else 0

    def from_offset(self, offset: int) -> Finding:
        """The first hit that starts at or after ``offset`` (the cursor), else the first."""
        if not self.hits:
            return self
        after = next((i for i, (start, _) in enumerate(self.hits) if start >= offset), 0)
        return Finding(self.query, self.hits, after)

    def step(self, step: int) -> Finding:
        """``step`` hits on (negative: back), wrapping round at either end."""
        if not self.hits:
            return self
        return Finding(self.query, self.hits, (self.current + step) % len(self.hits))
