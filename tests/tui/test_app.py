"""Pilot tests: every flow of the reader driven by keys, asserting on the store."""

from __future__ import annotations

from pathlib import Path

from corpus import open_corpus
from tui.widgets.reader import Reader
from tui.widgets.statement_list import StatementList

FIRST = "000_99bcc648238271ba.txt"
SECOND = "001_b907de60422aaedd.txt"


def burst(app, keys: list[str]) -> None:
    """Queue keys as a fast typist or a key-repeat does: all before any is handled."""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


def reader(app) -> Reader:
    return app.screen.query_one(Reader)


def test_opens_on_the_first_statement_with_the_list_focused(harness) -> None:
    async def script(app, pilot):
        assert reader(app).statement_id == FIRST
        assert reader(app).text.startswith("Kazakhstan thanks the Peruvian presidency")
        assert isinstance(app.focused, StatementList)
        assert len(app.screen.query_one(StatementList).rows) == 5

    harness.run(script)


def test_list_movement_follows_and_enter_focuses_reader(harness) -> None:
    async def script(app, pilot):
        await pilot.press("down")
        assert reader(app).statement_id == SECOND
        await pilot.press("j", "k")
        assert reader(app).statement_id == SECOND
        await pilot.press("enter")
        assert isinstance(app.focused, Reader)

    harness.run(script)
    assert {FIRST, SECOND} <= harness.reopen().read_ids()


def test_visual_selection_and_digit_creates_a_highlight(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "e", "e", "1")

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    assert h.quote == "Kazakhstan thanks the"
    assert [store.code(c).name for c in h.labels] == ["Women, peace and security"]
    assert h.coder == "tester"


