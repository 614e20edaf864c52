"""Atomic storage: a failed write leaves the previous file intact."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from annotations.errors import StoreWriteError
from annotations.files import check_statement_id, statement_file_name
from annotations.storage import AtomicJSONStorage


def test_write_then_read(tmp_path: Path) -> None:
    storage = AtomicJSONStorage(tmp_path / "db.json")
    assert storage.read() is None
    storage.write({"t": {"1": {"x": "é"}}})
    assert storage.read() == {"t": {"1": {"x": "é"}}}
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]  # no temp files left


def test_disk_full_keeps_previous_file_and_reports(coded, corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    text = corpus.text("a.txt")
    first = coded.add_highlight(text, 0, 5, [coded.codes()[0].id])
    path = coded.files.path("a.txt")
    before = path.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(StoreWriteError, match="the disk is full"):
        coded.add_highlight(text, 10, 20, [coded.codes()[0].id])
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [h.id for h in coded.highlights("a.txt")] == [first.id]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert coded.undo().description == f"highlight “{first.quote}”"  # the first action was recorded,
    assert coded.undo() is None  # the failed one was not


def test_file_names_are_safe_and_distinct() -> None:
    names = {statement_file_name(i) for i in ["a/b.txt", "a_b.txt", "a b.txt", "../../etc/passwd", "/abs.txt"]}
    assert len(names) == 5
    assert all("/" not in n and not n.startswith(".") for n in names)


@pytest.mark.parametrize("bad", ["../x.txt", "a/../../x.txt", "/etc/passwd", "C:/x.txt", "a//b.txt", "", "a\\..\\b"])
def test_unsafe_statement_ids_are_rejected(bad: str) -> None:
    assert check_statement_id(bad) is not None


def test_safe_ids_pass() -> None:
    assert check_statement_id("Session 46 - 1991/AFG_46_1991.txt") is None


def test_store_files_are_tinydb_databases(coded, corpus) -> None:
    """Batched writes keep TinyDB's own layout: plain TinyDB queries read them."""
    from tinydb import Query, TinyDB

    text = corpus.text("a.txt")
    one = coded.code_by_key("1").id
    first = coded.add_highlight(text, 0, 5, [one])
    coded.add_highlight(text, 6, 9)
    coded.toggle_statement_label("a.txt", one)
    db = TinyDB(coded.files.path("a.txt"), storage=AtomicJSONStorage)
    assert [doc["id"] for doc in db.table("highlights").search(Query().labels.any([one]))] == [first.id]
    assert db.table("statement").all()[0]["labels"] == [one]
    assert db.table("info").all() == [{"statement": "a.txt"}]
