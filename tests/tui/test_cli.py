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
    assert result.exit_code == 0 and "Exported 1 highlights on 1 statements" in result.stderr
    stdout_doc = json.loads(run("export", "--db", str(db)).stdout)
    assert stdout_doc["statements"] == json.loads(out.read_text())["statements"]
    result = run("import", str(out), "--db", str(tmp_path / "db2"))
    assert "1 highlights added" in result.stdout
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


def test_open_refuses_a_db_inside_the_package(run, monkeypatch) -> None:
    import annotations as annotations_package
    from tui.app import MarginApp

    monkeypatch.setattr(MarginApp, "run", lambda self, *a, **k: None)  # never start the screen here
    db = Path(annotations_package.__file__).resolve().parent / "db"
    result = run("--db", str(db))
    assert result.exit_code != 0 and "inside margin's own" in result.stderr
    assert not db.exists()


def test_an_unknown_command_is_neither_a_command_nor_a_folder(run) -> None:
    result = run("nosuchcmd")
    assert result.exit_code != 0
    assert "nosuchcmd is neither a margin command nor a folder" in result.stderr
    assert "statements" in result.stderr and "export" in result.stderr


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
