"""A statement the reader drew ahead of time (``Reader.prepare``, between key presses)
looks exactly as the same statement opened from scratch: what reaches the screen is
compared, never the reader's caches."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.geometry import Region

from annotations.model import Code, Highlight
from tui.widgets.reader import Reader

FIRST = "The first statement, short.\n\nIt has two paragraphs."
SECOND = "\n\n".join(
    f"Paragraph {p}. Peace and security in the region depend on the parties, " * 3 for p in range(12)
)
CODES = {"c1": Code("c1", "Peace", "#d62728"), "c2": Code("c2", "Security", "#1f77b4")}
HIGHLIGHTS = [
    Highlight("h1", "second", 14, 19, "Peace", labels=("c1",)),
    Highlight("h2", "second", 14, 33, "Peace and security", labels=("c1", "c2")),  # overlapping: underlined
    Highlight("h3", "second", 90, 120, SECOND[90:120], labels=("c2",)),
]
SIZE = (90, 24)


class ReaderApp(App):
    CSS = "Reader { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Reader(id="reader")


def screen_showing_second(drawn_ahead: bool, move: str | None = None) -> str:
    """The whole screen (as text, every cell and style) once the second statement is shown
    after the first; ``drawn_ahead``: ``prepare`` drew it while the first was shown."""
    seen: dict[str, str] = {}

    async def main() -> None:
        app = ReaderApp()
        async with app.run_test(size=SIZE) as pilot:
            reader = app.query_one(Reader)
            reader.show("first", FIRST)
            await pilot.pause()
            if drawn_ahead:
                reader.prepare("second", SECOND, HIGHLIGHTS, CODES)
            reader.show("second", SECOND)
            reader.set_highlights(HIGHLIGHTS, CODES)
            await pilot.pause()
            if move:
                reader.focus()
                await pilot.press(move)
                await pilot.pause()
            seen["screen"] = app.export_screenshot()

    asyncio.run(main())
    return seen["screen"]


def test_a_statement_drawn_ahead_shows_what_a_fresh_open_shows() -> None:
    ahead = screen_showing_second(drawn_ahead=True)
    assert ahead == screen_showing_second(drawn_ahead=False)
    assert "Paragraph" in ahead


def test_moving_in_a_statement_drawn_ahead_shows_what_a_fresh_open_shows() -> None:
    # Rows drawn ahead have the cursor on the first row; after a move they must not
    # be reused with the cursor drawn where it was.
    assert screen_showing_second(drawn_ahead=True, move="down") == screen_showing_second(drawn_ahead=False, move="down")


def test_moving_down_the_list_onto_a_statement_drawn_ahead_shows_it_as_opened_fresh(harness) -> None:
    """Through the app: the list's neighbour, with a highlight, drawn ahead between key
    presses, then moved onto; against the same statement opened when the app starts."""
    from tui.screens.read_ahead import PREPARE_AFTER

    def reader_lines(app) -> list[list[tuple[str, object]]]:  # noqa: ANN001
        r = app.screen.query_one(Reader)
        strips = r.render_lines(Region(0, 0, r.outer_size.width, r.outer_size.height))
        return [[(segment.text, segment.style) for segment in strip] for strip in strips]

    seen: dict[str, object] = {}

    async def ahead(app, pilot) -> None:  # noqa: ANN001
        await pilot.press("down", "enter", "v", "e", "e", "2")  # a highlight on the second statement
        await pilot.press("shift+tab", "up")  # back to the list, on the first
        await pilot.pause(PREPARE_AFTER + 0.2)  # the main screen's timer draws the neighbours
        await pilot.press("down")
        await pilot.pause()
        seen["ahead"] = reader_lines(app)
        seen["ahead id"] = app.screen.query_one(Reader).statement_id

    async def fresh(app, pilot) -> None:  # noqa: ANN001
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["fresh"] = reader_lines(app)
        seen["fresh id"] = app.screen.query_one(Reader).statement_id

    harness.run(ahead)
    harness.run(fresh)  # reopens on the statement last shown, drawn from scratch
    assert seen["fresh id"] == seen["ahead id"]
    assert seen["ahead"] == seen["fresh"]
    fresh_lines = seen["fresh"]
    assert isinstance(fresh_lines, list)
    assert any(text.strip() for line in fresh_lines for text, _ in line), "blank reader"
    assert any("▌" in text for line in fresh_lines for text, _ in line), "no highlight drawn"
