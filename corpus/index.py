"""The corpus index: every statement's listing data, cached between runs.

Opening a folder walks it and stats each file; only files that are new or changed
since the cached index (size or mtime differ) are read, so reopening an unchanged
corpus of 100,000 statements reads no file content. The cache is a SQLite file in the
user cache directory, keyed by the corpus's absolute path, never inside the corpus.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterable
from contextlib import closing
from pathlib import Path

import orjson

from .decoding import looks_binary
from .discovery import FoundFile, SkippedFile, natural_key, walk_corpus
from .errors import CorpusError
from .filenames import metadata_from_path
from .model import Statement
from .normalise import NORMALISER_VERSION, parse_bytes, parse_header
from .paths import cache_dir, corpus_slug

INDEX_VERSION = "1"  # bump when what the index stores or how it is parsed changes
MAX_FILE_BYTES = 64 * 1024 * 1024  # a statement is a few KB; refuse pathological files

Progress = Callable[[int, int], None]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS info (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS texts (
    id TEXT PRIMARY KEY, sha256 TEXT, normaliser TEXT, text TEXT
);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    skipped TEXT, speaker TEXT, affiliation TEXT, spoke_in TEXT, meta BLOB,
    length INTEGER, normaliser TEXT
);
"""


def index_path_for(root: Path) -> Path:
    """Where the cached index of the corpus at ``root`` lives."""
    return cache_dir() / "index" / f"{corpus_slug(root)}.sqlite3"


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        conn.executescript(_SCHEMA)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn
    except sqlite3.DatabaseError:
        # A damaged cache is only a cache: start it again.
        path.unlink(missing_ok=True)
        conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
        conn.executescript(_SCHEMA)
        return conn
    except OSError:
        conn = sqlite3.connect(":memory:", check_same_thread=False)  # cache dir not writable
        conn.executescript(_SCHEMA)
        return conn


def read_statement_file(found: FoundFile) -> tuple[bytes | None, str | None]:
    """Read a statement's bytes, or say why it cannot be a statement."""
    if found.size > MAX_FILE_BYTES:
        return None, f"too large for a statement ({found.size // (1024 * 1024)} MB)"
    try:
        raw = found.path.read_bytes()
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if looks_binary(raw):
        return None, "binary file (contains NUL bytes)"
    if not raw.strip():
        return None, "empty file"
    return raw, None


def _row_for(found: FoundFile) -> tuple:
    raw, reason = read_statement_file(found)
    if raw is None:
        return (found.id, found.size, found.mtime_ns, None, reason, None, None, None, None, None, None)
    speaker, _ = parse_header(raw)
    sha = hashlib.sha256(raw).hexdigest()
    meta = orjson.dumps(metadata_from_path(found.id))
    return (
        found.id, found.size, found.mtime_ns, sha, None,
        speaker.speaker if speaker else None,
        speaker.affiliation if speaker else None,
        speaker.spoke_in if speaker else None,
        meta, None, None,
    )


