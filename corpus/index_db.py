"""The index cache's SQLite file: opening it, telling damage from other errors, replacing it.

The cache is disposable: a file that is damaged (malformed pages, not a database, an
I/O error) is moved aside and rebuilt, and a disk that will not take it leaves the
cache in memory for the run. Each module that keeps a table in the cache owns its
schema (``corpus.statement_files``, ``corpus.text_cache``, ``corpus.listing_store``,
``corpus.folder_diff``, ``corpus.fts``); this module opens the file with the
schema it is given and holds only the ``info`` table of keys and values.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

INFO_SCHEMA = "CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);"

QUICK_CHECK_BYTES = 8 * 1024 * 1024  # below this, every open checks the cache (milliseconds)
_DAMAGE_WORDS = ("malformed", "corrupt", "not a database", "disk i/o", "file is not")
_FULL_WORDS = ("disk is full", "database or disk is full", "readonly database", "unable to open")

MEMORY = ":memory:"


def open_db(path: Path | str, schema: str) -> sqlite3.Connection:
    """A connection that autocommits (transactions are explicit), with ``schema`` created."""
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    conn.executescript(schema)
    if str(path) != MEMORY:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")  # a cache: damage is detected and rebuilt
    return conn


def open_reader(path: Path) -> sqlite3.Connection:
    """A read-only connection to the cache file (raises ``sqlite3.Error``)."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30, check_same_thread=False)


def is_damage(exc: BaseException) -> bool:
    """Whether a database error means the cache file itself is unusable.

    Constraint and programming errors are bugs, not damage; "busy" and "locked"
    are another process at work. Everything else (malformed pages, a file that is
    not a database, an I/O error, a full disk) makes the cache worth replacing.
    """
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    if isinstance(exc, (sqlite3.IntegrityError, sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        return False
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        return any(word in text for word in _DAMAGE_WORDS + _FULL_WORDS)
    return True


def _is_full(exc: BaseException) -> bool:
    return any(word in str(exc).lower() for word in _FULL_WORDS)


def _check(conn: sqlite3.Connection, path: Path, wal_left: bool) -> None:
    """A quick integrity check where it is cheap: a small cache, or one not closed cleanly.

    SQLite removes the ``-wal`` file when the last connection closes; one there
    before this open (``wal_left``: opening makes one) with no other margin holding the
    cache (``corpus.cache_users``) means a crash or kill, so the check is worth it.
    """
    try:
        small = path.stat().st_size < QUICK_CHECK_BYTES
    except OSError:
        small = True
    if small or wal_left:
        result = conn.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise sqlite3.DatabaseError("its integrity check failed")


def why(exc: BaseException) -> str:
    """SQLite's reason, on one short line (its messages can span lines and pages)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 80 else text[:79] + "…"


def _move_aside(path: Path) -> Path:
    """Move a damaged cache file out of the way (replacing an older damaged copy)."""
    aside = path.with_name(path.name + ".damaged")
    try:
        os.replace(path, aside)
    except FileNotFoundError:
        pass
    except OSError:
        path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return aside


def connect(path: Path, schema: str, alone: bool = True) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the cache, and a sentence if it had to be moved aside or kept in memory.

    ``alone``: no other process has the cache open (``corpus.cache_users``), so a ``-wal``
    file there was left by one that ended without closing it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return open_db(MEMORY, schema), (
            f"The index cache folder {path.parent} cannot be used ({exc.strerror or exc}); margin works without a cache."
        )
    conn: sqlite3.Connection | None = None
    try:
        wal_left = alone and Path(str(path) + "-wal").exists()
        conn = open_db(path, schema)
        _check(conn, path, wal_left)
        return conn, None
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        return reopen(path, schema, exc)
    except OSError:
        return open_db(MEMORY, schema), None  # cache folder not writable: work without a cache


def reopen(path: Path, schema: str, exc: BaseException) -> tuple[sqlite3.Connection, str]:
    """A fresh cache in place of a damaged one (in memory if the disk will not take it)."""
    if _is_full(exc):
        return open_db(MEMORY, schema), (
            f"The index cache {path} cannot be written ({why(exc)}); margin keeps it in memory for this run."
        )
    aside = _move_aside(path)
    try:
        return open_db(path, schema), f"The index cache {path} was damaged ({why(exc)}); it was moved to {aside} and rebuilt."
    except (sqlite3.Error, OSError) as again:
        return open_db(MEMORY, schema), (
            f"The index cache {path} was damaged ({why(exc)}) and cannot be rebuilt there ({why(again)}); "
            "margin keeps it in memory for this run."
        )


def try_briefly(conn: sqlite3.Connection, write: Callable[[sqlite3.Connection], None]) -> bool:
    """Run ``write`` in its own transaction unless another process is writing (then skip it).

    For what is only a cache of a cache (the listing snapshot, the walk's digest): the
    next open writes it again, so waiting 30 s behind another margin is never worth it.
    """
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            write(conn)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return True
    except sqlite3.OperationalError:
        return False  # busy, read-only or full: a later open writes it
    finally:
        conn.execute("PRAGMA busy_timeout = 30000")


def get_info(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_info(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))


class Recoverable(Protocol):
    """What ``recovering`` needs of the object whose methods it wraps (``CorpusIndex``)."""

    generation: int  # bumped by each rebuild
    rebuilding: bool  # a rebuild is under way: a failure then is not retried

    def recover(self, exc: BaseException, generation: int | None = None) -> None: ...


S = TypeVar("S", bound=Recoverable)
P = ParamSpec("P")
R = TypeVar("R")


def recovering(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run an index method; on a damaged cache, rebuild it once and run it again."""
    return _recovering(method, None)


def recovering_or(
    after_rebuild: Callable[Concatenate[S, P], R],
) -> Callable[[Callable[Concatenate[S, P], R]], Callable[Concatenate[S, P], R]]:
    """``recovering``, but after a rebuild ``after_rebuild`` gives the result instead of a
    retry, where a retry would wrongly say "nothing to do" (the rebuild has done it)."""

    def decorate(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
        return _recovering(method, after_rebuild)

    return decorate


def _recovering(
    method: Callable[Concatenate[S, P], R], after_rebuild: Callable[Concatenate[S, P], R] | None,
) -> Callable[Concatenate[S, P], R]:
    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        generation = self.generation
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc) or self.rebuilding:
                raise
            self.recover(exc, generation)
        if after_rebuild is not None:
            return after_rebuild(self, *args, **kwargs)
        return method(self, *args, **kwargs)

    return wrapper
