"""The main screen: statement list | reader | tag panel, and the coding actions.

Widgets post messages; this screen turns them into store commands and refreshes the
views from what the store then says. It holds no annotation state of its own.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input

from annotations.errors import AnnotationError
from annotations.model import Highlight, covering
from annotations.store import AnnotationStore
from corpus import Corpus, CorpusError
from corpus.model import StatementText

from ..keys import SCREEN_BINDINGS
from ..widgets.inputs import steady_input
from ..widgets.reader import Reader
from ..widgets.reader_header import ReaderHeader
from ..widgets.statement_list import StatementList
from ..widgets.status_bar import StatusBar
from ..widgets.tag_panel import TagPanel
from .background import BackgroundWork

# Statements next to the list cursor whose texts and annotations are loaded ahead, in a
# worker thread: moving onto them then never waits for the disk (a cold page cache).
PREFETCH_AHEAD = 16
PREPARE_AFTER = 0.05  # seconds after a list move (its frame written) before drawing its neighbours
PREFETCH_BEHIND = 4


class MainScreen(BackgroundWork, Screen[None]):
    """Read and code."""

    BINDINGS = SCREEN_BINDINGS
    # Below 72 columns the three panes cannot all be read: the tag panel steps aside
    # (f3 brings it back), so the list and the reader keep their room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-normal")]

    def __init__(self, corpus: Corpus, store: AnnotationStore, store_label: str, readonly_reason: str | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.store = store
        self.store_label = store_label
        self.readonly_reason = readonly_reason
        self.text: StatementText | None = None
        self.highlights: list[Highlight] = []
        self.pending_statement_label = False
        self._read: set[str] = set()
        self._save_timer = None
        self._position: tuple[str, int] | None = None
        self._prefetched: set[str] = set()
        self._prepare_timer: Timer | None = None

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="¶")
        with Horizontal(id="panes"):
            with Vertical(id="list-pane"):
                # No select-all on focus: typing from the list moves the focus here, and a
                # selection made then would make the next key (or Backspace) replace it all.
                yield steady_input(placeholder="filter: speaker, country, id · code:… · is:unread", id="filter", select_on_focus=False)
                yield StatementList(
                    self.corpus.statements, id="list",
                    follow=self.follow_statement, open_=self.open_from_list, type_=self.start_filter,
                )
            with Vertical(id="reader-pane"):
                yield ReaderHeader(id="reader-header")
                yield Reader(id="reader")
                yield steady_input(placeholder="find in statement (enter; . next, , previous)", id="search")
            yield TagPanel(id="panel")
        yield StatusBar(self.store_label, self.store.coder, id="status")
        yield Footer()

    @property
    def reader(self) -> Reader:
        return self.query_one(Reader)

    @property
    def statement_list(self) -> StatementList:
        return self.query_one(StatementList)

    @property
    def panel(self) -> TagPanel:
        return self.query_one(TagPanel)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        if self.corpus.index is not None:  # a damaged cache, moved aside and rebuilt: said here
            for notice in self.corpus.index.take_notices():
                self._cache_notice(notice)
            self.corpus.index.on_notice = self._cache_notice
        self._read = self.store.read_ids()
        if self.store.summary_ready:
            self.refresh_list()
        else:
            # Counts appear when it is done; started once the first frame is drawn, so its
            # helper process does not compete with drawing it.
            self.call_after_refresh(self._build_summary)
        self.refresh_codes()
        if self.readonly_reason:
            self.status.set_saved("read-only: " + self.readonly_reason, error=True)
        state = self.store.load_state()
        start = state.get("statement") if state.get("statement") in self.corpus else None
        if start is None and len(self.corpus):
            start = self.corpus.statements[0].id
        self.statement_list.focus()
        if start is not None:
            self.statement_list.select_id(start)
            self.reader.empty_message = "Loading…"
            self._load_first(start, int(state.get("cursor", 0) or 0), bool(state.get("statement")))

    # ------------------------------------------------------------------ views
    def refresh_list(self) -> None:
        self.report_damage()
        codes = {c.id: c for c in self.store.codes()}
        summary = self.store.summary() if self.store.summary_ready else {}
        self.statement_list.set_annotations(summary, self._read, codes)

    def _cache_notice(self, message: str) -> None:
        """Shown from whichever thread met the damage."""
        def show() -> None:
            self.status.say(message)
            self.app.notify(message, title="Index cache", severity="warning", timeout=15)

        try:
            self.app.call_from_thread(show)
        except RuntimeError:  # already on the app's thread
            show()

    def report_damage(self) -> None:
        """Say which store files were found damaged (each once) and mark their statements."""
        from corpus.safe_text import display_safe

        found = self.store.take_damage()
        if not found:
            return
        self.statement_list.damaged |= self.store.damaged_statements(self.corpus.statements.column("id"))
        more = f" (and {len(found) - 1} more damaged files)" if len(found) > 1 else ""
        self.status.set_saved(display_safe(found[0].sentence()) + more, error=True)
        self.app.notify(display_safe(found[0].sentence()) + more, title="Damaged annotation file", severity="error", timeout=20)

    def refresh_codes(self) -> None:
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
        codes = {c.id: c for c in self.store.codes()}
        if self.text is not None:
            self.highlights = self.store.highlights(self.text.id)
            self.reader.set_highlights(self.highlights, codes)
            self.panel.show_statement(self.store.marks(self.text.id), codes)
        self.refresh_codes()
        if whole_list:
            self.refresh_list()
        self._show_cursor_details(self.reader.cursor)

    def _show_cursor_details(self, offset: int) -> None:
        codes = {c.id: c for c in self.store.codes()}
        under = self.highlight_under_cursor()
        self.panel.show_highlights(self.highlights, codes, under.id if under else None)
        if under is not None:
            self.panel.show_note("NOTE · highlight", under.note)
        elif self.text is not None:
            self.panel.show_note("NOTE · statement", self.store.marks(self.text.id).note)
        else:
            self.panel.show_note("NOTE", "")

    def open_statement(self, statement_id: str, cursor: int = 0, focus_reader: bool = False) -> None:
        """Show a statement in the reader (and mark it read)."""
        try:
            statement = self.corpus.get(statement_id)
        except CorpusError as exc:
            self.status.say(str(exc))
            return
        self.query_one(ReaderHeader).show(statement)
        try:
            text = self.corpus.text(statement_id)
        except CorpusError as exc:
            self.text, self.highlights = None, []
            self.reader.show(None, "", message=str(exc))
            self.status.say(str(exc))
            return
        self.text = text
        try:
            self.highlights = self.store.sync_text(text)
        except AnnotationError as exc:
            self.highlights = self.store.highlights(statement_id)
            self.status.set_saved(str(exc), error=True)
        if self.store.damage:
            self.report_damage()
            self.statement_list.refresh_statement(statement_id)
        self.reader.show(statement_id, text.reading_text, cursor)
        self.refresh_annotations(whole_list=False)  # opening changes no count in the list
        if statement_id not in self._read:
            self._read.add(statement_id)
            try:
                self.store.mark_read(statement_id)
            except AnnotationError as exc:
                self.status.set_saved(str(exc), error=True)
            self.statement_list.refresh_statement(statement_id)
        self._position = (statement_id, self.reader.cursor)
        if focus_reader:
            self.set_focus(self.reader)

    def save_position(self) -> None:
        if self._position is not None:
            statement_id, cursor = self._position
            try:
                self.store.save_state({"statement": statement_id, "cursor": cursor})
            except AnnotationError as exc:
                if self.is_mounted:
                    self.status.set_saved(str(exc), error=True)

    # ------------------------------------------------------------------ messages
    def follow_statement(self, statement_id: str) -> None:
        """The list cursor moved: show that statement (called in the same frame)."""
        if self.text is None or statement_id != self.text.id:
            self.open_statement(statement_id)
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.set_timer(PREPARE_AFTER, self._prepare_neighbours)
        probe = self.statement_list.id_ahead(PREFETCH_AHEAD // 2)
        if probe is not None and probe not in self._prefetched:
            # In batches, not on every key: a worker per key press cost more than it saved.
            around = self.statement_list.ids_around(ahead=PREFETCH_AHEAD, behind=PREFETCH_BEHIND)
            self._prefetched = set(around) | {probe}
            self._prefetch(around)

    def _prepare_neighbours(self) -> None:
        """Between key presses: draw the statements above and below the list cursor in
        the reader, off screen, so moving onto one only swaps rows already drawn.
        Only texts already in memory are used (the prefetch loads them); a statement
        whose text is not there yet is simply opened the ordinary way."""
        self._prepare_timer = None
        codes = {c.id: c for c in self.store.codes()}
        for step in (1, -1):
            statement_id = self.statement_list.id_ahead(step)
            if statement_id is None or (self.text is not None and statement_id == self.text.id):
                continue
            text = self.corpus.loaded_text(statement_id)
            if text is None:
                continue
            try:
                highlights = self.store.highlights(statement_id)
            except AnnotationError:
                continue
            self.reader.prepare(statement_id, text.reading_text, highlights, codes)

    def open_from_list(self, statement_id: str) -> None:
        """Enter in the list: show the statement and move to the reader at once."""
        if self.text is None or statement_id != self.text.id:
            self.open_statement(statement_id)
        self.set_focus(self.reader)  # now, not after the keys already typed

    def start_filter(self, text: str) -> None:
        """Typing in the list starts the filter; focus moves now so fast typing follows."""
        box = self.query_one("#filter", Input)
        self.set_focus(box)
        if text:
            box.insert_text_at_cursor(text)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        from corpus.query_syntax import LIST_FILTERS, tokenize, unknown_state
        from corpus.wording import count

        n = self.statement_list.apply_filter(event.value)
        # is:foo keeps nothing: say why instead of the count (0), short enough for 80 columns
        problem = unknown_state(tokenize(event.value, LIST_FILTERS), short=True)
        shown = f"{n:,} of {count(len(self.corpus), 'statement')}" if event.value.strip() else ""
        self.status.say(problem or shown)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.statement_list.focus()
        current = self.statement_list.current
        if current is not None and (self.text is None or current.id != self.text.id):
            self.open_statement(current.id)

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        self.reader.set_search(event.value)
        self.reader.focus()

    @on(Reader.CursorMoved)
    def _cursor_moved(self, event: Reader.CursorMoved) -> None:
        self._show_cursor_details(event.offset)
        if self.text is not None:
            self._position = (self.text.id, event.offset)
        # Remember the position a moment after the cursor stops (not on every key).
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.0, self.save_position)

    def on_unmount(self) -> None:
        self.save_position()

    @on(Reader.SearchStatus)
    def _search_status(self, event: Reader.SearchStatus) -> None:
        if not event.query:
            self.status.say("")
        elif event.hits:
            self.status.say(f"“{event.query}”: hit {event.current} of {event.hits}  (. next, , previous)")
        else:
            self.status.say(f"“{event.query}”: not found in this statement")

    @on(TagPanel.CodeChosen)
    def _code_chosen(self, event: TagPanel.CodeChosen) -> None:
        self.apply_code_id(event.code_id)

    @on(TagPanel.HighlightChosen)
    def _highlight_chosen(self, event: TagPanel.HighlightChosen) -> None:
        h = next((h for h in self.highlights if h.id == event.highlight_id), None)
        if h is not None:
            self.reader.clear_selection()
            self.reader.move_to(h.start)
            self.reader.focus()

    # ------------------------------------------------------------------ coding
    def _writable(self) -> bool:
        if self.readonly_reason:
            self.status.say("The store is read-only: " + self.readonly_reason)
            self.app.bell()
            return False
        if self.text is None:
            self.status.say("Open a statement first.")
            return False
        return True

    def _do(self, description: str, operation, *args, **kwargs):
        """Run a store command; report the result in the status line."""
        try:
            result = operation(*args, **kwargs)
        except AnnotationError as exc:
            self.status.set_saved(str(exc), error=True)
            self.app.bell()
            return None
        self.status.set_saved("all changes saved")
        self.status.say(description)
        self.refresh_annotations()
        return result

    def highlight_under_cursor(self) -> Highlight | None:
        if self.text is None:
            return None
        hits = covering(self.highlights, self.reader.cursor)
        return hits[0] if hits else None

    def apply_code_id(self, code_id: str) -> None:
        """Apply a code: to the selection (new highlight), else toggle it under the cursor."""
        if not self._writable():
            return
        assert self.text is not None
        code = self.store.code(code_id)
        if code is None:
            return
        if self.pending_statement_label:
            self.pending_statement_label = False
            self._do(f"statement label {code.name} toggled", self.store.toggle_statement_label, self.text.id, code_id)
            return
        selection = self.reader.selection
        if selection is not None:
            from annotations.settings import load_config

            from ..word_snap import coded_span  # whole words unless selection = "exact"

            start, end = coded_span(self.text.reading_text, *selection, load_config().get("selection"))
            if self._do(f"highlighted with {code.name}", self.store.add_highlight, self.text, start, end, [code_id]):
                self.reader.clear_selection()
            return
        under = self.highlight_under_cursor()
        if under is not None:
            had = code_id in under.labels
            self._do(f"{'removed' if had else 'added'} {code.name}", self.store.toggle_highlight_label, self.text.id, under.id, code_id)
            return
        self.status.say("Select a passage first (v, shift+arrows or drag), or put the cursor on a highlight.")

    def action_apply_code(self, key: str) -> None:
        code = self.store.code_by_key(key)
        if code is None:
            self.pending_statement_label = False
            self.status.say(f"No code has key {key}: press c to pick or create one, ctrl+k for the codebook.")
            return
        self.apply_code_id(code.id)

    @work
    async def action_pick_code(self) -> None:
        if not self._writable():
            return
        from .code_picker import CodePicker, PickResult  # screens used later load later: start-up stays fast

        picked: PickResult | None = await self.app.push_screen_wait(CodePicker(self.store.codes()))
        if picked is None:
            self.pending_statement_label = False
            return
        code_id = picked.code_id
        if picked.create:
            from annotations.codebook import next_free_key

            key = next_free_key(self.store.codes())
            code = self._do(f"created code {picked.create}" + (f" (key {key})" if key else ""),
                            self.store.add_code, picked.create, key=key)
            code_id = code.id if code else None
        if code_id:
            self.apply_code_id(code_id)

    def action_statement_label_mode(self) -> None:
        if self._writable():
            self.pending_statement_label = True
            self.status.say("Press a code key (1-9) or c to label the whole statement; escape cancels.")

    @work
    async def action_edit_note(self) -> None:
        if not self._writable():
            return
        assert self.text is not None
        from .note_editor import NoteEditor

        under = self.highlight_under_cursor()
        if under is not None:
            quote = under.quote if len(under.quote) < 200 else under.quote[:199] + "…"
            note = await self.app.push_screen_wait(NoteEditor("Note on the highlight", under.note, f"“{quote}”"))
            if note is not None and note != under.note:
                self._do("note saved", self.store.set_highlight_note, self.text.id, under.id, note)
        else:
            marks = self.store.marks(self.text.id)
            note = await self.app.push_screen_wait(NoteEditor(f"Note on the statement {self.text.id}", marks.note))
            if note is not None and note != marks.note:
                self._do("statement note saved", self.store.set_statement_note, self.text.id, note)
        self.reader.focus()

    def action_delete_highlight(self) -> None:
        if not self._writable():
            return
        assert self.text is not None
        under = self.highlight_under_cursor()
        if under is None:
            self.status.say("No highlight under the cursor.")
            return
        self._do("highlight deleted (u undoes)", self.store.delete_highlight, self.text.id, under.id)

    def _jump_highlight(self, forward: bool) -> None:
        cursor = self.reader.cursor
        ordered = sorted((h for h in self.highlights if h.status != "orphaned"), key=lambda h: h.start)
        if forward:
            target = next((h for h in ordered if h.start > cursor), None)
        else:
            target = next((h for h in reversed(ordered) if h.start < cursor), None)
        if target is None:
            self.status.say("No more highlights in this statement.")
            return
        self.reader.clear_selection()
        self.reader.move_to(target.start)

    def action_next_highlight(self) -> None:
        self._jump_highlight(True)

    def action_previous_highlight(self) -> None:
        self._jump_highlight(False)

    def action_toggle_wide(self) -> None:
        wide = not (self.has_class("hide-list") and self.has_class("hide-panel"))
        self.set_class(wide, "hide-list")
        self.set_class(wide, "hide-panel")
        if wide:
            self.reader.focus()

    def action_toggle_list(self) -> None:
        self.toggle_class("hide-list")

    def action_toggle_panel(self) -> None:
        self.toggle_class("show-panel" if self.has_class("-narrow") else "hide-panel")

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.add_class("visible")
        box.focus()

    def action_codebook(self) -> None:
        from .codebook import CodebookScreen

        self.app.push_screen(CodebookScreen(self.store), lambda _: self.refresh_annotations())

    def action_cancel(self) -> None:
        self.pending_statement_label = False
        search = self.query_one("#search", Input)
        if search.has_class("visible"):
            search.remove_class("visible")
            self.reader.set_search("")
        self.reader.clear_selection()
        if self.focused is not None and self.focused.id == "filter":
            self.statement_list.focus()
        elif self.focused is self.statement_list and self.query_one("#filter", Input).value:
            self.query_one("#filter", Input).value = ""  # escape in a filtered list ends the filter
        self.status.say("")

    def show_message(self, message: str, error: bool = False) -> None:
        if error:
            self.status.set_saved(message, error=True)
        else:
            self.status.say(message)

    def describe_undo(self, verb: str, description: str | None) -> str:
        """Say what undo or redo did on the status line; returns the sentence."""
        message = f"Nothing to {'undo' if verb == 'Undid' else 'redo'}." if description is None else f"{verb}: {description}"
        self.status.say(message)
        return message
