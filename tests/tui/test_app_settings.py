"""Pilot tests of the app's settings and start-up (config.toml, theme, starter codebook,
status line, reopening) and of its dialogs and small screens."""

from __future__ import annotations

from pathlib import Path

from corpus import open_corpus
from tui.widgets.reader import Reader
from tui.widgets.statement_list import StatementList

FIRST = "000_99bcc648238271ba.txt"
SECOND = "001_b907de60422aaedd.txt"


def reader(app) -> Reader:
    return app.screen.query_one(Reader)


def _toasts(app) -> list[str]:
    return [toast.render().plain for toast in app.screen.query("Toast")]  # what the user sees


def _run_with_toasts(harness, script) -> None:
    harness.run(script, notifications=True)


def test_a_broken_config_is_a_visible_message_and_the_rest_applies(harness, isolated_dirs: Path) -> None:
    path = isolated_dirs / "config" / "config.toml"
    path.write_text('keys = "x"\n')

    async def script(app, pilot):
        assert app.is_running
        (shown,) = _toasts(app)
        assert str(path) in shown and "line 1" in shown and "keys" in shown

    _run_with_toasts(harness, script)
    path.write_text('[keys]\nundo = "ctrl+z"\nno-such-binding = "y"\n')

    async def script2(app, pilot):
        (shown,) = _toasts(app)
        assert "line 3" in shown and "no-such-binding" in shown
        await pilot.press("enter", "v", "e", "1", "ctrl+z")  # the valid binding still applies

    _run_with_toasts(harness, script2)
    assert harness.reopen().highlights(FIRST) == []


def _list_rows(app) -> list[list[tuple[str, object]]]:
    lst = app.screen.query_one(StatementList)
    return [[(seg.text, seg.style) for seg in lst.render_line(y)] for y in range(5)]


def test_theme_toggle_redraws_the_list_and_is_remembered(harness) -> None:
    seen: dict[str, object] = {}

    async def toggle(app, pilot):
        assert app.current_theme.dark
        before = _list_rows(app)
        app.toggle_dark()
        await pilot.pause()
        await pilot.pause()
        seen["theme"] = app.theme
        seen["rows"] = _list_rows(app)
        assert seen["rows"] != before  # redrawn in the new colours, not the cached old ones

    harness.run(toggle)

    async def fresh(app, pilot):
        app.screen.query_one(StatementList).focus()  # reopened in the reader; compare like with like
        await pilot.pause()
        assert app.theme == seen["theme"] and not app.current_theme.dark
        assert _list_rows(app) == seen["rows"]

    harness.run(fresh)


def test_starter_codebook_message_says_which_codes_got_no_key(tmp_path: Path) -> None:
    from annotations.store import open_store
    from tests.tui.conftest import Harness

    h = Harness(tmp_path, starter=False)
    with open_store(h.corpus.root, h.db, coder="tester") as store:
        store.add_code("Mine", key="1")
        store.add_code("Other", key="3")

    async def script(app, pilot):
        await pilot.press("y")
        message = app.screen.query_one("#status").message
        assert "keys 1-8" not in message
        assert "2, 4-8" in message
        assert "Women, peace and security" in message and "Mine" in message
        assert "Human trafficking" in message and "Other" in message

    h.run(script, offer_starter=True)


def test_reopen_keeps_the_current_statement_in_view_with_context(tmp_path: Path, make_corpus) -> None:
    from annotations.store import open_store
    from tests.tui.conftest import Harness

    root = make_corpus({f"s{i:03}.txt": f"Mr. A{i} (B): Text {i}." for i in range(80)})
    for target, top_is_zero in (("s040.txt", False), ("s003.txt", True)):
        h = Harness(tmp_path, corpus=open_corpus(root))
        with open_store(h.corpus.root, h.db, coder="tester") as store:
            store.save_state({"statement": target, "cursor": 0})

        async def script(app, pilot, target=target, top_is_zero=top_is_zero):
            lst = app.screen.query_one(StatementList)
            assert lst.current.id == target
            assert lst.top <= lst.cursor - 3, "rows before the current one are shown"
            assert lst.cursor + 3 < lst.top + lst.page_height, "and rows after it"
            assert (lst.top == 0) == top_is_zero

        h.run(script)


