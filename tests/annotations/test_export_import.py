"""Export and import: the format of ARCHITECTURE.md (annotations/schema/export-v1.json), round trips, and refused files."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from annotations.errors import ImportFileError
from annotations.export import export_document
from annotations.importer import import_export_file
from annotations.store import AnnotationStore, open_store

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "annotations" / "schema" / "export-v1.json").read_text())


def _populate(store: AnnotationStore, corpus) -> None:
    one, two = store.code_by_key("1").id, store.code_by_key("2").id
    child = store.add_code("Sub", parent=two)
    text = corpus.text("a.txt")
    store.add_highlight(text, 0, 5, [one, two], note="first")
    store.add_highlight(text, 3, 20, [child.id])
    store.toggle_statement_label("b/c.txt", one)
    store.set_statement_note("b/c.txt", "memo")


def _without_time(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_export_matches_design_and_schema(coded, corpus) -> None:
    _populate(coded, corpus)
    document = export_document(coded, corpus)
    Draft202012Validator(SCHEMA).validate(document)
    assert document["format"] == "margin.annotations" and document["version"] == 1
    assert [s["id"] for s in document["statements"]] == ["a.txt", "b/c.txt"]
    a = document["statements"][0]
    assert a["speaker"] == "Mr. A" and a["affiliation"] == "Alpha"
    assert a["highlights"][0]["labels"] == ["Women, peace and security", "Human trafficking"]
    assert a["highlights"][0]["quote"] == corpus.reading_text("a.txt")[0:5]
    assert document["statements"][1]["labels"] == ["Women, peace and security"]
    assert [c["parent"] for c in document["codebook"] if c["name"] == "Sub"] == ["Human trafficking"]


def test_round_trip_is_identical(coded, corpus, tmp_path: Path) -> None:
    _populate(coded, corpus)
    first = export_document(coded, corpus)
    path = tmp_path / "export.json"
    path.write_bytes(orjson.dumps(first))
    fresh = open_store(corpus.root, tmp_path / "fresh")
    import_export_file(path, corpus, fresh)
    assert _without_time(export_document(fresh, corpus)) == _without_time(first)


def test_import_twice_changes_nothing(coded, corpus, tmp_path: Path) -> None:
    _populate(coded, corpus)
    path = tmp_path / "export.json"
    document = export_document(coded, corpus)
    for statement in document["statements"]:
        for h in statement["highlights"]:
            del h["id"]  # ids are optional; re-import must still not duplicate
    path.write_bytes(orjson.dumps(document))
    fresh = open_store(corpus.root, tmp_path / "fresh")
    first = import_export_file(path, corpus, fresh)
    assert first.highlights_added == 2
    second = import_export_file(path, corpus, fresh)
    assert (second.highlights_added, second.highlights_updated, second.statements_changed, second.codes_added) == (0, 0, 0, 0)
    assert len(fresh.highlights("a.txt")) == 2


def test_import_updates_by_id(coded, corpus, tmp_path: Path) -> None:
    _populate(coded, corpus)
    document = export_document(coded, corpus)
    document["statements"][0]["highlights"][0].update(note="edited elsewhere", modified="2999-01-01T00:00:00Z")
    path = tmp_path / "e.json"
    path.write_bytes(orjson.dumps(document))
    report = import_export_file(path, corpus, coded)
    assert (report.highlights_added, report.highlights_updated) == (0, 1)
    assert "edited elsewhere" in [h.note for h in coded.highlights("a.txt")]


def test_import_relocates_a_quote_that_moved(coded, corpus, tmp_path: Path) -> None:
    text = corpus.reading_text("a.txt")
    start = text.index("Peacekeepers")
    document = {
        "format": "margin.annotations", "version": 1, "codebook": [],
        "statements": [{"id": "a.txt", "highlights": [{"start": 0, "end": 12, "quote": "Peacekeepers", "labels": ["Peacekeeping"]}]}],
    }
    path = tmp_path / "e.json"
    path.write_bytes(orjson.dumps(document))
    import_export_file(path, corpus, coded)
    (h,) = coded.highlights("a.txt")
    assert (h.start, h.end, h.status) == (start, start + 12, "relocated")


def _bad(document: dict) -> dict:
    base = {"format": "margin.annotations", "version": 1, "codebook": [], "statements": []}
    return {**base, **document}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"format": "margin.annotations", "version": 1, "statem', "not valid JSON"),
        (orjson.dumps(_bad({"version": 2})), "version 2"),
        (orjson.dumps(_bad({"format": "other"})), "not a margin annotations export"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "highlights": [{"start": 0, "end": 99999, "quote": "x"}]}]})), "out of range"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "highlights": [{"start": 0, "quote": "x"}]}]})), "'end' is required"),
        (orjson.dumps(_bad({"statements": [{"id": "../../etc/passwd.txt"}]})), r"climbs out of the corpus"),
        (orjson.dumps(_bad({"statements": [{"id": "/etc/passwd"}]})), "absolute path"),
        (orjson.dumps(_bad({"statements": [{"id": "missing.txt"}]})), "not in the corpus"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "labels": ["Nope"]}]})), "is not a code"),
        (orjson.dumps(_bad({"codebook": [{"name": "X", "key": "1"}, {"name": "Y", "key": "1"}]})), "given to two codes"),
        (orjson.dumps(_bad({"codebook": [{"name": "X", "parent": "Y"}, {"name": "Y", "parent": "X"}]})), "cycle"),
        (orjson.dumps(_bad({"codebook": [{"name": "Z", "parent": "Z"}]})), "cycle"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "highlights": [
            {"id": "dup", "start": 0, "end": 3, "quote": "Wom"}, {"id": "dup", "start": 4, "end": 7, "quote": "en ", "note": "n"}]}]})),
         "highlight id 'dup' appears twice"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "highlights": [{"id": "dup", "start": 0, "end": 3, "quote": "Wom"}]},
                                           {"id": "b/c.txt", "highlights": [{"id": "dup", "start": 0, "end": 3, "quote": "Acc"}]}]})),
         "highlight id 'dup' appears twice"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "highlights": [{"start": 0, "end": 3, "quote": "Wom", "note": "n" * 100_001}]}]})),
         "at most 100,000 characters"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "note": "n" * 3_000_000}]})), "at most 100,000 characters"),
        (orjson.dumps(_bad({"codebook": [{"name": "x" * 100_000}]})), "at most 200 characters"),
        (orjson.dumps(_bad({"statements": [{"id": "a.txt", "highlights": [{"start": 0, "end": 3, "quote": "Wom", "modified": "yesterday"}]}]})),
         "'modified' must be a date and time"),
    ],
    ids=lambda v: v[:48].decode() if isinstance(v, bytes) else str(v)[:40],
)
def test_bad_import_files_change_nothing(coded, corpus, tmp_path: Path, content: bytes, message: str) -> None:
    coded.add_highlight(corpus.text("a.txt"), 0, 5)
    before = sorted(p.read_bytes() for p in coded.folder.rglob("*.json"))
    # A valid statement first: nothing of it may be applied when a later part is bad.
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        import_export_file(path, corpus, coded)
    assert sorted(p.read_bytes() for p in coded.folder.rglob("*.json")) == before


def test_error_names_statement_and_highlight(coded, corpus, tmp_path: Path) -> None:
    document = _bad({"statements": [
        {"id": "a.txt", "highlights": [{"start": 0, "end": 3, "quote": "Wom", "labels": ["Peacekeeping"]}]},
        {"id": "b/c.txt", "highlights": [{"id": "h9", "start": 5, "end": 2, "quote": "x"}]},
    ]})
    path = tmp_path / "bad.json"
    path.write_bytes(orjson.dumps(document))
    with pytest.raises(ImportFileError, match=r"statement 'b/c.txt', highlight 0 \(id 'h9'\): offsets 5-2"):
        import_export_file(path, corpus, coded)
    assert coded.highlights("a.txt") == []  # the valid first statement was not applied


def test_a_killed_import_changes_nothing_and_a_rerun_completes_it(coded, corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _populate(coded, corpus)
    document = export_document(coded, corpus)
    path = tmp_path / "e.json"
    path.write_bytes(orjson.dumps(document))
    fresh = open_store(corpus.root, tmp_path / "fresh")
    real = AnnotationStore._apply
    written: list[set[str]] = []

    def dying(self, mutations):
        written.append({m.file for m in mutations})
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(AnnotationStore, "_apply", dying)
    with pytest.raises(KeyboardInterrupt):
        import_export_file(path, corpus, fresh)
    monkeypatch.setattr(AnnotationStore, "_apply", real)
    assert written == [{"", "a.txt", "b/c.txt"}]  # codebook and both statements: one change
    assert fresh.codes() == [] and fresh.highlights("a.txt") == [] and fresh.marks("b/c.txt").empty
    import_export_file(path, corpus, fresh)
    assert _without_time(export_document(fresh, corpus)) == _without_time(document)


def test_export_reanchors_when_the_text_changed(coded, corpus, make_corpus, tmp_path: Path) -> None:
    import os

    from corpus import open_corpus

    text = corpus.text("a.txt")
    start = text.reading_text.index("Trafficking")
    h = coded.add_highlight(text, start, start + 11, [coded.code_by_key("2").id])
    path = corpus.root / "a.txt"
    path.write_text("Mr. A (Alpha): A new opening sentence. " + path.read_text().split(": ", 1)[1])
    os.utime(path, ns=(7, 7))
    changed = open_corpus(corpus.root)
    readonly = AnnotationStore(coded.folder, readonly=True)
    (entry,) = export_document(readonly, changed)["statements"][0]["highlights"]
    new_text = changed.reading_text("a.txt")
    assert entry["status"] == "relocated"
    assert new_text[entry["start"]:entry["end"]] == "Trafficking" and entry["start"] > start
    assert readonly.highlight("a.txt", h.id).start == start  # a read-only export saves nothing
