"""The reader pane: the statement's reading text, its highlights, a cursor, a selection.

A line-API widget that renders only the rows on screen (``render_line``), keeping a
small LRU of rendered rows, so a 60 KB statement scrolls as fast as a short one. It
scrolls itself (``top``) and draws its own scrollbar, so showing another statement
repaints this pane only, with no relayout of the screen.
Statement text is turned into ``Segment``s directly, never parsed as markup
(invariant 4): ``[bold]`` or ``[@click=app.quit]`` in a speech is shown as written.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from itertools import count

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from annotations.model import Code, Highlight

from ..find_in_text import Finding, Hit
from ..keys import READER_BINDINGS
from ..text_layout import Layout
from ..text_motion import target
from .line_widget import LineWidget
from .reader_rows import GUTTER, Span, paint_row
from .scrollbar import scrollbar_cell

PAD = 1  # a blank column at the pane's left edge (drawn here, not CSS padding: see LineWidget)
_CACHE_ROWS = 2048  # rendered rows kept: the statements around the list cursor, several screens each
_CONTENTS_KEPT = 64  # statement contents (text, highlights, hits) the row cache can name
_LAYOUTS_KEPT = 16


class Reader(LineWidget, can_focus=True):
    """Shows one statement; moves a cursor and a selection over its text."""

    BINDINGS = READER_BINDINGS
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
        # Rows are cached by what they show, not by when: (content id, width, row,
        # cursor on it, selection on it). Scrolling and moving the cursor reuse rows;
        # ``prepare`` renders a statement's first screen before it is opened.
        self._cache: OrderedDict[tuple, Strip] = OrderedDict()
        self._content_ids: OrderedDict[tuple, int] = OrderedDict()
        self._new_content_id = count(1)
        self._content_id = 0
        self._layouts: OrderedDict[tuple, Layout] = OrderedDict()
        self._styles: dict[object, Style] = {}
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
        self._set_top(self.text_layout.row_of(self.cursor) - self.line_size.height // 3)

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
        self._layout = self._layout_for(self.statement_id, self.text, self._text_width())
        self._invalidate()

    def _layout_for(self, statement_id: str | None, text: str, width: int) -> Layout:
        key = (statement_id, text, width)
        layout = self._layouts.get(key)
        if layout is None:
            layout = self._layouts[key] = Layout(text, width)
            if len(self._layouts) > _LAYOUTS_KEPT:
                self._layouts.popitem(last=False)
        else:
            self._layouts.move_to_end(key)
        return layout

    def _content_key(self, statement_id: str | None, text: str, spans: list[Span],
                     hits: list[tuple[int, int]], hit_index: int) -> int:
        """A number for what rows show; the same content always gets the same number."""
        content = (statement_id, text, tuple(spans), tuple(hits), hit_index)
        known = self._content_ids.get(content)
        if known is None:
            known = self._content_ids[content] = next(self._new_content_id)  # never reused
            if len(self._content_ids) > _CONTENTS_KEPT:
                self._content_ids.popitem(last=False)
        else:
            self._content_ids.move_to_end(content)
        return known

    def _set_top(self, top: int) -> None:
        rows = len(self._layout) if self._layout is not None else 0
        top = max(0, min(top, rows - max(1, self.line_size.height)))
        if top != self.top:
            self.top = top
            self.refresh()  # rows are cached by row, not by screen line: nothing to drop

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._set_top(self.top + 3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._set_top(self.top - 3)

    def _invalidate(self) -> None:
        """What the rows show may have changed: name it again and repaint."""
        self._content_id = self._content_key(self.statement_id, self.text, self.spans, self.finding.hits, self.finding.current)
        self.refresh()

    def notify_style_update(self) -> None:
        # The theme or the stylesheet changed: every colour is computed again.
        self._styles.clear()
        self._cache.clear()
        super().notify_style_update()

    def component(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name)
        return style

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
    def blend(self, color: str, amount: float) -> Style:
        key = ("blend", color, amount)
        style = self._styles.get(key)
        if style is None:
            base = self.background_colors[1]
            try:
                style = Style(bgcolor=base.blend(Color.parse(color), amount).rich_color)
            except Exception:
                style = Style()
            self._styles[key] = style
        return style

    def bar(self, color: str) -> Style:
        key = ("bar", color)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = Style(color=Color.parse(color).rich_color)
        return style

    def _base(self) -> Style:
        """The pane's own style, computed once per theme and content change (not per row)."""
        key = ("base", self.app.theme)
        style = self._styles.get(key)
        if style is None:
            style = self._styles[key] = self.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        base = self._base()
        text_strip = self._render_text_line(y, max(1, self.line_size.width - PAD - 1))
        return self.with_scrollbar(text_strip, self._scrollbar_cell(y, base), Segment(" " * PAD, base))

    def _scrollbar_cell(self, y: int, base: Style) -> tuple[str, Style]:
        rows = len(self._layout) if self._layout else 0
        return scrollbar_cell(y, max(1, self.line_size.height), rows, self.top, base,
                              self.component("reader--thumb"), self.component("reader--scrollbar"))

    def _render_text_line(self, y: int, width: int) -> Strip:
        row_index = self.top + y
        base = self._base()
        if not self.text:
            if y == 1:
                text = " " * GUTTER + self.empty_message
                style = base + self.get_component_rich_style("reader--empty")
                return Strip([Segment(text[:width], style)]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        lay = self.text_layout
        if row_index >= len(lay):
            return Strip.blank(width, base)
        row = lay.rows[row_index]
        sel = self.selection if self.sel_anchor is not None else None
        if sel is not None and self.sel_anchor is not None:
            lo, hi = sorted((self.sel_anchor, self.cursor))
            sel = (lo, hi + 1)  # show exactly what is selected, trimming happens on use
        sel_key = None if sel is None or sel[1] <= row.start or sel[0] >= max(row.end, row.start + 1) else sel
        cursor_key = self._cursor_on(lay, row_index, self.cursor)
        return self._row(  # keyed by the layout's width too: no row is reused from another wrap
            (self._content_id, lay.width, width, row_index, cursor_key, sel_key),
            lambda: paint_row(self.text, self.spans, self.finding.hits, self.finding.current, row, sel, cursor_key, width, base, self),
        )

    @staticmethod
    def _cursor_on(layout: Layout, row_index: int, cursor: int) -> int | None:
        """The cursor offset if it is drawn on this row, else None."""
        row = layout.rows[row_index]
        return cursor if row.start <= cursor <= row.end and layout.row_of(cursor) == row_index else None

    def _row(self, key: tuple, render) -> Strip:  # noqa: ANN001
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        strip = self._cache[key] = render()
        if len(self._cache) > _CACHE_ROWS:
            self._cache.popitem(last=False)
        return strip

    def prepare(self, statement_id: str, text: str, highlights: list[Highlight], codes: dict[str, Code]) -> None:
        """Lay out and render a statement's first screen before it is shown.

        The main screen calls this, between key presses, for the statements next to
        the list cursor: moving onto one then finds its rows drawn (the same rows
        ``show`` and ``set_highlights`` would ask for), so the key press costs no
        wrapping and no row rendering. Anything different when it is really opened
        (highlights re-anchored, another width) simply misses the cache.
        """
        if not text or not self.is_mounted or self.line_size.width <= PAD + 1:
            return
        width = self.line_size.width - PAD - 1
        height = max(1, self.line_size.height)
        layout = self._layout_for(statement_id, text, self._text_width())
        spans = self._spans(highlights, codes)
        content_id = self._content_key(statement_id, text, spans, [], -1)
        base = self._base()
        pad = Segment(" " * PAD, base)
        for row_index in range(min(len(layout), height)):  # opened at offset 0: the top rows
            row = layout.rows[row_index]
            cursor_key = self._cursor_on(layout, row_index, 0)
            strip = self._row(
                (content_id, layout.width, width, row_index, cursor_key, None),
                lambda row=row, cursor_key=cursor_key: paint_row(text, spans, [], -1, row, None, cursor_key, width, base, self),
            )
            cell = scrollbar_cell(row_index, height, len(layout), 0, base,
                                  self.component("reader--thumb"), self.component("reader--scrollbar"))
            self.warm_line(self.with_scrollbar(strip, cell, pad))
