"""The command line as users call it: output, exit codes, one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.cli import cli


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def test_statements_lists_the_sample(run) -> None:
    result = run("statements")
    assert result.exit_code == 0
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 5
    assert lines[0].split("\t")[:3] == ["000_99bcc648238271ba.txt", "Mr. Umarov", "Kazakhstan"]


def test_statements_json_and_skips_on_stderr(run, make_corpus) -> None:
    root = make_corpus({"UNSC_2020_SPV.8698_spch012.txt": "Mr. Wu Haitao (China) (spoke in Chinese): China welcomes.", ".x.txt": "hidden"})
    result = run("statements", "--corpus", str(root), "--json")
    assert result.exit_code == 0
    (row,) = [json.loads(line) for line in result.stdout.strip().split("\n")]
    assert (row["speaker"], row["affiliation"], row["spoke_in"]) == ("Mr. Wu Haitao", "China", "Chinese")
    assert row["meta"] == {"source": "UNSC", "year": 2020, "meeting": "S/PV.8698", "speech": 12}
    assert row["length"] == len("China welcomes.")
    assert "skipped .x.txt: hidden file" in result.stderr


def test_text_prints_the_reading_text(run, make_corpus) -> None:
    root = make_corpus({"a.txt": "Mr. A (B): organi-\nzation of the Secretary-\nGeneral."})
    result = run("text", "a.txt", "--corpus", str(root))
    assert result.stdout == "organization of the Secretary-General.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("text", "nope.txt"), "There is no statement with id 'nope.txt'"),
        (("statements", "--corpus", "/no/such/folder"), "does not exist"),
        (("import", "/no/such/file.json"), "Cannot read /no/such/file.json"),
        (("codebook", "import"), "Give a codebook FILE or --starter"),
    ],
)
def test_user_mistakes_are_one_sentence_and_nonzero(run, args, message: str) -> None:
    result = run(*args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_codebook_export_import_export_and_info(run, tmp_path: Path) -> None:
    db = str(tmp_path / "db")
    assert "8 codes added" in run("codebook", "import", "--starter", "--db", db).stdout
    out = tmp_path / "codebook.json"
    assert run("codebook", "export", "--db", db, "-o", str(out)).exit_code == 0
    doc = json.loads(out.read_text())
    assert doc["format"] == "margin.codebook" and len(doc["codebook"]) == 8
    db2 = str(tmp_path / "db2")
    assert "8 codes added" in run("codebook", "import", str(out), "--db", db2).stdout
    info = run("info", "--db", db2).stdout
    assert "codes:       8" in info and "statements:  5" in info


def test_export_and_import_through_the_command_line(run, tmp_path: Path) -> None:
    from annotations.store import open_store
    from corpus import open_corpus

    corpus = open_corpus(None)
    db = tmp_path / "db"
    with open_store(corpus.root, db) as store:
        code = store.add_code("Peacekeeping", key="4")
        store.add_highlight(corpus.text(corpus.statements[2].id), 0, 9, [code.id])
    out = tmp_path / "out.json"
    result = run("export", "--db", str(db), "-o", str(out))
    assert result.exit_code == 0 and "Exported 1 highlight on 1 statement" in result.stderr
    stdout_doc = json.loads(run("export", "--db", str(db)).stdout)
    assert stdout_doc["statements"] == json.loads(out.read_text())["statements"]
    result = run("import", str(out), "--db", str(tmp_path / "db2"))
    assert "1 highlight added" in result.stdout
    assert "0 highlights added, 0 updated" in run("import", str(out), "--db", str(tmp_path / "db2")).stdout


def test_help_and_export_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom tui.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    for args in (["--help"], ["export", "--db", str(tmp_path / "db")]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert done.stderr.strip().endswith("CLEAN"), done.stderr


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
