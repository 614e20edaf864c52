"""The corpus index: every statement's listing data, cached between runs.

Opening a folder walks it and stats each file; only files that are new or changed
since the cached index (size or mtime differ) are read, so reopening an unchanged
corpus of 100,000 statements reads no file content (``corpus.folder_diff``). A large
first build reads files in a process pool (``corpus.statement_files``). The cache is
a SQLite file in the user cache directory, keyed by the corpus's absolute path,
never inside the corpus (``corpus.index_db``). It also caches the listing snapshot
(``corpus.listing_store``), reading texts (``corpus.text_cache``) and, through
``corpus.fts``, the full-text search index; each of those modules owns its tables.
``CorpusIndex`` ties them together under one connection and one lock.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from . import text_cache
from .cache_file import CacheFile
from .discovery import FoundFile
from .errors import CorpusError
from .folder_diff import (
    WALK_SCHEMA,
    WALK_TABLES,
    FolderChanges,
    folder_changes,
    folder_changes_from_cache,
    store_digest,
)
from .index_db import INFO_SCHEMA, get_info, recovering, recovering_or, set_info, try_briefly
from .listing import Listing
from .listing_store import LISTING_SCHEMA, LISTING_TABLES, build_and_save, saved_listing
from .paths import cache_dir, corpus_slug
from .statement_files import FILES_COLUMNS, FILES_SCHEMA, INSERT_ROWS, IndexRow, pending_row, read_rows
from .text_cache import TEXTS_SCHEMA, TEXTS_TABLES, TextRow
from .workers import run_in_child

INDEX_VERSION = "2"  # bump when what the index stores or how it is parsed changes
WALK_IN_CHILD_FROM = 2000  # cached files from which the app's background walk runs in a helper process

# Order matters: the listing and walk triggers are on ``files``.
SCHEMA = INFO_SCHEMA + FILES_SCHEMA + TEXTS_SCHEMA + LISTING_SCHEMA + WALK_SCHEMA
_DATA_TABLES = ("files", *TEXTS_TABLES, *LISTING_TABLES, *WALK_TABLES)

Progress = Callable[[int, int], None]


def index_path_for(root: Path) -> Path:
    """Where the cached index of the corpus at ``root`` lives."""
    return cache_dir() / "index" / f"{corpus_slug(root)}.sqlite3"


def _all_read_again(index: CorpusIndex, progress: Progress | None = None, workers: int | None = None) -> int:
    """After a rebuild in ``read_pending``, every file was read again: the list must be redrawn."""
    return max(1, index.count())


class CorpusIndex(CacheFile):
    """The cached index of one corpus folder."""

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = root
        super().__init__(path or index_path_for(root), SCHEMA)

    def _rebuilt(self) -> None:
        self.refresh()  # the files table again, so listings stay whole

    def _setup(self) -> None:
        super()._setup()
        columns = [row[1] for row in self._conn.execute("PRAGMA table_info(files)")]
        if get_info(self._conn, "version") != INDEX_VERSION or columns != FILES_COLUMNS:
            # Another version's layout: start the cache again from scratch (``corpus.fts``
            # sees its triggers gone with ``texts`` and builds its own table again).
            self._conn.executescript("".join(f"DROP TABLE IF EXISTS {table};" for table in _DATA_TABLES))
            self._conn.executescript(SCHEMA)
            with self.transaction():
                self._conn.execute("DELETE FROM info")
                set_info(self._conn, "version", INDEX_VERSION)
                set_info(self._conn, "root", str(self.root))

    # ------------------------------------------------------------------ files
    @property
    def complete(self) -> bool:
        """Whether a full refresh has ever finished (the list can be loaded without a walk)."""
        return self._complete()

    @recovering
    def _complete(self) -> bool:
        with self._lock:
            return get_info(self._conn, "complete") == "1"

    @recovering
    def count(self) -> int:
        """How many rows (statements and skipped files) the index holds."""
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM files").fetchone()[0])

    @recovering
    def row(self, statement_id: str) -> IndexRow | None:
        """The cached row of one file, or None."""
        with self._lock:
            found = self._conn.execute("SELECT * FROM files WHERE id = ?", (statement_id,)).fetchone()
        return None if found is None else IndexRow._make(found)

    @recovering
    def refresh(self, progress: Progress | None = None, workers: int | None = None, defer: bool = False,
                in_child: bool = True) -> bool:
        """Bring the index up to date with the folder; True if anything changed.

        With ``defer``, new and changed files are only listed (id, size, metadata from
        the file name) and left *pending*: ``read_pending`` reads them later, so a new
        corpus of 100,000 statements can be shown after the walk alone. ``in_child``
        lets the walk of a large corpus run in a helper process (the app's background
        refresh); a command that waits for the answer walks in its own process.
        """
        diff = self._folder_changes(in_child)
        changed = diff.changed or not self.complete
        total = len(diff.stale)
        done = 0
        if progress:
            progress(0, total)
        if not changed:
            if diff.digest:  # the first check since the table was last written
                with self._lock:
                    try_briefly(self._conn, lambda conn: store_digest(conn, diff.digest))
            return False
        ranks = diff.ranks  # natural order, from the walk: rows are written with it
        with self.transaction() as conn:
            if diff.gone:  # (deleting texts also takes them out of the search index)
                conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in diff.gone])
                text_cache.forget_texts(conn, diff.gone)
            # Skips found while walking are re-checked every time (they cost no read) and
            # written only when new or different, so an unchanged folder writes nothing.
            conn.executemany("INSERT OR REPLACE INTO files (id, skipped) VALUES (?, ?)",
                             [(s.id, s.reason) for s in diff.new_skips])
            batches = ([pending_row(item) for item in diff.stale],) if defer else read_rows(diff.stale, workers)
            for rows in batches:
                conn.executemany(INSERT_ROWS, [row._replace(rank=ranks.get(row.id)) for row in rows])
                done += len(rows)
                if progress:
                    progress(done, total)
            if diff.reranked:
                # Files were added or removed: unchanged rows may have moved.
                conn.executemany("UPDATE files SET rank = ? WHERE id = ?", [(r, i) for i, r in ranks.items()])
            set_info(conn, "complete", "1")
            store_digest(conn, diff.digest)
        return changed

    def _folder_changes(self, in_child: bool) -> FolderChanges:
        """Walk the folder and compare it with the cached rows.

        For the app's background refresh of a large corpus the walk (100,000 stat calls
        and as many Python objects) runs in a helper process that reads the cache
        itself and returns only the differences, so the app keeps drawing the screen.
        """
        if in_child and self._on_disk and self.count() >= WALK_IN_CHILD_FROM:
            return run_in_child(folder_changes_from_cache, self.root, self.path)
        with self._lock:
            return folder_changes(self.root, self._conn)

    @recovering
    def pending(self) -> int:
        """How many listed files have not been read yet."""
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM files WHERE sha256 IS NULL AND skipped IS NULL").fetchone()[0])

    @recovering_or(_all_read_again)
    def read_pending(self, progress: Progress | None = None, workers: int | None = None) -> int:
        """Read the files ``refresh(defer=True)`` only listed; returns how many."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, size, mtime_ns, rank FROM files WHERE sha256 IS NULL AND skipped IS NULL ORDER BY rank"
            ).fetchall()
        if not rows:
            return 0
        ranks = {sid: rank for sid, _, _, rank in rows}
        items = [FoundFile(sid, str(self.root.joinpath(*sid.split("/"))), size, mtime) for sid, size, mtime, _ in rows]
        done, total = 0, len(items)
        if progress:
            progress(0, total)
        for batch in read_rows(items, workers):
            with self.transaction() as conn:
                conn.executemany(INSERT_ROWS, [row._replace(rank=ranks.get(row.id)) for row in batch])
            done += len(batch)
            if progress:
                progress(done, total)
        return total

    @recovering
    def listing(self) -> Listing:
        """Every statement's listing data, from the snapshot if the files are unchanged since."""
        with self._lock:
            saved = saved_listing(self._conn)
        if saved is not None:
            return saved
        with self._lock:
            return build_and_save(self._conn)

    # ------------------------------------------------------------------ texts
    @recovering
    def cached_text_keys(self) -> set[tuple[str, str]]:
        """``(id, sha256)`` of every reading text cached for the current normaliser."""
        with self._lock:
            return text_cache.cached_text_keys(self._conn)

    @recovering
    def cached_text(self, statement_id: str, sha256: str) -> str | None:
        """The reading text cached for this file content and normaliser, if any.

        Read through this thread's own connection where the cache is a file: a text
        not in the page cache costs a disk read, and a thread prefetching the next
        statements must not hold up the one drawing the screen.
        """
        reader = self.reader()
        if reader is not None:
            try:
                return text_cache.cached_text(reader, statement_id, sha256)
            except sqlite3.Error:
                pass  # e.g. the cache was replaced under it: ask the shared connection
        with self._lock:
            return text_cache.cached_text(self._conn, statement_id, sha256)

    @recovering
    def store_texts(self, rows: Iterable[TextRow]) -> None:
        """Cache reading texts: ``(id, sha256, text)``; keeps lengths in step."""
        with self.transaction() as conn:
            text_cache.store_texts(conn, rows)


def check_root(root: Path) -> Path:
    """Resolve and validate a corpus folder, or raise one clear sentence."""
    if not root.exists():
        raise CorpusError(f"The corpus folder {root} does not exist.")
    if not root.is_dir():
        raise CorpusError(f"{root} is a file, not a folder: give the folder that holds the statements.")
    try:
        with os.scandir(root):
            pass
    except OSError as exc:
        raise CorpusError(f"The corpus folder {root} cannot be read ({exc.strerror or exc}).") from None
    return root.resolve()
