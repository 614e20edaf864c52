"""The main screen's work off the UI thread.

Loading the first statement (which may load the normaliser's word list), summarising
the store, reading the files of a newly listed corpus, re-checking a known one and
indexing texts for search: each runs in a thread worker and reports in the status
line, so the reader stays responsive.
"""

from __future__ import annotations

from textual import work
from textual.widgets import Input
from textual.worker import get_current_worker

from corpus import CorpusError
from corpus.wording import count
from corpus.workers import ChildStopped

from ..heap import settle_heap
from ..widgets.reader_header import ReaderHeader


class BackgroundWork:
    """Mixed into ``MainScreen`` (which provides corpus, store, status, list, app)."""

    @work(thread=True, exclusive=True, group="first-statement")
    def _load_first(self, statement_id: str, cursor: int, focus_reader: bool) -> None:
        """Read the first statement off the UI thread, so the first frame is immediate.

        A text not yet in the cache needs the normaliser's word list (~0.7 s to load);
        loading it here also makes the next statements instant.
        """
        try:
            self.corpus.text(statement_id)
        except CorpusError:
            pass  # open_statement shows the message
        self.app.call_from_thread(self._show_first, statement_id, cursor, focus_reader)
        _ = self.corpus.statements.positions  # built here, not on the UI thread at the first lookups
        if not self.corpus.statements.lengths_known:
            # Some texts are not cached yet: they will need the normaliser's word list.
            from corpus.words import common_words

            common_words()
        self.app.call_from_thread(self.start_background_indexing)

    def _show_first(self, statement_id: str, cursor: int, focus_reader: bool) -> None:
        """Show the first statement, unless the user has already moved elsewhere."""
        current = self.statement_list.current
        if self.text is None and (current is None or current.id == statement_id):
            self.open_statement(statement_id, cursor, focus_reader)
        settle_heap()

    def start_background_indexing(self) -> None:
        app = self.app
        if getattr(app, "index_texts", True) or getattr(app, "refresh_corpus", False) or self.corpus.statements.unread:
            self._background_index()

    @work(thread=True, exclusive=True, group="indexing")
    def _background_index(self) -> None:
        """Re-walk the folder (if listed from the cache) and index texts for search.

        Runs in a thread (the normaliser itself runs in a process pool) and reports
        progress in the status line; the reader stays responsive throughout.
        """
        app = self.app
        try:
            if self.corpus.pending:
                # A new corpus was listed from the walk alone: read speakers and hashes now.
                def reading(done: int, total: int) -> None:
                    app.call_from_thread(self.status.say, f"reading statements {done:,}/{total:,}")

                if self.corpus.read_pending(reading):
                    app.call_from_thread(self.corpus_changed)
            elif getattr(app, "refresh_corpus", False) and self.corpus.refresh():
                app.call_from_thread(self.corpus_changed)
        except ChildStopped:
            return  # the app is closing
        except Exception as exc:  # noqa: BLE001 - shown, never fatal
            app.call_from_thread(self.status.say, f"Could not read the corpus folder: {exc}")
        if not getattr(app, "index_texts", True):
            return
        from corpus.search import ensure_search_table

        def progress(done: int, total: int) -> None:
            app.call_from_thread(self.status.say, f"indexing texts for search {done:,}/{total:,}")

        try:
            ensure_search_table(self.corpus)
            done = self.corpus.ensure_texts(progress)
        except Exception as exc:  # noqa: BLE001
            app.call_from_thread(self.status.say, f"Search index not built: {exc}")
            return
        app.search_ready = True  # type: ignore[attr-defined]
        if done:
            app.call_from_thread(self.status.say, f"search ready: {count(len(self.corpus), 'statement')} indexed (ctrl+f)")

    def corpus_changed(self) -> None:
        """The folder changed since the cached list: show the new list."""
        keep = self.statement_list.current.id if self.statement_list.current else None
        self.statement_list.set_statements(self.corpus.statements)
        self.statement_list.apply_filter(self.query_one("#filter", Input).value)
        if keep:
            self.statement_list.select_id(keep)
        if self.text is not None and self.text.id in self.corpus:
            self.query_one(ReaderHeader).show(self.corpus.get(self.text.id))  # speaker now known
        self.refresh_list()
        self.status.say(f"corpus re-checked: {count(len(self.corpus), 'statement')}")
        settle_heap()

    @work(thread=True, exclusive=True, group="prefetch", exit_on_error=False)
    def _prefetch(self, statement_ids: list[str]) -> None:
        """Load the texts and annotation files of statements next to the cursor."""
        worker = get_current_worker()
        self.corpus.prefetch(statement_ids, cancelled=lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.store.warm(statement_ids)

    @work(thread=True, exclusive=True, group="summary")
    def _build_summary(self) -> None:
        try:
            summary = self.store.compute_summary(in_child=True)
        except ChildStopped:
            return  # the app is closing
        self.app.call_from_thread(self._summary_built, summary)

    def _summary_built(self, summary) -> None:
        self.store.install_summary(summary)
        self.refresh_list()
        self.refresh_codes()
        settle_heap()
