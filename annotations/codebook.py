"""Codebook edits as pure functions: the codebook (and the rows using a code) in, a ``Change`` out.

Nothing here reads or writes the store. ``AnnotationStore`` gathers the data, calls one
of these, and commits the ``Change`` returned through its one write path (journal and
undo history). So every rule of the codebook (unique names and keys, no code its own
ancestor, what deleting or merging a used code does to highlights and children) is
checked on plain data, without a store (tests/annotations/test_codebook_edits.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from corpus.safe_text import display_safe
from corpus.wording import count

from .colors import pick_color
from .errors import CodebookError
from .files import table_docs
from .history import CODEBOOK, Change, Mutation
from .model import (
    KEYS,
    MAX_DESCRIPTION,
    MAX_NAME,
    Code,
    Highlight,
    StatementMarks,
    StatementSummary,
    new_id,
    normalise_color,
    size_problem,
)

STARTER_FILE = "unsc-themes.json"

Codes = Mapping[str, Code]  # id -> code: the codebook as the store holds it


def starter_codebook() -> list[dict[str, Any]]:
    """The starter codebook shipped for the bundled sample (themes of the seeds)."""
    data = orjson.loads((Path(__file__).resolve().parent / "starter" / STARTER_FILE).read_bytes())
    return list(data["codebook"])


def next_free_key(codes: Iterable[Code]) -> str | None:
    """The lowest of keys 1-9 no code holds, for a code made in the app (None when all are taken)."""
    taken = {c.key for c in codes}
    return next((k for k in KEYS if k not in taken), None)


def sorted_codes(codes: Codes) -> list[Code]:
    """Codes with keys first (by key), then by name: the codebook's order everywhere."""
    return sorted(codes.values(), key=lambda c: (c.key is None, c.key or "", c.name.casefold()))


def code_named(codes: Codes, name: str) -> Code | None:
    wanted = name.strip().casefold()
    return next((c for c in codes.values() if c.name.casefold() == wanted), None)


def code_with_key(codes: Codes, key: str) -> Code | None:
    return next((c for c in codes.values() if c.key == key), None)


@dataclass(frozen=True)
class StatementCoding:
    """One statement's highlights (in file order) and marks: what deleting or merging a code relabels."""

    statement: str
    highlights: tuple[Highlight, ...] = ()
    marks: StatementMarks | None = None

    @classmethod
    def of(cls, statement: str, data: dict[str, Any]) -> StatementCoding:
        """From a statement file's tables (``files.table_docs`` order: the file's own)."""
        marks = table_docs(data, "statement")
        highlights = tuple(Highlight.from_doc(d) for d in table_docs(data, "highlights"))
        return cls(statement, highlights, StatementMarks.from_doc(marks[0]) if marks else None)


@dataclass(frozen=True)
class CodebookEdit:
    """What an edit leads to: the code as it is afterwards, and the change that gets there."""

    code: Code
    change: Change


class CodeUsage(NamedTuple):
    """How much of the annotations a code holds: what deleting it would touch."""

    highlights: int = 0  # highlights using the code
    in_statements: int = 0  # statements those highlights are in
    labelled: int = 0  # statements labelled with the code

    @property
    def total(self) -> int:
        return self.highlights + self.labelled

    def sentence(self) -> str:
        """ "used by 63 highlights in 41 statements and as a label of 2 statements", or "not used"."""
        parts = []
        if self.highlights:
            parts.append(f"used by {count(self.highlights, 'highlight')} in {count(self.in_statements, 'statement')}")
        if self.labelled:
            parts.append(("and " if parts else "used ") + f"as a label of {count(self.labelled, 'statement')}")
        return " ".join(parts) or "not used"


def usage_in_summary(summary: Mapping[str, StatementSummary], code_id: str) -> CodeUsage:
    """A code's usage from the store's per-statement summary (no file is read)."""
    highlights = in_statements = labelled = 0
    for s in summary.values():
        n = s.codes.get(code_id, 0)
        highlights += n
        in_statements += 1 if n else 0
        labelled += 1 if code_id in s.labels else 0
    return CodeUsage(highlights, in_statements, labelled)


def add_code(
    codes: Codes, code_id: str, name: str, color: str | None = None, key: str | None = None,
    description: str = "", parent: str | None = None,
) -> CodebookEdit:
    """A new code; its colour defaults to the palette colour most unlike those in use."""
    if code_id in codes:
        raise CodebookError(f"There is already a code with id {code_id!r}.")
    try:
        colour = normalise_color(color) if color else pick_color(c.color for c in codes.values())
    except ValueError as exc:
        raise CodebookError(f"{exc}.") from None
    code = Code(
        id=code_id, name=_valid_name(codes, name), color=colour, key=_valid_key(codes, key),
        description=_checked_description(description), parent=_valid_parent(codes, parent, code_id),
    )
    return CodebookEdit(code, Change(f"add code {code.name}", [Mutation(CODEBOOK, "codes", code_id, None, code.to_doc())]))


