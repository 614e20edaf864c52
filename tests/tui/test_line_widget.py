"""LineWidget hands its lines to the screen without Textual's styling pass: the lines
must still be cropped, filtered (NO_COLOR) and, if a stylesheet adds padding or a
border after all, drawn by Textual's own path."""

from __future__ import annotations

import asyncio

from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip

from tests.tui.conftest import settle
from tui.widgets.line_widget import LineWidget


class Stripes(LineWidget):
    """Line ``y`` reads ``y`` repeated across the widget, in red."""

    def render_line(self, y: int) -> Strip:
        width = self.line_size.width
        return Strip([Segment((str(y % 10) * width)[:width], Style(color="red", bgcolor="black"))], width)


class StripesApp(App):
    CSS = "Stripes { width: 12; height: 4; } #padded { padding: 0 0 0 2; border: none; }"

    def compose(self) -> ComposeResult:
        yield Stripes(id="plain")
        yield Stripes(id="padded")


def _text(strips: list[Strip]) -> list[str]:
    return ["".join(segment.text for segment in strip) for strip in strips]


def test_lines_are_the_widgets_own_and_cropped() -> None:
    asyncio.run(_lines_are_the_widgets_own_and_cropped())


async def _lines_are_the_widgets_own_and_cropped() -> None:
    app = StripesApp()
    async with app.run_test(size=(40, 10)):
        widget = app.query_one("#plain", Stripes)
        assert _text(widget.render_lines(Region(0, 0, 12, 4))) == ["0" * 12, "1" * 12, "2" * 12, "3" * 12]
        assert _text(widget.render_lines(Region(3, 1, 4, 2))) == ["1111", "2222"]


def test_padding_from_a_stylesheet_still_applies() -> None:
    asyncio.run(_padding_from_a_stylesheet_still_applies())


async def _padding_from_a_stylesheet_still_applies() -> None:
    app = StripesApp()
    async with app.run_test(size=(40, 10)):
        widget = app.query_one("#padded", Stripes)
        assert widget.line_size.width == 10  # the content area inside the padding
        lines = _text(widget.render_lines(Region(0, 0, 12, 4)))
        assert lines[0] == "  " + "0" * 10
        assert lines[2] == "  " + "2" * 10


def test_no_color_filter_applies(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    asyncio.run(_no_color_filter_applies())


async def _no_color_filter_applies() -> None:
    app = StripesApp()
    async with app.run_test(size=(40, 10)):
        widget = app.query_one("#plain", Stripes)
        strips = widget.render_lines(Region(0, 0, 12, 4))
        colours = {segment.style.color for strip in strips for segment in strip if segment.style}
        assert all(colour is None or colour.name != "red" for colour in colours)


def test_reader_header_cuts_long_lines_with_an_ellipsis() -> None:
    from tui.widgets.reader_header import BOLD, _fit

    base = Style(bgcolor="black")
    strip = _fit([("Mr. A Very Long Name Indeed", BOLD), ("  (Somewhere)", Style())], 12, base)
    assert strip.cell_length == 12
    assert "".join(segment.text for segment in strip) == "Mr. A Very …"
    short = _fit([("Mr. X", BOLD)], 8, base)
    assert "".join(segment.text for segment in short) == "Mr. X   "


def test_reader_header_follows_the_list(harness) -> None:
    from tui.widgets.reader_header import ReaderHeader

    seen: list[str] = []

    async def script(app, pilot):
        header = app.screen.query_one(ReaderHeader)
        await settle(pilot)  # the first statement opens once the screen is up
        seen.append(header.text)
        await pilot.press("down")
        await pilot.pause()
        seen.append(header.text)
        seen.append("".join(segment.text for segment in header.render_line(1)))

    harness.run(script)
    assert seen[0].startswith("Mr. Umarov  (Kazakhstan)"), seen
    assert seen[1].startswith("Mr. Abdrakhmanov  (Kazakhstan)")
    assert "001_b907de60422aaedd.txt" in seen[2]


def test_reader_header_names_a_general_debate_country() -> None:
    """A General Debate file has no speaker line: the country its path names speaks."""
    from corpus.model import Statement
    from tui.widgets.reader_header import describe

    def first_line(statement: Statement) -> str:
        return "".join(text for text, _ in describe(statement)[0])

    gd = Statement("Session 46 - 1991/AFG_46_1991.txt", None, "AFG", None, "0" * 64, 10)
    assert first_line(gd) == "Afghanistan  (AFG)"
    unsc = Statement("a.txt", "Mr. Wu Haitao", "China", "Chinese", "0" * 64, 10)
    assert first_line(unsc) == "Mr. Wu Haitao  (China)  spoke in Chinese"
    assert first_line(Statement("b.txt", None, None, None, "0" * 64, 10)) == "Unknown speaker"
