"""Reading statement files into rows of the index's ``files`` table.

One row per file the walk found (or skipped): its stat, the hash of its bytes, the
speaker line and the file name's metadata. Reading and parsing is CPU-bound Python,
so a large batch is read in a pool of helper processes (``corpus.workers``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import NamedTuple

import orjson

from .decoding import looks_binary
from .discovery import FoundFile
from .filenames import metadata_from_path
from .normalise import parse_header
from .workers import helper_pool

MAX_FILE_BYTES = 64 * 1024 * 1024  # a statement is a few KB; refuse pathological files
POOL_THRESHOLD = 2000  # files to read before a process pool pays for itself
CHUNK = 400


class IndexRow(NamedTuple):
    """One row of the ``files`` table, in its column order (``SELECT *`` gives these)."""

    id: str  # the path relative to the corpus root, POSIX form
    size: int | None  # None for a file the walk skipped without reading it
    mtime_ns: int | None
    sha256: str | None  # None: skipped, or listed and not read yet (pending)
    skipped: str | None  # why the file is not a statement, or None
    speaker: str | None
    affiliation: str | None
    spoke_in: str | None
    meta: bytes | None  # the file name's metadata, as JSON
    length: int | None  # of the reading text, once normalised (see ``normaliser``)
    normaliser: str | None  # the NORMALISER_VERSION ``length`` was computed with
    rank: int | None  # position in natural order of id among the files found


FILES_COLUMNS = list(IndexRow._fields)
FILES_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT,
    skipped TEXT, speaker TEXT, affiliation TEXT, spoke_in TEXT, meta BLOB,
    length INTEGER, normaliser TEXT, rank INTEGER
);
"""
INSERT_ROWS = f"INSERT OR REPLACE INTO files VALUES ({','.join('?' * len(FILES_COLUMNS))})"


def read_statement_file(path: str, size: int) -> tuple[bytes | None, str | None]:
    """A statement's bytes, or why it cannot be a statement."""
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


def row_for(found: FoundFile) -> IndexRow:
    """The row of a file the walk found, read and parsed now (rank left to the caller)."""
    raw, reason = read_statement_file(found.path, found.size)
    if raw is None:
        return IndexRow(found.id, found.size, found.mtime_ns, None, reason, None, None, None, None, None, None, None)
    speaker, _ = parse_header(raw)
    return IndexRow(
        found.id, found.size, found.mtime_ns, hashlib.sha256(raw).hexdigest(), None,
        speaker.speaker if speaker else None,
        speaker.affiliation if speaker else None,
        speaker.spoke_in if speaker else None,
        orjson.dumps(metadata_from_path(found.id)), None, None, None,
    )


def pending_row(found: FoundFile) -> IndexRow:
    """A file listed but not read yet: no hash, no speaker (``CorpusIndex.read_pending`` reads it)."""
    meta = orjson.dumps(metadata_from_path(found.id))
    return IndexRow(found.id, found.size, found.mtime_ns, None, None, None, None, None, meta, None, None, None)


def rows_for_chunk(items: list[FoundFile]) -> list[IndexRow]:
    return [row_for(item) for item in items]


def read_rows(stale: list[FoundFile], workers: int | None) -> Iterator[list[IndexRow]]:
    """Rows for these files, in chunks, read in helper processes when there are many."""
    chunks = [stale[i : i + CHUNK] for i in range(0, len(stale), CHUNK)]
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if workers > 1 and len(stale) >= POOL_THRESHOLD:
        try:
            with helper_pool(workers) as pool:
                results = pool.map(rows_for_chunk, chunks)
                first = next(results, None)  # fails here if no worker can start
                if first is not None:
                    yield first
                yield from results
            return
        except (OSError, RuntimeError, ValueError):
            pass  # no subprocesses here (sandbox, odd stderr): read in this process
    for chunk in chunks:
        yield rows_for_chunk(chunk)
