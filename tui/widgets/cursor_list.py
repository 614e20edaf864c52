"""A virtual list with a cursor row: the mechanics the statement and hit lists share.

Subclasses say how many rows there are (``row_count``), draw one row (``render_line``)
and react to the cursor (``cursor_moved``) and to enter or a double click (``action_open``).
"""

from __future__ import annotations

from textual import events
from textual.scroll_view import ScrollView


class CursorList(ScrollView, can_focus=True):
    """Rows rendered on demand, one of them under the cursor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0

    def row_count(self) -> int:
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after the user moved the cursor."""

    def action_open(self) -> None:
        """Enter or a double click on a row."""

    def move_cursor(self, index: int, announce: bool = True) -> None:
        """Put the cursor on row ``index`` and keep it on screen."""
        count = self.row_count()
        if not count:
            return
        index = max(0, min(index, count - 1))
        old, self.cursor = self.cursor, index
        top, height = self.scroll_offset.y, max(1, self.size.height)
        if index < top:
            self.scroll_to(y=index, animate=False)
        elif index >= top + height:
            self.scroll_to(y=index - height + 1, animate=False)
        else:
            for row in (old, index):
                if top <= row < top + height:
                    self.refresh_line(row - top)
        if announce:
            self.cursor_moved()

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(1, self.size.height - 1))

    def action_jump(self, where: str) -> None:
        self.move_cursor(0 if where == "start" else self.row_count() - 1)

    def on_click(self, event: events.Click) -> None:
        row = event.y + self.scroll_offset.y
        if 0 <= row < self.row_count():
            self.focus()
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_open()
