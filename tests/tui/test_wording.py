"""Messages say counts with the right singular or plural, and undo says 'Nothing to undo'."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotations.store import open_store
from corpus import open_corpus
from tests.tui.conftest import Harness
from tui.main import cli


def test_undo_and_redo_with_nothing_to_do(harness) -> None:
    seen = {}

    async def script(app, pilot):
        status = app.screen.query_one("#status")
        await pilot.press("u")
        seen["undo"] = status.message
        await pilot.press("ctrl+r")
        seen["redo"] = status.message

    harness.run(script)
    assert seen == {"undo": "Nothing to undo.", "redo": "Nothing to redo."}


def test_counts_of_one_in_the_app(tmp_path: Path, make_corpus) -> None:
    corpus = open_corpus(make_corpus({"a.txt": "Mr. A (Alpha): Peace now.\n"}))
    seen = {}

    async def script(app, pilot):
        status = app.screen.query_one("#status")
        await pilot.press("slash", *"alpha")
        seen["filter"] = status.message
        await pilot.press("enter", "enter", "v", "e", "1", "ctrl+e")
        seen["export"] = status.message

    Harness(tmp_path, corpus=corpus).run(script)
    assert seen["filter"] == "1 of 1 statement"
    assert seen["export"].startswith("Exported 1 highlight to ")


def _world(make_corpus, tmp_path: Path):
    root = make_corpus({"a.txt": "Mr. A (Alpha): Peace now.\n", "b.txt": "Ms. B (Beta): War.\n"})
    corpus = open_corpus(root)
    db = tmp_path / "db"
    store = open_store(root, db, coder="tester")
    code = store.add_code("Peace")
    text = corpus.text("a.txt")
    store.add_highlight(text, 0, 5, [code.id])
    store.mark_read("a.txt")
    store.close()
    return root, db


def test_counts_of_one_on_the_command_line(make_corpus, tmp_path: Path) -> None:
    root, db = _world(make_corpus, tmp_path)
    runner = CliRunner()
    out = tmp_path / "export.json"
    result = runner.invoke(cli, ["export", "--corpus", str(root), "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0 and f"Exported 1 highlight on 1 statement to {out}." in result.stderr

    book = tmp_path / "book.json"
    book.write_text(json.dumps({"format": "margin.codebook", "version": 1,
                                "codebook": [{"name": "Security", "color": "#112233"}]}))
    result = runner.invoke(cli, ["codebook", "import", str(book), "--db", str(db)])
    assert result.exit_code == 0 and "Codebook: 1 code added, 0 updated, 2 in all;" in result.stdout

    fresh = tmp_path / "fresh"
    result = runner.invoke(cli, ["import", str(out), "--corpus", str(root), "--db", str(fresh)])
    assert result.exit_code == 0, result.output
    assert "1 highlight added, 0 updated, 1 statement changed, 1 code added, 0 updated." in result.stdout

    result = runner.invoke(cli, ["info", "--corpus", str(root), "--db", str(db)])
    assert "annotated:   1 statement\n" in result.stdout and "read:        1 statement\n" in result.stdout
