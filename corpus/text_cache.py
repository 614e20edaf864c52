"""The reading texts kept in the index cache, one per statement.

A text is kept with the hash of the bytes it was made from and the normaliser
version that made it, so a changed file or a new normaliser never serves a stale
text. ``corpus.fts`` indexes this table (FTS5, external content, kept in step by
its own triggers), so caching a text also makes it searchable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .normalise import NORMALISER_VERSION

TEXTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS texts (
    id TEXT PRIMARY KEY, sha256 TEXT, normaliser TEXT, text TEXT
);
"""
TEXTS_TABLES = ("texts",)

_TEXT = "SELECT text FROM texts WHERE id = ? AND sha256 = ? AND normaliser = ?"

TextRow = tuple[str, str, str]  # (id, sha256, reading text)


def cached_text(conn: sqlite3.Connection, statement_id: str, sha256: str) -> str | None:
    """The reading text cached for this file content and the current normaliser, if any."""
    row = conn.execute(_TEXT, (statement_id, sha256, NORMALISER_VERSION)).fetchone()
    return None if row is None else str(row[0])


def cached_text_keys(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """``(id, sha256)`` of every reading text cached for the current normaliser."""
    rows = conn.execute("SELECT id, sha256 FROM texts WHERE normaliser = ?", (NORMALISER_VERSION,))
    return {(row[0], row[1]) for row in rows}


def store_texts(conn: sqlite3.Connection, rows: Iterable[TextRow]) -> None:
    """Cache reading texts (inside the caller's transaction); keeps lengths in ``files`` in step."""
    rows = list(rows)
    # An upsert, not INSERT OR REPLACE: the search index's triggers see an UPDATE.
    conn.executemany(
        "INSERT INTO texts VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "sha256 = excluded.sha256, normaliser = excluded.normaliser, text = excluded.text",
        [(i, sha, NORMALISER_VERSION, text) for i, sha, text in rows],
    )
    conn.executemany(
        "UPDATE files SET length = ?, normaliser = ? WHERE id = ? AND sha256 = ?",
        [(len(text), NORMALISER_VERSION, i, sha) for i, sha, text in rows],
    )


def forget_texts(conn: sqlite3.Connection, statement_ids: list[str]) -> None:
    """Drop the texts of statements no longer in the folder (and so from the search index)."""
    conn.executemany("DELETE FROM texts WHERE id = ?", [(i,) for i in statement_ids])
