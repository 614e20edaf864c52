"""The reader's header: who speaks, for whom, in which language, when, and the id.

Two lines drawn directly (a LineWidget): it changes with every statement the list
moves to, and a Static re-measured and re-rendered its text through Textual's content
pipeline each time (about a millisecond of every key press).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from corpus.countries import country_name, looks_like_code
from corpus.model import Statement
from corpus.safe_text import display_safe

from .line_widget import LineWidget

PAD = 1  # blank columns left and right of the text
BOLD, ITALIC, DIM = Style(bold=True), Style(italic=True), Style(dim=True)


def _fit(parts: list[tuple[str, Style]], width: int, base: Style) -> Strip:
    """The parts in a line of exactly ``width`` cells, cut with an ellipsis if too long."""
    segments = [Segment(text, base + style) for text, style in parts if text]
    strip = Strip(segments)
    if strip.cell_length > width:
        last_style = segments[-1].style if segments else base
        strip = Strip([*strip.crop(0, max(0, width - 1)), Segment("…", last_style)])
    return strip.extend_cell_length(width, base)


def describe(statement: Statement | None) -> tuple[list[tuple[str, Style]], list[tuple[str, Style]]]:
    """The header's two lines as (text, style) parts.

    Every part but the fixed words comes from the file (its name, speaker line or
    metadata table), so each is passed through ``display_safe``.
    """
    if statement is None:
        return [("No statement open", DIM + ITALIC)], []
    affiliation = statement.affiliation
    country = country_name(affiliation) if affiliation and looks_like_code(affiliation) else None
    if statement.speaker:
        first = [(statement.speaker, BOLD)]
        if affiliation:
            first.append((f"  ({country or affiliation})", Style()))
    elif country:  # a General Debate file: the country speaks, named by its code in the path
        first = [(country, BOLD)] + ([(f"  ({affiliation})", DIM)] if country != affiliation else [])
    else:
        first = [("Unknown speaker", BOLD)] + ([(f"  ({affiliation})", Style())] if affiliation else [])
    if statement.spoke_in:
        first.append((f"  spoke in {statement.spoke_in}", ITALIC))
    details = []
    meta = statement.meta
    if meta.get("meeting"):
        details.append(str(meta["meeting"]) + (f" (resumption {meta['resumption']})" if meta.get("resumption") else ""))
    if meta.get("session"):
        details.append(f"session {meta['session']}")
    if meta.get("year"):
        details.append(str(meta["year"]))
    if meta.get("speech"):
        details.append(f"speech {meta['speech']}")
    second = [(" · ".join(details + [statement.id]), DIM)]
    return [(display_safe(t), s) for t, s in first], [(display_safe(t), s) for t, s in second]


class ReaderHeader(LineWidget):
    DEFAULT_CSS = """
    ReaderHeader { height: 2; background: $boost; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: tuple = describe(None)
        self._drawn: dict[tuple, Strip] = {}

    def show(self, statement: Statement | None, length: int | None = None) -> None:
        lines = describe(statement)
        if lines != self._parts:
            self._parts = lines
            self._drawn.clear()
            self.refresh()

    @property
    def text(self) -> str:
        """The header as plain text, a line each (what a screen reader or a test reads)."""
        return "\n".join("".join(text for text, _ in line) for line in self._parts)

    def notify_style_update(self) -> None:
        self._drawn.clear()
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.line_size.width
        base = self.rich_style
        key = (y, width, base)
        strip = self._drawn.get(key)
        if strip is None:
            parts = self._parts[y] if y < len(self._parts) else []
            pad = Segment(" " * PAD, base)
            inner = _fit(parts, max(0, width - 2 * PAD), base)
            strip = self._drawn[key] = Strip([pad, *inner, pad], width)
        return strip
