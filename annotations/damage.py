"""What counts as a damaged store file, what of it can be saved, and where it goes.

A store file is damaged when its bytes are not JSON (truncated, random, NUL-filled,
empty), when the JSON is not TinyDB's ``{table: {doc_id: row}}`` layout, or when a
row lacks a required field or holds one of the wrong type. A file whose JSON parses
keeps its valid rows (salvage): the writer moves the original aside and writes the
valid rows back as the live file. A file with no valid statement id (or no JSON at
all) cannot be salvaged: it is moved aside whole. Nothing is ever deleted: the
original goes to ``<store>/damaged/<name>.<timestamp>``.

Pure checks here; the store decides when to move files (never when read-only).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from corpus.wording import count

DAMAGED_DIR = "damaged"

_OPTIONAL_TEXT = ("prefix", "suffix", "note", "coder", "created", "modified", "sha256", "normaliser", "status")


@dataclass(frozen=True)
class Checked:
    """A file's content as read: ``data`` to use (valid rows only), and what was wrong."""

    data: dict[str, Any]
    reason: str | None = None  # None: the file is sound
    salvaged: bool = False  # the JSON parsed and ``data`` holds its valid rows
    kept: int = 0
    dropped: int = 0


@dataclass(frozen=True)
class Damage:
    """One damaged file, as reported to the user (once)."""

    name: str  # relative to the store folder, e.g. "statements/a.txt.1f2e.json"
    reason: str
    statement: str | None = None
    moved_to: Path | None = None
    salvaged: bool = False
    kept: int = 0
    dropped: int = 0
    note: str = ""  # why it was not moved, when it could not be

    def sentence(self) -> str:
        what = f"The annotation file {self.name}"
        if self.statement:
            what += f" (statement {self.statement})"
        text = f"{what} is damaged ({self.reason})"
        if self.salvaged:
            text += f"; {count(self.kept, 'valid row')} kept, {self.dropped} dropped"
        else:
            text += "; its annotations could not be read"
        if self.moved_to is not None:
            text += f"; the original was moved to {self.moved_to}"
        elif self.note:
            text += f"; {self.note}"
        else:
            text += "; it was skipped (the store is read-only, nothing was moved)"
        return text + "."


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _highlight_ok(row: dict[str, Any], statement: str) -> bool:
    # Written for speed (it runs for every highlight of every read): exact type checks.
    get = row.get
    hid, quote, start, end = get("id"), get("quote"), get("start"), get("end")
    if type(hid) is not str or not hid or type(quote) is not str or type(start) is not int or type(end) is not int:
        return False
    if not 0 <= start <= end:
        return False
    labels = get("labels", _NO_LABELS)
    if labels is not _NO_LABELS and (type(labels) is not list or any(type(x) is not str for x in labels)):
        return False
    if get("statement", statement) != statement:
        return False
    for key in _OPTIONAL_TEXT:
        value = get(key, "")
        if type(value) is not str:
            return False
    return True


_NO_LABELS: list[str] = []


def _marks_ok(row: dict[str, Any], statement: str) -> bool:
    return (
        row.get("statement") == statement
        and _is_str_list(row.get("labels", []))
        and isinstance(row.get("note", ""), str)
        and isinstance(row.get("modified", ""), str)
    )


def _code_ok(row: dict[str, Any]) -> bool:
    return (
        isinstance(row.get("id"), str) and bool(row["id"])
        and isinstance(row.get("name"), str) and bool(row["name"].strip())
        and isinstance(row.get("color") or "", str)
        and (row.get("key") is None or isinstance(row.get("key"), str))
        and isinstance(row.get("description") or "", str)
        and (row.get("parent") is None or isinstance(row.get("parent"), str))
    )


def parse(raw: bytes) -> tuple[Any, str | None]:
    """The JSON in ``raw``, or why there is none."""
    if not raw.strip(b" \t\r\n"):
        return None, "empty file"
    if b"\x00" in raw:
        return None, "contains NUL bytes"
    try:
        return orjson.loads(raw), None
    except orjson.JSONDecodeError:
        return None, "not valid JSON: truncated or overwritten"


def _check_tables(data: Any, checks: dict[str, Any]) -> Checked:
    """Keep the tables and rows that pass ``checks`` (table -> row predicate)."""
    if not isinstance(data, dict):
        return Checked({}, "not a table of records")
    clean: dict[str, Any] = {}
    kept = dropped = 0
    problems: list[str] = []
    for table, rows in data.items():
        if not isinstance(rows, dict):
            problems.append(f"table {table!r} is not a table")
            dropped += len(rows) if isinstance(rows, (list, str)) else 1
            continue
        ok_row = checks.get(table)
        bad = {k for k, row in rows.items() if type(row) is not dict or (ok_row is not None and not ok_row(row))}
        good = rows if not bad else {k: row for k, row in rows.items() if k not in bad}
        if bad:
            dropped += len(bad)
            problems.append(f"bad rows in {table!r}")
        if table not in ("info", "store"):  # bookkeeping rows are not annotations
            kept += len(good)
        clean[table] = good
    if not problems:
        return Checked(clean, kept=kept)
    return Checked(clean, "; ".join(problems), salvaged=True, kept=kept, dropped=dropped)


def check_statement(raw: bytes) -> Checked:
    """A statement file: ``info`` names the statement; highlights and marks are valid."""
    data, reason = parse(raw)
    if reason:
        return Checked({}, reason)
    if not isinstance(data, dict):
        return Checked({}, "not a table of records")
    info = data.get("info")
    rows = list(info.values()) if isinstance(info, dict) else []
    if not rows or not isinstance(rows[0], dict) or not isinstance(rows[0].get("statement"), str) or not rows[0]["statement"]:
        return Checked({}, "it does not say which statement it belongs to")
    sid = rows[0]["statement"]
    checked = _check_tables(data, {
        "info": lambda row: isinstance(row.get("statement"), str),
        "highlights": lambda row: _highlight_ok(row, sid),
        "statement": lambda row: _marks_ok(row, sid),
    })
    for row in checked.data.get("highlights", {}).values():
        if "statement" not in row:
            row["statement"] = sid
    return checked


def check_codebook(raw: bytes) -> Checked:
    """The codebook file: a ``codes`` table of valid codes (and the ``store`` table)."""
    data, reason = parse(raw)
    if reason:
        return Checked({}, reason)
    return _check_tables(data, {"codes": _code_ok, "store": lambda row: _is_int(row.get("version", 1))})


def statement_of(checked: Checked) -> str | None:
    info = checked.data.get("info") or {}
    row = next(iter(info.values()), None)
    return row.get("statement") if isinstance(row, dict) else None


def move_aside(store_folder: Path, path: Path) -> Path:
    """Move a damaged file to ``<store>/damaged/`` with a timestamp (never overwriting)."""
    target_dir = store_folder / DAMAGED_DIR
    target_dir.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.name}.{stamp}"
    n = 1
    while target.exists():
        n += 1
        target = target_dir / f"{path.name}.{stamp}-{n}"
    os.replace(path, target)
    return target