def update_code(codes: Codes, code_id: str, **fields: Any) -> CodebookEdit:
    """Rename (``name``), recolour (``color``), set ``key`` (None clears), ``description``, ``parent``."""
    code = _require(codes, code_id)
    changes: dict[str, Any] = {}
    if "name" in fields:
        changes["name"] = _valid_name(codes, fields["name"], ignore=code_id)
    if "color" in fields:
        try:
            changes["color"] = normalise_color(fields["color"])
        except ValueError as exc:
            raise CodebookError(f"{exc}.") from None
    if "key" in fields:
        changes["key"] = _valid_key(codes, fields["key"], ignore=code_id)
    if "description" in fields:
        changes["description"] = _checked_description(fields["description"])
    if "parent" in fields:
        changes["parent"] = _valid_parent(codes, fields["parent"], code_id)
    updated = replace(code, **changes)
    what = ", ".join(sorted(changes)) or "nothing"
    mutation = Mutation(CODEBOOK, "codes", code_id, code.to_doc(), updated.to_doc())
    return CodebookEdit(updated, Change(f"change {what} of {code.name}", [mutation]))


def delete_code(codes: Codes, code_id: str, coding: Iterable[StatementCoding], force: bool = False) -> CodebookEdit:
    """Delete a code; refused while highlights or statements use it unless ``force``.

    ``coding`` holds (at least) every statement that uses the code. With ``force`` it
    is one change: the code, its labels everywhere, and the highlights it leaves with
    neither a code nor a note all come back with one undo.
    """
    code = _require(codes, code_id)
    mutations, used = _relabel(codes, coding, code_id, None)
    if used.total and not force:
        raise CodebookError(
            f"“{code.name}” is used {count(used.total, 'time')} ({used.sentence()}); merge it into "
            "another code, or delete it with force to remove it from those annotations."
        )
    mutations.append(Mutation(CODEBOOK, "codes", code_id, code.to_doc(), None))
    return CodebookEdit(code, Change(f"delete code {code.name}", mutations))


def merge_codes(codes: Codes, source_id: str, target_id: str, coding: Iterable[StatementCoding]) -> CodebookEdit:
    """Merge ``source`` into ``target``: every use of source becomes target; ``code`` is the target after."""
    source, target = _require(codes, source_id), _require(codes, target_id)
    if source_id == target_id:
        raise CodebookError("A code cannot be merged into itself.")
    mutations, _ = _relabel(codes, coding, source_id, target_id)
    mutations.append(Mutation(CODEBOOK, "codes", source_id, source.to_doc(), None))
    moved = next((m.after for m in mutations if m.file == CODEBOOK and m.key == target_id and m.after), None)
    after = Code.from_doc(moved) if moved is not None else target
    return CodebookEdit(after, Change(f"merge {source.name} into {target.name}", mutations))


def _relabel(
    codes: Codes, coding: Iterable[StatementCoding], source: str, target: str | None
) -> tuple[list[Mutation], CodeUsage]:
    """Mutations replacing code ``source`` by ``target`` (or removing it) everywhere, and its usage.

    Removing a code (``target`` None) also removes each highlight it leaves with no
    code and no note: an empty highlight is not work anyone can see or export.
    Children of ``source`` move to ``target``; when ``target`` is itself below
    ``source`` it takes ``source``'s place, so no code becomes its own ancestor.
    """
    mutations: list[Mutation] = []
    highlights = in_statements = labelled = 0
    for item in coding:
        sid, found = item.statement, 0
        for h in item.highlights:
            if source in h.labels:
                labels = _swap(h.labels, source, target)
                emptied = not labels and not h.note
                mutations.append(Mutation(sid, "highlights", h.id, h.to_doc(), None if emptied else h.evolve(labels=labels).to_doc()))
                found += 1
        marks = item.marks
        if marks is not None and source in marks.labels:
            mutations.append(Mutation(sid, "statement", sid, marks.to_doc(), replace(marks, labels=_swap(marks.labels, source, target)).to_doc()))
            labelled += 1
        highlights += found
        in_statements += 1 if found else 0
    parent = codes[source].parent
    target_below_source = target is not None and source in ancestors(codes, target)
    for child in sorted_codes(codes):
        if child.id == target and target_below_source:
            mutations.append(Mutation(CODEBOOK, "codes", child.id, child.to_doc(), replace(child, parent=parent).to_doc()))
        elif child.parent == source and child.id != target:
            mutations.append(Mutation(CODEBOOK, "codes", child.id, child.to_doc(), replace(child, parent=target).to_doc()))
    return mutations, CodeUsage(highlights, in_statements, labelled)


def ancestors(codes: Codes, code_id: str) -> list[str]:
    """The ids above a code, nearest first (a damaged codebook's loop is followed once)."""
    out: list[str] = []
    current = codes.get(code_id)
    while current is not None and current.parent and current.parent not in out:
        out.append(current.parent)
        current = codes.get(current.parent)
    return out


def _require(codes: Codes, code_id: str) -> Code:
    code = codes.get(code_id)
    if code is None:
        raise CodebookError(f"There is no code with id {code_id!r}.")
    return code