def test_reopen_on_the_sample_shows_every_statement(harness) -> None:
    from annotations.store import open_store

    with open_store(harness.corpus.root, harness.db, coder="tester") as store:
        store.save_state({"statement": "004_536520bf6ba75ce8.txt", "cursor": 0})

    async def script(app, pilot):
        lst = app.screen.query_one(StatementList)
        assert lst.cursor == 4 and lst.top == 0

    harness.run(script)


def test_status_line_shows_the_store_with_tilde_and_never_cuts_a_message_for_it(tmp_path: Path, monkeypatch) -> None:
    import asyncio

    from tests.tui.conftest import Harness
    from tui.app import MarginApp
    from tui.widgets.status_bar import StatusBar

    monkeypatch.setenv("HOME", str(tmp_path))
    h = Harness(tmp_path)
    h.db = tmp_path / ".local" / "share" / "margin" / "stores" / ("a-long-corpus-folder-name-" * 2 + "0123456789ab")
    message = "Starter codebook loaded (8 codes added): keys 2, 4-8 apply its codes; 2 codes got no key: Peacekeeping"
    seen: dict[int, str] = {}

    async def main() -> None:
        for width in (160, 100):
            store = h.make_app().store
            app = MarginApp(h.corpus, store, export_dir=h.export_dir)
            async with app.run_test(size=(width, 30)) as pilot:
                await pilot.pause()
                status = app.screen.query_one(StatusBar)
                status.say("")
                await pilot.pause()
                seen.setdefault(0, "".join(seg.text for seg in status.render_line(0)))
                _ = "".join(seg.text for seg in status.render_line(0))
                status.say(message)
                await pilot.pause()
                seen[width] = "".join(seg.text for seg in status.render_line(0))
            store.close()

    asyncio.run(main())
    assert "~/.local/share/margin/stores/" in seen[0] and str(tmp_path) not in seen[0]
    assert message in seen[160]
    assert message[:50] in seen[100] and "store" not in seen[100]  # the store gave way first


def test_theme_in_config_is_the_start_theme_and_a_wrong_one_is_named(harness, isolated_dirs: Path) -> None:
    path = isolated_dirs / "config" / "config.toml"
    path.write_text('theme = "textual-light"\n')

    async def light(app, pilot):
        assert app.theme == "textual-light"
        app.toggle_dark()  # remembered, but config.toml still wins at the next start
        await pilot.pause()
        assert "config.toml sets textual-light" in app.screen.query_one("#status").message

    harness.run(light)
    harness.run(light)
    path.write_text('theme = "no-such-theme"\n')

    async def wrong(app, pilot):
        (shown,) = _toasts(app)
        assert "line 1" in shown and "theme" in shown and "no-such-theme" not in app.theme

    _run_with_toasts(harness, wrong)


def test_answering_no_to_the_starter_codebook_is_remembered(tmp_path) -> None:
    from tests.tui.conftest import Harness

    harness = Harness(tmp_path, starter=False)

    async def script(app, pilot):
        await pilot.press("n")
        await pilot.pause()

    app = harness.run(script, offer_starter=True)
    assert not app.store.codes()
    assert harness.reopen().starter_declined()


def test_app_export_into_the_corpus_is_refused_with_a_message(harness) -> None:
    from tui.widgets.status_bar import StatusBar

    target = harness.corpus.root / "export.json"  # the bundled sample's folder
    seen: list[str] = []

    async def script(app, pilot):
        app.action_export(str(target))
        await pilot.pause()
        seen.append(str(app.screen.query_one(StatusBar).render()))

    harness.run(script)
    assert not target.exists()
    assert "inside" in seen[0] and "Export failed" in seen[0]


