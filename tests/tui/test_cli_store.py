"""The command line's store commands on damaged, full, misplaced and hostile stores:
one sentence, a non-zero exit, and the store as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.main import cli


def _store_files(db: Path) -> dict[str, bytes]:
    return {str(p.relative_to(db)): p.read_bytes() for p in sorted(db.rglob("*.json")) if p.name != "lock-owner.json"}


@pytest.mark.parametrize("command", ["import", "codebook import"])
def test_a_codebook_with_a_parent_cycle_is_refused_before_any_write(run, tmp_path: Path, command: str) -> None:
    db = tmp_path / "db"
    assert run("codebook", "import", "--starter", "--db", str(db)).exit_code == 0
    before = _store_files(db)
    document = {"format": "margin.annotations", "version": 1, "statements": [], "codebook": [
        {"name": "New one"}, {"name": "A", "parent": "B"}, {"name": "B", "parent": "A"}]}
    path = tmp_path / "cycle.json"
    path.write_text(json.dumps(document))
    result = CliRunner().invoke(cli, [*command.split(), str(path), "--db", str(db)])
    assert result.exit_code == 2
    assert "cycle" in result.stderr and "Traceback" not in result.stderr
    assert _store_files(db) == before


def test_a_full_disk_during_import_says_nothing_changed_only_when_true(run, tmp_path: Path, monkeypatch) -> None:
    import errno
    import os

    from annotations.store import open_store
    from corpus import open_corpus

    corpus = open_corpus(None)
    db = tmp_path / "db"
    with open_store(corpus.root, db) as store:
        codes = [store.add_code(f"Code {i}").id for i in range(15)]
        for sid in [s.id for s in corpus.statements[:3]]:
            store.add_highlight(corpus.text(sid), 0, 9, codes[:2])
            store.toggle_statement_label(sid, codes[3])
    out = tmp_path / "out.json"
    assert run("export", "--db", str(db), "-o", str(out)).exit_code == 0
    target = tmp_path / "db2"
    assert run("codebook", "import", "--starter", "--db", str(target)).exit_code == 0
    before = _store_files(target)
    real_fsync, calls = os.fsync, {"n": 0}

    def filling(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 2:  # the first files fit, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", filling)
    result = CliRunner().invoke(cli, ["import", str(out), "--db", str(target)])
    monkeypatch.undo()
    assert result.exit_code == 2 and "the disk is full" in result.stderr and "Nothing was changed" in result.stderr
    assert _store_files(target) == before
    with open_store(corpus.root, target) as store:  # and still so when opened again
        assert len(store.codes()) == 8
    assert _store_files(target) == before


# ---------------------------------------------------------------- damage and bad --db
def _coded_store(tmp_path: Path, statements: int = 2) -> tuple[Path, list[str]]:
    from annotations.store import open_store
    from corpus import open_corpus

    corpus = open_corpus(None)
    db = tmp_path / "db"
    ids = [s.id for s in corpus.statements[:statements]]
    with open_store(corpus.root, db) as store:
        code = store.add_code("Peacekeeping", key="4")
        for sid in ids:
            store.add_highlight(corpus.text(sid), 0, 9, [code.id])
    return db, ids


def _statement_file(db: Path, sid: str) -> Path:
    from annotations.files import statement_file_name

    return db / "statements" / statement_file_name(sid)


def test_export_writes_every_readable_statement_and_lists_the_damaged(run, tmp_path: Path) -> None:
    db, (bad, good) = _coded_store(tmp_path)
    damaged = _statement_file(db, bad)
    damaged.write_bytes(b'{"info": {"1": {"statem')
    out = tmp_path / "out.json"
    result = run("export", "--db", str(db), "-o", str(out))
    assert result.exit_code != 0
    assert [s["id"] for s in json.loads(out.read_text())["statements"]] == [good]
    assert damaged.name in result.stderr and "Traceback" not in result.stderr
    assert "could not be read" in result.stderr
    assert damaged.exists()  # a read-only command moves nothing
    result = run("info", "--db", str(db))
    assert result.exit_code == 0 and "highlights:  1" in result.stdout
    assert damaged.name in result.stderr


def test_import_moves_a_damaged_file_aside_and_goes_on(run, tmp_path: Path) -> None:
    db, (bad, good) = _coded_store(tmp_path)
    out = tmp_path / "out.json"
    assert run("export", "--db", str(db), "-o", str(out)).exit_code == 0
    damaged = _statement_file(db, bad)
    damaged.write_bytes(b"\x00" * 50)
    result = run("import", str(out), "--db", str(db))
    assert result.exit_code == 0, result.stderr
    assert damaged.name in result.stderr and "moved to" in result.stderr
    assert [p.name.startswith(damaged.name) for p in (db / "damaged").iterdir()] == [True]
    assert json.loads(damaged.read_text())  # the import wrote the statement's highlight back


def test_a_zero_byte_codebook_is_damage_not_an_empty_codebook(run, tmp_path: Path) -> None:
    db, _ = _coded_store(tmp_path)
    (db / "codebook.json").write_bytes(b"")
    result = run("export", "--db", str(db))
    assert result.exit_code != 0 and "codebook.json" in result.stderr
    doc = json.loads(result.stdout)
    assert [c["name"] for c in doc["codebook"]][0].startswith("Recovered code")


@pytest.mark.parametrize("command", ["info", "export", "import", "codebook export"])
@pytest.mark.parametrize("where", ["file", "corpus", "package"])
def test_bad_db_locations_are_one_sentence(run, tmp_path: Path, make_corpus, command: str, where: str) -> None:
    import corpus as corpus_package

    root = make_corpus({"a.txt": "Mr. A (B): Text."})
    db = {
        "file": Path("/etc/passwd"),
        "corpus": root / "sub" / "db",
        "package": Path(corpus_package.__file__).resolve().parent / "margin-db",
    }[where]
    args = command.split() + (["/no/such.json"] if command == "import" else [])
    result = run(*args, "--corpus", str(root), "--db", str(db))
    assert result.exit_code != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert {"file": "is a file", "corpus": "inside the corpus", "package": "inside margin's own"}[where] in result.stderr
    assert not db.exists() or where == "file"




def test_export_to_a_full_disk_or_an_unwritable_folder_is_one_sentence(run, tmp_path: Path, monkeypatch) -> None:
    import os

    db, _ = _coded_store(tmp_path)
    target = tmp_path / "out"
    target.mkdir()
    out = target / "export.json"
    out.write_text("previous export")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = run("export", "--db", str(db), "-o", str(out))
    monkeypatch.undo()
    assert result.exit_code != 0
    assert result.stderr.strip() == f"margin: Could not write {out}: the disk is full. Nothing was written."
    assert out.read_text() == "previous export"
    assert [p.name for p in target.iterdir()] == ["export.json"]
    if os.geteuid() != 0:  # root writes anywhere
        target.chmod(0o500)
        try:
            result = run("export", "--db", str(db), "-o", str(out))
            assert result.exit_code != 0 and "Could not write" in result.stderr and "Traceback" not in result.stderr
        finally:
            target.chmod(0o700)
    result = run("export", "--db", str(db), "-o", str(tmp_path / "no" / "such" / "x.json"))
    assert result.exit_code != 0 and "Could not write" in result.stderr


def test_version_is_the_group_option_not_the_reader(run) -> None:
    result = run("--version")
    assert result.exit_code == 0 and "version" in result.stdout and "No such option" not in result.stderr


@pytest.mark.parametrize("command", ["export", "codebook export"])
def test_export_into_the_corpus_or_the_package_is_refused(run, make_corpus, tmp_path: Path, command: str) -> None:
    """Invariant 5: nothing is ever written inside the corpus folder or the package."""
    import corpus as corpus_package

    root = make_corpus({"a.txt": "Mr. A (B): Text."})
    db = tmp_path / "db"
    for target in (root / "out.json", root / "sub" / "out.json",
                   Path(corpus_package.__file__).resolve().parent / "out.json"):
        result = run(*command.split(), "--corpus", str(root), "--db", str(db), "-o", str(target))
        assert result.exit_code != 0 and "Traceback" not in result.stderr
        assert "inside" in result.stderr and not target.exists()
