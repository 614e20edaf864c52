"""Search results as keyword-in-context rows: a virtual list with marks."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip

from corpus.countries import country_of
from corpus.model import Statement
from corpus.safe_text import display_safe
from corpus.search import CONTEXT, Hit

from .cursor_list import CursorList
from .statement_list import _HONORIFIC

WHO_MAX = 60  # cells at most for the speaker and affiliation, however wide the screen


class HitList(CursorList):
    """One row per hit: mark, who, and the hit centred in its context."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("enter", "open", "Open hit"),
        Binding("space", "mark", "Mark"),
        Binding("a", "mark_all", "Mark all/none"),
    ]
    COMPONENT_CLASSES = {"hits--cursor", "hits--match", "hits--muted", "hits--mark"}
    DEFAULT_CSS = """
    HitList { background: $surface; }
    HitList > .hits--cursor { background: $accent 40%; }
    HitList:focus > .hits--cursor { background: $accent; }
    HitList > .hits--match { text-style: bold; color: $warning; }
    HitList > .hits--muted { color: $text-muted; }
    HitList > .hits--mark { color: $success; text-style: bold; }
    """

    @dataclass
    class Opened(Message):
        hit: Hit

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: list[Hit] = []
        self.who: list[str] = []
        self.short_who: list[str] = []  # the same without the honorific
        self.marked: set[int] = set()
        self._longest_who = 0

    def show(
        self, hits: list[Hit], statements: dict[str, Statement],
        marked: Collection[int] = (), cursor: int = 0, top: int | None = None,
    ) -> None:
        """Show these hits (``marked``, ``cursor`` and ``top`` row: as they were, when shown again)."""
        self.hits = hits
        self.who = []
        self.short_who = []
        for h in hits:
            s = statements.get(h.statement)
            # A General Debate country code (KAZ) is named, as the statement list names it.
            affiliation = (country_of(s.affiliation) or s.affiliation) if s and s.affiliation else None
            who = (s.speaker or affiliation or h.statement) if s else h.statement
            short = who
            if s and affiliation and s.speaker:
                who = f"{s.speaker} · {affiliation}"
                short = f"{_HONORIFIC.sub('', s.speaker, count=1)} · {affiliation}"  # for a narrow column
            self.who.append(display_safe(who))
            self.short_who.append(display_safe(short))
        self._longest_who = max((cell_len(w) for w in self.who), default=0)
        self.marked = {i for i in marked if i < len(hits)}
        self.reset_rows(cursor)
        if top is not None and top <= self.cursor:
            self.top = top  # before the first layout the cursor alone would be its top row

    def who_width(self, width: int) -> int:
        """Cells of the speaker column in a row ``width`` cells wide: as wide as the
        longest speaker · affiliation of these hits, up to a quarter of the row, or on a
        wide screen what the context (CONTEXT characters each side) leaves, at most WHO_MAX."""
        room = max(10, width // 4, min(WHO_MAX, width - 4 - 2 * CONTEXT - 12))
        return max(6, min(room, self._longest_who + 1))

    @property
    def chosen(self) -> list[Hit]:
        """The marked hits, or every hit when none is marked."""
        if self.marked:
            return [self.hits[i] for i in sorted(self.marked)]
        return list(self.hits)

    def row_count(self) -> int:
        return len(self.hits)

    def action_open(self) -> None:
        if self.hits:
            self.post_message(self.Opened(self.hits[self.cursor]))

    def action_mark(self) -> None:
        if self.hits:
            self.marked ^= {self.cursor}
            self.refresh()
            self.action_cursor(1)

    def action_mark_all(self) -> None:
        self.marked = set() if len(self.marked) == len(self.hits) else set(range(len(self.hits)))
        self.refresh()

    def render_row(self, row: int, width: int, base: Style) -> Strip:
        if row >= len(self.hits):
            return Strip.blank(width, base)
        hit = self.hits[row]
        style = base + self.get_component_rich_style("hits--cursor") if row == self.cursor else base
        muted = style + self.get_component_rich_style("hits--muted")
        who_width = self.who_width(width)
        label = self.who[row]
        if cell_len(label) > who_width:
            label = self.short_who[row]  # "Polyanskiy · Russi…" tells more than "Mr. Polyanskiy · …"
        if cell_len(label) > who_width:
            label = set_cell_size(label, who_width - 2) + "… "
        who = Strip([Segment(label, muted)]).crop(0, who_width).extend_cell_length(who_width, muted)
        mark = Segment("✓ " if row in self.marked else "  ", style + self.get_component_rich_style("hits--mark"))
        # The left context is at most CONTEXT characters: more room would only be blanks.
        left_width = max(10, min(CONTEXT, (width - who_width - 4 - len(hit.match)) // 2))
        left = hit.left[-left_width:].rjust(left_width)
        segments = [mark, *who, Segment(" ", style), Segment(left, style),
                    Segment(hit.match, style + self.get_component_rich_style("hits--match")), Segment(hit.right, style)]
        return Strip(segments).crop(0, width).extend_cell_length(width, style)