def test_shift_arrows_select_and_digit_toggles_under_cursor(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", *["shift+right"] * 9, "3")  # "Kazakhstan"
        await pilot.press("left", "2")  # cursor inside the highlight: add code 2
        await pilot.press("3")  # and remove code 3

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    assert h.quote == "Kazakhstan"
    assert [store.code(c).name for c in h.labels] == ["Conflict-related sexual violence"]


def test_code_picker_applies_and_creates_codes(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "c")
        await pilot.press(*"traff", "enter")
        await pilot.press("w", "w", "v", "e", "c")
        await pilot.press(*"Gratitude", "enter")

    harness.run(script)
    store = harness.reopen()
    first, second = store.highlights(FIRST)
    assert [store.code(c).name for c in first.labels] == ["Human trafficking"]
    assert second.quote == "the"
    assert [store.code(c).name for c in second.labels] == ["Gratitude"]
    assert store.code_by_name("Gratitude").key == "9"  # the starter holds 1-8: the next free key


def test_statement_label_with_t_then_key(harness) -> None:
    async def script(app, pilot):
        await pilot.press("t", "4")
        await pilot.press("down", "t", "c", *"account", "enter")

    harness.run(script)
    store = harness.reopen()
    assert [store.code(c).name for c in store.marks(FIRST).labels] == ["Peacekeeping"]
    assert [store.code(c).name for c in store.marks(SECOND).labels] == ["Accountability and justice"]


def test_note_editor_saves_with_ctrl_s_and_cancels_with_escape(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "n")
        await pilot.press(*"memo [bold]x", "ctrl+s")
        await pilot.press("n", *" ignored", "escape")
        await pilot.press("G", "n", *"statement memo", "ctrl+s")  # no highlight at the end

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    assert h.note == "memo [bold]x"
    assert store.marks(FIRST).note == "statement memo"


def test_delete_next_previous_highlight(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "}", "v", "e", "e", "2", "g")
        await pilot.press("right_square_bracket")
        second_start = reader(app).cursor
        assert reader(app).text[second_start:].startswith("We commend")
        await pilot.press("left_square_bracket")
        assert reader(app).cursor == 0
        await pilot.press("x")

    harness.run(script)
    (left,) = harness.reopen().highlights(FIRST)
    assert left.quote == "We commend"


def test_undo_and_redo_across_statements(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1")
        await pilot.press("tab", "shift+tab", "shift+tab")  # back to the list
        assert isinstance(app.focused, StatementList)
        await pilot.press("down", "enter", "v", "e", "2")
        await pilot.press("u", "u")
        assert reader(app).statement_id == FIRST  # undo showed where it happened
        await pilot.press("ctrl+r")

    harness.run(script)
    store = harness.reopen()
    assert len(store.highlights(FIRST)) == 1
    assert store.highlights(SECOND) == []


def test_filter_by_text_code_and_state(harness) -> None:
    async def script(app, pilot):
        lst = app.screen.query_one(StatementList)
        await pilot.press("enter", "v", "e", "3", "tab", "shift+tab", "shift+tab")
        await pilot.press(*"Rakhmet")  # type-to-filter from the list
        assert [lst.statements[i].speaker for i in lst.rows] == ["Mr. Rakhmetullin"]
        app.set_filter("code:traff")
        await pilot.pause()
        assert [lst.statements[i].id for i in lst.rows] == [FIRST]
        app.set_filter("is:unread")
        await pilot.pause()
        assert FIRST not in [lst.statements[i].id for i in lst.rows]
        app.set_filter("is:uncoded")
        await pilot.pause()
        assert len(lst.rows) == 4

    harness.run(script)


def test_search_in_statement_with_next_and_previous(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "slash", *"sexual violence", "enter")
        r = reader(app)
        first = r.cursor
        assert r.text[first:first + 15].lower() == "sexual violence"
        await pilot.press("full_stop")
        assert r.cursor > first
        await pilot.press("comma")
        assert r.cursor == first
        assert len(r.hits) == r.text.lower().count("sexual violence")

    harness.run(script)


def test_export_from_the_app_says_where(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "ctrl+e")
        await pilot.pause()
        status = app.screen.query_one("#status")
        assert "Exported 1 highlight to" in status.message

    harness.run(script)
    (path,) = list(harness.export_dir.glob("*.json"))
    import json

    assert json.loads(path.read_text())["statements"][0]["highlights"][0]["quote"] == "Kazakhstan"


def test_reopens_at_last_statement_and_position(harness) -> None:
    async def script(app, pilot):
        await pilot.press("down", "down", "enter", "}", "w")
        await pilot.pause()

    harness.run(script)

    async def check(app, pilot):
        r = reader(app)
        assert r.statement_id == "002_be3da86a0c889b6d.txt"
        assert r.cursor > 0 and r.text[r.cursor - 1] == " "

    harness.run(check)


def test_hostile_text_is_shown_inert(tmp_path: Path, make_corpus) -> None:
    from tests.tui.conftest import Harness

    root = make_corpus({"evil.txt": "Mr. X (Y): Click [@click=app.quit]x[/] and \x1b[31mred\x1b[0m [bold]b[/bold]."})
    h = Harness(tmp_path, corpus=open_corpus(root))

    async def script(app, pilot):
        r = reader(app)
        assert r.text == "Click [@click=app.quit]x[/] and red [bold]b[/bold]."
        line = "".join(seg.text for seg in r.render_line(0))
        assert "[@click=app.quit]x[/]" in line and "[bold]b[/bold]" in line
        await pilot.click(Reader, offset=(12, 0))
        await pilot.pause()
        assert app.is_running

    h.run(script)


def test_mouse_drag_selects_and_click_places_cursor(harness) -> None:
    async def script(app, pilot):
        r = reader(app)
        await pilot.click(Reader, offset=(5, 0))  # gutter 3 + padding 1: column 1 of the text
        assert r.cursor == 1 and r.selection is None
        await pilot.mouse_down(Reader, offset=(4, 0))
        await pilot.hover(Reader, offset=(13, 0))
        await pilot.mouse_up(Reader, offset=(13, 0))
        assert r.selection == (0, 10)
        await pilot.press("1")

    harness.run(script)
    (h,) = harness.reopen().highlights(FIRST)
    assert h.quote == "Kazakhstan"


def test_locked_store_opens_read_only_with_a_message(harness) -> None:
    from annotations.store import AnnotationStore

    holder = AnnotationStore(harness.db)

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1")
        status = app.screen.query_one("#status")
        assert "read-only" in status.saved

    try:
        readonly = AnnotationStore(harness.db, readonly=True)
        from tui.app import MarginApp

        app = MarginApp(harness.corpus, readonly, readonly_reason="in use by another margin", store_label="x")
        import asyncio

        async def main():
            async with app.run_test(size=(140, 40)) as pilot:
                await pilot.pause()
                await script(app, pilot)

        asyncio.run(main())
        assert readonly.highlights(FIRST) == []
    finally:
        holder.close()


def test_missing_statement_file_is_a_visible_message(tmp_path: Path, make_corpus) -> None:
    from tests.tui.conftest import Harness

    root = make_corpus({"a.txt": "Mr. A (B): First.", "b.txt": "Mr. B (C): Second."})
    corpus = open_corpus(root)
    (root / "b.txt").unlink()
    h = Harness(tmp_path, corpus=corpus)

    async def script(app, pilot):
        await pilot.press("down")
        r = reader(app)
        assert r.text == "" and "Cannot read b.txt" in r.empty_message
        assert app.is_running

    h.run(script)


def test_keys_can_be_rebound_in_the_config(harness, isolated_dirs: Path) -> None:
    (isolated_dirs / "config" / "config.toml").write_text('[keys]\nundo = "ctrl+z"\n')

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "ctrl+z")

    harness.run(script)
    assert harness.reopen().highlights(FIRST) == []


def test_help_palette_wide_and_codebook_screens(harness) -> None:
    from tui.screens.codebook import CodebookScreen
    from tui.screens.help import HelpScreen

    async def script(app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "z")
        assert app.screen.has_class("hide-list") and app.screen.has_class("hide-panel")
        await pilot.press("z", "ctrl+k")
        assert isinstance(app.screen, CodebookScreen)
        await pilot.press("a", *"Climate security", "enter")
        await pilot.pause()
        await pilot.press("escape")
        app.open_statement_by_id("003_e3150ca09a2229ff.txt")
        await pilot.pause()
        assert reader(app).statement_id == "003_e3150ca09a2229ff.txt"

    harness.run(script)
    assert harness.reopen().code_by_name("Climate security") is not None


def test_palette_opens_a_statement_by_id(harness) -> None:
    async def script(app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*"003_e31")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).statement_id == "003_e3150ca09a2229ff.txt"

    harness.run(script)


