"""The store's files on disk, and how a statement id becomes a safe file name.

    <store>/codebook.json              TinyDB: table "codes", table "store"
    <store>/statements/<name>.json     TinyDB per annotated statement:
                                       tables "info", "highlights", "statement"
    <store>/read.log                   ids of statements read, one per line
    <store>/state.json                 where the reader was (statement, cursor)

One file per statement keeps saving a highlight as cheap as the statement is small,
however large the store grows.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .damage import Checked, check_codebook, check_statement

CODEBOOK_FILE = "codebook.json"
STATEMENTS_DIR = "statements"
STORE_FORMAT = {"format": "margin.store", "version": 1}  # the codebook's "store" row


def check_statement_id(statement_id: str) -> str | None:
    """Why ``statement_id`` is not a safe relative path, or ``None`` when it is."""
    if not isinstance(statement_id, str) or not statement_id:
        return "is empty"
    if "\x00" in statement_id or "\\" in statement_id:
        return "contains a NUL or backslash"
    path = PurePosixPath(statement_id)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", statement_id):
        return "is an absolute path"
    if any(part in ("..", ".", "") for part in statement_id.split("/")):
        return "climbs out of the corpus (..) or has an empty part"
    return None


def statement_file_name(statement_id: str) -> str:
    """A file name for a statement's annotations: readable, flat and collision-free.

    The readable part keeps only ``[A-Za-z0-9._-]`` (no separators, so no way out of
    the folder); the hash of the full id tells ``a/b.txt`` from ``a_b.txt``.
    """
    readable = re.sub(r"[^A-Za-z0-9._-]+", "_", statement_id).strip("._")[:80] or "statement"
    digest = hashlib.sha256(statement_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{readable}.{digest}.json"


def load_checked(path: Path, codebook: bool = False) -> Checked | None:
    """A store file read and checked (see ``annotations.damage``); ``None`` if absent.

    An unreadable file (permissions, I/O error) is reported as damage too: the rest
    of the store must keep working.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Checked({}, f"cannot be read: {exc.strerror or exc}")
    return check_codebook(raw) if codebook else check_statement(raw)


def table_docs(data: dict[str, dict[str, Any]], table: str) -> list[dict[str, Any]]:
    rows = data.get(table) or {}
    return [rows[k] for k in sorted(rows, key=lambda k: int(k) if k.isdigit() else 0)]


def upsert_doc(data: dict[str, dict[str, Any]], table: str, key_field: str, key: str, doc: dict[str, Any] | None) -> None:
    """Insert, replace (``doc``) or remove (``None``) the row whose ``key_field`` is ``key``.

    Works on TinyDB's own file layout so the file stays a valid TinyDB database while
    a whole batch of changes to one file is written in one atomic write.
    """
    rows = data.setdefault(table, {})
    existing = next((doc_id for doc_id, row in rows.items() if row.get(key_field) == key), None)
    if doc is None:
        if existing is not None:
            del rows[existing]
        return
    if existing is None:
        existing = str(max((int(k) for k in rows if k.isdigit()), default=0) + 1)
    rows[existing] = doc


OnDamage = Callable[[Path, Checked], object]


def iter_statement_files(folder: Path, on_damage: OnDamage | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every statement file in a store's statements folder: its id and valid tables.

    A damaged file is passed to ``on_damage`` (with what could be salvaged) and, if
    anything was salvaged, yielded with its valid rows; the walk goes on either way.
    """
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        if not name.endswith(".json") or name.startswith("."):
            continue
        checked = load_checked(folder / name)
        if checked is None:
            continue  # replaced or removed meanwhile
        if checked.reason is not None and on_damage is not None:
            on_damage(folder / name, checked)
        info = table_docs(checked.data, "info")
        if info and isinstance(info[0].get("statement"), str):
            yield info[0]["statement"], checked.data
