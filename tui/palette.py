"""Command palette (ctrl+p): open a statement by id or speaker, fuzzily."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


class StatementCommands(Provider):
    """``Open <statement>``: matches ids, speakers and affiliations."""

    def _choices(self) -> dict[int, str]:
        corpus = self.app.corpus  # type: ignore[attr-defined]
        cached = getattr(self, "_cached", None)
        if cached is None:
            column = corpus.statements.column
            cached = {
                i: f"{sid} {speaker or ''} {affiliation or ''}"
                for i, (sid, speaker, affiliation) in enumerate(zip(column("id"), column("speaker"), column("affiliation")))
            }
            self._cached = cached
        return cached

    async def discover(self) -> Hits:
        corpus = self.app.corpus  # type: ignore[attr-defined]
        for statement in corpus.statements[:10]:
            yield DiscoveryHit(f"Open {statement.id}", partial(self.app.open_statement_by_id, statement.id), help=statement.speaker or "")  # type: ignore[attr-defined]

    async def search(self, query: str) -> Hits:
        corpus = self.app.corpus  # type: ignore[attr-defined]
        query = query.strip()
        if not query:
            return
        from rapidfuzz import fuzz, process  # only when the palette is searched: start-up stays fast

        matches = process.extract(query, self._choices(), scorer=fuzz.WRatio, limit=15, score_cutoff=50)
        for _, score, index in matches:
            statement = corpus.statements[index]
            label = f"Open {statement.id}"
            help_text = " · ".join(x for x in (statement.speaker, statement.affiliation) if x)
            yield Hit(score / 100, label, partial(self.app.open_statement_by_id, statement.id), help=help_text)  # type: ignore[attr-defined]
