"""Damaged store files: reported once by name, moved aside (never deleted), the rest works."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotations.export import export_document
from annotations.files import CODEBOOK_FILE, STATEMENTS_DIR, statement_file_name
from annotations.store import AnnotationStore


def _file(folder: Path, sid: str) -> Path:
    return folder / STATEMENTS_DIR / statement_file_name(sid)


def _two_coded(coded, corpus) -> tuple[str, str]:
    one = coded.code_by_key("1").id
    a = coded.add_highlight(corpus.text("a.txt"), 0, 5, [one])
    coded.add_highlight(corpus.text("b/c.txt"), 0, 5, [one])
    return one, a.id


def _valid_doc(sid: str, highlights: dict) -> dict:
    return {"info": {"1": {"statement": sid}}, "highlights": highlights}


DAMAGE = {
    "truncated": lambda good: good[: len(good) // 2],
    "random": lambda good: bytes(range(256)) * 3,
    "nul-filled": lambda good: b"\x00" * len(good),
    "zero-byte": lambda good: b"",
    "not an object": lambda good: b"[1, 2, 3]",
    "table of the wrong type": lambda good: orjson.dumps({"info": {"1": {"statement": "a.txt"}}, "highlights": [1, 2]}),
    "no statement id": lambda good: orjson.dumps({"info": {"1": {"statement": 7}}, "highlights": {}}),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_a_damaged_statement_file_is_moved_aside_and_reported_once(coded, corpus, tmp_path: Path, kind: str) -> None:
    one, _ = _two_coded(coded, corpus)
    folder = coded.folder
    path = _file(folder, "a.txt")
    bad = DAMAGE[kind](path.read_bytes())
    path.write_bytes(bad)
    coded.close()

    store = AnnotationStore(folder)
    assert store.highlights("a.txt") == []  # no crash, nothing readable
    summary = store.summary()
    assert summary["b/c.txt"].highlights == 1  # the rest keeps working
    reports = store.take_damage()
    assert len(reports) == 1
    (report,) = reports
    assert path.name in report.sentence()
    assert report.moved_to is not None and report.moved_to.parent == folder / "damaged"
    assert report.moved_to.read_bytes() == bad  # never deleted
    assert not path.exists()
    assert store.take_damage() == []  # reported once
    store.summary()
    store.highlights("a.txt")
    assert store.take_damage() == []
    # The statement can be coded again.
    store.add_highlight(corpus.text("a.txt"), 0, 5, [one])
    assert len(store.highlights("a.txt")) == 1
    store.close()


def test_valid_rows_are_salvaged_into_the_live_file(coded, corpus) -> None:
    one, good_id = _two_coded(coded, corpus)
    path = _file(coded.folder, "a.txt")
    data = orjson.loads(path.read_bytes())
    rows = data["highlights"]
    good = next(iter(rows.values()))
    rows["7"] = {k: v for k, v in good.items() if k != "start"} | {"id": "nostart"}
    rows["8"] = dict(good, id="badend", end="twelve")
    rows["9"] = "not a row"
    data["statement"] = {"1": {"statement": "a.txt", "labels": "oops"}}
    path.write_bytes(orjson.dumps(data))
    coded.close()

    store = AnnotationStore(coded.folder)
    assert [h.id for h in store.highlights("a.txt")] == [good_id]
    (report,) = store.take_damage()
    assert "1 valid row kept" in report.sentence() and "4 dropped" in report.sentence()
    assert orjson.loads(report.moved_to.read_bytes()) == data  # the original, aside
    kept = orjson.loads(path.read_bytes())  # the live file holds the valid rows only
    assert [r["id"] for r in kept["highlights"].values()] == [good_id]
    store.close()
    again = AnnotationStore(coded.folder, readonly=True)
    assert [h.id for h in again.highlights("a.txt")] == [good_id]
    assert again.take_damage() == []


def test_a_read_only_store_reports_and_skips_but_moves_nothing(coded, corpus) -> None:
    _two_coded(coded, corpus)
    path = _file(coded.folder, "a.txt")
    path.write_bytes(b'{"info": {"1": {"statement": "a.t')
    coded.close()
    before = sorted(p.name for p in coded.folder.rglob("*"))

    store = AnnotationStore(coded.folder, readonly=True)
    doc = export_document(store, corpus)
    assert [s["id"] for s in doc["statements"]] == ["b/c.txt"]
    (report,) = store.take_damage()
    assert path.name in report.sentence() and report.moved_to is None
    assert sorted(p.name for p in coded.folder.rglob("*")) == before


def test_summary_in_a_helper_process_reports_damage(coded, corpus, monkeypatch) -> None:
    from annotations import summary as summary_module

    _two_coded(coded, corpus)
    path = _file(coded.folder, "a.txt")
    path.write_bytes(b"\x00" * 100)
    coded.close()
    store = AnnotationStore(coded.folder)
    monkeypatch.setattr(summary_module, "CHILD_THRESHOLD", 0)
    summary = store.compute_summary(in_child=True)
    assert set(summary) == {"b/c.txt"}
    (report,) = store.take_damage()
    assert report.moved_to is not None and not path.exists()
    assert store.damaged_statements(["a.txt", "b/c.txt", "a_b.txt"]) == {"a.txt"}
    store.close()


@pytest.mark.parametrize("content", [b"", b"{\"codes\": {\"1\": {\"id\": ", b"\x00" * 64, b"[]"])
def test_a_damaged_codebook_is_moved_aside_and_its_codes_recovered(coded, corpus, content: bytes) -> None:
    one, _ = _two_coded(coded, corpus)
    codebook = coded.folder / CODEBOOK_FILE
    codebook.write_bytes(content)
    coded.close()

    store = AnnotationStore(coded.folder)
    (report,) = store.take_damage()
    assert CODEBOOK_FILE in report.sentence() and report.moved_to.read_bytes() == content
    # Highlights name a code id the codebook lost: a placeholder code keeps them usable.
    recovered = store.code(one)
    assert recovered is not None and "recovered" in recovered.name.lower()
    doc = export_document(store, corpus)
    assert {lab for s in doc["statements"] for h in s["highlights"] for lab in h["labels"]} == {recovered.name}
    store.add_code("Fresh")  # the new codebook is writable
    store.close()
    again = AnnotationStore(coded.folder, readonly=True)
    assert {c.name for c in again.codes()} == {recovered.name, "Fresh"}
    assert again.take_damage() == []


def test_a_codebook_with_some_bad_rows_keeps_the_good_codes(coded) -> None:
    codebook = coded.folder / CODEBOOK_FILE
    data = orjson.loads(codebook.read_bytes())
    data["codes"]["99"] = {"id": 5, "name": None}
    codebook.write_bytes(orjson.dumps(data))
    coded.close()
    store = AnnotationStore(coded.folder)
    assert len(store.codes()) == 3
    (report,) = store.take_damage()
    assert "3 valid rows kept" in report.sentence() and "1 dropped" in report.sentence()
    store.close()
