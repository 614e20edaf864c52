"""The command line as users call it: output, exit codes, one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui.main import cli


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
    saved = run("codebook", "export", "--db", db, "-o", str(out))
    assert saved.exit_code == 0
    assert saved.stderr.strip() == f"Saved 8 codes to {out}.", "said where it went, as export -o does"
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
        "import sys\nfrom tui.main import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    for args in (["--help"], ["export", "--db", str(tmp_path / "db")]):
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        assert done.stderr.strip().endswith("CLEAN"), done.stderr


HOSTILE = "\x1b]0;pwned\x07\x1b[31m\u202e\x9b"


def test_follow_links_flag_on_every_corpus_command(run, make_corpus, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "hostname.txt").write_text("Mr. X (Y): not part of the corpus.\n")
    root = make_corpus({"in.txt": "Mr. A (B): inside.\n"})
    (root / "outside.txt").symlink_to(outside / "hostname.txt")
    result = run("statements", "--corpus", str(root))
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["in.txt"]
    assert "skipped outside.txt: link to a file outside the corpus (--follow-links reads it)" in result.stderr
    result = run("statements", "--corpus", str(root), "--follow-links")
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["in.txt", "outside.txt"]
    assert run("search", "part", "--corpus", str(root)).stdout == ""
    assert "outside.txt" in run("search", "part", "--corpus", str(root), "--follow-links").stdout
    assert run("text", "outside.txt", "--corpus", str(root), "--follow-links").stdout == "not part of the corpus.\n"
    assert "statements:  2" in run("info", "--corpus", str(root), "--follow-links").stdout
    for command in (["export"], ["codebook", "export"], ["import", str(tmp_path / "none.json")],
                    ["open", str(root)]):
        assert "--follow-links" in run(*command, "--help").stdout, command


def test_table_outputs_show_hostile_names_inert_one_line_each(run, make_corpus) -> None:
    root = make_corpus({
        f"two\nlines {HOSTILE}.txt": f"Mr. {HOSTILE} (Land\x1b[2J): Text about peace.\n",
        "plain.txt": "Mr. A (B): Peace.\n",
    })
    (root / f".{HOSTILE}.txt").write_text("hidden")
    for args in (["statements"], ["search", "peace"], ["info"]):
        result = run(*args, "--corpus", str(root))
        assert result.exit_code == 0
        for stream in (result.stdout, result.stderr):
            assert not set(stream) & set("\x1b\x07\u202e\x9b"), (args, stream)
    lines = run("statements", "--corpus", str(root)).stdout.splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == 5 for line in lines)
    assert "␛]0;pwned␇" in lines[1]
    # The JSON form keeps the exact id: it is the store's key.
    ids = [json.loads(line)["id"] for line in run("statements", "--corpus", str(root), "--json").stdout.splitlines()]
    assert f"two\nlines {HOSTILE}.txt" in ids


def test_error_sentences_show_hostile_names_inert(run, tmp_path: Path) -> None:
    result = run("statements", "--corpus", str(tmp_path / f"no{HOSTILE}"))
    assert result.exit_code != 0
    assert "does not exist" in result.stderr and "␛]0;pwned␇" in result.stderr
    assert not set(result.stderr) & set("\x1b\x07\u202e\x9b")


def test_reader_takes_follow_links(run, make_corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``margin CORPUS --follow-links`` opens the reader on a corpus that follows links."""
    from tui import launch
    from tui.cli import corpus_commands

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "far.txt").write_text("Mr. X (Y): far away.\n")
    root = make_corpus({"in.txt": "Mr. A (B): inside.\n"})
    (root / "far.txt").symlink_to(outside / "far.txt")
    opened: list[list[str]] = []

    def fake_reader(corpus_dir, **_kwargs) -> None:  # what open_reader lists, without Textual
        opened.append([s.id for s in corpus_commands.load_corpus(corpus_dir, report=False)])

    monkeypatch.setattr(launch, "open_reader", fake_reader)
    assert run(str(root), "--follow-links").exit_code == 0
    assert run(str(root)).exit_code == 0
    assert opened == [["far.txt", "in.txt"], ["in.txt"]]


@pytest.mark.parametrize("content", [b'coder = "A"\nnote = "caf\xe9"\n', b'keys = "x"\n', b"coder = \n"])
def test_a_broken_config_is_one_sentence_on_stderr_and_no_crash(run, isolated_dirs: Path, content: bytes) -> None:
    path = isolated_dirs / "config" / "config.toml"
    path.write_bytes(content)
    result = run("export")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["format"] == "margin.annotations"
    assert str(path) in result.stderr and "line " in result.stderr


