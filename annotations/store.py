"""The annotation store: reading, saving, undo and redo.

Every user action is a ``Change`` built by a pure function (``annotations.codebook``,
``annotations.highlight_edits``), written before the method returns (invariant 3)
through ``commit`` -> ``StoreFiles.apply`` (``annotations.store_files``: one atomic
write, or the journal for several files), and recorded for undo. One process writes
at a time (``StoreLock``). Collaborators: ``files``, ``summaries``, ``reading`` (read
marks, position), ``damage_handler``, ``history``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from corpus.model import StatementText
from corpus.paths import corpus_slug, data_dir

from . import codebook, highlight_edits
from .codebook import CodebookEdit, StatementCoding
from .damage import Damage
from .errors import AnnotationError, StoreWriteError, UnfinishedWriteError
from .files import STATEMENTS_DIR, iter_statement_files, table_docs
from .highlight_edits import Span, check_note
from .history import CODEBOOK, Change, History, Mutation
from .model import Code, Highlight, StatementMarks, StatementSummary, new_id, now
from .reading_state import ReadingState
from .recovery import DamageHandler
from .settings import resolve_coder
from .store_files import StoreFiles, check_store_location, prepare_folder
from .summary import Summaries


def default_store_path(corpus_root: Path) -> Path:
    """The store of a corpus in the user data directory: one store per corpus folder."""
    return data_dir() / "stores" / corpus_slug(corpus_root)


class AnnotationStore:
    """The codebook and annotations of one corpus, kept in a folder of TinyDB files."""

    def __init__(
        self, folder: Path, *, readonly: bool = False, coder: str | None = None, lock_timeout: float = 2.0
    ) -> None:
        self.folder = Path(folder)
        self.readonly = readonly
        self.coder = resolve_coder(coder)
        self.history = History()
        self.reading = ReadingState(self.folder, readonly)
        self._lock = prepare_folder(self.folder, readonly, lock_timeout)
        self._codes: dict[str, Code] | None = None
        # After the lock and the journal: stale temporary files are removed then.
        self.damage_handler = DamageHandler(self.folder, readonly)
        self.files = StoreFiles(self.folder, readonly, self.damage_handler)
        self.summaries = Summaries(self.folder, self.files.read, self.damage_handler)
        self.files.check_codebook()

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the one write path
    def warm(self, statement_ids: Iterable[str]) -> None:
        self.files.warm(statement_ids)

    def _apply(self, mutations: list[Mutation]) -> None:
        """Write mutations (all or none, ``StoreFiles.apply``); keep the codebook and summary true."""
        try:
            summaries = self.files.apply(mutations)
        except UnfinishedWriteError:
            self._codes = None
            self.summaries.forget()
            raise
        except StoreWriteError:
            self._codes = None
            raise
        if any(m.file == CODEBOOK for m in mutations):
            self._codes = None
        self.summaries.written(summaries)

    def commit(self, change: Change) -> Change:
        """Write a change built elsewhere and record it as one undo step (or part of the open batch)."""
        self._apply(change.mutations)
        self.history.record(change)
        return change

    def batch(self, description: str) -> AbstractContextManager[None]:
        """Group every change made inside into one undo step."""
        return self.history.batch(description)

    def undo(self) -> Change | None:
        """Revert the last action; returns it (for "Undid: ...") or ``None``."""
        return self.history.undo(self._apply)

    def redo(self) -> Change | None:
        return self.history.redo(self._apply)

    # ------------------------------------------------------------------ reading
    def codes(self) -> list[Code]:
        """The codebook, codes with keys first (by key), then by name."""
        return codebook.sorted_codes(self.code_map())

    def code_map(self) -> dict[str, Code]:
        """The codebook by code id (the plain data codebook edits take)."""
        if self._codes is None:
            self._codes = {d["id"]: Code.from_doc(d) for d in table_docs(self.files.read(CODEBOOK), "codes")}
        return self._codes

    def code(self, code_id: str) -> Code | None:
        return self.code_map().get(code_id)

    def code_by_name(self, name: str) -> Code | None:
        return codebook.code_named(self.code_map(), name)

    def code_by_key(self, key: str) -> Code | None:
        return codebook.code_with_key(self.code_map(), key)

    def highlights(self, statement_id: str) -> list[Highlight]:
        docs = table_docs(self.files.read(statement_id), "highlights")
        return sorted((Highlight.from_doc(d) for d in docs), key=lambda h: (h.start, h.end, h.created))

    def highlight(self, statement_id: str, highlight_id: str) -> Highlight | None:
        return next((h for h in self.highlights(statement_id) if h.id == highlight_id), None)

    def _existing(self, statement_id: str, highlight_id: str) -> Highlight:
        found = self.highlight(statement_id, highlight_id)
        if found is None:
            raise AnnotationError(f"There is no highlight {highlight_id} in {statement_id}.")
        return found

    def stored_marks(self, statement_id: str) -> StatementMarks | None:
        """A statement's marks, or ``None`` when nothing is stored for it."""
        docs = table_docs(self.files.read(statement_id), "statement")
        return StatementMarks.from_doc(docs[0]) if docs else None

    def marks(self, statement_id: str) -> StatementMarks:
        return self.stored_marks(statement_id) or StatementMarks(statement_id)

    def iter_statements(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every statement file's id and raw content, each read once (for exports)."""
        return iter_statement_files(self.folder / STATEMENTS_DIR, on_damage=self.damage_handler.handle)

    def statement_ids(self) -> list[str]:
        """Ids of every statement that has a file in the store."""
        ids: list[str] = []
        for sid, data in self.iter_statements():
            self.files.remember(sid, data)
            ids.append(sid)
        return ids

    def sync_text(self, text: StatementText) -> list[Highlight]:
        """Re-anchor a statement's highlights on its current text and save what moved.

        Not an undoable action: it keeps the store true to the corpus.
        """
        highlights = self.highlights(text.id)
        moved = highlight_edits.reanchored(text, highlights, now())
        if not moved:
            return highlights
        if self.readonly:  # report where they are now without saving
            after = {m.key: Highlight.from_doc(m.after) for m in moved if m.after}
            return sorted((after.get(h.id, h) for h in highlights), key=lambda h: (h.start, h.end, h.created))
        self._apply(moved)
        return self.highlights(text.id)

    # ------------------------------------------------------------------ codebook
    def _edit(self, edit: CodebookEdit) -> Code:
        self.commit(edit.change)
        return edit.code

    def add_code(
        self, name: str, color: str | None = None, key: str | None = None,
        description: str = "", parent: str | None = None, code_id: str | None = None,
    ) -> Code:
        """Add a code (``codebook.add_code``)."""
        return self._edit(codebook.add_code(self.code_map(), code_id or new_id(), name, color, key, description, parent))

    def update_code(self, code_id: str, **fields: Any) -> Code:
        """Rename, recolour, set the key, description or parent (``codebook.update_code``)."""
        return self._edit(codebook.update_code(self.code_map(), code_id, **fields))

    def delete_code(self, code_id: str, force: bool = False) -> Code:
        """Delete a code, with ``force`` even while used (``codebook.delete_code``): one undo step."""
        return self._edit(codebook.delete_code(self.code_map(), code_id, self._coding_with(code_id), force))

    def merge_codes(self, source_id: str, target_id: str) -> Code:
        """Merge ``source`` into ``target``: every use of source becomes target (``codebook.merge_codes``)."""
        return self._edit(codebook.merge_codes(self.code_map(), source_id, target_id, self._coding_with(source_id)))

    def _coding_with(self, code_id: str) -> Iterator[StatementCoding]:
        """The highlights and marks of every statement using a code, read one file at a time."""
        for sid in [sid for sid, s in self.summary().items() if code_id in s.codes or code_id in s.labels]:
            yield StatementCoding.of(sid, self.files.read(sid))

    def import_codebook_entries(self, entries: list[dict[str, Any]]) -> tuple[int, int]:
        """Add or update codes by name (idempotent) in one change; returns (added, updated).

        Entries must already be validated (``importer.validate_codebook``); the whole
        result is checked (``codebook.plan_codebook_import``) before anything is written.
        """
        plan = codebook.plan_codebook_import(self.code_map(), entries)
        if plan.mutations:
            self.commit(Change("import codebook", plan.mutations))
        return plan.added, plan.updated

    def code_usage(self, code_id: str) -> int:
        """Highlights plus statements that use a code."""
        return codebook.usage_in_summary(self.summary(), code_id).total

    def code_usage_sentence(self, code_id: str) -> str:
        """What deleting a code would touch: "used by 63 highlights in 41 statements"."""
        return codebook.usage_in_summary(self.summary(), code_id).sentence()

    # ------------------------------------------------------------------ highlights and statement marks
    def _check_labels(self, labels: Iterable[str]) -> tuple[str, ...]:
        return highlight_edits.known_labels(self.code_map(), labels)

    def add_highlight(
        self, text: StatementText, start: int, end: int, labels: Iterable[str] = (), note: str = ""
    ) -> Highlight:
        """Highlight ``text.reading_text[start:end]`` with the given codes.

        A span that already has a highlight (the same start and end) is never made a
        second time: the codes (and a note, if it had none) go to that highlight, which
        is returned. Every way of coding (keys, search hits, import) relies on this.
        """
        when = now()
        fresh = highlight_edits.new_highlight(text, start, end, (), note, hid=new_id(), coder=self.coder, when=when)
        check_note(note)
        label_ids = self._check_labels(labels)
        same = highlight_edits.on_span(table_docs(self.files.read(text.id), "highlights"), start, end)
        if same is None:
            h = fresh.evolve(labels=label_ids)
            change = highlight_edits.highlight_added(h)
        else:
            h, change = highlight_edits.add_to_highlight(same, label_ids, note, self.code_map(), when)
        if change:
            self.commit(change)
        return h

    def _edited(self, result: tuple[Highlight, Change]) -> Highlight:
        self.commit(result[1])
        return result[0]

    def toggle_highlight_label(self, statement_id: str, highlight_id: str, code_id: str) -> Highlight:
        h = self._existing(statement_id, highlight_id)
        self._check_labels([code_id])
        return self._edited(highlight_edits.label_toggled(h, self.code_map()[code_id], now()))

    def set_highlight_note(self, statement_id: str, highlight_id: str, note: str) -> Highlight:
        check_note(note)
        return self._edited(highlight_edits.edited(self._existing(statement_id, highlight_id), "edit note", now(), note=note))

    def delete_highlight(self, statement_id: str, highlight_id: str) -> Highlight:
        h = self._existing(statement_id, highlight_id)
        self.commit(highlight_edits.highlight_deleted(h))
        return h

    def apply_code_to_spans(self, code_id: str, spans: list[Span], description: str) -> tuple[int, int]:
        """Code many spans at once (search hits): one undoable change; returns (created, updated)."""
        self._check_labels([code_id])
        existing = {sid: self.highlights(sid) for sid in dict.fromkeys(text.id for text, _, _ in spans)}
        mutations, created, updated = highlight_edits.code_spans(
            code_id, spans, existing, coder=self.coder, when=now(), make_id=new_id
        )
        if mutations:
            self.commit(Change(description, mutations))
        return created, updated

    def toggle_statement_label(self, statement_id: str, code_id: str) -> StatementMarks:
        self._check_labels([code_id])
        code = self.code_map()[code_id]
        marks, change = highlight_edits.statement_label_toggled(statement_id, self.stored_marks(statement_id), code, now())
        self.commit(change)
        return marks

    def set_statement_note(self, statement_id: str, note: str) -> StatementMarks:
        check_note(note)
        old = self.stored_marks(statement_id)
        marks, change = highlight_edits.marks_set(statement_id, old, "edit statement note", now(), note=note)
        self.commit(change)
        return marks

    # ------------------------------------------------------------------ collaborators, by their old names
    def summary(self) -> dict[str, StatementSummary]:
        return self.summaries.summary()

    @property
    def summary_ready(self) -> bool:
        return self.summaries.ready

    def compute_summary(self, in_child: bool = False) -> dict[str, StatementSummary]:
        return self.summaries.compute(in_child)

    def install_summary(self, summary: dict[str, StatementSummary]) -> None:
        self.summaries.install(summary)

    def code_counts(self) -> dict[str, int]:
        return self.summaries.code_counts()

    def mark_read(self, statement_id: str) -> None:
        self.reading.mark_read(statement_id)

    def read_ids(self) -> set[str]:
        return self.reading.read_ids()

    def save_state(self, state: dict[str, Any]) -> None:
        self.reading.save_state(state)

    def load_state(self) -> dict[str, Any]:
        return self.reading.load_state()

    def decline_starter(self) -> None:
        self.reading.decline_starter()

    def starter_declined(self) -> bool:
        return self.reading.starter_declined()

    def take_damage(self) -> list[Damage]:
        return self.damage_handler.take()

    @property
    def damage(self) -> list[Damage]:
        return self.damage_handler.seen

    def damaged_statements(self, statement_ids: Iterable[str]) -> set[str]:
        return self.damage_handler.statements(statement_ids)


def open_store(
    corpus_root: Path | None, db: Path | None = None, *, readonly: bool = False, coder: str | None = None,
    lock_timeout: float = 2.0,
) -> AnnotationStore:
    """Open the store for a corpus (``db`` overrides the default location)."""
    folder = Path(db) if db is not None else default_store_path(corpus_root or Path("."))
    check_store_location(folder, corpus_root)
    return AnnotationStore(folder, readonly=readonly, coder=coder, lock_timeout=lock_timeout)


__all__ = ["AnnotationStore", "default_store_path", "open_store"]
