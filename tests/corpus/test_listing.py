"""The listing snapshot: a reopen lists from it, and no change to the folder is missed."""

from __future__ import annotations

import marshal
import os
import sqlite3

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import listing_store, open_corpus
from corpus.filenames import metadata_from_path
from corpus.index import index_path_for
from corpus.listing import Listing, Packed
from corpus.normalise import NORMALISER_VERSION
from corpus.statement_files import IndexRow


def _listed(corpus) -> list[dict]:
    return [s.as_dict() for s in corpus.statements]


def _snapshot_rows(root) -> int:
    with sqlite3.connect(index_path_for(root.resolve())) as conn:
        return conn.execute("SELECT count(*) FROM listing").fetchone()[0]


def test_reopen_lists_from_the_snapshot_without_reading_rows(make_corpus, monkeypatch) -> None:
    root = make_corpus({f"s{i}.txt": f"Mr. A{i} (Country {i}): Statement {i}." for i in range(12)})
    first = _listed(open_corpus(root))
    assert _snapshot_rows(root) == 1

    def no_rows(*args, **kwargs):
        raise AssertionError("the listing was rebuilt from the files table")

    monkeypatch.setattr(listing_store, "sorted_rows", no_rows)
    again = open_corpus(root)
    assert _listed(again) == first
    assert again.get("s11.txt").speaker == "Mr. A11"
    assert [s.id for s in again][:3] == ["s0.txt", "s1.txt", "s2.txt"]  # natural order kept


def test_a_changed_added_or_removed_file_is_never_listed_stale(make_corpus) -> None:
    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(5)})
    open_corpus(root)
    (root / "s1.txt").write_text("Ms. C (D): Changed and longer text.")
    os.utime(root / "s1.txt", ns=(1, 1))
    (root / "s2.txt").unlink()
    (root / "s9.txt").write_text("Mr. E (F): New.")
    changed = open_corpus(root)
    assert [s.id for s in changed] == ["s0.txt", "s1.txt", "s3.txt", "s4.txt", "s9.txt"]
    assert changed.get("s1.txt").speaker == "Ms. C"
    # ...and the snapshot written then is the new listing, reopened without a walk.
    assert _listed(open_corpus(root, refresh=False)) == _listed(changed)


def test_lengths_computed_later_reach_the_snapshot(make_corpus) -> None:
    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement number {i}." for i in range(4)})
    corpus = open_corpus(root)
    assert corpus.statements[0].length is None
    corpus.ensure_texts(workers=1)
    reopened = open_corpus(root, refresh=False)
    assert [s.length for s in reopened] == [len(reopened.reading_text(s.id)) for s in reopened]


def test_a_damaged_snapshot_is_rebuilt(make_corpus) -> None:
    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(6)})
    first = _listed(open_corpus(root))
    with sqlite3.connect(index_path_for(root.resolve())) as conn:
        conn.execute("UPDATE listing SET snapshot = ?", (b"\x00garbage",))
    assert _listed(open_corpus(root, refresh=False)) == first


def test_skipped_files_survive_the_snapshot(make_corpus) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): Text.", "empty.txt": "", "bin.txt": b"\x00\x01"})
    open_corpus(root)
    again = open_corpus(root, refresh=False)
    assert [s.id for s in again] == ["a.txt"]
    assert sorted(s.id for s in again.skipped) == ["bin.txt", "empty.txt"]


def test_metadata_table_is_applied_to_a_snapshot_listing(make_corpus, tmp_path) -> None:
    root = make_corpus({"x1.txt": "No speaker line here at all, just text.", "x2.txt": "Mr. A (B): Text."})
    table = tmp_path / "meta.tsv"
    table.write_text("filename\tspeaker\tcountry\tyear\nx1.txt\tMs. Table\tNorway\t2001\nx2.txt\tMr. Other\tPeru\t1999\n")
    open_corpus(root)
    corpus = open_corpus(root, metadata=table, refresh=False)
    x1, x2 = corpus.get("x1.txt"), corpus.get("x2.txt")
    assert (x1.speaker, x1.affiliation, x1.meta["year"]) == ("Ms. Table", "Norway", "2001")
    assert (x2.speaker, x2.affiliation) == ("Mr. A", "B")  # the file's own speaker line wins
    assert list(corpus.statements.records()) == [s.as_dict() for s in corpus.statements]  # (statements --json)
    assert open_corpus(root, refresh=False).get("x1.txt").speaker is None  # the snapshot holds no table data


_name = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1, max_size=12)
_ids = st.one_of(_name, st.builds(lambda y, m, n: f"UNSC_{y}_SPV.{m}_spch{n:03d}.txt",
                                  st.integers(1946, 2030), st.integers(1, 9999), st.integers(0, 999)))


