"""Who has a cache file open: a shared lock on ``<cache>.users`` held while it is.

A ``-wal`` file beside a large cache before it is opened means either a margin that was
killed mid-write (check the file: it may be damaged) or a margin still running (the app
in another terminal while a script calls the command line: checking 700 MB would cost
seconds a call, for nothing). The operating system releases a process's locks when it
ends, however it ends, so "nobody else holds the lock" tells the two apart. Where locks
are not available (no ``fcntl``: Windows), every such open counts as alone and is checked.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class CacheUse:
    """This process's mark that it has the cache open (released by ``close`` or by exit)."""

    def __init__(self, cache: Path) -> None:
        self._fd: int | None = None
        self.alone = True  # no other process had the cache open when this one opened it
        if fcntl is None:
            return
        try:
            fd = os.open(f"{cache}.users", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return  # a folder we cannot write: no mark, every open checked as before
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.alone = False  # another process holds its shared mark
        except OSError:
            os.close(fd)
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # (an exclusive probe of another opener lasts an instant)
        except OSError:
            os.close(fd)
            return
        self._fd = fd

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
