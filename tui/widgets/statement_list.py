"""The statement list: a virtual list that shows 100,000 rows as fast as 5.

Only the rows on screen are rendered (``render_line``), so filling or filtering the
list costs a loop over statements, not a widget per row. Rows show the read mark,
speaker and affiliation, year/meeting, the number of highlights and the statement's
labels as colour chips.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

from annotations.model import Code, StatementSummary
from corpus.countries import country_of
from corpus.listing import Listing
from corpus.model import Statement
from corpus.safe_text import display_safe

from ..keys import LIST_BINDINGS
from ..list_filter import Filter, Haystacks
from .cursor_list import CursorList

# Metadata columns, in the order they are drawn, and the order they are kept in when
# the list is narrow (speaker and affiliation come before all of them).
META_COLUMNS = ("year", "meeting", "session", "speech")
KEEP_ORDER = ("meeting", "speech", "year", "session")
WHO_ROOM = 36  # at most: cells the speaker and affiliation keep before metadata columns


def _affiliation(value: str | None) -> str | None:
    """An affiliation as shown: a General Debate country code becomes its name."""
    return country_of(value) or value


_HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mme|M)\.?\s+(?=\S)")


def _describe(s: Statement) -> tuple[tuple[str, str], dict[str, str]]:
    """Left text (who: in full, and without the honorific for a narrow list) and the
    metadata cells (when/where) of a row."""
    speaker = display_safe(s.speaker or "")
    affiliation = display_safe(_affiliation(s.affiliation) or "")

    def join(name: str) -> str:
        return f"{name} · {affiliation}" if name and affiliation else (name or affiliation)

    who = join(speaker) or display_safe(s.id.rsplit("/", 1)[-1])
    short = join(_HONORIFIC.sub("", speaker, count=1)) or who
    return (who, short), meta_cells(s.meta)


def meta_cells(meta: dict) -> dict[str, str]:
    """The metadata columns of one statement, as drawn (``#46`` is never a session)."""
    cells: dict[str, str] = {}
    if meta.get("year"):
        cells["year"] = str(meta["year"])
    if meta.get("meeting"):
        meeting = str(meta["meeting"])
        cells["meeting"] = f"{meeting} R{meta['resumption']}" if meta.get("resumption") else meeting
    if meta.get("session"):
        cells["session"] = f"session {meta['session']}"
    if meta.get("speech"):
        cells["speech"] = f"#{meta['speech']}"
    return {k: display_safe(v) for k, v in cells.items()}


def columns_that_fit(varying: Iterable[str], widths: dict[str, int], room: int) -> list[str]:
    """The metadata columns to draw in ``room`` cells: those that vary between
    statements, the most telling first, in drawing order."""
    chosen: set[str] = set()
    used = 0
    for column in KEEP_ORDER:
        if column in varying and used + widths.get(column, 0) + 1 <= room:
            chosen.add(column)
            used += widths.get(column, 0) + 1
    return [c for c in META_COLUMNS if c in chosen]


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
        statements: Listing,
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
        self._describe_cache: dict[int, tuple[str, dict[str, str]]] = {}
        self._meta_columns: tuple[set[str], dict[str, int], int] | None = None  # varying columns, widths, who room
        self._annotation_room = 0
        self._rendered: OrderedDict[tuple, Strip] = OrderedDict()  # LRU of drawn rows

    # ------------------------------------------------------------------ data
    def set_annotations(self, summary: dict[str, StatementSummary], read: set[str], codes: dict[str, Code]) -> None:
        self.summary, self.read, self.codes = summary, read, codes
        # Room for the highlight count and label chips, so metadata columns stay aligned.
        room = 0
        for item in summary.values():
            width = (len(str(item.highlights)) + 1 if item.highlights else 0) + (1 + min(4, len(item.labels)) if item.labels else 0)
            room = max(room, width)
        self._annotation_room = room
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
        self._meta_columns = None
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
            # A General Debate country code is matched by its name too ("afghanistan").
            self._haystacks = Haystacks([
                f"{speaker or ''} {affiliation or ''} {country_of(affiliation) or ''} {sid} {spoke_in or ''}".casefold()
                for speaker, affiliation, sid, spoke_in in zip(
                    column("speaker"), column("affiliation"), column("id"), column("spoke_in"))
            ])
        return self._haystacks

    def _fields(self):
        """Speaker, affiliation and year of a row, for ``speaker:``/``affiliation:``/``year:``
        (the columns are taken once per filter, not per row)."""
        statements = self.statements
        speakers, affiliations = statements.column("speaker"), statements.column("affiliation")

        def fields(index: int) -> tuple[str | None, str | None, int | None]:
            year = statements.metadata_at(index).get("year")
            try:
                year = int(year) if year is not None else None
            except (TypeError, ValueError):
                year = None
            return speakers[index] or None, affiliations[index] or None, year

        return fields

    def apply_filter(self, query: str) -> int:
        """Show only statements matching ``query``; returns how many match."""
        keep = self.current.id if self.current else None
        flt = Filter.parse(query, self.codes)
        self.rows = flt.apply(self.statements.column("id"), self.haystacks(), self.summary, self.read, self._fields() if flt.metadata else None)
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
        self.move_cursor(row, announce=False, centre=True)
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

    def is_filter_key(self, key: str) -> bool:
        """Is ``key`` the list's filter key ("/", or what config.toml binds to it)?"""
        bindings = self._bindings.copy()
        if self.app._keymap:  # the [keys] table of config.toml, as Textual keeps it
            bindings.apply_keymap(self.app._keymap)
        return any(b.action == "filter" for b in bindings.key_to_bindings.get(key, ()))

    def on_focus(self) -> None:
        self._rendered.clear()

    def on_blur(self) -> None:
        self._rendered.clear()

    def notify_style_update(self) -> None:
        # The theme changed (or the CSS): every drawn row holds the old colours.
        self._rendered.clear()
        super().notify_style_update()

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

    def meta_columns(self) -> tuple[set[str], dict[str, int], int]:
        """Metadata columns that vary over the whole corpus (not the filter: columns stay
        put while filtering), their widths, and the room the speaker and affiliation
        keep before them (nine in ten sampled rows' width), from evenly spread samples."""
        if self._meta_columns is None:
            listing = self.statements
            is_listing = isinstance(listing, Listing)
            varying = listing.varying_metadata(META_COLUMNS) if is_listing else _varying(listing)
            widths: dict[str, int] = {}
            samples = listing.sample_indexes() if is_listing else range(len(listing))
            who_widths = []
            for i in samples:
                meta = listing.metadata_at(i) if is_listing else listing[i].meta
                for column, text in meta_cells(meta).items():
                    widths[column] = max(widths.get(column, 0), len(text))
                described = self._describe_cache.get(i)
                if described is None:
                    described = self._describe_cache[i] = _describe(listing[i])
                who_widths.append(cell_len(described[0][0]))
            who_widths.sort()
            typical = who_widths[min(len(who_widths) - 1, len(who_widths) * 9 // 10)] if who_widths else 0
            self._meta_columns = (varying, widths, min(WHO_ROOM, typical))
        return self._meta_columns

    def _render_row(self, index: int, statement: Statement, is_cursor: bool, width: int, base) -> Strip:
        described = self._describe_cache.get(index)
        if described is None:
            described = self._describe_cache[index] = _describe(statement)
        (who, short), cells = described
        varying, widths, who_room = self.meta_columns()
        shown = columns_that_fit(varying, widths, width - 2 - who_room - self._annotation_room)
        when = " ".join(cells.get(c, "").rjust(widths.get(c, 0)) for c in shown)
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
        if when.strip():
            right.append(Segment(f" {when} ", muted))
        elif right:
            right.append(Segment(" ", muted))
        right_width = sum(s.cell_length for s in right)
        left_width = max(1, width - 2 - right_width)
        if cell_len(who) > left_width:
            who = short if cell_len(short) <= left_width else set_cell_size(short, max(0, left_width - 1)) + "…"
        left = Strip([Segment(who, style)]).crop(0, left_width).extend_cell_length(left_width, style)
        return Strip([mark, *left, *right]).crop(0, width).extend_cell_length(width, style)


def _varying(statements) -> set[str]:
    """``Listing.varying_metadata`` for a plain list of statements."""
    metas = [s.meta for s in statements]
    return {k for k in META_COLUMNS if len({m.get(k) for m in metas}) > 1}
