"""Keys and pastes queued before a priority save/submit key: a modal saves exactly
what was typed before it, however fast (issue 10, item 1)."""

from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from tests.tui.conftest import SIZE, Harness, settle
from tests.tui.conftest import queue_input as queue

FIRST = "000_99bcc648238271ba.txt"


def test_paste_then_ctrl_s_in_one_step_saves_the_paste(harness) -> None:
    async def script(app, pilot):
        await pilot.press("n")  # the statement's note (no highlight under the cursor)
        queue(app, events.Paste("pasted memo"), "ctrl+s")
        await settle(pilot)

    harness.run(script)
    assert harness.reopen().marks(FIRST).note == "pasted memo"


def test_typing_then_ctrl_s_in_one_step_saves_what_was_typed(harness) -> None:
    async def script(app, pilot):
        await pilot.press("n")
        queue(app, *"typed memo", "ctrl+s")
        await settle(pilot)

    harness.run(script)
    assert harness.reopen().marks(FIRST).note == "typed memo"


# Printable ASCII without control characters: every character is one key press.
NOTE_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=40)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NOTE_TEXT, cuts=st.lists(st.integers(min_value=0, max_value=40), max_size=5),
       pastes=st.lists(st.booleans(), min_size=6, max_size=6), pauses=st.lists(st.booleans(), min_size=6, max_size=6))
def test_random_key_timing_saves_exactly_what_was_typed(tmp_path_factory, text, cuts, pastes, pauses) -> None:
    """Random text split at random places into typed keys and pastes, with or without a
    pause between the pieces, ``ctrl+s`` queued right after the last: the saved note
    is the text."""
    points = sorted({min(c, len(text)) for c in cuts} | {0, len(text)})
    pieces = [text[a:b] for a, b in zip(points, points[1:]) if b > a]
    harness = Harness(tmp_path_factory.mktemp("timing"))

    async def main() -> None:
        app = harness.make_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.pause()
            await pilot.press("n")
            for i, piece in enumerate(pieces):
                if pastes[i % len(pastes)]:
                    queue(app, events.Paste(piece))
                else:
                    queue(app, *piece)
                if pauses[i % len(pauses)] and i < len(pieces) - 1:
                    await pilot.pause()
            queue(app, "ctrl+s")
            await settle(pilot)

    try:
        asyncio.run(main())
    finally:
        assert harness.store is not None
        harness.store.close()
    assert harness.reopen().marks(FIRST).note == text


def _picked_with(harness: Harness, fast: bool) -> list[str]:
    """Code the first word with ``c``, "peace", down (the second match), enter."""

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "c")
        if fast:
            queue(app, *"peace", "down", "enter")
            await settle(pilot)
        else:
            await pilot.press(*"peace")
            await pilot.press("down")
            await pilot.press("enter")

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    names = [store.code(c).name for c in h.labels]
    store.close()
    return names


def test_code_picker_moves_in_the_list_filtered_by_the_keys_before(tmp_path) -> None:
    slow = _picked_with(Harness(tmp_path / "slow"), fast=False)
    fast = _picked_with(Harness(tmp_path / "fast"), fast=True)
    assert slow in (["Peacekeeping"], ["Women, peace and security"])
    assert fast == slow


def test_a_pasted_note_keeps_its_words_and_loses_escape_sequences(harness) -> None:
    """A paste from a terminal can carry escape sequences: the note keeps the words in
    order and none of the sequences or control characters (issue 11 item 9)."""
    pasted = "note \x1b]0;NOTEPWN\x07 and \x1b[41mred\x1b[0m \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ end\x00\u202e\n2nd line"

    async def script(app, pilot):
        await pilot.press("n")
        queue(app, events.Paste(pasted), "ctrl+s")
        await settle(pilot)

    harness.run(script)
    assert harness.reopen().marks(FIRST).note == "note  and red link end\n2nd line"


def test_letters_typed_fast_after_c_go_to_the_code_picker_not_the_list_filter(harness) -> None:
    """"c" opens the code picker; "chin" typed at once must put "hin" in the picker (what
    the user is typing into), never in the list's filter behind it (issue 12, tester)."""
    from textual.widgets import Input

    from tui.screens.code_picker import CodePicker

    seen: dict[str, object] = {}

    async def script(app, pilot):
        await pilot.press("enter")  # the reader: c applies a code to a selection there
        await pilot.press("v", "e")
        queue(app, "c", "h", "u", "m")
        await settle(pilot)
        seen["screen"] = type(app.screen).__name__
        if isinstance(app.screen, CodePicker):
            seen["picker"] = app.screen.query_one(Input).value
        queue(app, "enter")  # picks the first match of "hum": Human trafficking
        await settle(pilot)
        seen["filter"] = app.screen.query_one("#filter", Input).value

    harness.run(script)
    assert seen["screen"] == "CodePicker" and seen["picker"] == "hum", seen
    assert seen["filter"] == "", seen
    (highlight,) = harness.reopen().highlights(FIRST)
    assert [c.name for c in harness.reopen().codes() if c.id in highlight.labels] == ["Human trafficking"]


def test_a_note_typed_at_once_after_n_is_the_note(harness) -> None:
    """"n" then the note and ctrl+s in one burst: every letter is in the note (none lands
    in the list filter or runs a binding while the editor is opening)."""

    async def script(app, pilot):
        await pilot.press("enter")  # the reader, on the first statement
        queue(app, "n", *"quick unseen memo", "ctrl+s")
        await settle(pilot)

    harness.run(script)
    assert harness.reopen().marks(FIRST).note == "quick unseen memo"
