"""The reader pane: the statement's reading text, its highlights, a cursor, a selection.

A line-API widget that renders only the rows on screen (``render_line``), keeping an
LRU of drawn rows (``reader_rows.py``), so a 60 KB statement scrolls as fast as a short one. It
scrolls itself (``top``) and draws its own scrollbar, so showing another statement
repaints this pane only, with no relayout of the screen.
Statement text is turned into ``Segment``s directly, never parsed as markup
(invariant 4): ``[bold]`` or ``[@click=app.quit]`` in a speech is shown as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from annotations.model import Code, Highlight

from ..find_in_text import Finding, Hit
from ..keys import READER_BINDINGS
from ..text_layout import Layout, layout_of
from ..text_motion import target
from .line_widget import LineWidget
from .reader_rows import GUTTER, Content, ReaderRows, ReaderStyles, Span
from .scrollbar import scrollbar_cell

PAD = 1  # a blank column at the pane's left edge (drawn here, not CSS padding: see LineWidget)


class Reader(LineWidget, can_focus=True):
    """Shows one statement; moves a cursor and a selection over its text."""

    BINDINGS: ClassVar[list[BindingType]] = list(READER_BINDINGS)
    COMPONENT_CLASSES = {
        "reader--cursor", "reader--selection", "reader--hit", "reader--current-hit", "reader--empty",
        "reader--scrollbar", "reader--thumb",
    }
    DEFAULT_CSS = """
    Reader { background: $surface; }
    Reader > .reader--cursor { background: $foreground; color: $surface; text-style: bold; }
    Reader > .reader--selection { background: $accent 60%; color: $text; }
    Reader > .reader--hit { background: $warning 45%; }
    Reader > .reader--current-hit { background: $warning; color: $surface; }
    Reader > .reader--empty { color: $text-muted; text-style: italic; }
    Reader > .reader--scrollbar { color: $panel-lighten-1; }
    Reader > .reader--thumb { color: $accent; }
    """

    @dataclass
    class CursorMoved(Message):
        """The cursor moved (the tag panel shows what is under it)."""

        offset: int

    @dataclass
    class SearchStatus(Message):
        """A search ran: how many hits and which one is current (for the status line)."""

        query: str
        hits: int
        current: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self.statement_id: str | None = None
        self.empty_message = "Open a statement from the list (enter)."
        self.cursor = 0
        self.sel_anchor: int | None = None  # selection anchor; None = no selection
        self.visual = False
        self.spans: list[Span] = []
        self.finding = Finding()  # the find in this statement (``/``), its hits
        self._layout: Layout | None = None
        self._goal_column: int | None = None
        self._styles = ReaderStyles(self)
        self._rows = ReaderRows(self._styles)  # every row is drawn there (and kept)
        self._content: Content | None = None  # what the rows show now (None: to be named again)
        self._dragging = False
        self.top = 0  # first text row on screen
        self._fitted_for: Size | None = None  # the size the layout and ``top`` were made for

    # ------------------------------------------------------------------ content
    def show(self, statement_id: str | None, text: str, cursor: int = 0, message: str | None = None) -> None:
        """Display a statement's reading text (or an empty message)."""
        self.statement_id = statement_id
        self.text = text
        self.empty_message = message or "Open a statement from the list (enter)."
        self.sel_anchor = None
        self.visual = False
        self.finding = Finding()
        self._layout = None
        self._invalidate()
        self.cursor = max(0, min(cursor, max(0, len(text) - 1)))
        self._relayout()
        self._place_cursor()
        self.post_message(self.CursorMoved(self.cursor))

    def set_highlights(self, highlights: list[Highlight], codes: dict[str, Code]) -> None:
        self.spans = self._spans(highlights, codes)
        self._invalidate()

    @staticmethod
    def _spans(highlights: list[Highlight], codes: dict[str, Code]) -> list[Span]:
        """The highlights the reader draws (orphaned ones have no place in the text)."""
        spans = []
        for h in highlights:
            if h.status != "orphaned":
                colors = tuple(codes[c].color for c in h.labels if c in codes) or ("#888888",)
                spans.append(Span(h.id, h.start, h.end, colors))
        return spans

    @property
    def text_layout(self) -> Layout:
        if self._layout is None:
            self._relayout()
        assert self._layout is not None
        return self._layout

    def _text_width(self) -> int:
        return max(8, self.line_size.width - PAD - GUTTER - 2)  # 2: space and scrollbar

    def _place_cursor(self) -> None:
        """Scroll so the cursor's row is a third of the way down (as opening does)."""
        self._fitted_for = self.line_size
        self._set_top(self._opening_top(self.text_layout, self.cursor))

    def _opening_top(self, layout: Layout, cursor: int) -> int:
        """The first row shown when a statement opens (or fits a new size) at ``cursor``."""
        return self._clamp_top(layout, layout.row_of(cursor) - self.line_size.height // 3)

    def _clamp_top(self, layout: Layout | None, top: int) -> int:
        rows = len(layout) if layout is not None else 0
        return max(0, min(top, rows - max(1, self.line_size.height)))

    def _fit_to_size(self) -> None:
        """After a size change: the layout for the new width, and the cursor placed as a
        fresh start at this size places it, so a resize shows what a fresh start shows.

        Checked before every repaint too, not only on ``Resize``: a frame can be drawn
        at the new size before the reader has handled its resize event.
        """
        if self._fitted_for == self.line_size:
            return
        if self._layout is None or self._layout.width != max(8, self._text_width()):
            self._relayout()
        self._place_cursor()

    def _relayout(self) -> None:
        self._layout = layout_of(self.text, self._text_width())
        self._invalidate()

    def _set_top(self, top: int) -> None:
        top = self._clamp_top(self._layout, top)
        if top != self.top:
            self.top = top
            self.refresh()  # rows are cached by row, not by screen line: nothing to drop

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._set_top(self.top + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._set_top(self.top - 3)

    def _invalidate(self) -> None:
        """What the rows show may have changed: name it again and repaint."""
        self._content = None
        self.refresh()

    def _shown(self) -> Content:
        if self._content is None:
            self._content = self._rows.content(self.statement_id, self.text, self.spans, self.finding)
        return self._content

    def notify_style_update(self) -> None:
        # The theme or the stylesheet changed: every colour is computed again.
        self._styles.clear()
        self._rows.clear()
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_to_size()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._fit_to_size()  # before any line of this frame is drawn
        return super().render_lines(crop)

    # ------------------------------------------------------------------ selection
    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected span ``[start, end)`` (inclusive of the cursor character)."""
        if self.sel_anchor is None or not self.text:
            return None
        lo, hi = sorted((self.sel_anchor, self.cursor))
        hi = min(hi + 1, len(self.text))
        # Trim whitespace at the edges: a highlight starts and ends on words.
        while lo < hi and self.text[lo].isspace():
            lo += 1
        while hi > lo and self.text[hi - 1].isspace():
            hi -= 1
        return (lo, hi) if hi > lo else None

    def clear_selection(self) -> None:
        if self.sel_anchor is not None or self.visual:
            self.sel_anchor = None
            self.visual = False
            self._invalidate()

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` and put the cursor on its last character."""
        self.sel_anchor = start
        self.cursor = max(start, end - 1)
        self._invalidate()
        self._scroll_to_cursor()

    # ------------------------------------------------------------------ cursor
    def move_to(self, offset: int, extend: bool = False, keep_goal: bool = False) -> None:
        if not self.text:
            return
        offset = max(0, min(offset, len(self.text) - 1))
        if extend and self.sel_anchor is None:
            self.sel_anchor = self.cursor
        elif not extend and not self.visual and self.sel_anchor is not None:
            self.sel_anchor = None
            self._invalidate()
        old_row = self.text_layout.row_of(self.cursor)
        self.cursor = offset
        if not keep_goal:
            self._goal_column = None
        if self.sel_anchor is not None:
            self._invalidate()
        else:
            self._refresh_rows(old_row, self.text_layout.row_of(offset))
        self._scroll_to_cursor()
        self.post_message(self.CursorMoved(self.cursor))

    def _refresh_rows(self, *rows: int) -> None:
        top = self.top
        for row in rows:
            if top <= row < top + self.size.height:
                self.refresh(Region(0, row - top, self.size.width, 1))

    def _scroll_to_cursor(self) -> None:
        if self._layout is None:
            return
        row = self.text_layout.row_of(self.cursor)
        top, height = self.top, max(1, self.size.height)
        if row < top:
            self._set_top(row)
        elif row >= top + height:
            self._set_top(row - height + 1)

    def _target(self, direction: str) -> int:
        vertical = direction in ("up", "down", "page_up", "page_down")
        if vertical and self._goal_column is None:
            self._goal_column = self.text_layout.column_of(self.cursor)
        return target(self.text, self.text_layout, self.cursor, direction,
                      page=max(1, self.size.height - 1), goal_column=self._goal_column or 0)

    def action_move(self, direction: str) -> None:
        vertical = direction in ("up", "down", "page_up", "page_down")
        if direction in ("page_up", "page_down") and self.text and self._layout is not None:
            # A page key turns the page: the text moves by a screen and the cursor keeps
            # its line on the screen (it did not scroll until the second press).
            screen_row = self.text_layout.row_of(self.cursor) - self.top
            page = max(1, self.size.height - 1)
            self._set_top(self.top + (page if direction == "page_down" else -page))
        else:
            screen_row = None
        self.move_to(self._target(direction), extend=self.visual, keep_goal=vertical)
        if screen_row is not None:
            self._set_top(self.text_layout.row_of(self.cursor) - screen_row)

    def action_extend(self, direction: str) -> None:
        vertical = direction in ("up", "down")
        self.move_to(self._target(direction), extend=True, keep_goal=vertical)

    def action_visual(self) -> None:
        """``v``: start a selection at the cursor, or end (keep) the current one."""
        if self.visual:
            self.visual = False
        else:
            self.visual = True
            if self.sel_anchor is None:
                self.sel_anchor = self.cursor
        self._invalidate()

    # ------------------------------------------------------------------ search
    @property
    def hits(self) -> tuple[Hit, ...]:
        """Where the statement's find matched (``tui/find_in_text.py``)."""
        return self.finding.hits

    def set_search(self, query: str) -> int:
        """Find every case-insensitive occurrence of ``query``; go to the first after the cursor."""
        self.finding = Finding.of(self.text, query)
        self._invalidate()
        if self.finding.hits:
            self.goto_hit(1, from_cursor=True)
        else:
            self.post_message(self.SearchStatus(query, 0, 0))
        return len(self.finding.hits)

    def goto_hit(self, step: int, from_cursor: bool = False) -> None:
        finding = self.finding.from_offset(self.cursor) if from_cursor else self.finding.step(step)
        self.finding = finding
        if finding.hit is None:
            self.post_message(self.SearchStatus(finding.query, 0, 0))
            return
        self.clear_selection()
        self.move_to(finding.hit[0])
        self._invalidate()
        self.post_message(self.SearchStatus(finding.query, len(finding.hits), finding.number))

    def action_search_next(self) -> None:
        self.goto_hit(1)

    def action_search_previous(self) -> None:
        self.goto_hit(-1)

    # ------------------------------------------------------------------ mouse
    def _offset_at_mouse(self, event: events.MouseEvent) -> int | None:
        if not self.text:
            return None
        x = event.x - PAD - GUTTER
        y = event.y + self.top
        return self.text_layout.offset_at(y, max(0, x))

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at_mouse(event)
        if offset is None:
            return
        self.focus()
        self.visual = False
        self.sel_anchor = None
        self._dragging = True
        self.capture_mouse()
        self.move_to(offset)
        self.sel_anchor = offset

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._dragging:
            offset = self._offset_at_mouse(event)
            if offset is not None and offset != self.cursor:
                self.move_to(offset, extend=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()
            if self.sel_anchor == self.cursor:
                self.sel_anchor = None
                self._invalidate()

    # ------------------------------------------------------------------ rendering
    def render_line(self, y: int) -> Strip:
        return self._line(y, self._shown(), self.text_layout, self.top, self.cursor, self._drawn_selection())

    def _drawn_selection(self) -> tuple[int, int] | None:
        """What is selected, exactly (edges are trimmed when the selection is used)."""
        if self.sel_anchor is None or self.selection is None:
            return None
        lo, hi = sorted((self.sel_anchor, self.cursor))
        return lo, hi + 1

    def _line(self, y: int, content: Content, layout: Layout, top: int, cursor: int,
              selection: tuple[int, int] | None) -> Strip:
        """Line ``y`` of the pane showing ``content`` from row ``top``: the one way a line
        is drawn, on screen (``render_line``) or ahead of time (``prepare``)."""
        base = self._styles.base()
        width = max(1, self.line_size.width - PAD - 1)
        if content.text:
            strip = self._rows.row(content, layout, top + y, width, cursor, selection, base)
        elif y == 1:
            style = base + self._styles.component("reader--empty")
            strip = Strip([Segment((" " * GUTTER + self.empty_message)[:width], style)]).extend_cell_length(width, base)
        else:
            strip = Strip.blank(width, base)
        cell = scrollbar_cell(y, max(1, self.line_size.height), len(layout), top, base,
                              self._styles.component("reader--thumb"), self._styles.component("reader--scrollbar"))
        return self.with_scrollbar(strip, cell, Segment(" " * PAD, base))

    def prepare(self, statement_id: str, text: str, highlights: list[Highlight], codes: dict[str, Code]) -> None:
        """Lay out and draw a statement's first screen before it is shown.

        The main screen calls this, between key presses, for the statements next to
        the list cursor. The lines are drawn as ``show`` and ``set_highlights`` would
        have them drawn (the same ``_line``, at the cursor and scroll an opening
        gives), so moving onto one finds its rows drawn and the key press costs no
        wrapping and no painting. Anything different when it is really opened
        (highlights re-anchored, another width) simply draws other rows.
        """
        if not text or not self.is_mounted or self.line_size.width <= PAD + 1:
            return
        layout = layout_of(text, self._text_width())
        content = self._rows.content(statement_id, text, self._spans(highlights, codes), Finding())
        top = self._opening_top(layout, 0)
        for y in range(max(1, self.line_size.height)):
            self.warm_line(self._line(y, content, layout, top, 0, None))
