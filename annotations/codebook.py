"""Codebook operations of the store: add, rename, recolour, set key, delete, merge.

A mixin of ``AnnotationStore``: every operation is one undoable ``Change``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from corpus.safe_text import display_safe
from corpus.wording import count

from .colors import pick_color
from .errors import CodebookError
from .files import table_docs
from .history import CODEBOOK, Change, Mutation
from .model import KEYS, MAX_DESCRIPTION, MAX_NAME, Code, new_id, normalise_color, size_problem

if TYPE_CHECKING:
    from .store import AnnotationStore

STARTER_FILE = "unsc-themes.json"


def starter_codebook() -> list[dict[str, Any]]:
    """The starter codebook shipped for the bundled sample (themes of the seeds)."""
    data = orjson.loads((Path(__file__).resolve().parent / "starter" / STARTER_FILE).read_bytes())
    return list(data["codebook"])


def next_free_key(codes: Iterable[Code]) -> str | None:
    """The lowest of keys 1-9 no code holds, for a code made in the app (None when all are taken)."""
    taken = {c.key for c in codes}
    return next((k for k in KEYS if k not in taken), None)


class CodebookOps:
    """Codebook editing; mixed into ``AnnotationStore``."""

    def _validate_name(self: AnnotationStore, name: str, ignore: str | None = None) -> str:
        name = " ".join(str(name).split())
        if not name:
            raise CodebookError("A code needs a name.")
        problem = size_problem("A code name", name, MAX_NAME)
        if problem:
            raise CodebookError(problem)
        other = self.code_by_name(name)
        if other is not None and other.id != ignore:
            raise CodebookError(f"A code named “{other.name}” already exists.")
        return name

    def _validate_key(self: AnnotationStore, key: str | None, ignore: str | None = None) -> str | None:
        if key in (None, ""):
            return None
        key = str(key)
        if key not in KEYS:
            raise CodebookError(f"A code key must be one of 1-9, not {key!r}.")
        other = self.code_by_key(key)
        if other is not None and other.id != ignore:
            raise CodebookError(f"Key {key} is already used by “{other.name}”.")
        return key

    def _validate_parent(self: AnnotationStore, parent: str | None, code_id: str) -> str | None:
        if not parent:
            return None
        seen = {code_id}
        current: str | None = parent
        while current:
            if current in seen:
                raise CodebookError("A code cannot be its own ancestor.")
            seen.add(current)
            code = self.code(current)
            if code is None:
                raise CodebookError(f"There is no parent code with id {parent!r}.")
            current = code.parent
        return parent

    def _next_color(self: AnnotationStore) -> str:
        return pick_color(c.color for c in self.codes())

    def _require(self: AnnotationStore, code_id: str) -> Code:
        code = self.code(code_id)
        if code is None:
            raise CodebookError(f"There is no code with id {code_id!r}.")
        return code

    def add_code(
        self: AnnotationStore, name: str, color: str | None = None, key: str | None = None,
        description: str = "", parent: str | None = None, code_id: str | None = None,
    ) -> Code:
        """Add a code; its colour defaults to the next free colour of the palette."""
        cid = code_id or new_id()
        try:
            colour = normalise_color(color) if color else self._next_color()
        except ValueError as exc:
            raise CodebookError(f"{exc}.") from None
        code = Code(
            id=cid, name=self._validate_name(name), color=colour, key=self._validate_key(key),
            description=_checked_description(description), parent=self._validate_parent(parent, cid),
        )
        self._commit(Change(f"add code {code.name}", [Mutation(CODEBOOK, "codes", cid, None, code.to_doc())]))
        return code

    def update_code(self: AnnotationStore, code_id: str, **fields: Any) -> Code:
        """Rename (``name``), recolour (``color``), set ``key`` (None clears), ``description``, ``parent``."""
        code = self._require(code_id)
        changes: dict[str, Any] = {}
        if "name" in fields:
            changes["name"] = self._validate_name(fields["name"], ignore=code_id)
        if "color" in fields:
            try:
                changes["color"] = normalise_color(fields["color"])
            except ValueError as exc:
                raise CodebookError(f"{exc}.") from None
        if "key" in fields:
            changes["key"] = self._validate_key(fields["key"], ignore=code_id)
        if "description" in fields:
            changes["description"] = _checked_description(fields["description"])
        if "parent" in fields:
            changes["parent"] = self._validate_parent(fields["parent"], code_id)
        updated = Code(**{**code.to_doc(), **changes})
        what = ", ".join(sorted(changes)) or "nothing"
        self._commit(Change(f"change {what} of {code.name}", [Mutation(CODEBOOK, "codes", code_id, code.to_doc(), updated.to_doc())]))
        return updated

    def code_usage(self: AnnotationStore, code_id: str) -> int:
        """Highlights plus statements that use a code."""
        highlights, _, labelled = self.code_usage_detail(code_id)
        return highlights + labelled

    def code_usage_detail(self: AnnotationStore, code_id: str) -> tuple[int, int, int]:
        """(highlights using the code, statements those are in, statements labelled with it)."""
        highlights = in_statements = labelled = 0
        for summary in self.summary().values():
            n = summary.codes.get(code_id, 0)
            highlights += n
            in_statements += 1 if n else 0
            labelled += 1 if code_id in summary.labels else 0
        return highlights, in_statements, labelled

    def code_usage_sentence(self: AnnotationStore, code_id: str) -> str:
        """What deleting a code would touch: "used by 63 highlights in 41 statements"."""
        highlights, in_statements, labelled = self.code_usage_detail(code_id)
        parts = []
        if highlights:
            parts.append(f"used by {count(highlights, 'highlight')} in {count(in_statements, 'statement')}")
        if labelled:
            parts.append(("and " if parts else "used ") + f"as a label of {count(labelled, 'statement')}")
        return " ".join(parts) or "not used"

    def _relabel_everywhere(self: AnnotationStore, source: str, target: str | None) -> list[Mutation]:
        """Mutations replacing code ``source`` by ``target`` (or removing it) everywhere.

        Removing a code (``target`` None) also removes each highlight it leaves with no
        code and no note: an empty highlight is not work anyone can see or export.
        Children of ``source`` move to ``target``; when ``target`` is itself below
        ``source`` it takes ``source``'s place, so no code becomes its own ancestor.
        """
        mutations: list[Mutation] = []
        for sid, summary in self.summary().items():
            if source not in summary.codes and source not in summary.labels:
                continue
            data = self._read(sid)
            for doc in table_docs(data, "highlights"):
                if source in doc.get("labels", ()):
                    labels = _swap(doc["labels"], source, target)
                    emptied = not labels and not doc.get("note")
                    mutations.append(Mutation(sid, "highlights", doc["id"], doc, None if emptied else {**doc, "labels": labels}))
            for doc in table_docs(data, "statement"):
                if source in doc.get("labels", ()):
                    mutations.append(Mutation(sid, "statement", sid, doc, {**doc, "labels": _swap(doc["labels"], source, target)}))
        source_code = self._code_map()[source]
        target_below_source = target is not None and source in self._ancestors(target)
        for child in self.codes():
            if child.id == target and target_below_source:
                mutations.append(Mutation(CODEBOOK, "codes", child.id, child.to_doc(), {**child.to_doc(), "parent": source_code.parent}))
            elif child.parent == source and child.id != target:
                mutations.append(Mutation(CODEBOOK, "codes", child.id, child.to_doc(), {**child.to_doc(), "parent": target}))
        return mutations

    def _ancestors(self: AnnotationStore, code_id: str) -> list[str]:
        out: list[str] = []
        current = self._code_map().get(code_id)
        while current is not None and current.parent and current.parent not in out:
            out.append(current.parent)
            current = self._code_map().get(current.parent)
        return out

    def delete_code(self: AnnotationStore, code_id: str, force: bool = False) -> Code:
        """Delete a code; refused while highlights or statements use it unless ``force``.

        With ``force`` it is one undoable change: the code, its labels everywhere, and
        the highlights it leaves with neither a code nor a note all come back with one
        undo.
        """
        code = self._require(code_id)
        used = self.code_usage(code_id)
        if used and not force:
            raise CodebookError(
                f"“{code.name}” is used {count(used, 'time')} ({self.code_usage_sentence(code_id)}); merge it into "
                "another code, or delete it with force to remove it from those annotations."
            )
        mutations = self._relabel_everywhere(code_id, None)
        mutations.append(Mutation(CODEBOOK, "codes", code_id, code.to_doc(), None))
        self._commit(Change(f"delete code {code.name}", mutations))
        return code

    def merge_codes(self: AnnotationStore, source_id: str, target_id: str) -> Code:
        """Merge ``source`` into ``target``: every use of source becomes target."""
        source, target = self._require(source_id), self._require(target_id)
        if source_id == target_id:
            raise CodebookError("A code cannot be merged into itself.")
        mutations = self._relabel_everywhere(source_id, target_id)
        mutations.append(Mutation(CODEBOOK, "codes", source_id, source.to_doc(), None))
        self._commit(Change(f"merge {source.name} into {target.name}", mutations))
        return self._require(target_id)

    def import_codebook_entries(self: AnnotationStore, entries: list[dict[str, Any]]) -> tuple[int, int]:
        """Add or update codes by name (idempotent) in one change; returns (added, updated).

        Entries must already be validated (``importer.validate_codebook``). The whole
        result is checked (a parent cycle through codes already stored is refused)
        before anything is written, and it is written as one change.
        """
        plan = plan_codebook_import(self._code_map(), entries)
        if plan.mutations:
            self._commit(Change("import codebook", plan.mutations))
        return plan.added, plan.updated


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


def _swap(labels: list[str], source: str, target: str | None) -> list[str]:
    out: list[str] = []
    for code_id in labels:
        new = target if code_id == source else code_id
        if new is not None and new not in out:
            out.append(new)
    return out
