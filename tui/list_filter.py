"""The statement-list filter language (pure, fast over 100,000 statements).

Words match speaker, affiliation, id and language (all words must match, any order).
``code:NAME`` keeps statements with a code whose name contains NAME (highlights or
statement labels); ``is:uncoded``, ``is:coded``, ``is:unread``, ``is:read`` do what
they say. ``-word`` excludes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from annotations.model import Code, StatementSummary


class Haystacks:
    """The text each statement is filtered on, joined so ``str.find`` does the scanning.

    Searching one long string in C and mapping hits back to rows is several times
    faster than testing 100,000 strings in a Python loop.
    """

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.joined = "\n".join(t.replace("\n", " ") for t in texts)
        self.starts: list[int] = []
        pos = 0
        for t in texts:
            self.starts.append(pos)
            pos += len(t) + 1

    def rows_with(self, word: str) -> set[int]:
        """Rows whose text contains ``word`` (already case-folded)."""
        rows: set[int] = set()
        joined, starts, find = self.joined, self.starts, self.joined.find
        pos = find(word)
        while pos != -1:
            row = bisect_right(starts, pos) - 1
            rows.add(row)
            nxt = starts[row + 1] if row + 1 < len(starts) else len(joined)
            pos = find(word, nxt)  # one hit per row is enough
        return rows


@dataclass
class Filter:
    words: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    code_sets: list[set[str]] = field(default_factory=list)  # each: ids of matching codes
    states: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, query: str, codes: dict[str, Code]) -> Filter:
        flt = cls()
        for token in query.split():
            low = token.casefold()
            if low.startswith("code:") and len(low) > 5:
                name = low[5:].replace("_", " ")
                flt.code_sets.append({cid for cid, c in codes.items() if name in c.name.casefold()})
            elif low.startswith("is:") and low[3:] in ("uncoded", "coded", "unread", "read"):
                flt.states.add(low[3:])
            elif low.startswith("-") and len(low) > 1:
                flt.excluded.append(low[1:])
            else:
                flt.words.append(low)
        return flt

    @property
    def empty(self) -> bool:
        return not (self.words or self.excluded or self.code_sets or self.states)

    def apply(
        self, ids: Sequence[str], haystacks: Haystacks, summary: dict[str, StatementSummary], read: set[str]
    ) -> list[int]:
        """Indices (into ``ids``, the statements' ids in list order) of the statements that pass."""
        if self.empty:
            return list(range(len(ids)))
        candidates: range | list[int] = range(len(ids))
        if self.words or self.excluded:
            keep: set[int] | None = None
            for word in self.words:
                rows = haystacks.rows_with(word)
                keep = rows if keep is None else keep & rows
            if keep is None:
                keep = set(range(len(ids)))
            for word in self.excluded:
                keep -= haystacks.rows_with(word)
            candidates = sorted(keep)
        if not (self.code_sets or self.states):
            return list(candidates)
        out = []
        for i in candidates:
            sid = ids[i]
            s = summary.get(sid)
            coded = bool(s and (s.highlights or s.labels))
            if "uncoded" in self.states and coded or "coded" in self.states and not coded:
                continue
            if "unread" in self.states and sid in read or "read" in self.states and sid not in read:
                continue
            if self.code_sets:
                used = set(s.codes) | set(s.labels) if s else set()
                if not all(used & wanted for wanted in self.code_sets):
                    continue
            out.append(i)
        return out
