"""The main screen: statement list | reader | tag panel.

This module holds the layout, the screen's own keys and the message handlers. What it
shows is kept by ``StatementView`` (``statement_view.py``); the coding commands a key
runs are in ``coding.py``; the work off the UI thread is in ``background.py``, whose
workers post messages (``tui.messages``) handled here. The app never reaches into this
screen: it posts messages (``Notice``, ``HistoryStepped``, ``OpenStatement``,
``SetFilter``, ``AnnotationsChanged``) and calls two documented methods,
``filter_typing`` and ``save_position``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input

from annotations.model import Highlight
from annotations.store import AnnotationStore
from corpus import Corpus
from corpus.model import StatementText
from corpus.wording import count

from .. import messages
from ..heap import settle_heap
from ..keys import SCREEN_BINDINGS
from ..widgets.inputs import steady_input
from ..widgets.reader import Reader
from ..widgets.reader_header import ReaderHeader
from ..widgets.statement_list import StatementList
from ..widgets.status_bar import StatusBar
from ..widgets.tag_panel import TagPanel
from . import background
from .background import LaunchOptions
from .coding import Coding
from .filter_box import FilterBox
from .read_ahead import ReadAhead
from .statement_view import StatementView


class MainScreen(Screen[None]):
    """Read and code."""

    BINDINGS: ClassVar[list[BindingType]] = [*SCREEN_BINDINGS]
    # Below 72 columns the three panes cannot all be read: the tag panel steps aside
    # (f3 brings it back), so the list and the reader keep their room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (72, "-normal")]

    def __init__(
        self, corpus: Corpus, store: AnnotationStore, store_label: str, readonly_reason: str | None = None,
        options: LaunchOptions | None = None,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.store = store
        self.store_label = store_label
        self.readonly_reason = readonly_reason
        self.options = options or LaunchOptions()
        self.view = StatementView(self, corpus, store)
        self.coding = Coding(self.view, store, readonly_reason, bell=lambda: self.app.bell())
        self.filter = FilterBox(self, self.view)
        self.read_ahead = ReadAhead(self, self.view, corpus, store, self._start)
        self._save_timer: Timer | None = None

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
                    follow=self.read_ahead.follow, open_=self.open_from_list, type_=self.filter.start,
                )
            with Vertical(id="reader-pane"):
                yield ReaderHeader(id="reader-header")
                yield Reader(id="reader")
                yield steady_input(placeholder="find in statement (enter; . next, , previous)", id="search")
            yield TagPanel(id="panel")
        yield StatusBar(self.store_label, self.store.coder, id="status")
        yield Footer()

    @property
    def text(self) -> StatementText | None:
        """The statement in the reader."""
        return self.view.text

    @property
    def highlights(self) -> list[Highlight]:
        """Its highlights, as the store last said."""
        return self.view.highlights

    def on_mount(self) -> None:
        view = self.view
        if self.corpus.index is not None:  # a damaged cache, moved aside and rebuilt: said here
            for notice in self.corpus.index.take_notices():
                self._cache_notice(notice)
            self.corpus.index.on_notice = self._cache_notice  # from whichever thread met it
        view.read = self.store.read_ids()
        if self.store.summary_ready:
            view.refresh_list()
        else:
            # Counts appear when it is done; started once the first frame is drawn, so its
            # helper process does not compete with drawing it.
            self.call_after_refresh(self._start, "summary", partial(background.build_summary, self.store, self.post_message))
        view.refresh_codes()
        if self.readonly_reason:
            view.status.set_saved("read-only: " + self.readonly_reason, error=True)
        start = view.starting_point()
        view.statement_list.focus()
        if start is not None:
            statement_id, cursor, focus_reader = start
            view.statement_list.select_id(statement_id)
            view.reader.empty_message = "Loading…"
            self._start("first-statement", partial(background.read_first, self.corpus, statement_id, cursor, focus_reader, self.post_message))

    def _start(self, group: str, job: Callable[[], None], exit_on_error: bool = True) -> None:
        """A thread worker (``background.py``), one per group at a time: a new one
        cancels the one before."""
        self.run_worker(job, name=group, group=group, thread=True, exclusive=True, exit_on_error=exit_on_error)

    def _cache_notice(self, message: str) -> None:
        self.post_message(messages.Notice(message, toast="Index cache"))

    # ------------------------------------------------------------------ public
    def open_statement(self, statement_id: str, cursor: int = 0, focus_reader: bool = False) -> None:
        """Show a statement in the reader (and mark it read)."""
        self.view.open_statement(statement_id, cursor, focus_reader)

    def save_position(self) -> None:
        """Remember the statement and cursor for the next start. The app calls it when
        quitting: a message would not be handled before the app is gone."""
        self.view.save_position()

    def filter_typing(self, event: events.Key) -> None:
        """Type-to-filter, called by the app for each key that reaches it.

        It runs there, not in this screen's ``on_key``: a key reaches the app after the
        bindings of the keys typed before it ran, so "enter v" typed fast goes "enter" to
        the list (opens) and "v" to the reader (now focused), in order.
        """
        self.filter.typed(event)

    # ------------------------------------------------------------------ the app's messages
    def on_notice(self, event: messages.Notice) -> None:
        self.view.say(event.text, event.error)
        if event.toast:
            self.app.notify(event.text, title=event.toast, severity="warning", timeout=15)

    def on_annotations_changed(self, event: messages.AnnotationsChanged) -> None:
        self.view.refresh_annotations()

    def on_history_stepped(self, event: messages.HistoryStepped) -> None:
        self.view.after_history(event.change)
        self.view.status.say(event.sentence)

    def on_open_statement(self, event: messages.OpenStatement) -> None:
        if event.clear_filter:
            self.filter.clear_now()
        self.view.open_and_select(event.statement_id, event.select)

    def on_set_filter(self, event: messages.SetFilter) -> None:
        self.filter.set(event.query)

    # ------------------------------------------------------------------ the workers' messages
    def on_first_statement_read(self, event: messages.FirstStatementRead) -> None:
        """Show the first statement, unless the user has already moved elsewhere; then
        warm up and index, off this thread, now that it competes with no first frame."""
        current = self.view.statement_list.current
        if self.text is None and (current is None or current.id == event.statement_id):
            self.view.open_statement(event.statement_id, event.cursor, event.focus_reader)
        settle_heap()
        self._start("indexing", partial(background.warm_up_and_index, self.corpus, self.options, self.post_message))

    def on_work_progress(self, event: messages.WorkProgress) -> None:
        self.view.status.say(event.sentence)

    def on_corpus_changed(self, event: messages.CorpusChanged) -> None:
        self.view.show_new_listing(self.filter.query)
        settle_heap()

    def on_search_ready(self, event: messages.SearchReady) -> None:
        # Not stopped: it bubbles on to the app, which tells the search screen.
        if event.indexed_now:
            self.view.status.say(f"search ready: {count(len(self.corpus), 'statement')} indexed (ctrl+f)")

    def on_summary_built(self, event: messages.SummaryBuilt) -> None:
        self.view.install_summary(event.summary)
        settle_heap()

    # ------------------------------------------------------------------ the widgets' messages
    def open_from_list(self, statement_id: str) -> None:
        """Enter in the list: show the statement and move to the reader at once."""
        if not self.view.is_open(statement_id):
            self.view.open_statement(statement_id)
        self.set_focus(self.view.reader)  # now, not after the keys already typed

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.filter.changed(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        self.filter.submitted()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        self.view.reader.set_search(event.value)
        self.view.reader.focus()

    @on(Reader.CursorMoved)
    def _cursor_moved(self, event: Reader.CursorMoved) -> None:
        self.view.show_cursor_details()
        if self.text is not None:
            self.view.position = (self.text.id, event.offset)
        # Remember the position a moment after the cursor stops (not on every key).
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(1.0, self.view.save_position)

    def on_unmount(self) -> None:
        self.view.save_position()

    @on(Reader.SearchStatus)
    def _search_status(self, event: Reader.SearchStatus) -> None:
        self.view.show_find_status(event.query, event.hits, event.current)

    @on(TagPanel.CodeChosen)
    def _code_chosen(self, event: TagPanel.CodeChosen) -> None:
        self.coding.apply_code_id(event.code_id)

    @on(TagPanel.HighlightChosen)
    def _highlight_chosen(self, event: TagPanel.HighlightChosen) -> None:
        self.view.go_to_highlight(event.highlight_id)

    # ------------------------------------------------------------------ actions (SCREEN_KEYS)
    def action_apply_code(self, key: str) -> None:
        self.coding.apply_key(key)

    def action_pick_code(self) -> None:
        self.coding.pick_and_apply(self.app)

    def action_statement_label_mode(self) -> None:
        self.coding.statement_label_mode()

    def action_edit_note(self) -> None:
        self.coding.edit_note(self.app)

    def action_delete_highlight(self) -> None:
        self.coding.delete_highlight()

    def action_next_highlight(self) -> None:
        self.coding.jump_highlight(True)

    def action_previous_highlight(self) -> None:
        self.coding.jump_highlight(False)

    def action_toggle_wide(self) -> None:
        wide = not (self.has_class("hide-list") and self.has_class("hide-panel"))
        self.set_class(wide, "hide-list")
        self.set_class(wide, "hide-panel")
        if wide:
            self.view.reader.focus()

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

        self.app.push_screen(CodebookScreen(self.store), lambda _: self.view.refresh_annotations())

    def action_cancel(self) -> None:
        self.coding.pending_statement_label = False
        reader = self.view.reader
        search = self.query_one("#search", Input)
        if search.has_class("visible"):
            search.remove_class("visible")
            reader.set_search("")
        reader.clear_selection()
        if self.focused is self.filter.box:
            self.view.statement_list.focus()
        elif self.focused is self.view.statement_list and self.filter.query:
            self.filter.box.value = ""  # escape in a filtered list ends the filter
        self.view.status.say("")
