"""Keys typed into the list filter never run commands, however fast they come."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.tui.conftest import Harness, queue_input


def _store_state(store) -> tuple:
    return (
        sorted((h.statement, h.start, h.end, h.labels) for sid in store.statement_ids() for h in store.highlights(sid)),
        sorted((sid, store.marks(sid).labels, store.marks(sid).note) for sid in store.statement_ids()),
        [c.name for c in store.codes()],
    )


def _typed(tmp: Path, keys: list[str], first: str = "") -> tuple[str, tuple, tuple, bool]:
    """Type ``keys`` in one burst on a fresh app with one highlight, after the filter
    ``first`` was typed and entered (the list then has focus); (filter, store before, after, running)."""
    harness = Harness(tmp)
    seen: dict = {}

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "1", "shift+tab")  # a highlight, so u or x would change the store
        if first:
            await pilot.press("slash", *first, "enter")
            assert type(app.focused).__name__ == "StatementList"
        seen["before"] = _store_state(app.store)
        queue_input(app, *keys)
        for _ in range(4):
            await pilot.pause()
        seen["filter"] = app.screen.query_one("#filter").value
        seen["after"] = _store_state(app.store)
        seen["main"] = type(app.screen).__name__ == "MainScreen" and app.is_running

    harness.run(script)
    return seen["filter"], seen["before"], seen["after"], seen["main"]


def test_ctrl_typed_after_slash_is_the_filter_text(tmp_path: Path) -> None:
    text, before, after, main = _typed(tmp_path, ["slash", "c", "t", "r", "l"])
    assert text == "ctrl" and after == before and main


def test_bound_letters_after_a_first_free_letter_are_the_filter_text(tmp_path: Path) -> None:
    text, before, after, main = _typed(tmp_path, list("Rtcux1q"))
    assert text == "Rtcux1q" and after == before and main


def test_ctrl_typed_in_the_list_while_it_is_filtered_extends_the_filter(tmp_path: Path) -> None:
    """The filter has started ("Kaz" entered): c must not pick a code nor t label the statement."""
    text, before, after, main = _typed(tmp_path, ["c", "t", "r", "l"], first="Kaz")
    assert text == "Kazctrl" and after == before and main


def _not_list_keys() -> str:
    """Letters and digits that are not the list's own keys (those still move in a filtered list)."""
    from tui.keys import LIST_BINDINGS

    own = {k.strip() for b in LIST_BINDINGS for k in b.key.split(",")}
    return "".join(c for c in string.ascii_letters + string.digits if c not in own)


@given(st.text(alphabet=_not_list_keys(), min_size=1, max_size=10))
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_keys_typed_in_a_filtered_list_extend_the_filter(letters: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text, before, after, main = _typed(Path(tmp), list(letters), first="a")
    assert text == "a" + letters and after == before and main


def test_the_list_keys_still_move_in_a_filtered_list_and_escape_clears_it(harness) -> None:
    async def script(app, pilot):
        await pilot.press("slash", *"Kazakhstan", "enter")
        lst = app.focused
        assert lst.cursor == 0 and len(lst.rows) == 5
        await pilot.press("j", "j")
        assert lst.cursor == 2 and app.screen.query_one("#filter").value == "Kazakhstan"
        await pilot.press("escape")
        assert app.screen.query_one("#filter").value == "" and app.focused is lst
        await pilot.press("t")  # an unfiltered list: t is a command again
        assert "label the whole statement" in app.screen.query_one("#status").message

    harness.run(script)


@given(st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_letters_typed_fast_end_up_in_the_filter(letters: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text, before, after, main = _typed(Path(tmp), ["slash", *letters])
    assert text == letters and after == before and main


# --- Backspace deletes one character; "/" typed in the list focuses the box -----------------


def _queued_to_the_list(app, keys: list[str]) -> None:
    """Keys the app forwarded to the list before it handled the first (a fast typist on a
    busy app): they reach the list even after the first moved the focus to the box."""
    from textual import events

    lst = app.focused
    for key in keys:
        event = events.Key(key, {"slash": "/"}.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        event._set_forwarded()
        lst.post_message(event)


def _filter_after(tmp: Path, keys: list[str], fast: bool, then: tuple[str, ...] = (), queued: bool = False) -> tuple[str, str, str]:
    """Type ``keys`` with the list focused (one by one, or in one burst), then the keys
    ``then`` one by one; (filter, focused, status)."""
    seen: dict = {}

    async def script(app, pilot):
        assert type(app.focused).__name__ == "StatementList"
        if queued:
            _queued_to_the_list(app, keys)
            for _ in range(4):
                await pilot.pause()
        elif fast:
            queue_input(app, *keys)
            for _ in range(4):
                await pilot.pause()
        else:
            await pilot.press(*keys)
        await pilot.press(*then)
        seen["filter"] = app.screen.query_one("#filter").value
        seen["focused"] = app.focused.id
        seen["status"] = str(app.screen.query_one("#status").render())

    Harness(tmp).run(script)
    return seen["filter"], seen["focused"], seen["status"]


def test_backspace_after_typing_from_the_list_deletes_one_character(tmp_path: Path) -> None:
    assert _filter_after(tmp_path, [*"mrxyz", "backspace"], fast=False)[:2] == ("mrxy", "filter")


def test_backspace_after_a_burst_typed_from_the_list_deletes_one_character(tmp_path: Path) -> None:
    assert _filter_after(tmp_path, list("mrxyz"), fast=True, then=("backspace",))[:2] == ("mrxy", "filter")


def test_backspace_in_a_filtered_list_deletes_one_character_and_slash_focuses_the_box(tmp_path: Path) -> None:
    """The filter entered, the list has focus: backspace shortens the filter, the list keeps
    the focus, and "/" then moves to the box without typing a "/"."""
    assert _filter_after(tmp_path / "a", ["slash", *"mrxyz", "enter", "backspace"], fast=False)[:2] == ("mrxy", "list")
    assert _filter_after(tmp_path / "b", ["slash", *"mrxyz", "enter", "backspace", "slash"], fast=False)[:2] == ("mrxy", "filter")


def test_slash_typed_in_the_list_is_never_filter_text(tmp_path: Path) -> None:
    """A "/" sent to the list focuses the box, even when the letter before it already
    moved the focus there (typed fast)."""
    assert _filter_after(tmp_path, ["m", "r", "slash", "x"], fast=True, queued=True)[:2] == ("mrx", "filter")


def test_an_unknown_state_in_the_list_filter_is_said_on_the_status_line(tmp_path: Path) -> None:
    text, _, status = _filter_after(tmp_path / "a", ["slash", *"is:foo"], fast=False)
    assert text == "is:foo"
    assert status.endswith("is: coded, uncoded, read or unread.")
    _, _, status = _filter_after(tmp_path / "b", ["slash", *"is:unread"], fast=False)
    assert "is: coded" not in status and status.endswith("4 of 5 statements")  # the first one is open
