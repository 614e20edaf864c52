"""Pilot tests of store behaviour seen from the app: deleting a used code, coding a span twice."""

from __future__ import annotations

from annotations.store import open_store

FIRST = "000_99bcc648238271ba.txt"
SECOND = "001_b907de60422aaedd.txt"


def test_deleting_a_used_code_asks_first_and_u_restores_everything(harness) -> None:
    from tui.screens.codebook import CodebookScreen
    from tui.screens.dialogs import ConfirmScreen

    harness.make_app().store.close()  # the starter codebook, as the app has it
    with open_store(harness.corpus.root, harness.db) as store:
        wps, crsv = store.code_by_key("1"), store.code_by_key("2")
        only = store.add_highlight(harness.corpus.text(FIRST), 0, 10, [wps.id])
        noted = store.add_highlight(harness.corpus.text(FIRST), 11, 17, [wps.id], note="why")
        shared = store.add_highlight(harness.corpus.text(SECOND), 0, 5, [wps.id, crsv.id])
        store.toggle_statement_label(SECOND, wps.id)

    async def script(app, pilot):
        await pilot.press("ctrl+k")
        assert isinstance(app.screen, CodebookScreen)
        assert app.screen.current_id() == wps.id
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "used by 3 highlights in 2 statements and as a label of 1 statement" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        store = app.store
        assert store.code(wps.id) is None
        assert store.highlight(FIRST, only.id) is None  # no code and no note left
        assert store.highlight(FIRST, noted.id).labels == ()
        assert store.highlight(SECOND, shared.id).labels == (crsv.id,)
        assert store.marks(SECOND).labels == ()
        await pilot.press("u")
        await pilot.pause()
        assert store.code(wps.id) == wps
        assert [h.id for h in store.highlights(FIRST)] == [only.id, noted.id]
        assert store.highlight(FIRST, noted.id).labels == (wps.id,)
        assert store.highlight(SECOND, shared.id).labels == (wps.id, crsv.id)
        assert store.marks(SECOND).labels == (wps.id,)
        assert isinstance(app.screen, CodebookScreen)
        assert app.screen.current_id() == wps.id  # the list shows it again
        await pilot.press("ctrl+r")  # and redo deletes it again, from the same screen
        await pilot.pause()
        assert store.code(wps.id) is None and store.highlight(FIRST, only.id) is None
        assert isinstance(app.screen, CodebookScreen)
        options = app.screen.query_one("OptionList")
        assert wps.id not in [options.get_option_at_index(i).id for i in range(options.option_count)]

    harness.run(script)


def test_declining_the_delete_changes_nothing(harness) -> None:
    harness.make_app().store.close()
    with open_store(harness.corpus.root, harness.db) as store:
        wps = store.code_by_key("1")
        store.add_highlight(harness.corpus.text(FIRST), 0, 10, [wps.id])

    async def script(app, pilot):
        await pilot.press("ctrl+k", "d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.store.code(wps.id) == wps and len(app.store.highlights(FIRST)) == 1

    harness.run(script)


def test_coding_the_same_span_twice_makes_one_highlight_with_both_codes(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", *["shift+right"] * 9, "1")  # "Kazakhstan"
        await pilot.press("g", *["shift+right"] * 9, "2")  # the same span again
        await pilot.pause()

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    assert h.quote == "Kazakhstan"
    assert [store.code(c).name for c in h.labels] == ["Women, peace and security", "Conflict-related sexual violence"]
