"""SVG snapshots of the main screens at a fixed terminal size (pytest-textual-snapshot).

Update after a deliberate visual change with ``pytest tests/tui/test_snapshots.py
--snapshot-update`` and look at the new SVGs before committing them.
"""

from __future__ import annotations

from tests.tui.conftest import SIZE, Harness, settle


async def _settle(pilot) -> None:
    """Until the first statement is open and the start-up work is done: a snapshot
    must not depend on how fast the machine is or which tests ran before."""
    await settle(pilot)
    main = pilot.app.screen_stack[0]
    assert getattr(main, "text", None) is not None, "no statement was opened"


def _coded_app(harness: Harness, index_texts: bool = False):
    """The sample with two highlights (one with two codes) and a statement label."""
    app = harness.make_app(index_texts=index_texts)
    store = harness.store
    corpus = harness.corpus
    text = corpus.text(corpus.statements[0].id)
    one, two, three = (store.code_by_key(k).id for k in "123")
    store.add_highlight(text, 0, 30, [one])
    start = text.reading_text.index("conflict-related sexual violence")
    store.add_highlight(text, start, start + 32, [two, three], note="CRSV linked to trafficking")
    store.toggle_statement_label(text.id, one)
    return app


def test_main_screen(snap_compare, tmp_path) -> None:
    harness = Harness(tmp_path)
    assert snap_compare(_coded_app(harness), terminal_size=SIZE, run_before=_settle, press=["enter", "j"])


def test_help_screen(snap_compare, tmp_path) -> None:
    harness = Harness(tmp_path)
    assert snap_compare(harness.make_app(index_texts=False), terminal_size=SIZE, run_before=_settle, press=["question_mark"])


def test_code_picker(snap_compare, tmp_path) -> None:
    harness = Harness(tmp_path)
    assert snap_compare(harness.make_app(index_texts=False), terminal_size=SIZE, run_before=_settle, press=["enter", "v", "e", "c", "p", "e", "a"])


def test_note_editor(snap_compare, tmp_path) -> None:
    harness = Harness(tmp_path)
    app = _coded_app(harness)
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle, press=["enter", "n", "W", "h", "y", "?"])


def test_main_screen_at_80x24(snap_compare, tmp_path) -> None:
    """Narrow: the list keeps speaker and affiliation before any metadata column."""
    harness = Harness(tmp_path)
    assert snap_compare(_coded_app(harness), terminal_size=(80, 24), run_before=_settle, press=["enter", "j"])


def test_codebook_screen(snap_compare, tmp_path) -> None:
    harness = Harness(tmp_path)
    assert snap_compare(_coded_app(harness), terminal_size=SIZE, run_before=_settle, press=["ctrl+k", "down"])


def test_delete_used_code_asks(snap_compare, tmp_path) -> None:
    """Deleting a code in use says what it is used by before anything changes."""
    harness = Harness(tmp_path)
    assert snap_compare(_coded_app(harness), terminal_size=SIZE, run_before=_settle, press=["ctrl+k", "d"])


def test_search_screen(snap_compare, tmp_path) -> None:
    harness = Harness(tmp_path)
    app = _coded_app(harness, index_texts=True)

    async def searched(pilot) -> None:
        await _settle(pilot)
        await pilot.app.workers.wait_for_complete()  # the texts are indexed for search
        await pilot.press("ctrl+f", *"sexual violence", "enter")
        await pilot.app.workers.wait_for_complete()
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=searched)