def test_codebook_import_from_another_store_or_corpus(run, tmp_path: Path, make_corpus) -> None:
    first = make_corpus({"a.txt": "Mr. A (B): First."}, name="first")
    second = make_corpus({"b.txt": "Mr. B (C): Second."}, name="second")
    third = make_corpus({"c.txt": "Mr. C (D): Third."}, name="third")
    assert run("codebook", "import", "--starter", "--corpus", str(first)).exit_code == 0
    # by the other corpus's folder (its default store)
    result = run("codebook", "import", "--from-store", str(first), "--corpus", str(second))
    assert result.exit_code == 0, result.output
    exported = json.loads(run("codebook", "export", "--corpus", str(second)).stdout)
    assert len(exported["codebook"]) == 8
    # by a store folder (--db of the source)
    db = tmp_path / "db"
    assert run("codebook", "import", "--starter", "--corpus", str(third), "--db", str(db)).exit_code == 0
    result = run("codebook", "import", "--from-store", str(db), "--corpus", str(third))
    assert result.exit_code == 0, result.output
    assert len(json.loads(run("codebook", "export", "--corpus", str(third)).stdout)["codebook"]) == 8


def test_codebook_import_from_a_folder_without_a_store_is_one_sentence(run, tmp_path: Path, make_corpus) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    result = run("codebook", "import", "--from-store", str(empty))
    assert result.exit_code != 0
    assert "no margin store" in result.stderr and "Traceback" not in result.output
    assert not (empty / "codebook.json").exists()


def test_the_starter_codebook_is_offered_on_any_new_store(monkeypatch, make_corpus) -> None:
    from tui.app import MarginApp
    from tui.launch import open_reader

    offered: list[bool] = []
    monkeypatch.setattr(MarginApp, "run", lambda self, *a, **k: offered.append(self.offer_starter))
    root = make_corpus({"a.txt": "Mr. A (B): First."})
    open_reader(root)
    assert offered == [True]


def test_a_declined_starter_codebook_is_not_offered_again(monkeypatch, make_corpus) -> None:
    from annotations.store import open_store
    from tui.app import MarginApp
    from tui.launch import open_reader

    offered: list[bool] = []
    monkeypatch.setattr(MarginApp, "run", lambda self, *a, **k: offered.append(self.offer_starter))
    root = make_corpus({"a.txt": "Mr. A (B): First."})
    with open_store(root) as store:
        store.decline_starter()  # what answering "n" to the offer does (tests/tui/test_app.py)
    open_reader(root)
    assert offered == [False]


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


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[keys]\nundo = "ctrl+z"\nfrobnicate = "y"\n', [("line 3", "keys.frobnicate")]),
        ('theme = "nosuchtheme"\n', [("line 1", "theme", "nosuchtheme")]),
        ('keys = "x"\n\n[keys]\nundo = "ctrl+z"\nfrobnicate = "y"\n', [("line 1", "keys"), ("line 5", "keys.frobnicate")]),
        ('[keys]\nundo = "ctrl+z"\nquit = "ctrl+z"\n', [("line 3", "keys.undo", "keys.quit", "ctrl+z")]),
        ('[keys]\nredo = "u"\n', [("line 2", "keys.redo", "undo", " u ")]),
    ],
)
def test_every_command_names_what_the_app_would_name_in_the_config(run, isolated_dirs: Path, content: str, expected) -> None:
    path = isolated_dirs / "config" / "config.toml"
    path.write_text(content)
    result = run("info")
    assert result.exit_code == 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(expected), result.stderr
    for line, words in zip(lines, expected):
        assert str(path) in line and all(w in line for w in words), line


def test_a_valid_config_is_silent_on_the_command_line(run, isolated_dirs: Path) -> None:
    (isolated_dirs / "config" / "config.toml").write_text(
        'theme = "nord"\n[keys]\nundo = "ctrl+z"\nredo = "u"\nsentence = "ctrl+s"\n')
    result = run("info")
    assert result.exit_code == 0 and result.stderr == ""


# --- margin text ID: an unknown id gets the closest ids as a hint -------------------------

TEXT_FILES = {
    "UNSC_2020_SPV.8698_spch012.txt": "Mr. A (B): Twelve.",
    "UNSC_2020_SPV.8698_spch013.txt": "Mr. A (B): Thirteen.",
    "UNSC_2020_SPV.8699_spch012.txt": "Mr. A (B): Another meeting.",
    "other/zzz.txt": "Mr. A (B): Far away.",
}


def test_text_of_an_id_without_its_extension_suggests_it(run, make_corpus) -> None:
    root = make_corpus(TEXT_FILES)
    result = run("text", "UNSC_2020_SPV.8698_spch012", "--corpus", str(root))
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr == (
        f"margin: There is no statement with id 'UNSC_2020_SPV.8698_spch012' in {root}. "
        "Did you mean 'UNSC_2020_SPV.8698_spch012.txt'?\n"
    )


