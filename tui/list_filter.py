"""The statement-list filter language (pure, fast over 100,000 statements).

Words match speaker, affiliation, id and language (all words must match, any order);
``"two words"`` must occur together. ``code:NAME`` keeps statements with a code whose
name contains NAME (highlights or statement labels); ``is:uncoded``, ``is:coded``,
``is:unread``, ``is:read`` do what they say; ``speaker:``, ``affiliation:`` (``country:``)
and ``year:2015-2018`` filter on the statement's fields, as in corpus search. ``-``
before a word or a filter excludes what it matches. The tokens are read by ``corpus.query_syntax``, as in corpus search.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotations.model import Code, StatementSummary
from corpus.query_syntax import LIST_FILTERS, METADATA_KEYS, AnnotationTest, Token, metadata_passes, tokenize

# A row's speaker, affiliation and year, for the metadata filters.
Fields = Callable[[int], tuple[str | None, str | None, int | None]]


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
    """A parsed list filter: words that must (or must not) occur, and annotation filters."""

    words: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    annotations: AnnotationTest = field(default_factory=AnnotationTest)
    metadata: list[Token] = field(default_factory=list)

    @classmethod
    def parse(cls, query: str, codes: dict[str, Code]) -> Filter:
        """Read ``query`` with the tokenizer corpus search uses (quotes, ``-`` negation)."""
        flt = cls()
        tokens = tokenize(query, LIST_FILTERS)
        flt.annotations = AnnotationTest.of(tokens, {cid: c.name for cid, c in codes.items()})
        flt.metadata = [t for t in tokens if t.key in METADATA_KEYS and t.value.strip()]
        for token in tokens:
            if token.key is not None or not token.value:
                continue  # a filter (in ``annotations``), or an empty "" being typed
            (flt.excluded if token.negated else flt.words).append(token.needle)
        return flt

    @property
    def empty(self) -> bool:
        return not (self.words or self.excluded or self.annotations or self.metadata)

    def apply(
        self, ids: Sequence[str], haystacks: Haystacks, summary: dict[str, StatementSummary], read: set[str],
        fields: Fields | None = None,
    ) -> list[int]:
        """Indices (into ``ids``, the statements' ids in list order) of the statements that pass.

        ``fields`` gives a row's speaker, affiliation and year for the metadata filters
        (without it they keep nothing).
        """
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
        if self.metadata:
            if fields is None:
                return []
            candidates = [i for i in candidates if metadata_passes(self.metadata, *fields(i))]
        if not self.annotations:
            return list(candidates)
        out = []
        passes = self.annotations.passes
        for i in candidates:
            sid = ids[i]
            s = summary.get(sid)
            codes = set(s.codes) | set(s.labels) if s else set()
            if passes(codes, bool(s and (s.highlights or s.labels)), sid in read):
                out.append(i)
        return out
