"""How the store lives with damaged files: report each once, move it aside, go on.

``DamageHandler`` is held by ``AnnotationStore`` (``store.damage_handler``). Every
read of a store file goes through ``DamageHandler.handle`` when the file fails its check (``annotations.damage``): a writable store moves the
original to ``damaged/`` and, where rows could be salvaged, writes them back as the
live file; a read-only store (export, info) moves nothing and only reports. Either
way the caller gets the valid rows (or nothing) and carries on.

A damaged codebook loses codes that highlights still name: each such id gets a
placeholder code ("Recovered code 1a2b3c4d") so labels stay visible, countable,
exportable and renameable, instead of pointing at nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .damage import Checked, Damage, move_aside, statement_of
from .files import (
    CODEBOOK_FILE,
    STATEMENTS_DIR,
    STORE_FORMAT,
    iter_statement_files,
    load_checked,
    statement_file_name,
)
from .storage import AtomicJSONStorage, remove_stale_temporaries

RECOVERED_COLOR = "#888888"


class DamageHandler:
    """The damaged files one store object has met, and what was done with each.

    Made after the store's lock and journal recovery: stale temporary files are
    removed then (a writable store only).
    """

    def __init__(self, folder: Path, readonly: bool) -> None:
        self.folder = folder
        self.readonly = readonly
        self._damage_lock = threading.RLock()  # the summary worker thread reads files too
        self._damage_seen: dict[str, Damage] = {}
        self._damage_new: list[Damage] = []
        if not self.readonly:
            remove_stale_temporaries(self.folder)
            remove_stale_temporaries(self.folder / STATEMENTS_DIR)

    def take(self) -> list[Damage]:
        """Damaged files found since the last call (each file is reported once)."""
        with self._damage_lock:
            new, self._damage_new = self._damage_new, []
        return new

    @property
    def seen(self) -> list[Damage]:
        """Every damaged file found by this store object."""
        with self._damage_lock:
            return list(self._damage_seen.values())

    def statements(self, statement_ids: Iterable[str]) -> set[str]:
        """Which of these statements had a damaged annotation file."""
        with self._damage_lock:
            known = {d.statement for d in self._damage_seen.values() if d.statement}
            names = {Path(d.name).name for d in self._damage_seen.values() if d.name.startswith(STATEMENTS_DIR)}
        if not names:
            return set()
        unnamed = names - {statement_file_name(sid) for sid in known}
        if not unnamed:
            return set(statement_ids) & known
        return {sid for sid in statement_ids if sid in known or statement_file_name(sid) in unnamed}

    def handle(self, path: Path, checked: Checked, statement: str | None = None) -> dict[str, Any]:
        """Report a damaged file, move it aside (writable store) and return its valid rows."""
        name = path.relative_to(self.folder).as_posix()
        is_codebook = name == CODEBOOK_FILE
        statement = statement or statement_of(checked)
        with self._damage_lock:
            if not self.readonly:
                again = load_checked(path, codebook=is_codebook)  # replaced meanwhile by a write?
                if again is None:
                    return {}
                if again.reason is None:
                    return again.data
                checked = again
            data = self._recover_codes(checked.data) if is_codebook else checked.data
            if name in self._damage_seen and self.readonly:
                return data
            moved_to, note = None, ""
            if not self.readonly:
                try:
                    moved_to = move_aside(self.folder, path)
                    if is_codebook or (checked.salvaged and checked.kept):
                        AtomicJSONStorage(path).write(data)
                except OSError as exc:
                    note = f"it could not be moved aside: {exc.strerror or exc}"
            report = Damage(
                name=name, reason=checked.reason or "damaged", statement=statement, moved_to=moved_to,
                salvaged=checked.salvaged, kept=checked.kept, dropped=checked.dropped, note=note,
            )
            self._damage_seen[name] = report
            self._damage_new.append(report)
            return data

    def _recover_codes(self, data: dict[str, Any]) -> dict[str, Any]:
        """A codebook rebuilt from its valid rows plus a placeholder for every lost code id."""
        codes = dict(data.get("codes") or {})
        known = {row["id"] for row in codes.values()}
        names = {row["name"].casefold() for row in codes.values()}
        used: list[str] = []
        for _, tables in iter_statement_files(self.folder / STATEMENTS_DIR):
            for table in ("highlights", "statement"):
                for row in (tables.get(table) or {}).values():
                    used.extend(c for c in row.get("labels", ()) if c not in known and c not in used)
        next_id = max((int(k) for k in codes if k.isdigit()), default=0)
        for code_id in used:
            name = f"Recovered code {code_id[:8]}"
            while name.casefold() in names:
                name += "*"
            names.add(name.casefold())
            next_id += 1
            codes[str(next_id)] = {
                "id": code_id, "name": name, "color": RECOVERED_COLOR, "key": None,
                "description": "Named by highlights, lost with a damaged codebook: rename it.", "parent": None,
            }
        store = data.get("store") or {"1": dict(STORE_FORMAT)}
        return {**data, "store": store, "codes": codes}
