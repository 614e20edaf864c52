"""The tag panel's codebook: one row per code with its key and its counts.

Its counts change with every statement the list moves to, so it is drawn like the
statement list (cached rows, only changed rows repainted) rather than as an
OptionList, which re-renders its prompts and measures them again on every change.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.color import Color
from textual.message import Message
from textual.strip import Strip

from corpus.safe_text import display_safe

from .cursor_list import CursorList

NO_CODES = "No codes yet: press c to create one."
ROWS_KEPT = 256  # drawn rows (a codebook has tens of codes; a few widths and focus states each)


@dataclass(frozen=True)
class CodeRow:
    """A code as listed: ``here`` in this statement, ``corpus`` everywhere (None: counting)."""

    id: str
    name: str
    color: str
    key: str | None
    here: int
    corpus: int | None

    @property
    def counts(self) -> str:
        return f"{self.here}/{self.corpus if self.corpus is not None else '…'}"


def _fit(text: str, width: int) -> str:
    """``text`` cut with an ellipsis or padded to exactly ``width`` cells."""
    if cell_len(text) > width:
        while text and cell_len(text) > width - 1:
            text = text[:-1]
        text = text.rstrip() + "…"
    return text + " " * (width - cell_len(text))


class CodeList(CursorList):
    """Codes with counts; enter or a click applies the code under the cursor."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("home", "jump('start')", "First", show=False),
        Binding("end", "jump('end')", "Last", show=False),
        Binding("enter", "open", "Apply code"),
    ]
    COMPONENT_CLASSES = {"codes--cursor", "codes--key", "codes--count", "codes--hint"}
    DEFAULT_CSS = """
    CodeList { height: auto; max-height: 14; background: $panel; }
    CodeList:focus > .codes--cursor { background: $accent; color: $text; }
    CodeList > .codes--key { text-style: bold; }
    CodeList > .codes--count { color: $text-muted; }
    CodeList > .codes--hint { color: $text-muted; text-style: italic; }
    """

    @dataclass
    class Chosen(Message):
        code_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.codes: list[CodeRow] = []
        self._rendered: LRUCache[tuple[int, CodeRow, bool, int, Style], Strip] = LRUCache(ROWS_KEPT)

    def set_codes(self, codes: list[CodeRow]) -> None:
        """Show these codes; when only counts changed, only their rows are repainted."""
        old, self.codes = self.codes, codes
        if [c.id for c in old] != [c.id for c in codes]:
            self._rendered.clear()
            self.reset_rows(min(self.cursor, max(0, len(codes) - 1)))
            self.refresh(layout=True)  # the list's height follows the number of codes
            return
        for row, (before, after) in enumerate(zip(old, codes)):
            if before != after and self.top <= row < self.top + self.page_height:
                self.refresh_line(row - self.top)

    def get_content_height(self, container, viewport, width: int) -> int:  # noqa: ANN001
        return max(1, len(self.codes))

    def row_count(self) -> int:
        return len(self.codes)

    def action_open(self) -> None:
        if self.codes:
            self.post_message(self.Chosen(self.codes[self.cursor].id))

    def on_click(self, event: events.Click) -> None:
        """One click applies the code (a code is an action here, not a place to go)."""
        row = event.y + self.top
        if 0 <= row < len(self.codes):
            event.stop()
            self.move_cursor(row)
            self.action_open()

    def on_focus(self) -> None:
        self._rendered.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._rendered.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        self._rendered.clear()
        super().notify_style_update()

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        if row >= len(self.codes):
            if row == 0:  # no code at all: say how to make one
                hint = _fit(" " + NO_CODES, width)
                return Strip([Segment(hint, base + self.get_component_rich_style("codes--hint"))], width)
            return Strip.blank(width, base)
        code = self.codes[row]
        is_cursor = row == self.cursor and self.has_focus
        key = (row, code, is_cursor, width, base)
        cached = self._rendered.get(key)
        if cached is not None:
            return cached
        style = base + self.get_component_rich_style("codes--cursor") if is_cursor else base
        counts = code.counts
        name_width = max(4, width - 6 - len(counts))  # " ■ k " before, " counts" after
        try:
            chip = Style(color=Color.parse(code.color).rich_color)
        except Exception:  # a colour edited by hand into something unreadable
            chip = Style()
        segments = [
            Segment(" ", style),
            Segment("■", style + chip),
            Segment(" ", style),
            Segment(code.key or " ", style + self.get_component_rich_style("codes--key")),
            Segment(" " + _fit(display_safe(code.name), name_width) + " ", style),
            Segment(counts, style + self.get_component_rich_style("codes--count")),
        ]
        strip = Strip(segments)
        if strip.cell_length != width:
            strip = strip.crop(0, width).extend_cell_length(width, style)
        self._rendered.set(key, strip)
        return strip
