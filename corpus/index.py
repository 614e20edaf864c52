"""The corpus index: every statement's listing data, cached between runs.

Opening a folder walks it and stats each file; only files that are new or changed
since the cached index (size or mtime differ) are read, so reopening an unchanged
corpus of 100,000 statements reads no file content. A large first build reads files
in a process pool (reading and parsing is CPU-bound Python). The cache is a SQLite
file in the user cache directory, keyed by the corpus's absolute path, never inside
the corpus. It also caches reading texts (see ``cached_text``) and, through
``corpus.search``, the full-text search index.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import orjson

from .decoding import looks_binary
from .discovery import FoundFile, SkippedFile, natural_key, walk_corpus
from .errors import CorpusError
from .filenames import metadata_from_path
from .listing import Listing
from .normalise import NORMALISER_VERSION, parse_header
from .paths import cache_dir, corpus_slug
from .workers import helper_pool, run_in_child

INDEX_VERSION = "2"  # bump when what the index stores or how it is parsed changes
MAX_FILE_BYTES = 64 * 1024 * 1024  # a statement is a few KB; refuse pathological files
POOL_THRESHOLD = 2000  # files to read before a process pool pays for itself
CHUNK = 400

Progress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    skipped TEXT, speaker TEXT, affiliation TEXT, spoke_in TEXT, meta BLOB,
    length INTEGER, normaliser TEXT, rank INTEGER
);
CREATE TABLE IF NOT EXISTS texts (
    id TEXT PRIMARY KEY, sha256 TEXT, normaliser TEXT, text TEXT
);
CREATE TABLE IF NOT EXISTS listing (key INTEGER PRIMARY KEY, snapshot BLOB);
CREATE TRIGGER IF NOT EXISTS listing_stale_insert AFTER INSERT ON files BEGIN DELETE FROM listing; END;
CREATE TRIGGER IF NOT EXISTS listing_stale_update AFTER UPDATE ON files BEGIN DELETE FROM listing; END;
CREATE TRIGGER IF NOT EXISTS listing_stale_delete AFTER DELETE ON files BEGIN DELETE FROM listing; END;
"""
# The listing snapshot (see corpus.listing) is a cache of the files table: the triggers
# drop it on any change to a file's row, whoever makes it, and ``listing`` rebuilds it.


_FILES_COLUMNS = [
    "id", "size", "mtime_ns", "sha256", "skipped", "speaker", "affiliation", "spoke_in", "meta", "length",
    "normaliser", "rank",
]


def index_path_for(root: Path) -> Path:
    """Where the cached index of the corpus at ``root`` lives."""
    return cache_dir() / "index" / f"{corpus_slug(root)}.sqlite3"


