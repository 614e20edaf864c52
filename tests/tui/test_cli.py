"""The command line as users call it: output, exit codes, one-sentence errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


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
