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
    from corpus import statement_files

    root = make_corpus({"good.txt": LINE, "locked.txt": LINE})

    def fake_open(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return open(path, *args, **kwargs)

    monkeypatch.setattr(statement_files, "open", fake_open, raising=False)
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


def test_links_out_of_the_corpus_are_skipped_and_reported(make_corpus, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "many").mkdir(parents=True)
    (outside / "secret.txt").write_text("Mr. X (Y): private key material.\n")
    for n in range(5):
        (outside / "many" / f"o{n}.txt").write_text(LINE)
    root = make_corpus({"in.txt": LINE, "sub/two.txt": LINE})
    os.symlink(outside / "secret.txt", root / "outside.txt")
    os.symlink(outside / "many", root / "linked")
    os.symlink(root / "sub", root / "inside-link")  # a link inside pointing inside may stay
    os.symlink(root / "in.txt", root / "sub" / "alias.txt")
    corpus = open_corpus(root)
    ids = [s.id for s in corpus]
    assert "outside.txt" not in ids and not any(i.startswith("linked/") for i in ids)
    # (the inside folder is read once, under whichever of its two names comes first)
    assert "in.txt" in ids and sorted(i.rsplit("/", 1)[-1] for i in ids) == ["alias.txt", "in.txt", "two.txt"]
    reasons = {s.id: s.reason for s in corpus.skipped}
    assert "outside the corpus" in reasons["outside.txt"] and "--follow-links" in reasons["outside.txt"]
    assert "outside the corpus" in reasons["linked"]


def test_follow_links_reads_links_out_and_still_does_not_loop(make_corpus, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text(LINE)
    root = make_corpus({"in.txt": LINE})
    os.symlink(outside, root / "linked")
    os.symlink(root, outside / "back")  # out and back in again: a loop through the outside
    os.symlink(outside / "far.txt", root / "outside.txt")
    corpus = open_corpus(root, follow_links=True)
    assert [s.id for s in corpus] == ["in.txt", "linked/far.txt", "outside.txt"]
    assert corpus.skipped == []
    # The same folder opened again without the flag does not list them.
    again = open_corpus(root)
    assert [s.id for s in again] == ["in.txt"]
    assert {s.id for s in again.skipped} == {"linked", "outside.txt"}


def test_link_policy_survives_the_walk_in_a_helper_process(make_corpus, tmp_path: Path) -> None:
    """A large corpus is walked in another process: the flag must travel with the root."""
    import pickle

    from corpus.discovery import follows_links, with_link_policy

    root = with_link_policy(make_corpus({"a.txt": LINE}), follow_links=True)
    assert follows_links(pickle.loads(pickle.dumps(root)))
    assert not follows_links(with_link_policy(root, follow_links=False))


def test_file_name_that_is_not_utf8_is_skipped_and_reported(make_corpus) -> None:
    root = make_corpus({"good.txt": LINE})
    os.mkdir(os.path.join(os.fsencode(root), b"dossier \xe9"))
    for name in (b"caf\xe9.txt", b"dossier \xe9/inner.txt"):
        with open(os.path.join(os.fsencode(root), name), "wb") as fh:
            fh.write(LINE.encode())
    corpus = open_corpus(root)
    assert [s.id for s in corpus] == ["good.txt"]
    reasons = {s.id: s.reason for s in corpus.skipped}
    assert set(reasons) == {"caf\\xe9.txt", "dossier \\xe9"}  # the bytes shown escaped, one line each
    assert "not valid UTF-8" in reasons["caf\\xe9.txt"]
    for skipped in corpus.skipped:
        skipped.id.encode("utf-8")  # storable and printable anywhere
    assert [s.id for s in open_corpus(root)] == ["good.txt"]  # and the cached index still opens


def test_newline_in_a_file_name_is_listed_with_a_valid_id(make_corpus) -> None:
    root = make_corpus({"two\nlines.txt": LINE})
    assert [s.id for s in open_corpus(root)] == ["two\nlines.txt"]


def test_corpus_folder_whose_path_is_not_utf8_is_one_clear_error(tmp_path: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    os.mkdir(folder)
    with open(os.path.join(folder, b"a.txt"), "wb") as fh:
        fh.write(LINE.encode())
    with pytest.raises(CorpusError, match="not valid UTF-8"):
        open_corpus(os.fsdecode(folder))


def test_a_cache_built_following_links_is_never_listed_without_the_flag(make_corpus, tmp_path: Path) -> None:
    """The app lists a corpus from its cache before re-walking it: that cache must not
    hold files read through links out, unless the flag is given again."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(LINE)
    root = make_corpus({"in.txt": LINE})
    os.symlink(outside / "secret.txt", root / "outside.txt")
    assert [s.id for s in open_corpus(root, follow_links=True)] == ["in.txt", "outside.txt"]
    assert [s.id for s in open_corpus(root, refresh=False)] == ["in.txt"]
    assert [s.id for s in open_corpus(root, refresh=False, follow_links=True)] == ["in.txt", "outside.txt"]