def test_a_keys_line_before_the_keys_table_keeps_the_table_and_names_each_bad_line(harness, isolated_dirs: Path) -> None:
    path = isolated_dirs / "config" / "config.toml"
    path.write_text('keys = "x"\n\n[keys]\nundo = "ctrl+z"\nfrobnicate = "y"\n')

    async def script(app, pilot):
        (shown,) = _toasts(app)
        assert str(path) in shown and "line 1" in shown and "line 5" in shown and "frobnicate" in shown
        await pilot.press("enter", "v", "e", "1", "ctrl+z")  # the table's valid binding applies

    _run_with_toasts(harness, script)
    assert harness.reopen().highlights(FIRST) == []


def test_two_bindings_on_one_key_are_named_and_both_keep_their_defaults(harness, isolated_dirs: Path) -> None:
    path = isolated_dirs / "config" / "config.toml"
    path.write_text('[keys]\nundo = "ctrl+z"\nquit = "ctrl+z"\n')

    async def script(app, pilot):
        (shown,) = _toasts(app)
        assert "line 3" in shown and "keys.undo" in shown and "keys.quit" in shown and "ctrl+z" in shown
        await pilot.press("enter", "v", "e", "1", "ctrl+z")
        assert app.is_running  # ctrl+z neither quits ...
        await pilot.press("u")  # ... nor is undo: u still is

    _run_with_toasts(harness, script)
    assert harness.reopen().highlights(FIRST) == []


def test_a_long_prompt_title_wraps_instead_of_being_cut(harness) -> None:
    from tui.screens.dialogs import PromptScreen

    title = "New colour for “Women, peace and security” (#rrggbb or a CSS name like blue)"
    shown: list[str] = []

    async def script(app, pilot):
        app.push_screen(PromptScreen(title))
        await pilot.pause()
        await pilot.pause()
        shown.append(" ".join(app.export_screenshot().split()))

    harness.run(script, size=(80, 24), index_texts=False)
    assert "like" in shown[0] and "blue)" in shown[0]


def test_code_picker_finds_a_code_by_its_initials(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "c")
        await pilot.press(*"wps", "enter")

    harness.run(script)
    store = harness.reopen()
    (first,) = store.highlights(FIRST)
    assert [store.code(c).name for c in first.labels] == ["Women, peace and security"]


def test_one_page_key_turns_a_page_and_the_cursor_keeps_its_screen_line(harness) -> None:
    seen: list[tuple[int, int]] = []

    async def script(app, pilot):
        r = reader(app)
        await pilot.press("enter", "j", "j")
        before = (r.top, r.text_layout.row_of(r.cursor) - r.top)
        await pilot.press("pagedown")
        seen.append(before)
        seen.append((r.top, r.text_layout.row_of(r.cursor) - r.top))
        await pilot.press("pageup")
        seen.append((r.top, r.text_layout.row_of(r.cursor) - r.top))
        seen.append((r.size.height,))

    harness.run(script)
    (top0, line0), (top1, line1), (top2, line2), (height,) = seen
    assert top1 == top0 + height - 1  # the first press already scrolls a page
    assert line1 == line0 and (top2, line2) == (top0, line0)


def test_below_72_columns_the_tag_panel_steps_aside_and_f3_brings_it_back(harness) -> None:
    from tui.widgets.tag_panel import TagPanel

    seen: list[bool] = []

    async def script(app, pilot):
        panel = app.screen.query_one(TagPanel)
        seen.append(panel.display)
        await pilot.press("f3")
        await pilot.pause()
        seen.append(panel.display)
        await pilot.resize_terminal(140, 40)
        await pilot.pause()
        await pilot.pause()
        seen.append(panel.display)

    harness.run(script, size=(60, 20), index_texts=False)
    assert seen == [False, True, True]
