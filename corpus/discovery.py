"""Find statement files under a corpus folder.

Statements are ``*.txt`` files anywhere below the root. Hidden files, macOS ``._``
twins and what cannot be read are skipped, each with a reason for the user. Symlinked
folders are followed once: a loop can never make the walk go round forever.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FoundFile:
    """A candidate statement file and what its stat says (for the cache)."""

    id: str
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class SkippedFile:
    """A file that is not listed, and why (shown once to the user)."""

    id: str
    reason: str


_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """Sort key that orders ``spch2`` before ``spch10``, case-insensitively.

    ``re.split`` with a group alternates text and digits (text first, maybe empty),
    so position i always holds the same type and the tuples always compare.
    """
    parts = _DIGITS.split(text.casefold())
    parts[1::2] = [int(p) for p in parts[1::2]]
    return (tuple(parts), text)


def _is_statement_name(name: str) -> bool:
    return name.lower().endswith(".txt")


def walk_corpus(root: Path) -> Iterator[FoundFile | SkippedFile]:
    """Yield every statement file (and every skipped one) below ``root``."""
    seen_dirs: set[tuple[int, int]] = set()
    try:
        st = root.stat()
        seen_dirs.add((st.st_dev, st.st_ino))
    except OSError:
        return
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            yield SkippedFile(prefix.rstrip("/") or ".", f"folder cannot be read ({exc.strerror or exc})")
            continue
        for entry in entries:
            name = entry.name
            rel = prefix + name
            if name.startswith("."):
                if name.startswith("._") and _is_statement_name(name):
                    yield SkippedFile(rel, "macOS resource-fork twin (._ file)")
                elif _is_statement_name(name):
                    yield SkippedFile(rel, "hidden file")
                continue
            try:
                info = entry.stat()  # follows symlinks
            except OSError as exc:
                if _is_statement_name(name) or entry.is_symlink():
                    yield SkippedFile(rel, f"cannot be read ({exc.strerror or 'broken link'})")
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in seen_dirs:
                    continue  # a symlink loop or a second link to a folder already read
                seen_dirs.add(key)
                stack.append((entry.path, rel + "/"))
            elif stat.S_ISREG(info.st_mode) and _is_statement_name(name):
                yield FoundFile(rel, entry.path, info.st_size, info.st_mtime_ns)
            elif _is_statement_name(name):
                yield SkippedFile(rel, "not a regular file")