def _valid_name(codes: Codes, name: str, ignore: str | None = None) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise CodebookError("A code needs a name.")
    problem = size_problem("A code name", name, MAX_NAME)
    if problem:
        raise CodebookError(problem)
    other = code_named(codes, name)
    if other is not None and other.id != ignore:
        raise CodebookError(f"A code named “{other.name}” already exists.")
    return name


def _valid_key(codes: Codes, key: str | None, ignore: str | None = None) -> str | None:
    if key in (None, ""):
        return None
    key = str(key)
    if key not in KEYS:
        raise CodebookError(f"A code key must be one of 1-9, not {key!r}.")
    other = code_with_key(codes, key)
    if other is not None and other.id != ignore:
        raise CodebookError(f"Key {key} is already used by “{other.name}”.")
    return key


def _valid_parent(codes: Codes, parent: str | None, code_id: str) -> str | None:
    if not parent:
        return None
    seen = {code_id}
    current: str | None = parent
    while current:
        if current in seen:
            raise CodebookError("A code cannot be its own ancestor.")
        seen.add(current)
        code = codes.get(current)
        if code is None:
            raise CodebookError(f"There is no parent code with id {parent!r}.")
        current = code.parent
    return parent


@dataclass
class CodebookPlan:
    """The codes a codebook import leads to, and the mutations that get there."""

    mutations: list[Mutation]
    added: int
    updated: int
    codes: dict[str, Code]  # id -> code, after the import

    def ids_by_name(self) -> dict[str, str]:
        return {" ".join(c.name.split()).casefold(): c.id for c in self.codes.values()}


def plan_codebook_import(existing: dict[str, Code], entries: list[dict[str, Any]]) -> CodebookPlan:
    """Match validated entries to codes by name; nothing is written.

    A new code keeps the entry's id when that id is free. A key already held by
    another code is left unset rather than stolen. Parents are given by name (or
    id) and linked once every code exists. Raises ``CodebookError`` when the result
    would have a parent cycle.
    """
    codes = dict(existing)
    names = {" ".join(c.name.split()).casefold(): c.id for c in codes.values()}
    added = updated = 0
    for entry in entries:
        name = " ".join(str(entry["name"]).split())
        current = codes.get(names.get(name.casefold(), ""))
        key = entry.get("key")
        holder = next((c for c in codes.values() if c.key == key), None) if key else None
        if holder is not None and (current is None or holder.id != current.id):
            key = current.key if current else None
        description = str(entry.get("description") or "")
        if current is None:
            wanted = entry.get("id")
            cid = wanted if isinstance(wanted, str) and wanted and wanted not in codes else new_id()
            color = normalise_color(entry["color"]) if entry.get("color") else pick_color(c.color for c in codes.values())
            codes[cid] = Code(id=cid, name=name, color=color, key=key, description=description)
            names[name.casefold()] = cid
            added += 1
            continue
        changes: dict[str, Any] = {}
        if entry.get("color") and normalise_color(entry["color"]) != current.color:
            changes["color"] = normalise_color(entry["color"])
        if "key" in entry and key != current.key:
            changes["key"] = key
        if "description" in entry and description != current.description:
            changes["description"] = description
        if changes:
            codes[current.id] = replace(current, **changes)
            updated += current.id in existing
    for entry in entries:
        parent = entry.get("parent")
        if not parent:
            continue
        child = codes.get(names.get(" ".join(str(entry["name"]).split()).casefold(), ""))
        parent_code = codes.get(names.get(" ".join(parent.split()).casefold(), "")) or codes.get(parent)
        if child is not None and parent_code is not None and child.parent != parent_code.id:
            codes[child.id] = replace(child, parent=parent_code.id)
    cycle = find_parent_cycle({c.id: c.parent for c in codes.values()})
    if cycle:
        path = " → ".join(f"“{display_safe(codes[c].name)[:60]}”" for c in cycle)
        raise CodebookError(f"The codebook's parents would form a cycle ({path}); a code cannot be its own ancestor.")
    mutations = [
        Mutation(CODEBOOK, "codes", cid, existing[cid].to_doc() if cid in existing else None, code.to_doc())
        for cid, code in codes.items() if existing.get(cid) != code
    ]
    return CodebookPlan(mutations, added, updated, codes)


def find_parent_cycle(parents: dict[str, str | None]) -> list[str] | None:
    """The first cycle in a child -> parent map, as [a, b, ..., a], or ``None``."""
    done: set[str] = set()
    for start in parents:
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = start
        while current is not None and current not in done:
            if current in on_path:
                return path[path.index(current):] + [current]
            on_path.add(current)
            path.append(current)
            current = parents.get(current)
        done.update(path)
    return None


def _checked_description(description: Any) -> str:
    text = str(description or "")
    problem = size_problem("A code description", text, MAX_DESCRIPTION)
    if problem:
        raise CodebookError(problem)
    return text


def _swap(labels: Iterable[str], source: str, target: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for code_id in labels:
        new = target if code_id == source else code_id
        if new is not None and new not in out:
            out.append(new)
    return tuple(out)
