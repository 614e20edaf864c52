"""Import merging (issue 10 item 2): the newer version wins, never the older one."""

from __future__ import annotations

import copy
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.export import export_document
from annotations.importer import import_export_file
from annotations.store import open_store

OLD = "2020-01-01T00:00:00Z"


def _write(tmp_path: Path, document: dict, name: str = "e.json") -> Path:
    path = tmp_path / name
    path.write_bytes(orjson.dumps(document))
    return path


def _coded_statement(coded, corpus) -> dict:
    """A highlight and statement marks made today; the export of them."""
    one = coded.code_by_key("1").id
    coded.add_highlight(corpus.text("a.txt"), 0, 5, [one], note="today's note")
    coded.toggle_statement_label("a.txt", one)
    coded.set_statement_note("a.txt", "today's memo")
    return export_document(coded, corpus)


def test_older_incoming_highlight_does_not_replace_newer_work(coded, corpus, tmp_path: Path) -> None:
    document = _coded_statement(coded, corpus)
    old = copy.deepcopy(document)
    (h,) = old["statements"][0]["highlights"]
    h.update(note="an old note", modified=OLD)
    old["statements"][0].update(note="an old memo", labels=[], modified=OLD)
    report = import_export_file(_write(tmp_path, old), corpus, coded)
    (stored,) = coded.highlights("a.txt")
    assert stored.note == "today's note"
    assert coded.marks("a.txt").note == "today's memo"
    assert (report.highlights_updated, report.kept_newer) == (0, 2)
    assert "2 kept newer local versions" in report.sentence()


def test_newer_incoming_version_wins(coded, corpus, tmp_path: Path) -> None:
    document = _coded_statement(coded, corpus)
    (h,) = document["statements"][0]["highlights"]
    h.update(note="edited later elsewhere", modified="2999-01-01T00:00:00Z")
    document["statements"][0].update(note="later memo", modified="2999-01-01T00:00:00Z")
    report = import_export_file(_write(tmp_path, document), corpus, coded)
    assert coded.highlights("a.txt")[0].note == "edited later elsewhere"
    assert coded.marks("a.txt").note == "later memo"
    assert (report.highlights_updated, report.kept_newer, report.conflicts) == (1, 0, [])


def test_missing_modified_counts_as_oldest(coded, corpus, tmp_path: Path) -> None:
    document = _coded_statement(coded, corpus)
    (h,) = document["statements"][0]["highlights"]
    h.update(note="no time given")
    del h["modified"], h["created"]
    st_ = document["statements"][0]
    st_["note"] = "memo without a time"
    del st_["modified"]
    report = import_export_file(_write(tmp_path, document), corpus, coded)
    assert coded.highlights("a.txt")[0].note == "today's note"
    assert coded.marks("a.txt").note == "today's memo"
    assert report.kept_newer == 2


def test_equal_times_and_different_content_are_conflicts(coded, corpus, tmp_path: Path) -> None:
    document = _coded_statement(coded, corpus)
    (h,) = document["statements"][0]["highlights"]
    h["note"] = "same time, other words"
    report = import_export_file(_write(tmp_path, document), corpus, coded)
    assert coded.highlights("a.txt")[0].note == "today's note"
    assert report.conflicts == [h["id"]]
    assert f"1 conflict (same time, different content): {h['id']}" in report.sentence()


def test_prefer_incoming_overrides_on_purpose(coded, corpus, tmp_path: Path) -> None:
    document = _coded_statement(coded, corpus)
    (h,) = document["statements"][0]["highlights"]
    h.update(note="an old note", modified=OLD)
    document["statements"][0].update(note="an old memo", labels=[], modified=OLD)
    path = _write(tmp_path, document)
    report = import_export_file(path, corpus, coded, prefer="incoming")
    assert coded.highlights("a.txt")[0].note == "an old note"
    assert coded.marks("a.txt").note == "an old memo" and coded.marks("a.txt").labels == ()
    assert (report.highlights_updated, report.kept_newer) == (1, 0)
    again = import_export_file(path, corpus, coded, prefer="incoming")
    assert (again.highlights_added, again.highlights_updated, again.statements_changed) == (0, 0, 0)