class CorpusIndex:
    """The cached index of one corpus folder."""

    def __init__(self, root: Path, path: Path | None = None) -> None:
        self.root = root
        self.path = path or index_path_for(root)
        self._conn = _connect(self.path)
        self._lock = threading.Lock()  # the app reads texts from worker threads too
        version = self._info("version")
        if version != INDEX_VERSION:
            with self._conn:
                self._conn.execute("DELETE FROM files")
                self._conn.execute("INSERT OR REPLACE INTO info VALUES ('version', ?)", (INDEX_VERSION,))
                self._conn.execute("INSERT OR REPLACE INTO info VALUES ('root', ?)", (str(root),))

    def _info(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def close(self) -> None:
        self._conn.close()

    def refresh(self, progress: Progress | None = None) -> None:
        """Bring the index up to date with the folder: read new and changed files."""
        cached = {
            row[0]: (row[1], row[2])
            for row in self._conn.execute("SELECT id, size, mtime_ns FROM files")
        }
        found: list[FoundFile] = []
        walk_skips: list[SkippedFile] = []
        for item in walk_corpus(self.root):
            (found if isinstance(item, FoundFile) else walk_skips).append(item)
        present = {f.id for f in found} | {s.id for s in walk_skips}
        stale = [f for f in found if cached.get(f.id) != (f.size, f.mtime_ns)]
        gone = [i for i in cached if i not in present]
        total = len(stale)
        batch: list[tuple] = []
        with self._conn:
            if gone:
                self._conn.executemany("DELETE FROM files WHERE id = ?", [(i,) for i in gone])
                self._conn.executemany("DELETE FROM texts WHERE id = ?", [(i,) for i in gone])
            # Skips found while walking are re-checked every time; they cost no read.
            self._conn.executemany(
                "INSERT OR REPLACE INTO files (id, skipped) VALUES (?, ?)",
                [(s.id, s.reason) for s in walk_skips],
            )
        for done, item in enumerate(stale, 1):
            batch.append(_row_for(item))
            if len(batch) >= 500 or done == total:
                self._write(batch)
                batch = []
            if progress and (done % 200 == 0 or done == total):
                progress(done, total)

    def _write(self, rows: Iterable[tuple]) -> None:
        with self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?)", list(rows)
            )

    def rows(self) -> list[tuple]:
        return self._conn.execute(
            "SELECT id, size, sha256, skipped, speaker, affiliation, spoke_in, meta, length, normaliser FROM files"
        ).fetchall()

    def cached_text(self, statement_id: str, sha256: str) -> str | None:
        """The reading text cached for this file content and normaliser, if any."""
        with self._lock:
            row = self._conn.execute(
                "SELECT text FROM texts WHERE id = ? AND sha256 = ? AND normaliser = ?",
                (statement_id, sha256, NORMALISER_VERSION),
            ).fetchone()
        return row[0] if row else None

    def store_texts(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Cache reading texts: ``(id, sha256, text)``."""
        with self._lock, self._conn:
            self._conn.executemany(
                "INSERT OR REPLACE INTO texts VALUES (?, ?, ?, ?)",
                [(i, sha, NORMALISER_VERSION, text) for i, sha, text in rows],
            )

    def store_lengths(self, lengths: Iterable[tuple[str, int]]) -> None:
        with self._conn:
            self._conn.executemany(
                "UPDATE files SET length = ?, normaliser = ? WHERE id = ?",
                [(n, NORMALISER_VERSION, i) for i, n in lengths],
            )


def build_statements(
    rows: list[tuple], table: dict[str, dict[str, str]] | None = None
) -> tuple[list[Statement], list[SkippedFile]]:
    """Index rows -> statements in natural order of id, and the skipped files."""
    statements: list[Statement] = []
    skipped: list[SkippedFile] = []
    for sid, size, sha, skip, speaker, affiliation, spoke_in, meta_blob, length, normaliser in rows:
        if skip:
            skipped.append(SkippedFile(sid, skip))
            continue
        meta = orjson.loads(meta_blob) if meta_blob else {}
        if table:
            extra = table.get(sid.rsplit("/", 1)[-1])
            if extra:
                meta.update(extra)
                speaker = speaker or extra.get("speaker")
                affiliation = affiliation or extra.get("country") or extra.get("affiliation")
        if affiliation is None and meta.get("country"):
            affiliation = str(meta["country"])
        statements.append(
            Statement(
                id=sid, speaker=speaker, affiliation=affiliation, spoke_in=spoke_in,
                sha256=sha, size=size, meta=meta,
                length=length if normaliser == NORMALISER_VERSION else None,
            )
        )
    statements.sort(key=lambda s: natural_key(s.id))
    skipped.sort(key=lambda s: natural_key(s.id))
    return statements, skipped


def compute_length(path: Path) -> int:
    """Length of the reading text of the file at ``path`` (for the index)."""
    return len(parse_bytes(path.read_bytes()).reading_text)


def check_root(root: Path) -> Path:
    """Resolve and validate a corpus folder, or raise one clear sentence."""
    if not root.exists():
        raise CorpusError(f"The corpus folder {root} does not exist.")
    if not root.is_dir():
        raise CorpusError(f"{root} is a file, not a folder: give the folder that holds the statements.")
    try:
        with closing(__import__("os").scandir(root)):
            pass
    except OSError as exc:
        raise CorpusError(f"The corpus folder {root} cannot be read ({exc.strerror or exc}).") from None
    return root.resolve()
