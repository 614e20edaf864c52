"""Drawing ahead on the main screen (ARCHITECTURE.md, performance: "Drawing ahead").

After a list move the statement under the cursor is shown in the same frame. A moment
later (``PREPARE_AFTER``, its frame written) the statements above and below are drawn
off screen, so moving onto one only swaps rows already drawn; and in batches, a worker
loads the texts and store files of the statements around the cursor, so moving onto
them never waits for the disk (a cold page cache).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.screen import Screen
from textual.timer import Timer

from annotations.errors import AnnotationError
from annotations.store import AnnotationStore
from corpus import Corpus

from . import background
from .statement_view import StatementView

PREFETCH_AHEAD = 16
PREFETCH_BEHIND = 4
PREPARE_AFTER = 0.05  # seconds after a list move (its frame written) before drawing its neighbours

StartWorker = Callable[[str, Callable[[], None], bool], None]  # group, job, exit_on_error


class ReadAhead:
    """Follows the list cursor: shows, then draws and loads ahead."""

    def __init__(self, screen: Screen[None], view: StatementView, corpus: Corpus, store: AnnotationStore, start: StartWorker) -> None:
        self.screen = screen
        self.view = view
        self.corpus = corpus
        self.store = store
        self.start = start
        self._prefetched: set[str] = set()
        self._prepare_timer: Timer | None = None

    def follow(self, statement_id: str) -> None:
        """The list cursor moved: show that statement (called in the same frame)."""
        if not self.view.is_open(statement_id):
            self.view.open_statement(statement_id)
        if self._prepare_timer is not None:
            self._prepare_timer.stop()
        self._prepare_timer = self.screen.set_timer(PREPARE_AFTER, self._prepare_neighbours)
        statement_list = self.view.statement_list
        probe = statement_list.id_ahead(PREFETCH_AHEAD // 2)
        if probe is not None and probe not in self._prefetched:
            # In batches, not on every key: a worker per key press cost more than it saved.
            around = statement_list.ids_around(ahead=PREFETCH_AHEAD, behind=PREFETCH_BEHIND)
            self._prefetched = set(around) | {probe}
            self.start("prefetch", partial(background.prefetch, self.corpus, self.store, around), False)

    def _prepare_neighbours(self) -> None:
        """Between key presses: draw the statements above and below the list cursor in
        the reader, off screen. Only texts already in memory are used (the prefetch
        loads them); a statement whose text is not there yet is simply opened the
        ordinary way."""
        self._prepare_timer = None
        codes = self.view.codes()
        for step in (1, -1):
            statement_id = self.view.statement_list.id_ahead(step)
            if statement_id is None or self.view.is_open(statement_id):
                continue
            text = self.corpus.loaded_text(statement_id)
            if text is None:
                continue
            try:
                highlights = self.store.highlights(statement_id)
            except AnnotationError:
                continue
            self.view.reader.prepare(statement_id, text.reading_text, highlights, codes)
