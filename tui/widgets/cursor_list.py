"""A virtual list with a cursor row: the mechanics the statement and hit lists share.

Subclasses say how many rows there are (``row_count``), draw one row (``render_row``)
and react to the cursor (``cursor_moved``) and to enter or a double click
(``action_open``).

The list scrolls itself (``top``) and draws its own scrollbar column, like the reader:
a Textual scroll moves the widget's layout and repaints a separate scrollbar widget,
which cost a quarter of each key press when moving down a list of 100,000 rows.
"""

from __future__ import annotations

from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.strip import Strip

from .line_widget import LineWidget
from .scrollbar import scrollbar_cell

CONTEXT_ROWS = 3  # rows kept above and below a row the list jumped to


class CursorList(LineWidget, can_focus=True):
    """Rows rendered on demand, one of them under the cursor."""

    COMPONENT_CLASSES = {"list--thumb", "list--track"}
    DEFAULT_CSS = """
    CursorList > .list--thumb { color: $accent 60%; }
    CursorList > .list--track { color: $panel-lighten-2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cursor = 0
        self.top = 0  # first row on screen
        self._base_style: tuple[tuple, Style] | None = None

    # ------------------------------------------------------------------ subclass API
    def row_count(self) -> int:
        raise NotImplementedError

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        """Draw row ``row`` (may be past the last row) ``width`` cells wide."""
        raise NotImplementedError

    def cursor_moved(self) -> None:
        """Called after the user moved the cursor."""

    def action_open(self) -> None:
        """Enter or a double click on a row."""

    # ------------------------------------------------------------------ scrolling
    @property
    def page_height(self) -> int:
        return max(1, self.line_size.height)

    def scroll_rows(self, top: int) -> None:
        """Show rows from ``top`` (clamped); repaints only if it moved."""
        top = max(0, min(top, self.row_count() - self.page_height))
        if top != self.top:
            self.top = top
            self.refresh()

    def reset_rows(self, cursor: int = 0, centre: bool = False) -> None:
        """The rows changed (new content or filter): put the cursor and repaint all."""
        self.cursor = max(0, min(cursor, self.row_count() - 1))
        self.top = 0
        self._show_cursor(centre)
        self.refresh()

    def _show_cursor(self, centre: bool = False) -> None:
        """Scroll so the cursor row is on screen; ``centre``: a jump (reopen, search,
        filter), which centres the row unless it already has context rows around it."""
        height = self.page_height
        margin = min(CONTEXT_ROWS, (height - 1) // 2)
        if centre and not (self.top + margin <= self.cursor < self.top + height - margin):
            self.scroll_rows(self.cursor - height // 2)
        elif self.cursor < self.top:
            self.scroll_rows(self.cursor)
        elif self.cursor >= self.top + height:
            self.scroll_rows(self.cursor - height + 1)

    def refresh_line(self, y: int) -> None:
        """Repaint line ``y`` of the widget only."""
        self.refresh(Region(0, y, self.size.width, 1))

    def on_resize(self, event: events.Resize) -> None:
        # Centre if needed: a jump made before the list had its size (the reopened
        # statement, selected at mount) put the row at the top with nothing above it.
        # Grown taller, the rows below may now end before the bottom: scroll back so
        # the list fills its height (scroll_rows clamps ``top``).
        self.scroll_rows(self.top)
        self._show_cursor(centre=True)
        self.refresh()

    def move_cursor(self, index: int, announce: bool = True, centre: bool = False) -> None:
        """Put the cursor on row ``index`` and keep it on screen (``centre``: a jump)."""
        count = self.row_count()
        if not count:
            return
        index = max(0, min(index, count - 1))
        old, self.cursor = self.cursor, index
        top = self.top
        self._show_cursor(centre)
        if self.top == top:  # no scroll: only the two rows change
            for row in (old, index):
                if top <= row < top + self.page_height:
                    self.refresh_line(row - top)
        if announce:
            self.cursor_moved()

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(1, self.page_height - 1))

    def action_jump(self, where: str) -> None:
        self.move_cursor(0 if where == "start" else self.row_count() - 1)

    # ------------------------------------------------------------------ mouse
    def on_click(self, event: events.Click) -> None:
        row = event.y + self.top
        if 0 <= row < self.row_count():
            self.focus()
            self.move_cursor(row)
            if event.chain >= 2:
                self.action_open()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.scroll_rows(self.top + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.scroll_rows(self.top - 3)

    # ------------------------------------------------------------------ rendering
    def base_style(self) -> Style:
        """The widget's own style, computed once per theme and focus (not per row)."""
        key = (self.app.theme, self.has_focus)
        if self._base_style is None or self._base_style[0] != key:
            self._base_style = (key, self.rich_style)
        return self._base_style[1]

    def notify_style_update(self) -> None:
        self._base_style = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = max(1, self.line_size.width - 1)
        base = self.base_style()
        strip = self.render_row(self.top + y, width, base)
        cell = scrollbar_cell(y, self.page_height, self.row_count(), self.top, base,
                              self.get_component_rich_style("list--thumb"), self.get_component_rich_style("list--track"))
        return self.with_scrollbar(strip, cell)
