"""Highlight and statement-mark edits as pure functions: the rows as they are in, a ``Change`` out.

``AnnotationStore`` finds the rows, calls one of these, and commits the change. The
time (``when``), the coder and new ids (``make_id``) are given, so the same input
always builds the same change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from corpus.model import StatementText

from .anchoring import apply_anchor, new_anchor_fields
from .errors import AnnotationError
from .history import Change, Mutation
from .model import MAX_NOTE, ORPHANED, Code, Highlight, StatementMarks, size_problem

Span = tuple[StatementText, int, int]  # a statement's text and offsets into it


def check_note(note: str) -> None:
    """Refuse a note over the size limit (``AnnotationError``)."""
    problem = size_problem("A note", note or "", MAX_NOTE)
    if problem:
        raise AnnotationError(problem)


def known_labels(codes: Mapping[str, Code], labels: Iterable[str]) -> tuple[str, ...]:
    """Code ids in order, each once; ``AnnotationError`` for one not in the codebook."""
    out: list[str] = []
    for code_id in labels:
        if code_id not in codes:
            raise AnnotationError(f"There is no code with id {code_id!r}.")
        if code_id not in out:
            out.append(code_id)
    return tuple(out)


def on_span(docs: Iterable[dict[str, Any]], start: int, end: int) -> Highlight | None:
    """The anchored highlight with exactly these offsets among a statement's raw rows.

    Raw rows, not ``Highlight``s: saving stays as cheap as the statement is small.
    """
    found = next((d for d in docs if d.get("start") == start and d.get("end") == end and d.get("status") != ORPHANED), None)
    return Highlight.from_doc(found) if found is not None else None


def new_highlight(
    text: StatementText, start: int, end: int, labels: tuple[str, ...], note: str, *, hid: str, coder: str, when: str
) -> Highlight:
    """A highlight of ``text.reading_text[start:end]``, its quote taken from the text (invariant 1)."""
    try:
        fields = new_anchor_fields(text.reading_text, start, end)
    except ValueError as exc:
        raise AnnotationError(f"Cannot highlight: {exc}.") from None
    return Highlight(
        id=hid, statement=text.id, labels=labels, note=note, coder=coder, created=when, modified=when,
        sha256=text.sha256, normaliser=text.normaliser, **fields,  # type: ignore[arg-type]
    )


def highlight_added(h: Highlight) -> Change:
    quote = h.quote if len(h.quote) <= 40 else h.quote[:37] + "..."
    return Change(f"highlight “{quote}”", [Mutation(h.statement, "highlights", h.id, None, h.to_doc())])


def add_to_highlight(same: Highlight, labels: tuple[str, ...], note: str, codes: Mapping[str, Code], when: str) -> tuple[Highlight, Change]:
    """Codes (and a note, if it had none) coded again on a span that has a highlight: that highlight grows.

    The change is empty when nothing is new.
    """
    added = tuple(c for c in labels if c not in same.labels)
    new_note = same.note or note
    if not added and new_note == same.note:
        return same, Change("nothing")
    names = ", ".join(codes[c].name for c in added) or "note"
    return edited(same, f"add {names}", when, labels=same.labels + added, note=new_note)


def edited(h: Highlight, description: str, when: str, **changes: object) -> tuple[Highlight, Change]:
    """A highlight with ``changes``, and the one-row change that makes it so."""
    updated = h.evolve(modified=when, **changes)
    return updated, Change(description, [Mutation(h.statement, "highlights", h.id, h.to_doc(), updated.to_doc())])


def label_toggled(h: Highlight, code: Code, when: str) -> tuple[Highlight, Change]:
    if code.id in h.labels:
        return edited(h, f"remove {code.name}", when, labels=tuple(c for c in h.labels if c != code.id))
    return edited(h, f"add {code.name}", when, labels=h.labels + (code.id,))


def highlight_deleted(h: Highlight) -> Change:
    return Change("delete highlight", [Mutation(h.statement, "highlights", h.id, h.to_doc(), None)])


def code_spans(
    code_id: str, spans: Iterable[Span], existing: Mapping[str, Sequence[Highlight]], *,
    coder: str, when: str, make_id: Callable[[], str],
) -> tuple[list[Mutation], int, int]:
    """Code many spans at once (search hits): the mutations, and how many highlights were created and updated.

    A span that already has a highlight with exactly those offsets gets the code
    added; any other span becomes a new highlight; a span outside its text is skipped.
    ``existing`` holds each statement's highlights.
    """
    mutations: list[Mutation] = []
    created = updated = 0
    by_statement: dict[str, list[Span]] = {}
    for item in spans:
        by_statement.setdefault(item[0].id, []).append(item)
    for sid, items in by_statement.items():
        on_span = {(h.start, h.end): h for h in existing.get(sid, ()) if h.status != ORPHANED}
        for text, start, end in items:
            h = on_span.get((start, end))
            if h is not None:
                if code_id not in h.labels:
                    new = h.evolve(labels=h.labels + (code_id,), modified=when)
                    mutations.append(Mutation(sid, "highlights", h.id, h.to_doc(), new.to_doc()))
                    on_span[(start, end)] = new
                    updated += 1
                continue
            try:
                h = new_highlight(text, start, end, (code_id,), "", hid=make_id(), coder=coder, when=when)
            except AnnotationError:
                continue
            mutations.append(Mutation(sid, "highlights", h.id, None, h.to_doc()))
            on_span[(start, end)] = h
            created += 1
    return mutations, created, updated


def marks_set(
    statement_id: str, old: StatementMarks | None, description: str, when: str, *,
    labels: tuple[str, ...] | None = None, note: str | None = None,
) -> tuple[StatementMarks, Change]:
    """A statement's marks with new ``labels`` and/or ``note`` (``old`` is None when it has none stored)."""
    base = old or StatementMarks(statement_id)
    new = StatementMarks(
        statement=statement_id, labels=base.labels if labels is None else labels,
        note=base.note if note is None else note, modified=when,
    )
    before = old.to_doc() if old is not None else None
    return new, Change(description, [Mutation(statement_id, "statement", statement_id, before, new.to_doc())])


def statement_label_toggled(statement_id: str, old: StatementMarks | None, code: Code, when: str) -> tuple[StatementMarks, Change]:
    labels = old.labels if old is not None else ()
    if code.id in labels:
        rest = tuple(c for c in labels if c != code.id)
        return marks_set(statement_id, old, f"remove statement label {code.name}", when, labels=rest)
    return marks_set(statement_id, old, f"label statement {code.name}", when, labels=labels + (code.id,))


def reanchored(text: StatementText, highlights: Iterable[Highlight], when: str) -> list[Mutation]:
    """The highlights of a statement that move (or orphan) on its current text (invariant 2)."""
    moved = []
    for h in highlights:
        if h.sha256 == text.sha256 and h.normaliser == text.normaliser and h.status != ORPHANED:
            continue
        updated = apply_anchor(text.reading_text, h, text.sha256, text.normaliser, when)
        if updated is not h:
            moved.append(Mutation(text.id, "highlights", h.id, h.to_doc(), updated.to_doc()))
    return moved