def test_importing_twice_changes_nothing_the_second_time(coded, corpus, tmp_path: Path) -> None:
    document = _coded_statement(coded, corpus)
    (h,) = document["statements"][0]["highlights"]
    h.update(note="edited later", modified="2999-01-01T00:00:00Z")
    path = _write(tmp_path, document)
    import_export_file(path, corpus, coded)
    before = sorted(p.read_bytes() for p in coded.folder.rglob("*.json") if p.name != "lock-owner.json")
    second = import_export_file(path, corpus, coded)
    assert (second.highlights_added, second.highlights_updated, second.statements_changed, second.kept_newer) == (0, 0, 0, 0)
    assert sorted(p.read_bytes() for p in coded.folder.rglob("*.json") if p.name != "lock-owner.json") == before


def test_cli_prefer_incoming(coded, corpus, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.main import cli

    document = _coded_statement(coded, corpus)
    document["statements"][0]["highlights"][0].update(note="an old note", modified=OLD)
    path = _write(tmp_path, document)
    coded.close()
    runner = CliRunner()
    args = ["import", str(path), "--corpus", str(corpus.root), "--db", str(coded.folder)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0 and "1 kept newer local version" in result.stdout
    result = runner.invoke(cli, [*args, "--prefer", "incoming"])
    assert result.exit_code == 0 and "1 updated" in result.stdout
    with open_store(corpus.root, coded.folder) as store:
        assert store.highlights("a.txt")[0].note == "an old note"


# A few moments, and "no time given" (None), which counts as the oldest.
TIMES = st.sampled_from([None, "2020-01-01T00:00:00Z", "2021-06-01T12:00:00Z", "2021-06-01T12:00:00.5Z", "2024-01-01T00:00:00+00:00"])
VERSIONS = st.lists(st.tuples(TIMES, st.sampled_from(["a", "b", "c", ""]), TIMES, st.sampled_from(["x", "y", ""])), min_size=1, max_size=5)


def _moment(value: str | None) -> tuple:
    from datetime import datetime

    return (0,) if value is None else (1, datetime.fromisoformat(value.replace("Z", "+00:00")))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(versions=VERSIONS, order=st.randoms(use_true_random=False))
def test_no_newer_version_is_ever_lost(corpus, tmp_path_factory, versions, order) -> None:
    """Import versions of one highlight and one statement in any order: the newest stays."""
    folder = tmp_path_factory.mktemp("prop")
    order.shuffle(versions)
    with open_store(corpus.root, folder / "store") as store:
        for i, (h_time, note, s_time, memo) in enumerate(versions):
            highlight = {"id": "h1", "start": 0, "end": 5, "quote": corpus.reading_text("a.txt")[:5], "note": note}
            if h_time is not None:
                highlight["modified"] = h_time
            statement = {"id": "a.txt", "note": memo, "highlights": [highlight]}
            if s_time is not None:
                statement["modified"] = s_time
            document = {"format": "margin.annotations", "version": 1, "codebook": [], "statements": [statement]}
            import_export_file(_write(folder, document, f"v{i}.json"), corpus, store)
        stored, marks = store.highlight("a.txt", "h1"), store.marks("a.txt")
    newest_h = max(_moment(v[0]) for v in versions)
    assert stored.note in {v[1] for v in versions if _moment(v[0]) == newest_h}
    assert _moment(stored.modified or None) == newest_h
    said = [v for v in versions if v[3] or v[2] is not None]  # a version with no memo and no time says nothing
    if said:
        newest_s = max(_moment(v[2]) for v in said)
        assert marks.note in {v[3] for v in said if _moment(v[2]) == newest_s}
