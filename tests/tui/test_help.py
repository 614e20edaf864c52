"""The help screen shows every binding with its config id, and every filter."""

from __future__ import annotations

from io import StringIO

from rich.console import Console

from corpus.query_syntax import IS_STATES, LIST_FILTERS, SEARCH_FILTERS
from tui.keys import HELP_GROUPS


def _help_text(app) -> str:
    from textual.widgets import Static

    out = StringIO()
    console = Console(file=out, width=88, color_system=None)
    for static in app.screen.query(Static):
        console.print(static.content)
    return out.getvalue()


def test_help_lists_every_binding_id_and_every_filter(harness) -> None:
    seen = {}

    async def script(app, pilot):
        await pilot.press("question_mark")
        seen["text"] = _help_text(app)

    harness.run(script)
    text = seen["text"]
    ids = [b.id for _, group in HELP_GROUPS for b in group]
    assert ids and all(b for b in ids)
    missing = [i for i in ids if i not in text.split()]
    assert not missing, f"binding ids not in help: {missing}"
    for key in {*LIST_FILTERS, *SEARCH_FILTERS}:
        assert f"{key}:" in text, key
    for state in IS_STATES:
        assert f"is:{state}" in text, state
    for syntax in ("-word", "-code:", '"', "AND", "OR", "NOT", "prefix*"):
        assert syntax in text, syntax
    assert "first line" in text  # what a hit of a filter alone is


def test_help_shows_the_keys_in_force_beside_the_id(harness, isolated_dirs) -> None:
    (isolated_dirs / "config" / "config.toml").write_text('[keys]\nundo = "ctrl+z"\n')
    seen = {}

    async def script(app, pilot):
        await pilot.press("question_mark")
        seen["text"] = _help_text(app)

    harness.run(script)
    (line,) = [line for line in seen["text"].splitlines() if " undo " in f" {line} " and "Undo the last" in line]
    assert "ctrl+z" in line
