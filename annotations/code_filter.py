"""Which statements pass a query's ``code:`` and ``is:`` filters, from the store.

Shared by ``margin search`` and the app's search screen; the filters themselves are
parsed and tested by ``corpus.query_syntax`` (pure), the store supplies the facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from corpus.query_syntax import AnnotationTest
from corpus.search import Query

if TYPE_CHECKING:
    from .store import AnnotationStore


def statements_passing(query: Query, store: AnnotationStore | None, statement_ids: Iterable[str]) -> set[str] | None:
    """Statements passing the ``code:`` and ``is:`` filters of the query (None: no such filter).

    Without a store (none made yet) nothing is coded or read and no code exists.
    """
    codebook = {c.id: c.name for c in store.codes()} if store is not None else {}
    test = AnnotationTest.of(query.filters, codebook)
    if not test:
        return None
    summary = store.summary() if store is not None else {}
    read = store.read_ids() if store is not None else set()
    allowed = set()
    for sid in statement_ids:
        s = summary.get(sid)
        codes = set(s.codes) | set(s.labels) if s else set()
        if test.passes(codes, bool(s and (s.highlights or s.labels)), sid in read):
            allowed.add(sid)
    return allowed