def test_codebook_screen_rename_and_tag_panel_jump(harness) -> None:
    from tui.widgets.highlight_list import HighlightList

    async def script(app, pilot):
        await pilot.press("enter", "}", "v", "e", "1")  # a highlight on "We"
        await pilot.press("ctrl+k", "r", *["backspace"] * 40, *"WPS", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("g")
        highlights = app.screen.query_one("#highlights", HighlightList)
        highlights.focus()
        await pilot.press("enter")
        assert reader(app).text[reader(app).cursor:].startswith("We commend")

    harness.run(script)
    store = harness.reopen()
    assert store.code_by_key("1").name == "WPS"


def test_reader_scrolls_with_page_keys_and_the_mouse_wheel(harness) -> None:
    async def script(app, pilot):
        r = reader(app)
        await pilot.press("enter", "pagedown", "pagedown")
        assert r.top > 0
        row = r.text_layout.row_of(r.cursor)
        assert r.top <= row < r.top + r.size.height  # the cursor stays on screen
        top = r.top
        await pilot.scroll_up(Reader) if hasattr(pilot, "scroll_up") else None
        r.on_mouse_scroll_up(None)
        assert r.top < top
        await pilot.press("G")
        assert r.cursor == len(r.text) - 1

    harness.run(script)


def test_a_new_corpus_is_listed_first_and_read_in_the_background(tmp_path: Path, make_corpus) -> None:
    from tests.tui.conftest import Harness

    root = make_corpus({f"s{i:02d}.txt": f"Mr. Speaker{i} (Country{i}): Statement {i}." for i in range(12)})
    corpus = open_corpus(root, refresh=False, defer_reading=True)
    assert corpus.pending == 12
    h = Harness(tmp_path, corpus=corpus)

    async def script(app, pilot):
        lst = app.screen.query_one(StatementList)
        for _ in range(100):
            if not app.corpus.pending and lst.statements[0].speaker:
                break
            await pilot.pause(0.05)
        assert [s.speaker for s in lst.statements[:2]] == ["Mr. Speaker0", "Mr. Speaker1"]
        assert reader(app).text == "Statement 0."

    h.run(script)


def test_keys_typed_fast_after_enter_go_to_the_reader(harness) -> None:
    """Enter then "v e 1" in one burst: focus must move before the next key is read."""

    async def script(app, pilot):
        burst(app, ["j", "enter", "v", "e", "1"])
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.focused, Reader)

    harness.run(script)
    (h,) = harness.reopen().highlights(SECOND)
    assert h.quote == "Kazakhstan"


def test_typing_fast_in_the_list_fills_the_filter(harness) -> None:
    async def script(app, pilot):
        burst(app, list("Rakhmetullin"))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "Rakhmetullin"

    harness.run(script)


def test_statements_drawn_ahead_look_exactly_as_when_opened_fresh(harness) -> None:
    """Between key presses the reader draws the list's neighbours off screen; moving
    onto one must show what opening it from scratch shows (highlights included)."""
    from textual.geometry import Region

    from tui.screens.read_ahead import PREPARE_AFTER

    def lines(r: Reader) -> list[list[tuple[str, object]]]:
        strips = r.render_lines(Region(0, 0, r.outer_size.width, r.outer_size.height))
        return [[(segment.text, segment.style) for segment in strip] for strip in strips]

    seen = {}

    async def script(app, pilot):
        r = reader(app)
        await pilot.press("down", "enter", "v", "e", "e", "2")  # a highlight on the second statement
        await pilot.press("shift+tab", "up")  # back to the list, on the first
        await pilot.pause(PREPARE_AFTER + 0.2)  # its neighbours are drawn ahead
        assert r._cache, "nothing was drawn ahead"
        await pilot.press("down")
        await pilot.pause()
        seen["ahead"] = lines(r)
        r._cache.clear()
        r._lines.clear()
        seen["fresh"] = lines(r)

    harness.run(script)
    assert seen["ahead"] == seen["fresh"]
    assert any(segment for line in seen["fresh"] for segment in line if segment[0].strip()), "blank reader"
