"""The cached index: reopening reads only what changed, and never writes in the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus import open_corpus, statement_files


@pytest.fixture
def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    real = statement_files.read_statement_file

    def counting(path, size):
        reads.append(Path(path).name)
        return real(path, size)

    monkeypatch.setattr(statement_files, "read_statement_file", counting)
    return reads


def _tree(root: Path) -> dict[str, float]:
    return {str(p.relative_to(root)): p.stat().st_mtime for p in root.rglob("*")}


def test_reopen_of_unchanged_corpus_reads_no_file(make_corpus, count_reads: list[str]) -> None:
    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(30)})
    open_corpus(root)
    assert len(count_reads) == 30
    count_reads.clear()
    again = open_corpus(root)
    assert count_reads == []
    assert len(again) == 30


def test_only_changed_and_new_files_are_reread(make_corpus, count_reads: list[str]) -> None:
    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(5)})
    open_corpus(root)
    count_reads.clear()
    (root / "s1.txt").write_text("Ms. C (D): Changed and longer text.")
    os.utime(root / "s1.txt", ns=(1, 1))
    (root / "s9.txt").write_text("Mr. E (F): New.")
    (root / "s4.txt").unlink()
    corpus = open_corpus(root)
    assert sorted(count_reads) == ["s1.txt", "s9.txt"]
    assert [s.id for s in corpus] == ["s0.txt", "s1.txt", "s2.txt", "s3.txt", "s9.txt"]
    assert corpus.get("s1.txt").speaker == "Ms. C"


def test_nothing_is_written_inside_the_corpus(make_corpus) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): Text.", "sub/b.txt": "Text."})
    before = _tree(root)
    corpus = open_corpus(root)
    corpus.ensure_lengths()
    corpus.reading_text("a.txt")
    assert _tree(root) == before


def test_lengths_are_cached(make_corpus) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): Twelve chars."})
    corpus = open_corpus(root)
    corpus.ensure_lengths()
    assert corpus.get("a.txt").length == len("Twelve chars.")
    assert open_corpus(root).get("a.txt").length == len("Twelve chars.")


def test_damaged_cache_is_rebuilt(make_corpus) -> None:
    root = make_corpus({"a.txt": "Text."})
    corpus = open_corpus(root)
    path = corpus.index.path
    corpus.index.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not sqlite" * 100)
    assert [s.id for s in open_corpus(root)] == ["a.txt"]


def test_reading_texts_are_cached_and_never_stale(make_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): First version."})
    assert open_corpus(root).reading_text("a.txt") == "First version."
    from corpus import corpus as corpus_module

    calls: list[int] = []
    real = corpus_module.parse_bytes
    monkeypatch.setattr(corpus_module, "parse_bytes", lambda raw: calls.append(1) or real(raw))
    assert open_corpus(root).reading_text("a.txt") == "First version."
    assert calls == []  # served from the cache
    (root / "a.txt").write_text("Mr. A (B): Second, longer version.")
    os.utime(root / "a.txt", ns=(5, 5))
    assert open_corpus(root).reading_text("a.txt") == "Second, longer version."
    assert calls == [1]


def test_deferred_first_open_lists_from_the_walk_then_reads(make_corpus) -> None:
    a, b = "UNSC_2020_SPV.8698_spch002.txt", "UNSC_2020_SPV.8698_spch010.txt"
    root = make_corpus({a: "Mr. A (Alpha): First.", b: "Ms. C (Gamma): Second.", "bin.txt": b"\x00\x01"})
    corpus = open_corpus(root, refresh=False, defer_reading=True)
    assert [s.id for s in corpus] == ["bin.txt", a, b]
    assert all(s.speaker is None and s.sha256 == "" for s in corpus)
    assert corpus.get(a).meta["meeting"] == "S/PV.8698"  # file-name metadata at once
    assert corpus.pending == 3
    assert corpus.reading_text(b) == "Second."  # readable before its speaker line is read
    assert corpus.read_pending()
    assert [(s.id, s.speaker) for s in corpus] == [(a, "Mr. A"), (b, "Ms. C")]
    assert [s.id for s in corpus.skipped] == ["bin.txt"]
    assert corpus.pending == 0 and not corpus.read_pending()
    again = open_corpus(root, refresh=False)
    assert [(s.id, s.affiliation) for s in again] == [(a, "Alpha"), (b, "Gamma")]


def test_command_line_open_reads_what_a_deferred_open_left(make_corpus) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): Text."})
    open_corpus(root, refresh=False, defer_reading=True)
    assert open_corpus(root).get("a.txt").speaker == "Mr. A"


def test_prefetch_loads_cached_texts_from_another_thread(make_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement number {i}." for i in range(8)})
    corpus = open_corpus(root)
    corpus.ensure_texts(workers=1)
    corpus = open_corpus(root, refresh=False)
    ids = [s.id for s in corpus][:5]
    worker = threading.Thread(target=corpus.prefetch, args=(ids,))  # as the app's worker thread does
    worker.start()
    worker.join()

    def no_disk(*args, **kwargs):
        raise AssertionError("read from the cache again")

    monkeypatch.setattr(corpus.index, "cached_text", no_disk)
    assert [corpus.reading_text(i) for i in ids] == [f"Statement number {i}." for i in range(5)]


def test_prefetch_never_reads_or_normalises_files(make_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus import corpus as corpus_module

    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(4)})
    corpus = open_corpus(root)  # texts not cached yet

    def no_parse(*args, **kwargs):
        raise AssertionError("prefetch normalised a file")

    monkeypatch.setattr(corpus_module, "parse_bytes", no_parse)
    corpus.prefetch([s.id for s in corpus])
    corpus.prefetch(["no/such.txt"])  # unknown ids are passed over
    stopped: list[str] = []
    corpus.prefetch(["s0.txt"], cancelled=lambda: not stopped.append("asked"))
    assert stopped == ["asked"]


def test_a_row_changed_by_another_writer_is_checked_again(make_corpus, count_reads: list[str]) -> None:
    """An unchanged walk is trusted only for the rows it was checked against: another
    process (another margin version, say) writing a row drops the walk's digest."""
    import sqlite3

    root = make_corpus({f"s{i}.txt": f"Mr. A (B): Statement {i}." for i in range(5)})
    path = open_corpus(root).index.path
    open_corpus(root)  # the digest is stored
    count_reads.clear()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE files SET size = size + 1 WHERE id = 's2.txt'")
    corpus = open_corpus(root)
    assert count_reads == ["s2.txt"]
    assert corpus.get("s2.txt").size == len("Mr. A (B): Statement 2.")
    count_reads.clear()
    open_corpus(root)
    assert count_reads == []
