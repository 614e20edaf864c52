"""The full-text search table: SQLite FTS5 over the index's cached reading texts.

This module owns the ``fts`` table. It indexes the ``texts`` table as external
content and is kept in step by triggers, so caching a text is also indexing it; bm25
ranks the matches, and only the texts shown are read. ``corpus.search`` holds the
query language and the hits.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .errors import QueryError
from .index_db import is_damage

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from .index import CorpusIndex

_FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, content='texts', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0'
);
CREATE TRIGGER IF NOT EXISTS texts_ai AFTER INSERT ON texts BEGIN
    INSERT INTO fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS texts_ad AFTER DELETE ON texts BEGIN
    INSERT INTO fts(fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER IF NOT EXISTS texts_au AFTER UPDATE ON texts BEGIN
    INSERT INTO fts(fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO fts(rowid, text) VALUES (new.rowid, new.text);
END;
"""



def ensure_fts(index: CorpusIndex) -> None:
    """Create the FTS table and triggers; index texts cached before they existed.

    The triggers live on ``texts`` and go with it: a table whose triggers are missing
    was left from before the index started again (``CorpusIndex`` drops its tables
    for another layout), so it is built again.
    """

    def create() -> None:
        conn = index.connection  # (after a rebuild, the new one)
        with index.lock:
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE name IN ('fts', 'texts_ai')")}
            if names == {"fts"}:
                conn.execute("DROP TABLE fts")
            conn.executescript(_FTS_SCHEMA)
            if names != {"fts", "texts_ai"}:
                conn.execute("INSERT INTO fts(fts) VALUES ('rebuild')")

    index.run(create)


_TEXTS_BY_ID = "SELECT id, text FROM texts WHERE id IN ({})"


def texts_by_id(index: CorpusIndex, statement_ids: list[str]) -> Iterator[tuple[str, str]]:
    """(id, text) of these statements whose text is cached, in the order given."""
    for i in range(0, len(statement_ids), _CHUNK):
        chunk = statement_ids[i : i + _CHUNK]
        with index.lock:
            texts = dict(index.connection.execute(_TEXTS_BY_ID.format(",".join("?" * len(chunk))), chunk).fetchall())
        yield from ((sid, texts[sid]) for sid in chunk if sid in texts)


# ``ORDER BY bm25(fts)`` rather than ``ORDER BY rank``: the same order, but FTS5's own
# rank sorter costs about a third more on queries matching tens of thousands of rows.
_RANKED = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts), rowid LIMIT ? OFFSET ?"
_TEXTS = "SELECT rowid, id, text FROM texts WHERE rowid IN ({})"


def ranked_texts(index: CorpusIndex, fts: str, limit: int | None) -> Iterator[tuple[str, str]]:
    """(id, text) of the matching statements, best first.

    Ranking needs every match scored, but only the texts shown are read: with a
    ``limit`` of N hits the first ranked query asks for N statements (each has at least
    one hit), so a typical search runs one ranked query and reads N texts. If filters
    leave too few, or there is no limit, the rest is ranked once and read in chunks.
    """
    conn, lock = index.connection, index.lock

    def ranked(count: int, offset: int) -> list[int]:
        try:
            with lock:
                return [r[0] for r in conn.execute(_RANKED, (fts, count, offset))]
        except sqlite3.Error as exc:  # a MATCH expression FTS5 refuses
            if is_damage(exc):
                raise  # the cache itself: ``corpus.search.search`` rebuilds it
            raise QueryError(f"The query cannot be searched: {exc}.") from None

    def texts(rowids: list[int]) -> Iterator[tuple[str, str]]:
        for i in range(0, len(rowids), _CHUNK):
            chunk = rowids[i : i + _CHUNK]
            with lock:
                rows = conn.execute(_TEXTS.format(",".join("?" * len(chunk))), chunk).fetchall()
            by_rowid = {rowid: (sid, text) for rowid, sid, text in rows}
            yield from (by_rowid[r] for r in chunk if r in by_rowid)

    offset = 0
    if limit is not None:
        first = _ranked_in_halves(index, fts, max(1, limit)) or ranked(max(1, limit), 0)
        yield from texts(first)
        if len(first) < max(1, limit):
            return
        offset = len(first)
    yield from texts(ranked(-1, offset))


_CHUNK = 200
_RANKED_RANGE = (
    "SELECT bm25(fts), rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY bm25(fts), rowid LIMIT ?"
)
_HALVES_FROM = 20_000  # statements; below this one query is quicker than two threads
_pool: ThreadPoolExecutor | None = None


def _ranked_in_halves(index: CorpusIndex, fts: str, count: int) -> list[int] | None:
    """The ``count`` best rowids, ranking each half of the table in its own thread.

    bm25 scores every match, which is most of a search's time when a word occurs in
    tens of thousands of statements; SQLite releases the interpreter lock while it
    works, so two halves ranked at once on two cores take about half as long. The
    scores are the same either way (bm25's statistics are the whole table's), so the
    merged order is exactly that of one query. None when not worth it (small corpus,
    in-memory cache) or not possible; the caller then runs the single query.
    """
    global _pool
    if (os.cpu_count() or 1) < 2:
        return None
    reader = index.reader()
    if reader is None:
        return None
    top = reader.execute("SELECT max(rowid) FROM texts").fetchone()[0] or 0
    if top < _HALVES_FROM:
        return None
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="margin-search")

    def half(lo: int, hi: int) -> list[tuple[float, int]]:
        conn = index.reader()  # this pool thread's own connection
        if conn is None:
            raise sqlite3.OperationalError("no reader")
        return conn.execute(_RANKED_RANGE, (fts, lo, hi, count)).fetchall()

    middle = top // 2
    try:
        parts = [f.result() for f in (_pool.submit(half, 0, middle), _pool.submit(half, middle + 1, top))]
    except sqlite3.Error:
        return None  # the single query says what is wrong with the expression
    return [rowid for _, rowid in sorted(parts[0] + parts[1])[:count]]
