"""TinyDB storage that never leaves a half-written file.

TinyDB's JSONStorage rewrites its file in place: a full disk or a kill mid-write
leaves a truncated, unreadable store. ``AtomicJSONStorage`` writes the whole document
to a temporary file in the same folder, fsyncs it, renames it over the old file with
``os.replace`` (atomic on POSIX) and fsyncs the folder so the rename itself survives a
power cut. A failed write leaves the previous file untouched and raises ``OSError``.
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage


def os_error_reason(exc: OSError) -> str:
    """Why a write failed, in words (the same on every write path)."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "the disk is read-only"
    if exc.errno == errno.ENOENT:
        return "the folder does not exist"
    return (exc.strerror or str(exc)).rstrip(".").lower()


def fsync_dir(folder: Path) -> None:
    """Make a rename or file creation in ``folder`` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some platforms cannot open folders; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    On any error the temporary file is removed and the old ``path`` is intact.
    """
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(folder)


def remove_stale_temporaries(folder: Path, before: float | None = None) -> int:
    """Remove ``.*.tmp`` files left by a writer killed mid-write; returns how many.

    Called by the writer once it holds the store's lock: no other writer can be
    midway through a write then, so every temporary file older than the lock is an
    orphan (the file it was to replace is intact: the rename never happened).
    """
    cutoff = time.time() if before is None else before
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            pass
    return removed


def read_json_file(path: Path) -> Any | None:
    """Parse a JSON file; ``None`` when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if not data.strip():
        return None
    return orjson.loads(data)


class AtomicJSONStorage(Storage):
    """A TinyDB storage backed by one JSON file, written atomically with orjson."""

    def __init__(self, path: str | Path, **_: Any) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_json_file(self.path)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, orjson.dumps(data))

    def close(self) -> None:  # nothing is held open between operations
        pass
