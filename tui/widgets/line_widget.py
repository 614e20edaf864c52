"""A widget whose ``render_line`` draws final lines, handed to the screen as they are.

Textual passes every line of every widget through its styles cache, which applies
borders, padding, outline, tint, opacity, hatching and text opacity, and makes new
strips doing so (about 0.1 ms a line on a small machine). A key press in the statement
list repaints ~80 lines (the list and the reader), so that pass was a third of each
frame. The reader and the lists have none of those styles: their ``render_line``
already returns whole lines, exactly as wide as the widget, in the widget's own
colours, and returns the same ``Strip`` objects while nothing changed (their row
caches), so the app's colour filters (ANSI colour modes, ``NO_COLOR``) are cached on
the strips as well. Only those filters are applied here.

If a stylesheet ever gives such a widget a border, padding or an effect, Textual's
own path is used again, so the widget still looks right.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

# Whole lines remembered by ``with_scrollbar``: the screen on show and the few drawn
# ahead (``Reader.prepare``) are the most recent, so an LRU needs far fewer than the
# 2048 a clear-when-full dict did, and holding 2048 cost 3 MB more (benchmark rss_mb).
_LINES_KEPT = 1024


class LineWidget(Widget):
    """``render_line(y)`` returns line ``y`` of the widget, ``size.width`` cells wide."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # (id of the row, scrollbar cell) -> (the row, the whole line). The row is kept
        # with its line, so its id cannot be reused while the entry is here.
        self._lines: LRUCache[tuple[int, str, Style], tuple[Strip, Strip]] = LRUCache(_LINES_KEPT)
        self._line_size: tuple[Size, Size] | None = None  # (outer size, content size)

    @property
    def line_size(self) -> Size:
        """The content size (what ``render_line`` draws), read cheaply.

        ``Widget.size`` looks the widget up on its screen each time (tens of
        microseconds), too slow to read for every line; it is read again only when
        the widget's outer size or its styles change.
        """
        outer = self.outer_size
        known = self._line_size
        if known is None or known[0] != outer:
            known = self._line_size = (outer, self.size)
        return known[1]

    def notify_style_update(self) -> None:
        self._line_size = None  # padding or border may have changed
        self._lines.clear()
        super().notify_style_update()

    def with_scrollbar(self, strip: Strip, cell: tuple[str, Style], left: Segment | None = None) -> Strip:
        """``strip`` (a cached row) with the scrollbar cell after it (and ``left`` before).

        The same whole line comes back while the row and its cell are unchanged, so the
        colour filters cached on it are reused too. ``left`` must not vary for a widget.
        """
        char, style = cell
        key = (id(strip), char, style)
        known = self._lines.get(key)
        if known is not None:
            return known[1]
        segments = [*strip, Segment(char, style)]
        if left is not None:
            segments.insert(0, left)
        line = Strip(segments, strip.cell_length + 1 + (left.cell_length if left is not None else 0))
        self._lines.set(key, (strip, line))
        return line

    def warm_line(self, line: Strip) -> None:
        """Apply the app's colour filters to a line drawn ahead of time (they are cached
        on the strip), so showing it later costs nothing more."""
        filters = self.get_line_filters()
        if filters:
            background = self.background_colors[1]
            for line_filter in filters:
                line = line.apply_filter(line_filter, background)

    def _plain(self) -> bool:
        """No border, padding or effect in the widget's styles (what the fast path assumes)."""
        styles = self.styles
        return (
            not any(styles.gutter)
            and styles.opacity == 1.0
            and styles.text_opacity == 1.0
            and not styles.tint.a
            and not any(edge[0] for edge in styles.outline)
            and not styles.has_rule("hatch")
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self._plain():
            return super().render_lines(crop)
        render_line = self.render_line
        strips = [render_line(y) for y in crop.line_range]
        filters = self.get_line_filters()
        if filters:
            background = self.background_colors[1]
            for line_filter in filters:
                strips = [strip.apply_filter(line_filter, background) for strip in strips]
        x1, x2 = crop.column_span
        if x1 or x2 != self.outer_size.width:
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
