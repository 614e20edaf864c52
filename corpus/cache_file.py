"""One SQLite cache file shared by the threads of a process, and its repair.

``CorpusIndex`` is one: the app reads it from worker threads (each with its own
read-only connection, ``reader``) and writes through one connection under one lock.
When a read or write finds the file damaged, ``recover`` replaces it (see
``corpus.index_db``) and the subclass fills it again (``_rebuilt``); each sentence
about that is said once (``on_notice`` or ``take_notices``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from .cache_users import CacheUse
from .index_db import MEMORY, connect, is_damage, open_db, open_reader, recovering, reopen, why

T = TypeVar("T")


class CacheFile:
    """A cache file: one writing connection under a lock, a reader per thread, rebuilt when damaged."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        self._schema = schema
        self._lock = threading.Lock()  # the app reads from worker threads too
        self._recover_lock = threading.Lock()
        self.rebuilding = False
        self.generation = 0  # bumped by each rebuild
        self._notices: list[str] = []
        self.on_notice: Callable[[str], None] | None = None  # else kept for ``take_notices``
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        self._use = CacheUse(path)  # held until close: tells other openers this one is running
        self._conn, notice = connect(self.path, schema, alone=self._use.alone)
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            self._conn.close()
            self._conn, notice = reopen(self.path, schema, exc)
            self._setup()
        if notice:
            self._notice(notice)

    def _setup(self) -> None:
        """Check the layout on a new connection (the subclass starts again if it is another)."""
        # False for the in-memory fallback used when the cache folder is not writable.
        self._on_disk = bool(self._conn.execute("PRAGMA database_list").fetchone()[2])

    def _rebuilt(self) -> None:
        """Fill a fresh cache after a damaged one was replaced."""

    # ------------------------------------------------------------------ damage
    def _notice(self, message: str) -> None:
        callback = self.on_notice
        if callback is not None:
            callback(message)
        else:
            self._notices.append(message)

    def take_notices(self) -> list[str]:
        """Sentences about the cache (moved aside and rebuilt...) not yet shown."""
        notices, self._notices = self._notices, []
        return notices

    def recover(self, exc: BaseException, generation: int | None = None) -> None:
        """The cache is damaged: move it aside, start a fresh one, say so once.

        The cache is disposable: ``_rebuilt`` fills it again at once (the index walks
        and reads the folder, so the statement list stays whole). ``generation`` (from before the failed operation) avoids rebuilding twice when
        two threads hit the damage at once.
        """
        with self._recover_lock:
            if generation is not None and generation != self.generation:
                return  # another thread rebuilt it meanwhile
            with self._lock:
                for conn in [*self._reader_conns, self._conn]:
                    try:
                        conn.close()
                    except sqlite3.Error:
                        pass
                self._reader_conns = []
                self._readers = threading.local()
                if self._on_disk:
                    self._conn, notice = reopen(self.path, self._schema, exc)
                else:
                    self._conn, notice = open_db(MEMORY, self._schema), f"The in-memory index cache failed ({why(exc)}); it was rebuilt."
                self.generation += 1
            self.rebuilding = True
            try:
                self._setup()
                self._rebuilt()
            finally:
                self.rebuilding = False
        self._notice(notice)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One explicit transaction under the index lock (the connection autocommits)."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn
            except BaseException:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass  # a damaged file may refuse even this; the caller rebuilds
                raise
            conn.execute("COMMIT")

    def run(self, operation: Callable[[], T]) -> T:
        """``operation()`` (which uses ``connection``), rebuilding a damaged cache once."""

        @recovering
        def attempt(cache: CacheFile) -> T:
            return operation()

        return attempt(self)

    @property
    def connection(self) -> sqlite3.Connection:
        return self._conn

    @property
    def lock(self) -> threading.Lock:
        return self._lock

    def close(self) -> None:
        for conn in self._reader_conns:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        self._conn.close()
        self._use.close()

    def reader(self) -> sqlite3.Connection | None:
        """This thread's read-only connection (None for an in-memory cache)."""
        if not self._on_disk:
            return None
        conn: sqlite3.Connection | None = getattr(self._readers, "conn", None)
        if conn is None:
            try:
                conn = open_reader(self.path)
            except sqlite3.Error:
                return None
            self._readers.conn = conn
            self._reader_conns.append(conn)
        return conn
