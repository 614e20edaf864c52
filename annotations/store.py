"""The annotation store: reading, saving, undo and redo.

Every user action is built as a ``Change`` (rows before/after), written to disk before
the method returns (invariant 3), and recorded for undo. A change to one file is one
atomic write (``AtomicJSONStorage`` semantics); a change to several files (an import,
deleting or merging a code, coding many search hits) goes through the store's journal
(``annotations.journal``), so a crash or a full disk at any moment leaves the store as
before the change or as after it, never between. One process writes at a time
(``StoreLock``); read-only stores (export, info) take no lock and read what the writer
last committed.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from corpus.model import StatementText
from corpus.paths import corpus_slug, data_dir, inside, package_folders

from .anchoring import apply_anchor, new_anchor_fields
from .codebook import CodebookOps
from .errors import AnnotationError, StoreWriteError
from .files import (
    CODEBOOK_FILE,
    STATEMENTS_DIR,
    iter_statement_files,
    load_checked,
    statement_file_name,
    table_docs,
    upsert_doc,
)
from .history import CODEBOOK, Change, History, Mutation
from .journal import Journal, JournalCommitted, finish_committed_change
from .locking import StoreLock
from .model import (
    MAX_NOTE,
    ORPHANED,
    Code,
    Highlight,
    StatementMarks,
    StatementSummary,
    covering,
    new_id,
    now,
    size_problem,
)
from .reading_state import ReadingState
from .recovery import DamageHandling
from .settings import resolve_coder
from .storage import AtomicJSONStorage, fsync_dir, os_error_reason
from .summary import Summaries, summarise

STORE_FORMAT = {"format": "margin.store", "version": 1}
_FILE_CACHE = 256


def default_store_path(corpus_root: Path) -> Path:
    """The store of a corpus in the user data directory: one store per corpus folder."""
    return data_dir() / "stores" / corpus_slug(corpus_root)


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


class AnnotationStore(CodebookOps, ReadingState, Summaries, DamageHandling):
    """The codebook and annotations of one corpus, kept in a folder of TinyDB files."""

    def __init__(
        self, folder: Path, *, readonly: bool = False, coder: str | None = None, lock_timeout: float = 2.0
    ) -> None:
        self.folder = Path(folder)
        self.readonly = readonly
        self.coder = resolve_coder(coder)
        self.history = History()
        self._lock: StoreLock | None = None
        self._codes: dict[str, Code] | None = None
        self._files: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._summary: dict[str, StatementSummary] | None = None
        self._touched: set[str] = set()  # statements changed while no summary was kept
        self._code_counts: dict[str, int] | None = None  # derived from the summary
        self._batch: Change | None = None
        if not readonly:
            try:
                (self.folder / STATEMENTS_DIR).mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise AnnotationError(f"Cannot create the store folder {self.folder}: {exc.strerror or exc}.") from None
            self._lock = StoreLock(self.folder, timeout=lock_timeout)
            try:
                Journal(self.folder).recover()  # a change a crash interrupted: finish or discard it
            except OSError as exc:
                self.close()
                raise AnnotationError(f"Cannot finish an interrupted change in {self.folder}: {os_error_reason(exc)}.") from None
        else:
            finish_committed_change(self.folder)
        self._init_damage()  # (after the lock and the journal: stale temporary files are removed then)
        if not readonly:
            if not (self.folder / CODEBOOK_FILE).exists():
                self._write_file(CODEBOOK, {"store": {"1": dict(STORE_FORMAT)}, "codes": {}})
        self._check_format()

    # ------------------------------------------------------------------ lifecycle
    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_format(self) -> None:
        data = self._read(CODEBOOK)  # a damaged codebook is moved aside and rebuilt (recovery.py)
        info = table_docs(data, "store")
        if info and info[0].get("version", 1) > STORE_FORMAT["version"]:
            raise AnnotationError(f"The store {self.folder} was written by a newer margin; update margin to open it.")

    # ------------------------------------------------------------------ files
    def _path(self, file: str) -> Path:
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
                with open(self._path(statement_id), "rb") as handle:
                    handle.read()
            except OSError:
                pass  # no annotations on it (no file), or unreadable: the real read says so

    def _read(self, file: str) -> dict[str, Any]:
        cached = self._files.get(file)
        if cached is not None:
            self._files.move_to_end(file)
            return cached
        path = self._path(file)
        checked = load_checked(path, codebook=file == CODEBOOK)
        if checked is None:
            data: dict[str, Any] = {}
        elif checked.reason is not None:
            data = self._damaged(path, checked, file or None)
        else:
            data = checked.data
        self._remember(file, data)
        return data

    def _remember(self, file: str, data: dict[str, Any]) -> None:
        self._files[file] = data
        self._files.move_to_end(file)
        while len(self._files) > _FILE_CACHE:
            self._files.popitem(last=False)

    def _write_file(self, file: str, data: dict[str, Any]) -> None:
        if self.readonly:
            raise AnnotationError("This store was opened read-only.")
        path = self._path(file)
        try:
            AtomicJSONStorage(path).write(data)  # TinyDB's storage interface, written atomically
        except OSError as exc:
            self._files.pop(file, None)
            raise StoreWriteError(f"Could not save to {path.parent}: {os_error_reason(exc)}. Nothing was changed.") from None
        self._remember(file, data)

    def _relative(self, file: str) -> str:
        """A store file's path relative to the store folder (as the journal names it)."""
        return self._path(file).relative_to(self.folder).as_posix()

    def _new_content(self, file: str, file_mutations: list[Mutation]) -> dict[str, Any]:
        old = self._read(file)
        data = orjson.loads(orjson.dumps(old))  # deep copy: the cache stays valid on failure
        if file != CODEBOOK:
            data.setdefault("info", {"1": {"statement": file}})
        for m in file_mutations:
            upsert_doc(data, m.table, "statement" if m.table == "statement" else "id", m.key, m.after)
        return data

    def _apply(self, mutations: list[Mutation]) -> None:
        """Write mutations: all of them or none, whatever fails or is killed.

        A change to one file (saving a highlight, the common case) is one atomic
        write. A change to several files goes through the store's journal
        (``annotations.journal``): before or after, never between.
        """
        by_file: dict[str, list[Mutation]] = {}
        for m in mutations:
            by_file.setdefault(m.file, []).append(m)
        if not by_file:
            return
        if len(by_file) == 1:
            ((file, file_mutations),) = by_file.items()
            try:
                self._write_file(file, self._new_content(file, file_mutations))
            finally:
                self._changed([file])
            return
        self._apply_journalled(by_file)

    def _apply_journalled(self, by_file: dict[str, list[Mutation]]) -> None:
        if self.readonly:
            raise AnnotationError("This store was opened read-only.")
        summaries: dict[str, StatementSummary] = {}
        journal = Journal(self.folder)
        try:
            transaction = journal.begin()
            try:
                for file in sorted(by_file):  # one file at a time: memory stays flat
                    data = self._new_content(file, by_file[file])
                    if file != CODEBOOK:
                        summaries[file] = summarise(data)
                    transaction.add(self._relative(file), orjson.dumps(data))
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
                # Some files are new, some old until the next open finishes the change.
                self._files.clear()
                self._codes, self._summary, self._code_counts = None, None, None
                raise StoreWriteError(
                    f"Could not finish saving to {self.folder}: {exc}. The change is complete in the store's journal "
                    "and is finished the next time the store is opened."
                ) from None
        for file in by_file:
            self._files.pop(file, None)  # read afresh: only what is asked for comes back into memory
        self._changed(list(by_file), summaries)

    def _changed(self, files: list[str], summaries: dict[str, StatementSummary] | None = None) -> None:
        """Keep the codebook, per-statement summaries and counts true after a write."""
        for file in files:
            if file == CODEBOOK:
                self._codes = None
            elif self._summary is not None and summaries is not None and file in summaries:
                self._summary[file] = summaries[file]
                self._code_counts = None
            elif self._summary is not None and file in self._files:
                self._summary[file] = summarise(self._files[file])
                self._code_counts = None
            else:
                self._touched.add(file)

    def _commit(self, change: Change) -> Change:
        self._apply(change.mutations)
        if self._batch is not None:
            self._batch.mutations.extend(change.mutations)
        else:
            self.history.record(change)
        return change

    @contextmanager
    def batch(self, description: str) -> Iterator[None]:
        """Group every change made inside into one undo step."""
        outer = self._batch is None
        if outer:
            self._batch = Change(description)
        try:
            yield
        finally:
            if outer:
                batch, self._batch = self._batch, None
                if batch:
                    self.history.record(batch)

    # ------------------------------------------------------------------ undo
    def undo(self) -> Change | None:
        """Revert the last action; returns it (for "Undid: ...") or ``None``."""
        change = self.history.pop_undo()
        if change is None:
            return None
        try:
            self._apply(change.inverse().mutations)
        except StoreWriteError:
            self.history.push_undo(change)
            raise
        self.history.push_redo(change)
        return change

    def redo(self) -> Change | None:
        change = self.history.pop_redo()
        if change is None:
            return None
        try:
            self._apply(change.mutations)
        except StoreWriteError:
            self.history.push_redo(change)
            raise
        self.history.push_undo(change)
        return change

    # ------------------------------------------------------------------ reading
    def codes(self) -> list[Code]:
        """The codebook, codes with keys first (by key), then by name."""
        return sorted(self._code_map().values(), key=lambda c: (c.key is None, c.key or "", c.name.casefold()))

    def _code_map(self) -> dict[str, Code]:
        if self._codes is None:
            self._codes = {d["id"]: Code.from_doc(d) for d in table_docs(self._read(CODEBOOK), "codes")}
        return self._codes

    def code(self, code_id: str) -> Code | None:
        return self._code_map().get(code_id)

    def code_by_name(self, name: str) -> Code | None:
        wanted = name.strip().casefold()
        return next((c for c in self._code_map().values() if c.name.casefold() == wanted), None)

    def code_by_key(self, key: str) -> Code | None:
        return next((c for c in self._code_map().values() if c.key == key), None)

    def highlights(self, statement_id: str) -> list[Highlight]:
        docs = table_docs(self._read(statement_id), "highlights")
        return sorted((Highlight.from_doc(d) for d in docs), key=lambda h: (h.start, h.end, h.created))

    def highlight(self, statement_id: str, highlight_id: str) -> Highlight | None:
        return next((h for h in self.highlights(statement_id) if h.id == highlight_id), None)

    def highlights_at(self, statement_id: str, offset: int) -> list[Highlight]:
        """Highlights covering ``offset``, innermost (shortest) first."""
        return covering(self.highlights(statement_id), offset)

    def marks(self, statement_id: str) -> StatementMarks:
        docs = table_docs(self._read(statement_id), "statement")
        return StatementMarks.from_doc(docs[0]) if docs else StatementMarks(statement_id)

    def iter_statements(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every statement file's id and raw content, each read once (for exports)."""
        return iter_statement_files(self.folder / STATEMENTS_DIR, on_damage=self._damaged)

    def statement_ids(self) -> list[str]:
        """Ids of every statement that has a file in the store."""
        ids: list[str] = []
        for sid, data in self.iter_statements():
            self._remember(sid, data)
            ids.append(sid)
        return ids

    def sync_text(self, text: StatementText) -> list[Highlight]:
        """Re-anchor a statement's highlights on its current text and save what moved.

        Not an undoable action: it keeps the store true to the corpus.
        """
        highlights = self.highlights(text.id)
        when = now()
        moved = []
        for h in highlights:
            if h.sha256 == text.sha256 and h.normaliser == text.normaliser and h.status != "orphaned":
                continue
            updated = apply_anchor(text.reading_text, h, text.sha256, text.normaliser, when)
            if updated is not h:
                moved.append(Mutation(text.id, "highlights", h.id, h.to_doc(), updated.to_doc()))
        if not moved:
            return highlights
        if self.readonly:  # report where they are now without saving
            after = {m.key: Highlight.from_doc(m.after) for m in moved if m.after}
            return sorted((after.get(h.id, h) for h in highlights), key=lambda h: (h.start, h.end, h.created))
        self._apply(moved)
        return self.highlights(text.id)

    # ------------------------------------------------------------------ highlights
    def _check_labels(self, labels: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for code_id in labels:
            if code_id not in self._code_map():
                raise AnnotationError(f"There is no code with id {code_id!r}.")
            if code_id not in out:
                out.append(code_id)
        return tuple(out)

    def add_highlight(
        self, text: StatementText, start: int, end: int, labels: Iterable[str] = (), note: str = ""
    ) -> Highlight:
        """Highlight ``text.reading_text[start:end]`` with the given codes.

        A span that already has a highlight (the same start and end) is never made a
        second time: the codes (and a note, if it had none) go to that highlight, which
        is returned. Every way of coding (keys, search hits, import) relies on this.
        """
        try:
            fields = new_anchor_fields(text.reading_text, start, end)
        except ValueError as exc:
            raise AnnotationError(f"Cannot highlight: {exc}.") from None
        _check_note(note)
        label_ids = self._check_labels(labels)
        same_doc = next((
            d for d in table_docs(self._read(text.id), "highlights")
            if d.get("start") == start and d.get("end") == end and d.get("status") != ORPHANED
        ), None)  # raw rows: saving stays as cheap as the statement is small
        if same_doc is not None:
            same = Highlight.from_doc(same_doc)
            added = tuple(c for c in label_ids if c not in same.labels)
            new_note = same.note or note
            if not added and new_note == same.note:
                return same
            names = ", ".join(self._code_map()[c].name for c in added) or "note"
            return self._update_highlight(text.id, same.id, f"add {names}", labels=same.labels + added, note=new_note)
        when = now()
        h = Highlight(
            id=new_id(), statement=text.id, labels=label_ids, note=note,
            coder=self.coder, created=when, modified=when, sha256=text.sha256,
            normaliser=text.normaliser, **fields,  # type: ignore[arg-type]
        )
        quote = h.quote if len(h.quote) <= 40 else h.quote[:37] + "..."
        self._commit(Change(f"highlight “{quote}”", [Mutation(text.id, "highlights", h.id, None, h.to_doc())]))
        return h

    def _update_highlight(self, statement_id: str, highlight_id: str, description: str, **changes: Any) -> Highlight:
        h = self.highlight(statement_id, highlight_id)
        if h is None:
            raise AnnotationError(f"There is no highlight {highlight_id} in {statement_id}.")
        updated = h.evolve(modified=now(), **changes)
        self._commit(Change(description, [Mutation(statement_id, "highlights", h.id, h.to_doc(), updated.to_doc())]))
        return updated

    def toggle_highlight_label(self, statement_id: str, highlight_id: str, code_id: str) -> Highlight:
        h = self.highlight(statement_id, highlight_id)
        if h is None:
            raise AnnotationError(f"There is no highlight {highlight_id} in {statement_id}.")
        self._check_labels([code_id])
        name = self._code_map()[code_id].name
        if code_id in h.labels:
            labels = tuple(c for c in h.labels if c != code_id)
            return self._update_highlight(statement_id, highlight_id, f"remove {name}", labels=labels)
        return self._update_highlight(statement_id, highlight_id, f"add {name}", labels=h.labels + (code_id,))

    def set_highlight_note(self, statement_id: str, highlight_id: str, note: str) -> Highlight:
        _check_note(note)
        return self._update_highlight(statement_id, highlight_id, "edit note", note=note)

    def delete_highlight(self, statement_id: str, highlight_id: str) -> Highlight:
        h = self.highlight(statement_id, highlight_id)
        if h is None:
            raise AnnotationError(f"There is no highlight {highlight_id} in {statement_id}.")
        self._commit(Change("delete highlight", [Mutation(statement_id, "highlights", h.id, h.to_doc(), None)]))
        return h

    def apply_code_to_spans(self, code_id: str, spans: list[tuple[StatementText, int, int]], description: str) -> tuple[int, int]:
        """Code many spans at once (search hits): one undoable change, one write per file.

        A span that already has a highlight with exactly those offsets gets the code
        added; any other span becomes a new highlight. Returns (created, updated).
        """
        self._check_labels([code_id])
        when = now()
        mutations: list[Mutation] = []
        created = updated = 0
        by_statement: dict[str, list[tuple[StatementText, int, int]]] = {}
        for item in spans:
            by_statement.setdefault(item[0].id, []).append(item)
        for sid, items in by_statement.items():
            existing = {(h.start, h.end): h for h in self.highlights(sid) if h.status != "orphaned"}
            for text, start, end in items:
                h = existing.get((start, end))
                if h is not None:
                    if code_id not in h.labels:
                        new = h.evolve(labels=h.labels + (code_id,), modified=when)
                        mutations.append(Mutation(sid, "highlights", h.id, h.to_doc(), new.to_doc()))
                        existing[(start, end)] = new
                        updated += 1
                    continue
                try:
                    fields = new_anchor_fields(text.reading_text, start, end)
                except ValueError:
                    continue
                h = Highlight(
                    id=new_id(), statement=sid, labels=(code_id,), coder=self.coder, created=when,
                    modified=when, sha256=text.sha256, normaliser=text.normaliser, **fields,  # type: ignore[arg-type]
                )
                mutations.append(Mutation(sid, "highlights", h.id, None, h.to_doc()))
                existing[(start, end)] = h
                created += 1
        if mutations:
            self._commit(Change(description, mutations))
        return created, updated

    # ------------------------------------------------------------------ statement marks
    def _set_marks(self, statement_id: str, description: str, **changes: Any) -> StatementMarks:
        old = self.marks(statement_id)
        docs = table_docs(self._read(statement_id), "statement")
        new = StatementMarks(
            statement=statement_id,
            labels=changes.get("labels", old.labels),
            note=changes.get("note", old.note),
            modified=now(),
        )
        before = old.to_doc() if docs else None
        self._commit(Change(description, [Mutation(statement_id, "statement", statement_id, before, new.to_doc())]))
        return new

    def toggle_statement_label(self, statement_id: str, code_id: str) -> StatementMarks:
        self._check_labels([code_id])
        labels = self.marks(statement_id).labels
        name = self._code_map()[code_id].name
        if code_id in labels:
            return self._set_marks(statement_id, f"remove statement label {name}", labels=tuple(c for c in labels if c != code_id))
        return self._set_marks(statement_id, f"label statement {name}", labels=labels + (code_id,))

    def set_statement_note(self, statement_id: str, note: str) -> StatementMarks:
        _check_note(note)
        return self._set_marks(statement_id, "edit statement note", note=note)

def _check_note(note: str) -> None:
    problem = size_problem("A note", note or "", MAX_NOTE)
    if problem:
        raise AnnotationError(problem)


def open_store(
    corpus_root: Path | None, db: Path | None = None, *, readonly: bool = False, coder: str | None = None,
    lock_timeout: float = 2.0,
) -> AnnotationStore:
    """Open the store for a corpus (``db`` overrides the default location)."""
    folder = Path(db) if db is not None else default_store_path(corpus_root or Path("."))
    check_store_location(folder, corpus_root)
    return AnnotationStore(folder, readonly=readonly, coder=coder, lock_timeout=lock_timeout)


__all__ = ["AnnotationStore", "default_store_path", "fsync_dir", "open_store"]
