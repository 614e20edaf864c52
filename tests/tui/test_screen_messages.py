"""The app tells the main screen what happened through messages (tui/messages.py),
and the main screen's workers report the same way: each test watches the messages
handled (Pilot's ``message_hook``) and checks what the screen then shows."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from tests.tui.conftest import settle
from tui import messages
from tui.widgets.reader import Reader
from tui.widgets.statement_list import StatementList
from tui.widgets.status_bar import StatusBar

FIRST = "000_99bcc648238271ba.txt"
SECOND = "001_b907de60422aaedd.txt"
THIRD = "002_be3da86a0c889b6d.txt"


def _status(app) -> str:
    return app.main.query_one(StatusBar).message


def _handled(seen: list[Message], kind: type[Message]) -> list:
    return [m for m in seen if isinstance(m, kind)]


def test_undo_on_the_main_screen_is_told_to_it_and_said(harness) -> None:
    seen: list[Message] = []

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1")
        assert len(harness.store.highlights(FIRST)) == 1
        await pilot.press("u")
        await pilot.pause()
        (stepped,) = _handled(seen, messages.HistoryStepped)
        assert stepped.verb == "Undid" and stepped.change is not None
        assert stepped.change.statements() == {FIRST}
        assert _status(app) == stepped.sentence and _status(app).startswith("Undid: ")
        assert app.screen.query_one(Reader).spans == []  # redrawn from the store
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [m.verb for m in _handled(seen, messages.HistoryStepped)] == ["Undid", "Redid"]
        assert _status(app).startswith("Redid: ")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert _handled(seen, messages.HistoryStepped)[-1].change is None
        assert _status(app) == "Nothing to redo."

    harness.run(script, message_hook=seen.append)
    assert len(harness.reopen().highlights(FIRST)) == 1


def test_undo_from_another_statement_opens_the_one_it_changed(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "shift+tab")
        assert isinstance(app.focused, StatementList)
        await pilot.press("down", "down")
        assert app.screen.query_one(Reader).statement_id == THIRD
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one(Reader).statement_id == FIRST
        assert app.screen.query_one(StatementList).current.id == FIRST

    harness.run(script)
    assert harness.reopen().highlights(FIRST) == []


def test_export_from_the_palette_is_said_on_the_main_screen(harness) -> None:
    seen: list[Message] = []

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "2")
        await pilot.press("ctrl+p", *"Export annotations")
        await settle(pilot)  # the palette gathers its matches in a worker
        await pilot.press("enter")
        await pilot.pause()
        notices = [m for m in _handled(seen, messages.Notice) if m.text.startswith("Exported")]
        assert len(notices) == 1 and not notices[0].error
        assert _status(app) == notices[0].text == f"Exported 1 highlight to {_shown_path(harness.export_dir)}"

    harness.run(script, message_hook=seen.append)
    assert len(list(harness.export_dir.glob("*.json"))) == 1


def _shown_path(folder: Path) -> str:
    from tui.widgets.status_bar import home_relative

    (written,) = folder.glob("*.json")
    return home_relative(str(written))


def test_a_failed_export_is_said_as_an_error(harness, tmp_path: Path) -> None:
    target = harness.corpus.root / "inside.json"  # never written inside the corpus (invariant 5)
    seen: list[Message] = []

    async def script(app, pilot):
        app.action_export(str(target))
        await pilot.pause()
        (notice,) = _handled(seen, messages.Notice)
        assert notice.error and notice.text.startswith("Export failed")
        assert "Export failed" in str(app.main.query_one(StatusBar).render())

    harness.run(script, message_hook=seen.append)
    assert not target.exists()


def test_undo_in_a_read_only_store_says_so_and_changes_nothing(harness) -> None:
    seen: list[Message] = []

    async def script(app, pilot):
        await pilot.press("u")
        await pilot.pause()
        assert [m.text for m in _handled(seen, messages.Notice)] == ["The store is read-only."]
        assert _handled(seen, messages.HistoryStepped) == []
        assert _status(app) == "The store is read-only."

    harness.run(script, message_hook=seen.append, readonly_reason="locked by another margin")


def test_the_palette_opens_a_statement_the_filter_hides(harness) -> None:
    seen: list[Message] = []

    async def script(app, pilot):
        lst = app.screen.query_one(StatementList)
        await pilot.press(*"Rakhmet")
        await pilot.pause()
        assert [lst.statements[i].id for i in lst.rows] != [] and SECOND not in [lst.statements[i].id for i in lst.rows]
        app.open_statement_by_id(SECOND)
        await pilot.pause()
        (opened,) = _handled(seen, messages.OpenStatement)
        assert opened.statement_id == SECOND and opened.clear_filter
        assert app.screen.query_one("#filter").value == ""
        assert len(lst.rows) == len(harness.corpus)
        assert app.screen.query_one(Reader).statement_id == SECOND
        assert isinstance(app.focused, Reader)

    harness.run(script, message_hook=seen.append)


def test_workers_report_by_message_and_the_app_learns_search_is_ready(harness) -> None:
    seen: list[Message] = []

    async def script(app, pilot):
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        (first,) = _handled(seen, messages.FirstStatementRead)
        assert first.statement_id == FIRST
        assert app.screen.query_one(Reader).statement_id == FIRST
        ready = _handled(seen, messages.SearchReady)
        assert ready and app.search_ready
        # The summary was built in the background and installed: the list has its counts.
        assert _handled(seen, messages.SummaryBuilt) and harness.store.summary_ready

    harness.run(script, message_hook=seen.append, index_texts=True)


def test_a_newer_progress_count_replaces_one_still_queued() -> None:
    older = messages.WorkProgress("indexing texts for search", 100, 1000)
    assert older.can_replace(messages.WorkProgress("indexing texts for search", 200, 1000))
    assert not older.can_replace(messages.WorkProgress("reading statements", 200, 1000))
    assert not older.can_replace(messages.Notice("indexing texts for search 200/1000"))
    assert messages.WorkProgress("reading statements", 1000, 106000).sentence == "reading statements 1,000/106,000"


def test_undo_rebound_to_ctrl_z_is_the_same_message(harness, isolated_dirs: Path) -> None:
    (isolated_dirs / "config" / "config.toml").write_text('[keys]\nundo = "ctrl+z"\n')
    seen: list[Message] = []

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "u")  # u no longer undoes
        await pilot.pause()
        assert _handled(seen, messages.HistoryStepped) == []
        await pilot.press("ctrl+z")
        await pilot.pause()
        (stepped,) = _handled(seen, messages.HistoryStepped)
        assert stepped.verb == "Undid" and _status(app) == stepped.sentence

    harness.run(script, message_hook=seen.append)
    assert harness.reopen().highlights(FIRST) == []


def test_undo_in_the_codebook_says_what_it_undid_there(harness) -> None:
    """u in the codebook screen: its own message line says what was undone (it kept
    saying "Saved." from the change before)."""
    seen: dict[str, str] = {}

    def message_line(app) -> str:  # noqa: ANN001
        return str(app.screen.query_one("#codebook-message").render())

    async def script(app, pilot):
        await pilot.press("ctrl+k", "r", *["backspace"] * 40, *"WPS", "enter")
        await settle(pilot)
        seen["after rename"] = message_line(app)
        await pilot.press("u")
        await settle(pilot)
        seen["after undo"] = message_line(app)
        await pilot.press("u", "u", "u", "u", "u", "u", "u", "u", "u", "u")
        await settle(pilot)
        seen["nothing left"] = message_line(app)

    harness.run(script)
    assert seen["after rename"] == "Saved."
    assert seen["after undo"] == "Undid: change name of Women, peace and security", seen
    assert seen["nothing left"] == "Nothing to undo."
