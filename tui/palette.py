"""Command palette (ctrl+p): open a statement by id or speaker, fuzzily."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from corpus import Corpus
from corpus.safe_text import display_safe


class StatementOpener(Protocol):
    """What the palette needs of the app (``MarginApp``, which imports this module)."""

    corpus: Corpus

    def open_statement_by_id(self, statement_id: str) -> None: ...


def _shown(statement_id: str) -> Text:
    """``Open <id>`` as plain text: a file named ``[b]x[/b].txt`` is data, not markup."""
    return Text("Open " + display_safe(statement_id))


def _help(*parts: str | None) -> str:
    """The palette reads help as markup: escape it, and show controls inert."""
    return escape(display_safe(" · ".join(p for p in parts if p)))


class StatementCommands(Provider):
    """``Open <statement>``: matches ids, speakers and affiliations."""

    _cached: dict[int, str] | None = None

    @property
    def _opener(self) -> StatementOpener:
        return cast(StatementOpener, self.app)

    def _choices(self) -> dict[int, str]:
        corpus = self._opener.corpus
        cached = self._cached
        if cached is None:
            column = corpus.statements.column
            cached = {
                i: f"{sid} {speaker or ''} {affiliation or ''}"
                for i, (sid, speaker, affiliation) in enumerate(zip(column("id"), column("speaker"), column("affiliation")))
            }
            self._cached = cached
        return cached

    async def discover(self) -> Hits:
        corpus = self._opener.corpus
        for statement in corpus.statements[:10]:
            yield DiscoveryHit(_shown(statement.id), partial(self._opener.open_statement_by_id, statement.id),
                               text=f"Open {statement.id}", help=_help(statement.speaker))

    async def search(self, query: str) -> Hits:
        corpus = self._opener.corpus
        query = query.strip()
        if not query:
            return
        from rapidfuzz import fuzz, process  # only when the palette is searched: start-up stays fast

        matches = process.extract(query, self._choices(), scorer=fuzz.WRatio, limit=15, score_cutoff=50)
        for _, score, index in matches:
            statement = corpus.statements[index]
            yield Hit(score / 100, _shown(statement.id), partial(self._opener.open_statement_by_id, statement.id),
                      text=f"Open {statement.id}", help=_help(statement.speaker, statement.affiliation))