def test_text_of_a_mistyped_id_suggests_up_to_three_close_ones(run, make_corpus) -> None:
    root = make_corpus(TEXT_FILES)
    result = run("text", "UNSC_2020_SPV.8698_spch021.txt", "--corpus", str(root))
    assert result.exit_code != 0 and "Traceback" not in result.output
    hint = result.stderr.split("Did you mean ", 1)[1]
    assert hint.startswith("'UNSC_2020_SPV.8698_spch012.txt'") or hint.startswith("'UNSC_2020_SPV.8698_spch013.txt'")
    assert hint.count("'UNSC_") == 3 and "zzz" not in hint
    nothing_close = run("text", "qqqqqqqq", "--corpus", str(root))
    assert nothing_close.exit_code != 0 and "Did you mean" not in nothing_close.stderr


# ---------------------------------------------------------------- a warm cache is never stale
# Every command answers from the cache where it can; a file changed, added or removed
# since the cache was warm must still be seen by each of them.

_BEFORE = {
    "a.txt": "Mr. A (Alpha): Old words here.",
    "b.txt": "Ms. B (Beta): Going words, soon gone.",
    "c.txt": "Mr. C (Gamma): Stays the same.",
}
_CHANGED = "Ms. Changed (Delta): Fresh words, and a longer text now."
_ADDED = "Mr. D (Epsilon): Newly added words."


def _warm_then_change(run, make_corpus, *warm: tuple[str, ...]) -> Path:
    """A corpus whose cache each ``warm`` command filled; then a.txt changed, b.txt gone, d.txt new."""
    import os

    root = make_corpus(_BEFORE)
    for args in warm:
        assert run(*args, "--corpus", str(root)).exit_code == 0
    (root / "a.txt").write_text(_CHANGED)
    os.utime(root / "a.txt", ns=(10**18, 10**18))
    (root / "b.txt").unlink()
    (root / "d.txt").write_text(_ADDED)
    return root


def test_statements_after_a_warm_cache_see_every_change(run, make_corpus) -> None:
    root = _warm_then_change(run, make_corpus, ("statements", "--json"), ("search", "words"))
    result = run("statements", "--corpus", str(root), "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a.txt", "c.txt", "d.txt"]
    assert (rows[0]["speaker"], rows[0]["affiliation"]) == ("Ms. Changed", "Delta")
    assert [r["length"] for r in rows] == [len(_CHANGED.split(": ", 1)[1]), len("Stays the same."), len("Newly added words.")]
    assert rows[2]["size"] == len(_ADDED)
    plain = run("statements", "--corpus", str(root)).stdout.splitlines()
    assert [line.split("\t")[:2] for line in plain] == [["a.txt", "Ms. Changed"], ["c.txt", "Mr. C"], ["d.txt", "Mr. D"]]


def test_info_after_a_warm_cache_sees_every_change(run, make_corpus) -> None:
    root = _warm_then_change(run, make_corpus, ("info",), ("statements",))
    (root / "e.txt").write_bytes(b"")  # skipped: empty
    out = run("info", "--corpus", str(root)).stdout
    assert "statements:  3" in out and "skipped:     1" in out
    size = sum((root / name).stat().st_size for name in ("a.txt", "c.txt", "d.txt"))
    assert f"size:        {size / 1e6:.1f} MB" in out


def test_search_after_a_warm_cache_sees_every_change(run, make_corpus) -> None:
    root = _warm_then_change(run, make_corpus, ("search", "words"))
    result = run("search", "words", "--corpus", str(root), "--json")
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(h["statement"] for h in hits) == ["a.txt", "d.txt"]
    assert any("Fresh words" in h["context"] for h in hits)
    assert {h["speaker"] for h in hits} == {"Ms. Changed", "Mr. D"}
    gone = run("search", '"soon gone"', "--corpus", str(root), "--json")
    assert gone.stdout == "" and "no hits" in gone.stderr
    assert run("search", "speaker:changed", "--corpus", str(root), "--json").stdout.count("\n") == 1


def test_text_after_a_warm_cache_sees_every_change(run, make_corpus) -> None:
    import os

    root = _warm_then_change(run, make_corpus, ("text", "a.txt"), ("text", "b.txt"), ("search", "words"))
    assert run("text", "a.txt", "--corpus", str(root)).stdout == _CHANGED.split(": ", 1)[1] + "\n"
    assert run("text", "d.txt", "--corpus", str(root)).stdout == "Newly added words.\n"
    gone = run("text", "b.txt", "--corpus", str(root))
    assert gone.exit_code != 0 and "There is no statement with id 'b.txt'" in gone.stderr
    # The same size, another time: still read again.
    (root / "c.txt").write_text("Mr. C (Gamma): Stays the SAME.")
    os.utime(root / "c.txt", ns=(2 * 10**18, 2 * 10**18))
    assert run("text", "c.txt", "--corpus", str(root)).stdout == "Stays the SAME.\n"
    (root / "c.txt").write_bytes(b"")  # now empty: no longer a statement
    empty = run("text", "c.txt", "--corpus", str(root))
    assert empty.exit_code != 0 and "There is no statement with id 'c.txt'" in empty.stderr
