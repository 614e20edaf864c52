"""The store's files: a cache of parsed files, and the one way changes reach the disk.

A change to one file (saving a highlight, the common case) is one atomic write
(``AtomicJSONStorage``). A change to several files (an import, deleting or merging a
code, coding many search hits) goes through the store's journal
(``annotations.journal``), so a crash or a full disk at any moment leaves the files as
before the change or as after it, never between (invariant 3). ``AnnotationStore``
owns one ``StoreFiles`` and keeps its codebook and summary true from what ``apply``
returns.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from corpus.paths import inside, package_folders

from .errors import AnnotationError, StoreWriteError, UnfinishedWriteError
from .files import (
    CODEBOOK_FILE,
    STATEMENTS_DIR,
    STORE_FORMAT,
    load_checked,
    statement_file_name,
    table_docs,
    upsert_doc,
)
from .history import CODEBOOK, Mutation
from .journal import Journal, JournalCommitted, finish_committed_change
from .locking import StoreLock
from .model import StatementSummary
from .recovery import DamageHandler
from .storage import AtomicJSONStorage, os_error_reason
from .summary import summarise

FILE_CACHE = 256  # parsed files kept: the statements around the reader's cursor


def check_store_location(folder: Path, corpus_root: Path | None) -> None:
    """Refuse a store inside the corpus (invariant 5) or on top of a file."""
    if folder.exists() and not folder.is_dir():
        raise AnnotationError(f"--db must be a folder for the store, but {folder} is a file.")
    if corpus_root is not None and inside(folder, corpus_root):
        raise AnnotationError(
            f"The store {folder} would be inside the corpus folder; margin never writes there. "
            "Choose another --db folder."
        )
    if any(inside(folder, package) for package in package_folders()):
        raise AnnotationError(
            f"The store {folder} would be inside margin's own installed files; margin never writes there. "
            "Choose another --db folder."
        )


def prepare_folder(folder: Path, readonly: bool, lock_timeout: float) -> StoreLock | None:
    """Make a store folder ready to open: for writing, created, locked, and a change a crash interrupted finished or discarded.

    A read-only open takes no lock; it only finishes a change already committed in
    the journal, so it never reads half of one.
    """
    if readonly:
        finish_committed_change(folder)
        return None
    try:
        (folder / STATEMENTS_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnnotationError(f"Cannot create the store folder {folder}: {exc.strerror or exc}.") from None
    lock = StoreLock(folder, timeout=lock_timeout)
    try:
        Journal(folder).recover()
    except OSError as exc:
        lock.release()
        raise AnnotationError(f"Cannot finish an interrupted change in {folder}: {os_error_reason(exc)}.") from None
    return lock


class StoreFiles:
    """Reading (through an LRU of parsed files) and writing one store folder's files."""

    def __init__(self, folder: Path, readonly: bool, damage: DamageHandler) -> None:
        self.folder = folder
        self.readonly = readonly
        self._damage = damage
        self._cache: OrderedDict[str, dict[str, Any]] = OrderedDict()

    def check_codebook(self) -> None:
        """Start a new store's codebook; refuse a store written by a newer margin."""
        if not self.readonly and not (self.folder / CODEBOOK_FILE).exists():
            self.write(CODEBOOK, {"store": {"1": dict(STORE_FORMAT)}, "codes": {}})
        info = table_docs(self.read(CODEBOOK), "store")  # a damaged codebook is rebuilt (recovery.py)
        if info and info[0].get("version", 1) > STORE_FORMAT["version"]:
            raise AnnotationError(f"The store {self.folder} was written by a newer margin; update margin to open it.")

    def path(self, file: str) -> Path:
        """Where a store file is: ``CODEBOOK`` or a statement id."""
        if file == CODEBOOK:
            return self.folder / CODEBOOK_FILE
        return self.folder / STATEMENTS_DIR / statement_file_name(file)

    def warm(self, statement_ids: Iterable[str]) -> None:
        """Read these statements' files once so the next real read finds them in memory.

        Only the operating system's page cache is filled (the bytes are dropped), so
        this is safe from a worker thread: the reader prefetches the statements next
        to the cursor, and moving onto one then never waits for the disk.
        """
        for statement_id in statement_ids:
            try:
                with open(self.path(statement_id), "rb") as handle:
                    handle.read()
            except OSError:
                pass  # no annotations on it (no file), or unreadable: the real read says so

    def read(self, file: str) -> dict[str, Any]:
        """A file's valid tables (``{}`` when absent); a damaged file is handled first."""
        cached = self._cache.get(file)
        if cached is not None:
            self._cache.move_to_end(file)
            return cached
        path = self.path(file)
        checked = load_checked(path, codebook=file == CODEBOOK)
        if checked is None:
            data: dict[str, Any] = {}
        elif checked.reason is not None:
            data = self._damage.handle(path, checked, file or None)
        else:
            data = checked.data
        self.remember(file, data)
        return data

    def remember(self, file: str, data: dict[str, Any]) -> None:
        self._cache[file] = data
        self._cache.move_to_end(file)
        while len(self._cache) > FILE_CACHE:
            self._cache.popitem(last=False)

    def write(self, file: str, data: dict[str, Any]) -> None:
        """Replace one file atomically (``StoreWriteError`` when it cannot be saved)."""
        if self.readonly:
            raise AnnotationError("This store was opened read-only.")
        path = self.path(file)
        try:
            AtomicJSONStorage(path).write(data)  # TinyDB's storage interface, written atomically
        except OSError as exc:
            self._cache.pop(file, None)
            raise StoreWriteError(f"Could not save to {path.parent}: {os_error_reason(exc)}. Nothing was changed.") from None
        self.remember(file, data)

    def apply(self, mutations: list[Mutation]) -> dict[str, StatementSummary | None]:
        """Write mutations, all of them or none, whatever fails or is killed.

        Returns every statement file written, with its new summary where one was
        made on the way (a journalled change, which does not keep the files in
        memory); ``None`` when the file is in the cache to summarise if needed. Raises
        ``StoreWriteError`` when nothing was changed, and ``UnfinishedWriteError``
        when the change is complete in the journal but not yet in place.
        """
        by_file: dict[str, list[Mutation]] = {}
        for m in mutations:
            by_file.setdefault(m.file, []).append(m)
        if len(by_file) > 1:
            return self._apply_journalled(by_file)
        for file, file_mutations in by_file.items():
            self.write(file, self._new_content(file, file_mutations))
        return {file: None for file in by_file if file != CODEBOOK}

    def _new_content(self, file: str, file_mutations: list[Mutation]) -> dict[str, Any]:
        old = self.read(file)
        data: dict[str, Any] = orjson.loads(orjson.dumps(old))  # deep copy: the cache stays valid on failure
        if file != CODEBOOK:
            data.setdefault("info", {"1": {"statement": file}})
        for m in file_mutations:
            upsert_doc(data, m.table, "statement" if m.table == "statement" else "id", m.key, m.after)
        return data

    def _apply_journalled(self, by_file: dict[str, list[Mutation]]) -> dict[str, StatementSummary | None]:
        if self.readonly:
            raise AnnotationError("This store was opened read-only.")
        summaries: dict[str, StatementSummary | None] = {}
        journal = Journal(self.folder)
        try:
            transaction = journal.begin()
            try:
                for file in sorted(by_file):  # one file at a time: memory stays flat
                    data = self._new_content(file, by_file[file])
                    if file != CODEBOOK:
                        summaries[file] = summarise(data)
                    transaction.add(self.path(file).relative_to(self.folder).as_posix(), orjson.dumps(data))
                transaction.commit()
            except OSError:
                transaction.abort()
                raise
        except OSError as exc:
            raise StoreWriteError(f"Could not save to {self.folder}: {os_error_reason(exc)}. Nothing was changed.") from None
        except JournalCommitted as exc:
            try:
                journal.recover()  # once more: the moves are renames, usually a passing fault
            except OSError:
                self._cache.clear()  # some files are new, some old until the next open finishes the change
                raise UnfinishedWriteError(
                    f"Could not finish saving to {self.folder}: {exc}. The change is complete in the store's journal "
                    "and is finished the next time the store is opened."
                ) from None
        for file in by_file:
            self._cache.pop(file, None)  # read afresh: only what is asked for comes back into memory
        return summaries