def _open(path: Path | str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    conn.executescript(_SCHEMA)
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")  # a cache: damage is detected and rebuilt
    return conn


QUICK_CHECK_BYTES = 8 * 1024 * 1024  # below this, every open checks the cache (milliseconds)
_DAMAGE_WORDS = ("malformed", "corrupt", "not a database", "disk i/o", "file is not")
_FULL_WORDS = ("disk is full", "database or disk is full", "readonly database", "unable to open")


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


def _check(conn: sqlite3.Connection, path: Path) -> None:
    """A quick integrity check where it is cheap: a small cache, or one not closed cleanly.

    SQLite removes the ``-wal`` file when the last connection closes; one left at
    open means a crash or kill (or another margin running), so the check is worth it.
    """
    try:
        small = path.stat().st_size < QUICK_CHECK_BYTES
    except OSError:
        small = True
    if small or Path(str(path) + "-wal").exists():
        result = conn.execute("PRAGMA quick_check").fetchone()
        if not result or result[0] != "ok":
            raise sqlite3.DatabaseError("its integrity check failed")


def _why(exc: BaseException) -> str:
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


def _connect(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the cache, and a sentence if it had to be moved aside or kept in memory."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _open(":memory:"), f"The index cache folder {path.parent} cannot be used ({exc.strerror or exc}); margin works without a cache."
    try:
        conn = _open(path)
        _check(conn, path)
        return conn, None
    except sqlite3.DatabaseError as exc:
        try:
            conn.close()  # type: ignore[possibly-undefined]
        except (NameError, UnboundLocalError, sqlite3.Error):
            pass
        return _reopen(path, exc)
    except OSError:
        return _open(":memory:"), None  # cache folder not writable: work without a cache


def _reopen(path: Path, exc: BaseException) -> tuple[sqlite3.Connection, str]:
    """A fresh cache in place of a damaged one (in memory if the disk will not take it)."""
    if _is_full(exc):
        return _open(":memory:"), (
            f"The index cache {path} cannot be written ({_why(exc)}); margin keeps it in memory for this run."
        )
    aside = _move_aside(path)
    try:
        return _open(path), f"The index cache {path} was damaged ({_why(exc)}); it was moved to {aside} and rebuilt."
    except (sqlite3.Error, OSError) as again:
        return _open(":memory:"), (
            f"The index cache {path} was damaged ({_why(exc)}) and cannot be rebuilt there ({_why(again)}); "
            "margin keeps it in memory for this run."
        )


def _recovering(after_rebuild: Callable | None = None):
    """Run an index method; on a damaged cache, rebuild it once and run it again.

    ``after_rebuild`` gives the result instead of a retry where a retry would
    wrongly say "nothing to do" (the rebuild has done it).
    """

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            generation = self._generation
            try:
                return method(self, *args, **kwargs)
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc) or self._rebuilding:
                    raise
                self.recover(exc, generation)
            if after_rebuild is not None:
                return after_rebuild(self, *args, **kwargs)
            return method(self, *args, **kwargs)

        return wrapper

    return decorate


def read_statement_file(path: str, size: int) -> tuple[bytes | None, str | None]:
    """Read a statement's bytes, or say why it cannot be a statement."""
    if size > MAX_FILE_BYTES:
        return None, f"too large for a statement ({size // (1024 * 1024)} MB)"
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if looks_binary(raw):
        return None, "binary file (contains NUL bytes)"
    if not raw.strip():
        return None, "empty file"
    return raw, None


def _row_for(item: tuple[str, str, int, int]) -> tuple:
    sid, path, size, mtime_ns = item
    raw, reason = read_statement_file(path, size)
    if raw is None:
        return (sid, size, mtime_ns, None, reason, None, None, None, None, None, None, None)
    speaker, _ = parse_header(raw)
    return (
        sid, size, mtime_ns, hashlib.sha256(raw).hexdigest(), None,
        speaker.speaker if speaker else None,
        speaker.affiliation if speaker else None,
        speaker.spoke_in if speaker else None,
        orjson.dumps(metadata_from_path(sid)), None, None, None,
    )


def _pending_row(item: tuple[str, str, int, int]) -> tuple:
    """A file listed but not read yet: no hash, no speaker (see ``read_pending``)."""
    sid, _, size, mtime_ns = item
    return (sid, size, mtime_ns, None, None, None, None, None, orjson.dumps(metadata_from_path(sid)), None, None, None)


def _rows_for_chunk(items: list[tuple[str, str, int, int]]) -> list[tuple]:
    return [_row_for(item) for item in items]


@dataclass
class FolderChanges:
    """What a walk of the folder found different from the cached index."""

    stale: list[tuple[str, str, int, int]]  # new or changed files: (id, path, size, mtime_ns)
    gone: list[str]  # ids no longer in the folder
    new_skips: list[SkippedFile]  # files skipped now, and not (or not for this reason) before
    ranks: dict[str, int]  # natural-order rank of every file found


def folder_changes(root: Path, cached_rows: list[tuple]) -> FolderChanges:
    """Compare a walk of ``root`` with cached ``(id, size, mtime_ns, skipped)`` rows."""
    cached = {row[0]: (row[1], row[2]) for row in cached_rows}
    cached_skips = {row[0]: row[3] for row in cached_rows if row[3]}
    found: list[FoundFile] = []
    walk_skips: list[SkippedFile] = []
    for item in walk_corpus(root):
        (found if isinstance(item, FoundFile) else walk_skips).append(item)
    present = {f.id for f in found} | {s.id for s in walk_skips}
    stale = [(f.id, f.path, f.size, f.mtime_ns) for f in found if cached.get(f.id) != (f.size, f.mtime_ns)]
    gone = [i for i in cached if i not in present]
    new_skips = [s for s in walk_skips if cached_skips.get(s.id) != s.reason]
    ranks = {f.id: i for i, f in enumerate(sorted(found, key=lambda f: natural_key(f.id)))}
    return FolderChanges(stale, gone, new_skips, ranks)


def folder_changes_from_cache(root: Path, path: Path) -> FolderChanges:
    """``folder_changes`` in a helper process, reading the cached rows itself."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        cached_rows = conn.execute("SELECT id, size, mtime_ns, skipped FROM files").fetchall()
    finally:
        conn.close()
    changes = folder_changes(root, cached_rows)
    if not (changes.stale or changes.gone or changes.new_skips):
        changes.ranks = {}  # nothing to write: spare sending 100,000 ranks back
    return changes


class CorpusIndex:
    """The cached index of one corpus folder."""

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = root
        self.path = path or index_path_for(root)
        self._lock = threading.Lock()  # the app reads from worker threads too
        self._recover_lock = threading.Lock()
        self._rebuilding = False
        self._generation = 0  # bumped by each rebuild
        self._notices: list[str] = []
        self.on_notice: Callable[[str], None] | None = None  # else kept for ``take_notices``
        self._readers = threading.local()
        self._reader_conns: list[sqlite3.Connection] = []
        self._conn, notice = _connect(self.path)
        try:
            self._setup()
        except sqlite3.DatabaseError as exc:
            if not is_damage(exc):
                raise
            self._conn.close()
            self._conn, notice = _reopen(self.path, exc)
            self._setup()
        if notice:
            self._notice(notice)

    def _setup(self) -> None:
        # False for the in-memory fallback used when the cache folder is not writable.
        self._on_disk = bool(self._conn.execute("PRAGMA database_list").fetchone()[2])
        columns = [row[1] for row in self._conn.execute("PRAGMA table_info(files)")]
        if self._info("version") != INDEX_VERSION or columns != _FILES_COLUMNS:
            # Another version's layout: start the cache again from scratch.
            self._conn.executescript("DROP TABLE IF EXISTS files; DROP TABLE IF EXISTS texts; DROP TABLE IF EXISTS fts;")
            self._conn.executescript(_SCHEMA)
            with self.transaction():
                self._conn.execute("DELETE FROM info")
                self._conn.execute("INSERT INTO info VALUES ('version', ?)", (INDEX_VERSION,))
                self._conn.execute("INSERT INTO info VALUES ('root', ?)", (str(self.root),))

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

        The cache is disposable: the folder is walked and read again at once (so
        the statement list stays whole); texts are cached again as they are read. ``generation`` (from before the failed
        operation) avoids rebuilding twice when two threads hit the damage at once.
        """
        with self._recover_lock:
            if generation is not None and generation != self._generation:
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
                    self._conn, notice = _reopen(self.path, exc)
                else:
                    self._conn, notice = _open(":memory:"), f"The in-memory index cache failed ({_why(exc)}); it was rebuilt."
                self._generation += 1
            self._rebuilding = True
            try:
                self._setup()
                self.refresh()  # the files table again, so listings stay whole
            finally:
                self._rebuilding = False
        self._notice(notice)

    def _info(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_info(self, key: str, value: str) -> None:
        self._conn.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

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

    @property
    def complete(self) -> bool:
        """Whether a full refresh has ever finished (the list can be loaded without a walk)."""
        return self._complete()

    @_recovering()
    def _complete(self) -> bool:
        return self._info("complete") == "1"

    @_recovering()
    def count(self) -> int:
        """How many rows (statements and skipped files) the index holds."""
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM files").fetchone()[0]

    @_recovering()
    def cached_text_keys(self) -> set[tuple[str, str]]:
        """``(id, sha256)`` of every reading text cached for the current normaliser."""
        with self._lock:
            rows = self._conn.execute("SELECT id, sha256 FROM texts WHERE normaliser = ?", (NORMALISER_VERSION,))
            return {(row[0], row[1]) for row in rows}

    def run(self, operation: Callable[[], object]):
        """``operation()`` (which uses ``connection``), rebuilding a damaged cache once."""
        return _recovering()(lambda self: operation())(self)

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

    @_recovering()
    def refresh(self, progress: Progress | None = None, workers: int | None = None, defer: bool = False) -> bool:
        """Bring the index up to date with the folder; True if anything changed.

        With ``defer``, new and changed files are only listed (id, size, metadata from
        the file name) and left *pending*: ``read_pending`` reads them later, so a new
        corpus of 100,000 statements can be shown after the walk alone.
        """
        diff = self._folder_changes()
        stale, gone, new_skips = diff.stale, diff.gone, diff.new_skips
        changed = bool(stale or gone or new_skips) or not self.complete
        total = len(stale)
        done = 0
        if progress:
            progress(0, total)
        if not changed:
            return False
        # Ranks (natural order) come from the walk, so rows are written with them.
        ranks = diff.ranks
        found_count = len(ranks)
        with self.transaction() as conn:
            if gone:  # (deleting texts also takes them out of the search index)
                conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in gone])
                conn.executemany("DELETE FROM texts WHERE id = ?", [(i,) for i in gone])
            # Skips found while walking are re-checked every time (they cost no read) and
            # written only when new or different, so an unchanged folder writes nothing.
            conn.executemany("INSERT OR REPLACE INTO files (id, skipped) VALUES (?, ?)", [(s.id, s.reason) for s in new_skips])
            batches = ([_pending_row(item) for item in stale],) if defer else self._read_rows(stale, workers)
            for rows in batches:
                rows = [row[:-1] + (ranks.get(row[0]),) for row in rows]
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)
                done += len(rows)
                if progress:
                    progress(done, total)
            if len(stale) < found_count:
                # Files were added or removed: unchanged rows may have moved.
                conn.executemany("UPDATE files SET rank = ? WHERE id = ?", [(r, i) for i, r in ranks.items()])
            self._set_info("complete", "1")
        return changed

    def _folder_changes(self) -> FolderChanges:
        """Walk the folder and compare it with the cached rows.

        For a large corpus the walk (100,000 stat calls and as many Python objects)
        runs in a helper process that reads the cache itself and returns only the
        differences, so the app's process keeps drawing the screen meanwhile.
        """
        with self._lock:
            count = self._conn.execute("SELECT count(*) FROM files").fetchone()[0]
        if count >= POOL_THRESHOLD and self._on_disk:
            return run_in_child(folder_changes_from_cache, self.root, self.path)
        with self._lock:
            cached_rows = self._conn.execute("SELECT id, size, mtime_ns, skipped FROM files").fetchall()
        return folder_changes(self.root, cached_rows)

    @_recovering()
    def pending(self) -> int:
        """How many listed files have not been read yet."""
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM files WHERE sha256 IS NULL AND skipped IS NULL").fetchone()[0]

    @_recovering(after_rebuild=lambda self, *a, **k: max(1, self.count()))  # all read again: relist
    def read_pending(self, progress: Progress | None = None, workers: int | None = None) -> int:
        """Read the files ``refresh(defer=True)`` only listed; returns how many."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT id, size, mtime_ns, rank FROM files WHERE sha256 IS NULL AND skipped IS NULL ORDER BY rank"
            ).fetchall()
        if not rows:
            return 0
        ranks = {r[0]: r[3] for r in rows}
        items = [(r[0], str(self.root.joinpath(*r[0].split("/"))), r[1], r[2]) for r in rows]
        done, total = 0, len(items)
        if progress:
            progress(0, total)
        for batch in self._read_rows(items, workers):
            batch = [row[:-1] + (ranks.get(row[0]),) for row in batch]
            with self.transaction() as conn:
                conn.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            done += len(batch)
            if progress:
                progress(done, total)
        return total

    def _read_rows(self, stale: list[tuple[str, str, int, int]], workers: int | None) -> Iterable[list[tuple]]:
        chunks = [stale[i : i + CHUNK] for i in range(0, len(stale), CHUNK)]
        workers = workers if workers is not None else min(4, os.cpu_count() or 1)
        if workers > 1 and len(stale) >= POOL_THRESHOLD:
            try:
                with helper_pool(workers) as pool:
                    results = pool.map(_rows_for_chunk, chunks)
                    first = next(results, None)  # fails here if no worker can start
                    if first is not None:
                        yield first
                    yield from results
                return
            except (OSError, RuntimeError, ValueError):
                pass  # no subprocesses here (sandbox, odd stderr): read in this process
        for chunk in chunks:
            yield _rows_for_chunk(chunk)

    @staticmethod
    def _sorted_rows(conn: sqlite3.Connection) -> list[tuple]:
        """Every file's listing data, in natural order of id."""
        rows = conn.execute(
            "SELECT id, size, sha256, skipped, speaker, affiliation, spoke_in, meta, length, normaliser, rank FROM files"
        ).fetchall()
        # Sorting 100,000 small ints here is faster than SQLite's ORDER BY (0.03 s vs 0.2 s).
        rows.sort(key=lambda r: r[10] if r[10] is not None else -1)
        return rows

    @_recovering()
    def listing(self) -> Listing:
        """Every statement's listing data, from the snapshot if the files are unchanged since."""
        with self._lock:
            row = self._conn.execute("SELECT snapshot FROM listing WHERE key = 0").fetchone()
        if row is not None:
            listing = Listing.from_bytes(row[0])
            if listing is not None:
                return listing
        with self._lock:
            conn = self._conn
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            listing = Listing.from_rows(self._sorted_rows(conn))
            # Saved only if no other process changed the index meanwhile (this one holds
            # the lock), and never waiting long for one that is writing: the snapshot is
            # only a cache, and the next open builds it again.
            conn.execute("PRAGMA busy_timeout = 200")
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if conn.execute("PRAGMA data_version").fetchone()[0] == version:
                        conn.execute("INSERT OR REPLACE INTO listing VALUES (0, ?)", (listing.to_bytes(),))
                    conn.execute("COMMIT")
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError:
                pass  # busy or read-only: use the listing unsaved
            finally:
                conn.execute("PRAGMA busy_timeout = 30000")
        return listing

    @_recovering()
    def cached_text(self, statement_id: str, sha256: str) -> str | None:
        """The reading text cached for this file content and normaliser, if any.

        Read through this thread's own connection where the cache is a file: a text
        not in the page cache costs a disk read, and a thread prefetching the next
        statements must not hold up the one drawing the screen.
        """
        query = "SELECT text FROM texts WHERE id = ? AND sha256 = ? AND normaliser = ?"
        params = (statement_id, sha256, NORMALISER_VERSION)
        reader = self.reader()
        if reader is not None:
            try:
                row = reader.execute(query, params).fetchone()
                return row[0] if row else None
            except sqlite3.Error:
                pass  # e.g. the cache was replaced under it: ask the shared connection
        with self._lock:
            row = self._conn.execute(query, params).fetchone()
        return row[0] if row else None

    def reader(self) -> sqlite3.Connection | None:
        """This thread's read-only connection (None for an in-memory cache)."""
        if not self._on_disk:
            return None
        conn = getattr(self._readers, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, check_same_thread=False)
            except sqlite3.Error:
                return None
            self._readers.conn = conn
            self._reader_conns.append(conn)
        return conn

    @_recovering()
    def store_texts(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Cache reading texts: ``(id, sha256, text)``; keeps lengths in step."""
        rows = list(rows)
        with self.transaction() as conn:
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
