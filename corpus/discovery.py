"""Find statement files under a corpus folder.

Statements are ``*.txt`` files anywhere below the root. Hidden files, macOS ``._``
twins and what cannot be read are skipped, each with a reason for the user. Symlinked
folders are followed once: a loop can never make the walk go round forever.

Files from someone else are untrusted, and so is the shape of their folder:

- A link whose real path is outside the corpus folder (``outside.txt -> ~/.ssh/id_rsa``,
  a linked folder of other files) is skipped and reported unless the user asked to
  follow links: a shared corpus must not read the rest of the disk into an export.
  Links inside the corpus that point inside it are followed as before.
- A name that is not valid UTF-8 (``caf\\xe9.txt`` from an old Latin-1 archive) is
  skipped and reported, shown with its bytes escaped. Its id could be neither stored
  nor exported as text, and an escaped id would name no real file on another machine
  (macOS and Windows cannot even hold such a name): the user renames it once instead.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

_FOLLOW_HINT = "--follow-links reads it"


class _LinkFollowingRoot(type(Path())):  # type: ignore[misc]
    """A corpus root whose walk follows links out of the folder.

    The policy rides on the root itself because the walk of a large corpus runs in a
    helper process that is handed only the root (a path subclass pickles as itself).
    """

    follows_links = True


def with_link_policy(root: Path, *, follow_links: bool) -> Path:
    """``root`` marked to follow (or not) links whose target is outside it."""
    return _LinkFollowingRoot(root) if follow_links else Path(root)


def follows_links(root: Path) -> bool:
    """Whether a walk of ``root`` reads files and folders linked from outside it."""
    return getattr(root, "follows_links", False)


class FoundFile(NamedTuple):
    """A candidate statement file and what its stat says (for the cache).

    A named tuple: a walk makes 100,000 of them, and a frozen dataclass costs twice as much.
    """

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


def natural_key(text: str) -> tuple[tuple[str | int, ...], str]:
    """Sort key that orders ``spch2`` before ``spch10``, case-insensitively.

    ``re.split`` with a group alternates text and digits (text first, maybe empty),
    so position i always holds the same type and the tuples always compare.
    """
    parts = _DIGITS.split(text.casefold())
    parts[1::2] = [int(p) for p in parts[1::2]]
    return (tuple(parts), text)


def _is_statement_name(name: str) -> bool:
    return name.lower().endswith(".txt")


def _escaped(name: str) -> str | None:
    """``name`` with its undecodable bytes shown as ``\\xNN``; None if it is valid UTF-8."""
    if name.isascii():
        return None
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.scandir kept the bad bytes as lone surrogates
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return None


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


@dataclass
class CorpusScan:
    """Every statement file below a corpus root (as columns, in walk order) and every skipped one.

    Columns, not 100,000 objects: checking an unchanged folder needs only the ids and
    stats, and ``found`` builds ``FoundFile``s for the few that are read again.
    """

    ids: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    mtimes: list[int] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)

    def found(self) -> list[FoundFile]:
        return list(map(FoundFile, self.ids, self.paths, self.sizes, self.mtimes))


def scan_corpus(root: Path, follow_links: bool | None = None) -> CorpusScan:
    """Every statement file (and every skipped one) below ``root``.

    ``follow_links`` (default: what ``with_link_policy`` marked on ``root``) also reads
    links whose real path is outside ``root``.
    """
    scan = CorpusScan()
    add_id, add_path, add_size, add_mtime = scan.ids.append, scan.paths.append, scan.sizes.append, scan.mtimes.append
    skip = scan.skipped.append
    if follow_links is None:
        follow_links = follows_links(root)
    root_real = os.path.realpath(root)
    seen_dirs: set[tuple[int, int]] = set()
    try:
        st = root.stat()
        seen_dirs.add((st.st_dev, st.st_ino))
    except OSError:
        return scan
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            skip(SkippedFile(prefix.rstrip("/") or ".", f"folder cannot be read ({exc.strerror or exc})"))
            continue
        for entry in entries:
            name = entry.name
            rel = prefix + name
            # The common case first, in as few steps as it can be told: a plain .txt file.
            if name.endswith(".txt") and name[0] != "." and name.isascii() and not entry.is_symlink():
                try:
                    info = entry.stat()
                except OSError:
                    pass  # the steps below say why
                else:
                    if stat.S_ISREG(info.st_mode):
                        add_id(rel)
                        add_path(entry.path)
                        add_size(info.st_size)
                        add_mtime(info.st_mtime_ns)
                        continue
            escaped = None if name.isascii() else _escaped(name)
            if escaped is not None:
                if _is_statement_name(escaped):
                    skip(SkippedFile(prefix + escaped, "file name is not valid UTF-8 (rename the file to read it)"))
                elif entry.is_dir():
                    skip(SkippedFile(prefix + escaped, "folder name is not valid UTF-8 (rename it to read what it holds)"))
                continue
            is_txt = _is_statement_name(name)
            if name.startswith("."):
                if name.startswith("._") and is_txt:
                    skip(SkippedFile(rel, "macOS resource-fork twin (._ file)"))
                elif is_txt:
                    skip(SkippedFile(rel, "hidden file"))
                continue
            if not is_txt and not entry.is_symlink() and not entry.is_dir():
                continue  # another kind of file: nothing to list or report (and no stat)
            try:
                info = entry.stat()  # follows symlinks
            except OSError as exc:
                if is_txt or entry.is_symlink():
                    skip(SkippedFile(rel, f"cannot be read ({exc.strerror or 'broken link'})"))
                continue
            is_dir = stat.S_ISDIR(info.st_mode)
            if (
                not follow_links
                and (is_dir or is_txt)
                and entry.is_symlink()
                and not _inside(os.path.realpath(entry.path), root_real)
            ):
                what = "linked folder" if is_dir else "link to a file"
                skip(SkippedFile(rel, f"{what} outside the corpus ({_FOLLOW_HINT})"))
                continue
            if is_dir:
                key = (info.st_dev, info.st_ino)
                if key in seen_dirs:
                    continue  # a symlink loop or a second link to a folder already read
                seen_dirs.add(key)
                stack.append((entry.path, rel + "/"))
            elif stat.S_ISREG(info.st_mode) and is_txt:
                add_id(rel)
                add_path(entry.path)
                add_size(info.st_size)
                add_mtime(info.st_mtime_ns)
            elif is_txt:
                skip(SkippedFile(rel, "not a regular file"))
    return scan
