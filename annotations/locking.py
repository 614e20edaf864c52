"""One writer per store: a file lock that names its holder.

The lock is an OS-level ``flock`` (via filelock), so a process that is killed releases
it with its file descriptors: a stale lock can never block the next writer. The holder
writes who it is next to the lock so a second writer can say who is in the way.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime
from pathlib import Path

import orjson
from filelock import FileLock, Timeout

from .errors import StoreLockedError

LOCK_NAME = ".lock"
OWNER_NAME = "lock-owner.json"


class StoreLock:
    """Exclusive write access to a store folder for the life of this object."""

    def __init__(self, folder: Path, timeout: float = 2.0) -> None:
        self.folder = folder
        self._lock = FileLock(str(folder / LOCK_NAME), timeout=timeout)
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreLockedError(
                f"The annotation store {folder} is in use by {self._holder()}; "
                "close that margin and try again."
            ) from None
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "since": datetime.now().isoformat(timespec="seconds")}
        try:
            (folder / OWNER_NAME).write_bytes(orjson.dumps(owner))
        except OSError:
            pass

    def _holder(self) -> str:
        try:
            owner = orjson.loads((self.folder / OWNER_NAME).read_bytes())
            return f"another margin (process {owner['pid']} on {owner['host']}, since {owner['since']})"
        except Exception:
            return "another margin process"

    def release(self) -> None:
        if self._lock.is_locked:
            try:
                (self.folder / OWNER_NAME).unlink(missing_ok=True)
            except OSError:
                pass
            self._lock.release()
