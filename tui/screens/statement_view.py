"""What the main screen shows of the corpus and the store, and how it is redrawn.

``StatementView`` keeps the statement in the reader (its text and highlights), the read
marks and the reading position, and redraws the reader, the tag panel and the list's
counts from what the store says. It holds no annotation state the store does not have:
every redraw re-reads it. The screen owns one; the coding commands (``coding.py``)
call ``refresh_annotations`` after each store call.
"""

from __future__ import annotations

from textual.screen import Screen

from annotations.errors import AnnotationError
from annotations.history import Change
from annotations.model import Code, Highlight, StatementSummary, covering
from annotations.store import AnnotationStore
from corpus import Corpus, CorpusError
from corpus.model import StatementText
from corpus.wording import count

from ..widgets.reader import Reader
from ..widgets.reader_header import ReaderHeader
from ..widgets.statement_list import StatementList
from ..widgets.status_bar import StatusBar
from ..widgets.tag_panel import TagPanel


class StatementView:
    """The reader, tag panel, list counts and status line of one screen, kept in step
    with the store."""

    def __init__(self, screen: Screen[None], corpus: Corpus, store: AnnotationStore) -> None:
        self.screen = screen
        self.corpus = corpus
        self.store = store
        self.text: StatementText | None = None  # the statement in the reader
        self.highlights: list[Highlight] = []  # its highlights, as the store last said
        self.read: set[str] = set()  # statements opened at least once (the list's dots)
        self.position: tuple[str, int] | None = None  # statement and cursor, saved for the next start

    # The widgets exist once the screen is composed; looked up when used.
    @property
    def reader(self) -> Reader:
        return self.screen.query_one(Reader)

    @property
    def statement_list(self) -> StatementList:
        return self.screen.query_one(StatementList)

    @property
    def panel(self) -> TagPanel:
        return self.screen.query_one(TagPanel)

    @property
    def status(self) -> StatusBar:
        return self.screen.query_one(StatusBar)

    def say(self, message: str, error: bool = False) -> None:
        """The status line: ``error`` in the saved-state slot, where failures are said."""
        if error:
            self.status.set_saved(message, error=True)
        else:
            self.status.say(message)

    def codes(self) -> dict[str, Code]:
        return {c.id: c for c in self.store.codes()}

    # ------------------------------------------------------------------ redrawing
    def refresh_list(self) -> None:
        """The list's counts and marks (every statement): after a change or the summary."""
        self.report_damage()
        summary = self.store.summary() if self.store.summary_ready else {}
        self.statement_list.set_annotations(summary, self.read, self.codes())

    def report_damage(self) -> None:
        """Say which store files were found damaged (each once) and mark their statements."""
        from corpus.safe_text import display_safe

        found = self.store.take_damage()
        if not found:
            return
        self.statement_list.damaged |= self.store.damaged_statements(self.corpus.statements.column("id"))
        more = f" (and {len(found) - 1} more damaged files)" if len(found) > 1 else ""
        self.status.set_saved(display_safe(found[0].sentence()) + more, error=True)
        self.screen.app.notify(display_safe(found[0].sentence()) + more, title="Damaged annotation file", severity="error", timeout=20)

    def refresh_codes(self) -> None:
        """The tag panel's codes, with their counts here and in the whole corpus."""
        here: dict[str, int] = {}
        for h in self.highlights:
            for c in h.labels:
                here[c] = here.get(c, 0) + 1
        if self.text is not None:
            for c in self.store.marks(self.text.id).labels:
                here[c] = here.get(c, 0) + 1
        corpus_counts = self.store.code_counts() if self.store.summary_ready else None
        self.panel.show_codes(self.store.codes(), here, corpus_counts)

    def refresh_annotations(self, whole_list: bool = True) -> None:
        """Re-read the current statement's annotations and redraw what shows them."""
        codes = self.codes()
        if self.text is not None:
            self.highlights = self.store.highlights(self.text.id)
            self.reader.set_highlights(self.highlights, codes)
            self.panel.show_statement(self.store.marks(self.text.id), codes)
        self.refresh_codes()
        if whole_list:
            self.refresh_list()
        self.show_cursor_details()

    def show_cursor_details(self) -> None:
        """The highlights list (the one under the cursor marked) and the note shown."""
        under = self.highlight_under_cursor()
        self.panel.show_highlights(self.highlights, self.codes(), under.id if under else None)
        if under is not None:
            self.panel.show_note("NOTE · highlight", under.note)
        elif self.text is not None:
            self.panel.show_note("NOTE · statement", self.store.marks(self.text.id).note)
        else:
            self.panel.show_note("NOTE", "")

    def highlight_under_cursor(self) -> Highlight | None:
        if self.text is None:
            return None
        hits = covering(self.highlights, self.reader.cursor)
        return hits[0] if hits else None

    def install_summary(self, summary: dict[str, StatementSummary]) -> None:
        """The store's summary, built in the background: the counts appear."""
        self.store.install_summary(summary)
        self.refresh_list()
        self.refresh_codes()

    def show_find_status(self, query: str, hits: int, current: int) -> None:
        """Find in this statement (/): which hit the cursor is on."""
        if not query:
            self.status.say("")
        elif hits:
            self.status.say(f"“{query}”: hit {current} of {hits}  (. next, , previous)")
        else:
            self.status.say(f"“{query}”: not found in this statement")

    # ------------------------------------------------------------------ opening
    def starting_point(self) -> tuple[str, int, bool] | None:
        """Where to open at start, from the saved state: the statement and cursor saved
        last time (else the first statement), and whether the reader takes the focus (a
        position was saved). None for an empty corpus."""
        state = self.store.load_state()
        saved = state.get("statement")
        start = saved if isinstance(saved, str) and saved in self.corpus else None
        if start is None and len(self.corpus):
            start = self.corpus.statements[0].id
        if start is None:
            return None
        return start, int(state.get("cursor", 0) or 0), bool(saved)

    def open_and_select(self, statement_id: str, select: tuple[int, int] | None) -> None:
        """Open a statement from elsewhere (palette, search hit), move there, select a span."""
        self.statement_list.select_id(statement_id)
        self.open_statement(statement_id, cursor=select[0] if select else 0, focus_reader=True)
        if select:
            self.reader.select(*select)

    def go_to_highlight(self, highlight_id: str) -> None:
        """A highlight chosen in the tag panel: the reader's cursor on its start."""
        h = next((h for h in self.highlights if h.id == highlight_id), None)
        if h is not None:
            self.reader.clear_selection()
            self.reader.move_to(h.start)
            self.reader.focus()

    def after_history(self, change: Change | None) -> None:
        """Undo or redo changed the store: show the statement it changed (if it changed
        one other than this), and redraw."""
        if change is None:
            return
        touched = change.statements()
        if len(touched) == 1 and not (self.text is not None and self.text.id in touched):
            target = next(iter(touched))
            if target in self.corpus:
                self.statement_list.select_id(target)
                self.open_statement(target)
        self.refresh_annotations()

    def open_statement(self, statement_id: str, cursor: int = 0, focus_reader: bool = False) -> None:
        """Show a statement in the reader (and mark it read)."""
        try:
            statement = self.corpus.get(statement_id)
        except CorpusError as exc:
            self.status.say(str(exc))
            return
        self.screen.query_one(ReaderHeader).show(statement)
        try:
            text = self.corpus.text(statement_id)
        except CorpusError as exc:
            self.text, self.highlights = None, []
            self.reader.show(None, "", message=str(exc))
            self.status.say(str(exc))
            return
        self.text = text
        try:
            self.highlights = self.store.sync_text(text)  # invariant 2: re-anchored on the text shown
        except AnnotationError as exc:
            self.highlights = self.store.highlights(statement_id)
            self.status.set_saved(str(exc), error=True)
        if self.store.damage:
            self.report_damage()
            self.statement_list.refresh_statement(statement_id)
        self.reader.show(statement_id, text.reading_text, cursor)
        self.refresh_annotations(whole_list=False)  # opening changes no count in the list
        if statement_id not in self.read:
            self.read.add(statement_id)
            try:
                self.store.mark_read(statement_id)
            except AnnotationError as exc:
                self.status.set_saved(str(exc), error=True)
            self.statement_list.refresh_statement(statement_id)
        self.position = (statement_id, self.reader.cursor)
        if focus_reader:
            self.screen.set_focus(self.reader)

    def is_open(self, statement_id: str) -> bool:
        return self.text is not None and self.text.id == statement_id

    def save_position(self) -> None:
        """Remember the statement and cursor for the next start (``state.json``)."""
        if self.position is not None:
            statement_id, cursor = self.position
            try:
                self.store.save_state({"statement": statement_id, "cursor": cursor})
            except AnnotationError as exc:
                if self.screen.is_mounted:
                    self.status.set_saved(str(exc), error=True)

    def show_new_listing(self, filter_query: str) -> None:
        """The folder changed since the cached list: show the new list, same cursor and filter."""
        statement_list = self.statement_list
        keep = statement_list.current.id if statement_list.current else None
        statement_list.set_statements(self.corpus.statements)
        statement_list.apply_filter(filter_query)
        if keep:
            statement_list.select_id(keep)
        if self.text is not None and self.text.id in self.corpus:
            self.screen.query_one(ReaderHeader).show(self.corpus.get(self.text.id))  # speaker now known
        self.refresh_list()
        self.status.say(f"corpus re-checked: {count(len(self.corpus), 'statement')}")
