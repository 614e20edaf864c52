"""Painting one row of the reader: the statement's text with its highlights, search
hits, selection and cursor, as segments (never parsed as markup: invariant 4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from ..text_layout import Row

GUTTER = 3  # columns of code-colour bars left of the text: the margin of "margin"


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


def paint_row(text: str, spans: list[Span], hits: list[tuple[int, int]], hit_index: int,
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
