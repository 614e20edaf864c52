"""The statement list: a virtual list that shows 100,000 rows as fast as 5.

Only the rows on screen are rendered (``render_line``), so filling or filtering the
list costs a loop over statements, not a widget per row. Rows show the read mark,
speaker and affiliation, year/meeting, the number of highlights and the statement's
labels as colour chips.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from annotations.model import Code, StatementSummary
from corpus.listing import Listing
from corpus.model import Statement

from ..keys import LIST_BINDINGS
from ..list_filter import Filter, Haystacks
from .cursor_list import CursorList


def _describe(s: Statement) -> tuple[str, str]:
    """Left text (who) and right text (when/where) of a row."""
    who = s.speaker or ""
    if s.affiliation:
        who = f"{who} · {s.affiliation}" if who else s.affiliation
    if not who:
        who = s.id.rsplit("/", 1)[-1]
    meta = s.meta
    when = " ".join(str(x) for x in (meta.get("year"), meta.get("meeting") or (f"#{meta['session']}" if meta.get("session") else None)) if x)
    if meta.get("speech"):
        when += f" #{meta['speech']}"
    return who, when


class StatementList(CursorList):
    """All statements (filtered), one row each."""

    BINDINGS = LIST_BINDINGS
    COMPONENT_CLASSES = {"list--cursor", "list--unread", "list--muted", "list--count"}
    DEFAULT_CSS = """
    StatementList { background: $panel; }
    StatementList > .list--cursor { background: $accent 40%; text-style: bold; }
    StatementList:focus > .list--cursor { background: $accent; color: $text; }
    StatementList > .list--unread { color: $accent; }
    StatementList > .list--muted { color: $text-muted; }
    StatementList > .list--count { color: $warning; }
    """

    def __init__(
        self,
        statements: list[Statement],
        *,
        follow: Callable[[str], None],
        open_: Callable[[str], None],
        type_: Callable[[str], None],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        # Callbacks, not messages: a message is handled after this key's frame (a second
        # redraw per key) and after keys already queued, so "enter v e" typed fast would
        # reach the list before the reader has focus. ``follow``: the cursor moved;
        # ``open_``: enter or a double click; ``type_``: start the filter with this text.
        self.follow = follow
        self.open_ = open_
        self.type_ = type_
        self.statements = statements
        self.rows: list[int] = list(range(len(statements)))
        self.summary: dict[str, StatementSummary] = {}
        self.read: set[str] = set()
        self.codes: dict[str, Code] = {}
        self.damaged: set[str] = set()  # statements whose annotation file was damaged: "!"
        self._haystacks: Haystacks | None = None
        self._describe_cache: dict[int, tuple[str, str]] = {}
        self._rendered: OrderedDict[tuple, Strip] = OrderedDict()  # LRU of drawn rows

    # ------------------------------------------------------------------ data
    def set_annotations(self, summary: dict[str, StatementSummary], read: set[str], codes: dict[str, Code]) -> None:
        self.summary, self.read, self.codes = summary, read, codes
        self._rendered.clear()
        self.refresh()

    def refresh_statement(self, statement_id: str) -> None:
        """Redraw one statement's row (its read mark or counts changed)."""
        for key in [k for k in self._rendered if k[1] == statement_id]:
            del self._rendered[key]
        top = self.top
        for row in range(top, min(len(self.rows), top + self.page_height)):
            if self.statements[self.rows[row]].id == statement_id:
                self.refresh_line(row - top)

    def set_statements(self, statements: Listing) -> None:
        """A new corpus listing (the folder changed)."""
        self.statements = statements
        self._rendered.clear()
        self._haystacks = None
        self._describe_cache.clear()
        self.rows = list(range(len(statements)))
        self.reset_rows(self.cursor)

    @property
    def current(self) -> Statement | None:
        if not self.rows:
            return None
        return self.statements[self.rows[self.cursor]]

    def haystacks(self) -> Haystacks:
        if self._haystacks is None:
            # From the listing's columns: no Statement object is built for this.
            column = self.statements.column
            self._haystacks = Haystacks([
                f"{speaker or ''} {affiliation or ''} {sid} {spoke_in or ''}".casefold()
                for speaker, affiliation, sid, spoke_in in zip(
                    column("speaker"), column("affiliation"), column("id"), column("spoke_in"))
            ])
        return self._haystacks

    def apply_filter(self, query: str) -> int:
        """Show only statements matching ``query``; returns how many match."""
        keep = self.current.id if self.current else None
        flt = Filter.parse(query, self.codes)
        self.rows = flt.apply(self.statements.column("id"), self.haystacks(), self.summary, self.read)
        self.reset_rows((self._row_of(keep) or 0) if keep is not None else 0, centre=True)
        return len(self.rows)

    def id_ahead(self, step: int) -> str | None:
        """The id ``step`` rows after the cursor (``step`` < 0: before; clamped to the list)."""
        if not self.rows:
            return None
        return self.statements.id_at(self.rows[max(0, min(self.cursor + step, len(self.rows) - 1))])

    def ids_around(self, ahead: int, behind: int) -> list[str]:
        """Ids of the statements listed just after the cursor, then just before it."""
        rows = self.rows[self.cursor + 1 : self.cursor + 1 + ahead] + self.rows[max(0, self.cursor - behind) : self.cursor][::-1]
        return [self.statements.id_at(index) for index in rows]

    def _row_of(self, statement_id: str) -> int | None:
        """The row showing this statement, if it passes the filter (rows are in list order)."""
        index = self.statements.index_of(statement_id)
        if index is None:
            return None
        row = bisect_left(self.rows, index)
        return row if row < len(self.rows) and self.rows[row] == index else None

    def select_id(self, statement_id: str) -> bool:
        row = self._row_of(statement_id)
        if row is None:
            return False
        self.move_cursor(row, announce=False)
        return True

    # ------------------------------------------------------------------ movement
    def row_count(self) -> int:
        return len(self.rows)

    def cursor_moved(self) -> None:
        if self.current is not None:
            self.follow(self.current.id)

    def action_open(self) -> None:
        if self.current is not None:
            self.open_(self.current.id)

    def action_filter(self) -> None:
        self.type_("")

    def type_to_filter(self, character: str) -> None:
        """A printable key no binding wanted, typed while the list has focus."""
        self.type_(character)

    def on_focus(self) -> None:
        self._rendered.clear()

    def on_blur(self) -> None:
        self._rendered.clear()

    # ------------------------------------------------------------------ rendering
    def render_row(self, row: int, width: int, base: Style) -> Strip:
        if row >= len(self.rows):
            if row == 0:
                return Strip([Segment(" No statement matches the filter.", base + self.get_component_rich_style("list--muted"))]).extend_cell_length(width, base)
            return Strip.blank(width, base)
        index = self.rows[row]
        statement = self.statements[index]
        key = (index, statement.id, row == self.cursor, self.has_focus, width)
        cached = self._rendered.get(key)
        if cached is not None:
            return cached
        strip = self._render_row(index, statement, row == self.cursor, width, base)
        self._rendered[key] = strip
        if len(self._rendered) > 400:
            self._rendered.popitem(last=False)
        return strip

    def _render_row(self, index: int, statement: Statement, is_cursor: bool, width: int, base) -> Strip:
        described = self._describe_cache.get(index)
        if described is None:
            described = self._describe_cache[index] = _describe(statement)
        who, when = described
        style = base + self.get_component_rich_style("list--cursor") if is_cursor else base
        muted = style + self.get_component_rich_style("list--muted")
        summary = self.summary.get(statement.id)
        unread = statement.id not in self.read
        mark = Segment("• " if unread else "  ", style + self.get_component_rich_style("list--unread") if unread else style)
        if statement.id in self.damaged:
            mark = Segment("! ", style + self.get_component_rich_style("list--count"))
        right: list[Segment] = []
        if summary is not None:
            if summary.highlights:
                right.append(Segment(f" {summary.highlights}", style + self.get_component_rich_style("list--count")))
            chips = [self.codes[c].color for c in summary.labels if c in self.codes][:4]
            if chips:
                right.append(Segment(" ", style))
                for color in chips:
                    right.append(Segment("■", style + Style(color=Color.parse(color).rich_color)))
        right.append(Segment(f" {when} " if when else " ", muted))
        right_width = sum(s.cell_length for s in right)
        left_width = max(1, width - 2 - right_width)
        left = Strip([Segment(who, style)]).crop(0, left_width).extend_cell_length(left_width, style)
        return Strip([mark, *left, *right]).crop(0, width).extend_cell_length(width, style)
