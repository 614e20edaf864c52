"""Codebook operations of the store: add, rename, recolour, set key, delete, merge.

A mixin of ``AnnotationStore``: every operation is one undoable ``Change``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from .errors import CodebookError
from .files import table_docs
from .history import CODEBOOK, Change, Mutation
from .colors import pick_color
from .model import KEYS, Code, new_id, normalise_color

if TYPE_CHECKING:
    from .store import AnnotationStore

STARTER_FILE = "unsc-themes.json"


def starter_codebook() -> list[dict[str, Any]]:
    """The starter codebook shipped for the bundled sample (themes of the seeds)."""
    data = orjson.loads((Path(__file__).resolve().parent / "starter" / STARTER_FILE).read_bytes())
    return list(data["codebook"])


class CodebookOps:
    """Codebook editing; mixed into ``AnnotationStore``."""

    def _validate_name(self: AnnotationStore, name: str, ignore: str | None = None) -> str:
        name = " ".join(str(name).split())
        if not name:
            raise CodebookError("A code needs a name.")
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
            description=description or "", parent=self._validate_parent(parent, cid),
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
            changes["description"] = str(fields["description"] or "")
        if "parent" in fields:
            changes["parent"] = self._validate_parent(fields["parent"], code_id)
        updated = Code(**{**code.to_doc(), **changes})
        what = ", ".join(sorted(changes)) or "nothing"
        self._commit(Change(f"change {what} of {code.name}", [Mutation(CODEBOOK, "codes", code_id, code.to_doc(), updated.to_doc())]))
        return updated

    def code_usage(self: AnnotationStore, code_id: str) -> int:
        """Highlights plus statements that use a code."""
        total = 0
        for summary in self.summary().values():
            total += summary.codes.get(code_id, 0) + (1 if code_id in summary.labels else 0)
        return total

    def _relabel_everywhere(self: AnnotationStore, source: str, target: str | None) -> list[Mutation]:
        """Mutations replacing code ``source`` by ``target`` (or removing it) everywhere."""
        mutations: list[Mutation] = []
        for sid, summary in self.summary().items():
            if source not in summary.codes and source not in summary.labels:
                continue
            data = self._read(sid)
            for doc in table_docs(data, "highlights"):
                if source in doc.get("labels", ()):
                    mutations.append(Mutation(sid, "highlights", doc["id"], doc, {**doc, "labels": _swap(doc["labels"], source, target)}))
            for doc in table_docs(data, "statement"):
                if source in doc.get("labels", ()):
                    mutations.append(Mutation(sid, "statement", sid, doc, {**doc, "labels": _swap(doc["labels"], source, target)}))
        for child in self.codes():
            if child.parent == source:
                mutations.append(Mutation(CODEBOOK, "codes", child.id, child.to_doc(), {**child.to_doc(), "parent": target}))
        return mutations

    def delete_code(self: AnnotationStore, code_id: str, force: bool = False) -> Code:
        """Delete a code; refused while highlights or statements use it unless ``force``."""
        code = self._require(code_id)
        used = self.code_usage(code_id)
        if used and not force:
            raise CodebookError(
                f"“{code.name}” is used {used} time{'s' if used != 1 else ''}; merge it into another code, "
                "or delete it with force to remove it from those annotations."
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
        return target

    def import_codebook_entries(self: AnnotationStore, entries: list[dict[str, Any]]) -> tuple[int, int]:
        """Add or update codes by name (idempotent); returns (added, updated).

        Entries must already be validated. A key already held by another code is left
        unset rather than stolen.
        """
        added = updated = 0
        by_name_id: dict[str, str] = {}
        with self.batch("import codebook"):
            for entry in entries:
                existing = self.code_by_name(entry["name"])
                key = entry.get("key")
                holder = self.code_by_key(key) if key else None
                if holder is not None and (existing is None or holder.id != existing.id):
                    key = existing.key if existing else None
                if existing is None:
                    wanted_id = entry.get("id")
                    cid = wanted_id if isinstance(wanted_id, str) and wanted_id and self.code(wanted_id) is None else None
                    code = self.add_code(entry["name"], entry.get("color"), key, entry.get("description") or "", None, code_id=cid)
                    added += 1
                else:
                    fields: dict[str, Any] = {}
                    if entry.get("color") and normalise_color(entry["color"]) != existing.color:
                        fields["color"] = entry["color"]
                    if "key" in entry and key != existing.key:
                        fields["key"] = key
                    if "description" in entry and (entry.get("description") or "") != existing.description:
                        fields["description"] = entry.get("description") or ""
                    code = self.update_code(existing.id, **fields) if fields else existing
                    updated += bool(fields)
                by_name_id[code.name.casefold()] = code.id
            # Parents are given by name in files; link them once every code exists.
            for entry in entries:
                parent = entry.get("parent")
                if not parent:
                    continue
                child = self.code_by_name(entry["name"])
                parent_code = self.code_by_name(parent) or self.code(parent)
                if child and parent_code and child.parent != parent_code.id:
                    self.update_code(child.id, parent=parent_code.id)
        return added, updated


def _swap(labels: list[str], source: str, target: str | None) -> list[str]:
    out: list[str] = []
    for code_id in labels:
        new = target if code_id == source else code_id
        if new is not None and new not in out:
            out.append(new)
    return out
