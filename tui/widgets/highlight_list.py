"""The tag panel's list of this statement's highlights.

A line-API widget that scrolls itself: showing another statement's highlights only
repaints this box, never re-lays out the screen (an OptionList changes its virtual
size, and with it the layout, on every statement).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget


@dataclass(frozen=True)
class Entry:
    """One highlight as listed: its id and its prepared line."""

    id: str | None
    line: Text


class HighlightList(Widget, can_focus=True):
    """Rows of highlights; enter or a click jumps the reader to one."""

    BINDINGS = [
        Binding("up,k", "move(-1)", "Up", show=False),
        Binding("down,j", "move(1)", "Down", show=False),
        Binding("enter", "choose", "Jump to it"),
    ]
    COMPONENT_CLASSES = {"highlights--cursor"}
    DEFAULT_CSS = """
    HighlightList { height: 1fr; min-height: 3; background: $panel; padding: 0 1; }
    HighlightList > .highlights--cursor { background: $accent 30%; }
    HighlightList:focus > .highlights--cursor { background: $accent; }
    """

    @dataclass
    class Chosen(Message):
        highlight_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.cursor = 0
        self.top = 0

    def set_entries(self, entries: list[Entry], cursor: int = 0) -> None:
        self.entries = entries
        self.cursor = max(0, min(cursor, len(entries) - 1))
        self.top = 0
        self._keep_visible()
        self.refresh()

    def _keep_visible(self) -> None:
        height = max(1, self.content_region.height)
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + height:
            self.top = self.cursor - height + 1

    def action_move(self, step: int) -> None:
        if self.entries:
            self.cursor = max(0, min(len(self.entries) - 1, self.cursor + step))
            self._keep_visible()
            self.refresh()

    def action_choose(self) -> None:
        if self.entries and self.entries[self.cursor].id:
            self.post_message(self.Chosen(self.entries[self.cursor].id))  # type: ignore[arg-type]

    def on_click(self, event: events.Click) -> None:
        row = event.y - self.gutter.top + self.top
        if 0 <= row < len(self.entries):
            self.cursor = row
            self.refresh()
            self.action_choose()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.top = min(max(0, len(self.entries) - self.content_region.height), self.top + 2)
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.top = max(0, self.top - 2)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        base = self.rich_style
        row = self.top + y
        if row >= len(self.entries):
            return Strip.blank(width, base)
        entry = self.entries[row]
        style: Style = base + self.get_component_rich_style("highlights--cursor") if row == self.cursor and entry.id else base
        segments = [Segment(seg.text, style + seg.style if seg.style else style) for seg in entry.line.render(self.app.console)]
        segments = [s for s in segments if s.text != "\n"]
        return Strip(segments).crop(0, width).extend_cell_length(width, style)