@given(st.lists(st.tuples(_ids, st.one_of(st.none(), _name), st.one_of(st.none(), _name), st.one_of(st.none(), _name),
                          st.sampled_from(["", "ab" * 32]), st.integers(0, 2**40), st.one_of(st.none(), st.integers(0, 10**6))),
                max_size=30, unique_by=lambda t: t[0]))
@settings(max_examples=150, deadline=None)
def test_snapshot_round_trip_keeps_every_field(rows) -> None:
    # Rows as the index holds them: metadata is the file name's, a pending file has no hash.
    table_rows = [IndexRow(id=sid, size=size, mtime_ns=1, sha256=sha or None, skipped=None, speaker=sp, affiliation=af,
                           spoke_in=si, meta=orjson.dumps(metadata_from_path(sid)), length=length,
                           normaliser=NORMALISER_VERSION, rank=r)
                  for r, (sid, sp, af, si, sha, size, length) in enumerate(rows)]
    listing = Listing.from_rows(table_rows)
    back = Listing.from_bytes(listing.to_bytes())
    assert back is not None
    records = list(back.records())  # straight from the columns, as statements --json writes
    assert [s.as_dict() for s in back] == [s.as_dict() for s in listing] == records
    assert [s.sha256 for s in back] == [sha for _, _, _, _, sha, _, _ in rows]
    assert back.unread == listing.unread == any(not sha for _, _, _, _, sha, _, _ in rows)
    assert all(back.positions[sid] == i for i, (sid, *_) in enumerate(rows))


def test_a_snapshot_of_another_layout_is_not_used() -> None:
    assert Listing.from_bytes(b"") is None
    assert Listing.from_bytes(marshal.dumps((1, [], []))) is None


@given(st.lists(_name, min_size=1, max_size=20, unique=True), _name)
@settings(max_examples=200, deadline=None)
def test_packed_column_finds_whole_items_only(items, probe) -> None:
    packed = Packed.of(items)
    assert [packed[i] for i in range(len(items))] == items == packed.tolist()
    for i, item in enumerate(items):
        assert Packed.of(items).index(item) == i  # a fresh column: found by the scan, not the split
    if probe not in items:
        try:
            Packed.of(items).index(probe)
        except ValueError:
            pass
        else:
            raise AssertionError(f"{probe!r} is only part of an item, or none")


def test_a_walk_in_a_helper_process_finds_what_a_walk_here_finds(make_corpus) -> None:
    from corpus.folder_diff import folder_changes, folder_changes_from_cache
    from corpus.workers import run_in_child

    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(6)})
    corpus = open_corpus(root)
    path = corpus.index.path
    unchanged = run_in_child(folder_changes_from_cache, root.resolve(), path)
    assert (unchanged.stale, unchanged.gone, unchanged.new_skips, unchanged.ranks) == ([], [], [], {})
    (root / "s2.txt").unlink()
    (root / "s7.txt").write_text("Ms. C (D): New.")
    (root / ".hidden.txt").write_text("Mr. E (F): Hidden.")
    conn = sqlite3.connect(path)
    here = folder_changes(root.resolve(), conn)
    conn.close()
    there = run_in_child(folder_changes_from_cache, root.resolve(), path)
    assert there == here
    assert [s.id for s in there.stale] == ["s7.txt"] and there.gone == ["s2.txt"]
    assert [s.id for s in there.new_skips] == [".hidden.txt"]


def test_a_busy_cache_still_lists_at_once_without_saving_a_snapshot(make_corpus) -> None:
    import time

    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(5)})
    first = _listed(open_corpus(root))
    path = index_path_for(root.resolve())
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM listing")
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another margin, writing to the cache
    try:
        started = time.monotonic()
        assert _listed(open_corpus(root, refresh=False)) == first
        assert time.monotonic() - started < 10  # not the 30 s a write would wait
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert _snapshot_rows(root) == 0  # saved by a later open, not this one
    open_corpus(root, refresh=False)
    assert _snapshot_rows(root) == 1


def test_varying_metadata_names_the_columns_that_differ_between_statements() -> None:
    from array import array as _array

    ids = [f"UNSC_2020_SPV.{m}_spch{n:03}.txt" for m in (8698, 8699) for n in (1, 2)]
    n = len(ids)
    listing = Listing(ids, [""] * n, [""] * n, [""] * n, [""] * n, [0] * n, _array("i", [-1] * n))
    assert listing.varying_metadata(("year", "meeting", "session", "speech")) == {"meeting", "speech"}
    assert listing.varying_metadata(("year", "meeting"), exhaustive_up_to=0) == {"meeting"}  # from samples
