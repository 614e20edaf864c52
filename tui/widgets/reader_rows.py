"""Painting the reader's rows: the statement's text with its highlights, find hits,
selection and cursor, as segments (never parsed as markup: invariant 4).

``ReaderRows.row`` is the one way a row is drawn, whether the reader is showing it or
drawing a statement ahead of time (``Reader.prepare``). It builds the row's cache key
from exactly what it then paints, so a row drawn ahead is reused only where it is the
row the reader would draw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import NamedTuple, Protocol

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from ..find_in_text import Finding, Hit
from ..text_layout import Layout, Row

GUTTER = 3  # columns of code-colour bars left of the text: the margin of "margin"
ROWS_KEPT = 2048  # drawn rows: the statements around the list cursor, several screens each
CONTENTS_KEPT = 64  # statement contents (text, highlights, hits) the row cache can name
NO_CONTENT = 0  # the number of rows past the end of a text (never given to a content)


@dataclass(frozen=True)
class Span:
    """A highlight as the reader draws it."""

    id: str
    start: int
    end: int
    colors: tuple[str, ...]


class RowStyles(Protocol):
    """The painting styles the reader keeps cached (they follow its theme)."""

    def bar(self, color: str) -> Style: ...

    def blend(self, color: str, amount: float) -> Style: ...

    def component(self, name: str) -> Style: ...


def paint_row(text: str, spans: Sequence[Span], hits: Sequence[Hit], hit_index: int,
              row: Row, sel: tuple[int, int] | None, cursor: int | None, width: int, base: Style,
              styles: RowStyles) -> Strip:
    """One text row of the reader, ``width`` cells: gutter bars, highlights, hits,
    selection and cursor."""
    segments: list[Segment] = []
    spans = [s for s in spans if s.start < max(row.end, row.start + 1) and s.end > row.start]
    # Gutter: one bar per distinct code colour on this row.
    colors: list[str] = []
    for s in spans:
        for c in s.colors:
            if c not in colors:
                colors.append(c)
    shown = colors[: GUTTER - 1]
    for color in shown:
        segments.append(Segment("▌", styles.bar(color)))
    # The rest of the gutter as one segment: fewer segments, less work per frame.
    segments.append(Segment(" " * (GUTTER - 1 - len(shown)) + ("+" if len(colors) > GUTTER - 1 else " "), base))
    if row.gap:
        return Strip(segments).extend_cell_length(width, base)
    end = row.end
    bounds = {row.start, end}
    for s in spans:
        bounds.update((max(row.start, s.start), min(end, s.end)))
    hits_here = [h for h in hits if h[0] < end and h[1] > row.start]
    for h in hits_here:
        bounds.update((max(row.start, h[0]), min(end, h[1])))
    if sel:
        bounds.update((max(row.start, sel[0]), min(end, sel[1])))
    if cursor is not None:
        bounds.update((cursor, min(end, cursor + 1)))
    points = sorted(b for b in bounds if row.start <= b <= end)
    current_hit = hits[hit_index] if 0 <= hit_index < len(hits) else None
    for a, b in zip(points, points[1:]):
        if a >= b:
            continue
        style = base
        covering = [s for s in spans if s.start <= a < s.end]
        if covering:
            inner = min(covering, key=lambda s: s.end - s.start)
            style = style + styles.blend(inner.colors[0], 0.55 if len(covering) == 1 else 0.8)
            if len(covering) > 1 or len(inner.colors) > 1:
                style = style + Style(underline=True)
        hit = next((h for h in hits_here if h[0] <= a < h[1]), None)
        if hit is not None:
            name = "reader--current-hit" if hit == current_hit else "reader--hit"
            style = style + styles.component(name)
        if sel and sel[0] <= a < sel[1]:
            style = style + styles.component("reader--selection")
        if cursor is not None and a == cursor:
            style = style + styles.component("reader--cursor")
        chunk = text[a:b].replace("\n", " ")
        segments.append(Segment(chunk, style))
    if cursor is not None and cursor >= end and cursor <= row.end:
        segments.append(Segment(" ", base + styles.component("reader--cursor")))
    strip = Strip(segments)
    if strip.cell_length != width:  # wide characters, or a row longer than the pane
        strip = strip.crop(0, width).extend_cell_length(width, base)
    return strip


@dataclass(frozen=True, eq=False)
class Content:
    """What a statement's rows show, but for the cursor and the selection.

    ``number`` stands for all of it in row keys: comparing a statement's text and
    highlights for every row of every frame would cost more than drawing.
    """

    number: int
    text: str
    spans: tuple[Span, ...]
    hits: tuple[Hit, ...]
    current_hit: int


class RowKey(NamedTuple):
    """Everything a drawn row depends on (the theme aside: a new theme empties the cache)."""

    content: int
    layout_width: int
    width: int
    row: int
    cursor: int | None  # the cursor, if it is on this row
    selection: tuple[int, int] | None  # the selection, if it touches this row


class ReaderRows:
    """The reader's drawn rows, kept by what they show (``RowKey``), not by when.

    Scrolling and moving the cursor reuse rows; so does moving onto a statement that
    ``Reader.prepare`` drew ahead.
    """

    def __init__(self, styles: RowStyles) -> None:
        self.styles = styles
        self._rows: LRUCache[RowKey, Strip] = LRUCache(ROWS_KEPT)
        self._numbers: LRUCache[tuple[object, ...], int] = LRUCache(CONTENTS_KEPT)
        self._new_number = count(NO_CONTENT + 1)  # never reused

    def content(self, statement_id: str | None, text: str, spans: Sequence[Span], finding: Finding) -> Content:
        """The content of a statement's rows; the same content always gets the same number."""
        spans, hits = tuple(spans), finding.hits
        value = (statement_id, text, spans, hits, finding.current)
        number = self._numbers.get(value)
        if number is None:
            number = next(self._new_number)
            self._numbers.set(value, number)
        return Content(number, text, spans, hits, finding.current)

    def row(self, content: Content, layout: Layout, row_index: int, width: int,
            cursor: int, selection: tuple[int, int] | None, base: Style) -> Strip:
        """Row ``row_index`` of ``content`` as ``layout`` wraps it, ``width`` cells wide,
        with the cursor at ``cursor`` and ``selection`` (``[start, end)``) selected."""
        if row_index >= len(layout):
            key = RowKey(NO_CONTENT, 0, width, 0, None, None)
            blank = self._rows.get(key)
            if blank is None:
                blank = Strip.blank(width, base)
                self._rows.set(key, blank)
            return blank
        row = layout.rows[row_index]
        cursor_here = cursor if row.start <= cursor <= row.end and layout.row_of(cursor) == row_index else None
        touches = selection is not None and selection[1] > row.start and selection[0] < max(row.end, row.start + 1)
        selection_here = selection if touches else None
        key = RowKey(content.number, layout.width, width, row_index, cursor_here, selection_here)
        strip = self._rows.get(key)
        if strip is None:
            strip = paint_row(content.text, content.spans, content.hits, content.current_hit, row,
                              selection_here, cursor_here, width, base, self.styles)
            self._rows.set(key, strip)
        return strip

    def clear(self) -> None:
        """Forget every drawn row (the theme or the stylesheet changed)."""
        self._rows.clear()


class ReaderStyles:
    """The styles rows are painted with, computed once per theme (not once per row)."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._known: dict[object, Style] = {}  # a few per code colour; emptied with the theme

    def clear(self) -> None:
        self._known.clear()

    def base(self) -> Style:
        """The pane's own style."""
        key = ("base", self._widget.app.theme)
        style = self._known.get(key)
        if style is None:
            style = self._known[key] = self._widget.rich_style
        return style

    def component(self, name: str) -> Style:
        style = self._known.get(name)
        if style is None:
            style = self._known[name] = self._widget.get_component_rich_style(name)
        return style

    def blend(self, color: str, amount: float) -> Style:
        key = ("blend", color, amount)
        style = self._known.get(key)
        if style is None:
            background = self._widget.background_colors[1]
            try:
                style = Style(bgcolor=background.blend(Color.parse(color), amount).rich_color)
            except Exception:  # a colour edited by hand into something unreadable
                style = Style()
            self._known[key] = style
        return style

    def bar(self, color: str) -> Style:
        key = ("bar", color)
        style = self._known.get(key)
        if style is None:
            style = self._known[key] = Style(color=Color.parse(color).rich_color)
        return style
