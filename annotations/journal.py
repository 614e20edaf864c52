"""All-or-nothing changes to several store files: a journal rolled forward or discarded.

One file is replaced atomically by ``storage.atomic_write_bytes``. A change that
touches several files (an import, deleting or merging a code, coding many search
hits) must land whole or not at all, even when the disk fills up or the process is
killed half-way (issue 11). It goes through a journal folder inside the store:

1. every new file is written into ``<store>/journal/`` and fsynced, then a manifest
   naming each file's target, then the folder is fsynced;
2. the ``COMMITTED`` marker is written, fsynced and renamed into place: this rename
   is the moment the change happens;
3. each file is moved over its target (``os.replace``: same filesystem, atomic), the
   target folders are fsynced, and the journal is removed (marker first).

Opening the store for writing calls ``recover``: a journal with its marker is rolled
forward (the moves that did not happen yet are done), one without is discarded. A
failure before step 2 therefore leaves the store exactly as it was ("nothing was
changed" is true), and any failure after it leaves a change that the next open
completes. A read-only open (export, info) finishes a committed journal too when no
writer holds the store, so it never reads half of a change (a reader running while a
writer is moving files into place can still see some of them early: readers take no
lock).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

import orjson

from .errors import AnnotationError
from .locking import StoreLock
from .storage import fsync_dir

JOURNAL_DIR = "journal"
MANIFEST = "manifest.json"
COMMITTED = "COMMITTED"


class JournalCommitted(Exception):
    """The change is committed in the journal but could not be moved into place yet."""


def write_durable(path: Path, data: bytes) -> None:
    """Write a new file and fsync it (the journal's only way of writing data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _safe_target(folder: Path, target: str) -> Path | None:
    """The target inside the store, or ``None`` for a name that would leave it."""
    parts = PurePosixPath(target).parts
    if not parts or PurePosixPath(target).is_absolute() or any(p in ("..", ".", "") for p in parts):
        return None
    return folder.joinpath(*parts)


class Transaction:
    """The files of one change, written into the journal one by one.

    ``add`` each file, then ``commit``. ``add`` and the part of ``commit`` before the
    marker raise ``OSError`` with nothing changed (call ``abort``); after the marker
    ``commit`` raises ``JournalCommitted`` (the next ``Journal.recover`` finishes it).
    """

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.manifest: list[dict[str, str]] = []

    def add(self, target: str, data: bytes) -> None:
        name = f"{len(self.manifest)}.json"
        write_durable(self.journal.folder / name, data)
        self.manifest.append({"file": name, "target": target})

    def commit(self) -> None:
        folder = self.journal.folder
        write_durable(folder / MANIFEST, orjson.dumps(self.manifest))
        fsync_dir(folder)
        # The marker appears by a rename: it exists whole, or not at all, whatever fails.
        write_durable(folder / (COMMITTED + ".tmp"), b"committed\n")
        os.replace(folder / (COMMITTED + ".tmp"), folder / COMMITTED)  # the change has happened
        fsync_dir(folder)
        try:
            self.journal._roll_forward()
        except OSError as exc:
            raise JournalCommitted(str(exc.strerror or exc)) from exc

    def abort(self) -> None:
        self.journal.discard()


class Journal:
    """The journal folder of one store."""

    def __init__(self, store_folder: Path) -> None:
        self.store = store_folder
        self.folder = store_folder / JOURNAL_DIR

    def begin(self) -> Transaction:
        """Start a change: an earlier journal is finished or discarded first."""
        self.recover()
        self.folder.mkdir()
        return Transaction(self)

    def committed(self) -> bool:
        """Whether a committed change is waiting to be moved into place."""
        return (self.folder / COMMITTED).exists()

    def recover(self) -> str | None:
        """Finish or discard a journal left by a failed or killed change.

        Returns ``"forward"``, ``"discarded"`` or ``None`` (no journal).
        """
        if not self.folder.exists():
            return None
        if (self.folder / COMMITTED).exists():
            self._roll_forward()
            return "forward"
        self.discard()
        return "discarded"

    def _roll_forward(self) -> None:
        try:
            manifest = orjson.loads((self.folder / MANIFEST).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            manifest = []  # the marker is only written after the manifest is durable
        folders: set[Path] = set()
        for entry in manifest if isinstance(manifest, list) else []:
            if not isinstance(entry, dict):
                continue
            source = self.folder / str(entry.get("file", ""))
            target = _safe_target(self.store, str(entry.get("target", "")))
            if target is None or not source.is_file() or source.parent != self.folder:
                continue  # moved already (a roll forward that was itself interrupted)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            folders.add(target.parent)
        for folder in folders:
            fsync_dir(folder)
        self._remove()

    def _remove(self) -> None:
        """Delete the journal, marker first: a half-removed journal is then discarded."""
        try:
            (self.folder / COMMITTED).unlink(missing_ok=True)
            fsync_dir(self.folder)
        except OSError:
            return  # still committed: everything is in place, and a roll forward is harmless
        self.discard()

    def discard(self) -> None:
        """Remove an uncommitted journal (best effort: what is left is discarded next time).

        The marker and the manifest go first, so a journal half-removed can never be
        taken for a committed one, nor name files that are gone.
        """
        for name in (COMMITTED, MANIFEST):
            try:
                (self.folder / name).unlink(missing_ok=True)
            except OSError:
                pass
        shutil.rmtree(self.folder, ignore_errors=True)
        fsync_dir(self.store)


def finish_committed_change(folder: Path) -> None:
    """Before a read-only open: finish a change a crash left committed but not in place.

    Only when no writer holds the store (a writer finishes it itself on open), and
    only this one kind of write: otherwise an export right after a crash would read
    half of an import. Nothing happens when the folder cannot be written.
    """
    if not Journal(folder).committed():
        return
    try:
        lock = StoreLock(folder, timeout=0)
    except (AnnotationError, OSError):
        return
    try:
        Journal(folder).recover()
    except OSError:
        pass
    finally:
        lock.release()
