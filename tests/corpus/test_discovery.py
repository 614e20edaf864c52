"""Finding statement files: what is listed, what is skipped and why."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus import open_corpus
from corpus.errors import CorpusError

LINE = "Mr. A (B): Text of the statement.\n"


def test_recursive_natural_order_and_odd_names(make_corpus) -> None:
    root = make_corpus(
        {
            "spch10.txt": LINE,
            "spch2.txt": LINE,
            "Session 46 - 1991/KAZ_46_1991.txt": "Text.",
            "dossier é/Ünïcode name.txt": LINE,
            "notes.md": "not a statement",
            "UPPER.TXT": LINE,
        }
    )
    ids = [s.id for s in open_corpus(root)]
    assert ids == ["dossier é/Ünïcode name.txt", "Session 46 - 1991/KAZ_46_1991.txt", "spch2.txt", "spch10.txt", "UPPER.TXT"]


def test_skipped_files_are_reported_with_reasons(make_corpus) -> None:
    root = make_corpus(
        {
            "good.txt": LINE,
            ".hidden.txt": LINE,
            "._good.txt": b"\x00\x05\x16\x07",
            "binary.txt": b"text\x00\x01\x02",
            "empty.txt": b"  \n",
            ".git/config.txt": LINE,
        }
    )
    corpus = open_corpus(root)
    assert [s.id for s in corpus] == ["good.txt"]
    reasons = {s.id: s.reason for s in corpus.skipped}
    assert reasons == {
        ".hidden.txt": "hidden file",
        "._good.txt": "macOS resource-fork twin (._ file)",
        "binary.txt": "binary file (contains NUL bytes)",
        "empty.txt": "empty file",
    }


def test_unreadable_file_is_skipped(make_corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root here, so permissions cannot make a file unreadable: fail the open.
    from corpus import index as index_module

    root = make_corpus({"good.txt": LINE, "locked.txt": LINE})

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(index_module, "open", fake_open, raising=False)
    corpus = open_corpus(root)
    assert [s.id for s in corpus] == ["good.txt"]
    assert [(s.id, s.reason) for s in corpus.skipped] == [("locked.txt", "cannot be read (Permission denied)")]


def test_symlink_loops_do_not_hang(make_corpus) -> None:
    root = make_corpus({"a/one.txt": LINE})
    os.symlink(root, root / "a" / "loop")  # folder loop
    os.symlink(root / "self.txt", root / "self.txt")  # a link to itself
    os.symlink(root / "missing.txt", root / "broken.txt")
    corpus = open_corpus(root)
    assert [s.id for s in corpus] == ["a/one.txt"]
    assert {s.id for s in corpus.skipped} == {"self.txt", "broken.txt"}


def test_missing_folder_and_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        open_corpus(tmp_path / "nope")
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(CorpusError, match="is a file, not a folder"):
        open_corpus(tmp_path / "f.txt")
