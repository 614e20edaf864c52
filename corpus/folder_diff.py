"""What changed in a corpus folder since the index cached it.

A walk stats every file (``corpus.discovery.scan_corpus``); a file whose size or
mtime differs from its cached row is read again, and only those. Two things keep
the check of an unchanged 100,000-file folder to about the cost of the walk itself:

- The walk's outcome (every id, size, mtime and skip reason, in walk order) is
  hashed, and the digest of the walk the ``files`` table was last brought in step
  with is kept in the ``walk`` table. The same digest means the same walk: nothing
  to compare row by row. Triggers drop the digest whenever a row's id, stat or skip
  changes, whoever changes it, so a digest is never trusted for rows it did not see.
- Ranks (natural order of id, ~2 s to compute at 100,000 files) are recomputed
  only when the set of files found changed; a file changed in place keeps its rank.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .discovery import CorpusScan, FoundFile, SkippedFile, natural_key, scan_corpus
from .index_db import open_reader
from .packed import SEP

WALK_SCHEMA = """
CREATE TABLE IF NOT EXISTS walk (key INTEGER PRIMARY KEY, digest BLOB);
CREATE TRIGGER IF NOT EXISTS walk_stale_insert AFTER INSERT ON files BEGIN DELETE FROM walk; END;
CREATE TRIGGER IF NOT EXISTS walk_stale_update AFTER UPDATE OF id, size, mtime_ns, skipped ON files
    BEGIN DELETE FROM walk; END;
CREATE TRIGGER IF NOT EXISTS walk_stale_delete AFTER DELETE ON files BEGIN DELETE FROM walk; END;
"""
WALK_TABLES = ("walk",)

CACHED_STATS = "SELECT id, size, mtime_ns, skipped, rank FROM files"


class CachedStat(NamedTuple):
    """What the ``files`` table remembers of a file's stat (``CACHED_STATS``)."""

    id: str
    size: int | None  # None: skipped by the walk itself, never read
    mtime_ns: int | None
    skipped: str | None
    rank: int | None


@dataclass
class FolderChanges:
    """What a walk of the folder found different from the cached index."""

    stale: list[FoundFile]  # new or changed files
    gone: list[str]  # ids no longer in the folder
    new_skips: list[SkippedFile]  # files skipped now, and not (or not for this reason) before
    ranks: dict[str, int]  # natural-order rank of every stale file (every file found, if ``reranked``)
    reranked: bool = False  # files were added or removed: every rank is in ``ranks`` and may have moved
    digest: bytes = field(default=b"")  # of this walk: stored once the table is in step with it

    @property
    def changed(self) -> bool:
        return bool(self.stale or self.gone or self.new_skips)


def walk_digest(scan: CorpusScan) -> bytes:
    """A digest of everything a walk found that the ``files`` table records.

    Hashed column by column (one joined string, two arrays): building 100,000 tuples
    to marshal costs several times as much.
    """
    digest = hashlib.blake2b(digest_size=16)
    digest.update(b"%d %d\0" % (len(scan.ids), len(scan.skipped)))
    digest.update(SEP.join(scan.ids).encode("utf-8", "surrogateescape"))
    digest.update(array("q", scan.sizes).tobytes())
    digest.update(array("q", scan.mtimes).tobytes())
    digest.update(SEP.join([f"{s.id}{SEP}{s.reason}" for s in scan.skipped]).encode("utf-8", "surrogateescape"))
    return digest.digest()


def stored_digest(conn: sqlite3.Connection) -> bytes | None:
    row = conn.execute("SELECT digest FROM walk WHERE key = 0").fetchone()
    return None if row is None else bytes(row[0])


def store_digest(conn: sqlite3.Connection, digest: bytes) -> None:
    """Record that the ``files`` table is now in step with the walk of this digest."""
    if digest:
        conn.execute("INSERT OR REPLACE INTO walk VALUES (0, ?)", (digest,))


def folder_changes(root: Path, conn: sqlite3.Connection) -> FolderChanges:
    """Walk ``root`` and compare it with the cache on ``conn`` (which is only read)."""
    scan = scan_corpus(root)
    digest = walk_digest(scan)
    if digest == stored_digest(conn):
        return FolderChanges([], [], [], {})  # (no digest: it is stored already)
    return compare(scan.found(), scan.skipped, [CachedStat._make(r) for r in conn.execute(CACHED_STATS)], digest)


def compare(found: list[FoundFile], skips: list[SkippedFile], cached_rows: list[CachedStat], digest: bytes = b"") -> FolderChanges:
    """A walk's files and skips against the cached rows, file by file."""
    cached = {row.id: row for row in cached_rows}
    present = {f.id for f in found} | {s.id for s in skips}
    stale = [f for f in found if (row := cached.get(f.id)) is None or (row.size, row.mtime_ns) != (f.size, f.mtime_ns)]
    gone = [i for i in cached if i not in present]
    new_skips = [s for s in skips if (row := cached.get(s.id)) is None or row.skipped != s.reason]
    was_found = {row.id for row in cached_rows if row.size is not None}
    if len(was_found) == len(found) and all(f.id in was_found for f in found):
        ranks = {f.id: rank for f in stale if (rank := cached[f.id].rank) is not None}
        reranked = any(cached[f.id].rank is None for f in stale)
        if reranked:
            ranks = natural_ranks(found)
    else:
        ranks, reranked = natural_ranks(found), True
    return FolderChanges(stale, gone, new_skips, ranks, reranked, digest)


def natural_ranks(found: list[FoundFile]) -> dict[str, int]:
    """Every file's place in natural order of id (``spch2`` before ``spch10``)."""
    return {f.id: i for i, f in enumerate(sorted(found, key=lambda f: natural_key(f.id)))}


def folder_changes_from_cache(root: Path, path: Path) -> FolderChanges:
    """``folder_changes`` in a helper process, reading the cached rows itself."""
    conn = open_reader(path)
    try:
        changes = folder_changes(root, conn)
    finally:
        conn.close()
    if not changes.changed:
        changes.ranks = {}  # nothing to write: spare sending 100,000 ranks back
    return changes
