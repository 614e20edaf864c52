"""The main screen's work off the UI thread, as plain functions that post messages.

Loading the first statement (which may load the normaliser's word list), summarising
the store, reading the files of a newly listed corpus, re-checking a known one and
indexing texts for search: each runs in a thread worker (``MainScreen`` starts them
with ``run_worker``) and reports by posting a message (``tui.messages``) to the screen,
so the reader stays responsive. ``post_message`` is thread-safe and returns at once:
a worker never waits for the UI thread, and the UI thread only does what is cheap
(drawing a list, a status line); the heavy part (reading files, normalising, the
summary, the word list) stays here or in helper processes (``corpus.workers``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.worker import get_current_worker

from annotations.store import AnnotationStore
from corpus import Corpus, CorpusError
from corpus.workers import ChildStopped

from ..messages import CorpusChanged, FirstStatementRead, Notice, SearchReady, SummaryBuilt, WorkProgress

Post = Callable[[Message], object]


@dataclass(frozen=True)
class LaunchOptions:
    """How the main screen starts its background work (set by ``MarginApp``/``tui.launch``)."""

    index_texts: bool = True  # index every text for search (tests and the benchmark turn it off)
    refresh_corpus: bool = False  # re-walk the folder of a corpus listed from the cache

    def wants_indexing(self, corpus: Corpus) -> bool:
        """Whether the indexing worker has anything to do (files to read, a folder to re-check,
        texts to index)."""
        return self.index_texts or self.refresh_corpus or bool(corpus.statements.unread)


def read_first(corpus: Corpus, statement_id: str, cursor: int, focus_reader: bool, post: Post) -> None:
    """Read the first statement off the UI thread, so the first frame is immediate.

    A text not yet in the cache needs the normaliser's word list (~0.7 s to load);
    loading it here also makes the next statements instant.
    """
    try:
        corpus.text(statement_id)
    except CorpusError:
        pass  # opening it shows the message
    post(FirstStatementRead(statement_id, cursor, focus_reader))


def warm_up_and_index(corpus: Corpus, options: LaunchOptions, post: Post) -> None:
    """Started once the first statement is shown, so none of this competes with it.

    Builds the list's positions and (when some texts are not cached) the normaliser's
    word list here rather than on the UI thread at the first lookups; then re-walks the
    folder (if listed from the cache) and indexes texts for search. The normaliser itself
    runs in a process pool.
    """
    _ = corpus.statements.positions
    if not corpus.statements.lengths_known:
        from corpus.words import common_words

        common_words()
    if not options.wants_indexing(corpus):
        return
    try:
        if corpus.pending:
            # A new corpus was listed from the walk alone: read speakers and hashes now.
            def reading(done: int, total: int) -> None:
                post(WorkProgress("reading statements", done, total))

            if corpus.read_pending(reading):
                post(CorpusChanged())
        elif options.refresh_corpus and corpus.refresh():
            post(CorpusChanged())
    except ChildStopped:
        return  # the app is closing
    except Exception as exc:  # noqa: BLE001 - shown, never fatal
        post(Notice(f"Could not read the corpus folder: {exc}"))
    if not options.index_texts:
        return
    from corpus.search import ensure_search_table

    def progress(done: int, total: int) -> None:
        post(WorkProgress("indexing texts for search", done, total))

    try:
        ensure_search_table(corpus)
        done = corpus.ensure_texts(progress)
    except Exception as exc:  # noqa: BLE001
        post(Notice(f"Search index not built: {exc}"))
        return
    post(SearchReady(indexed_now=bool(done)))


def prefetch(corpus: Corpus, store: AnnotationStore, statement_ids: list[str]) -> None:
    """Load the texts and annotation files of statements next to the cursor."""
    worker = get_current_worker()
    corpus.prefetch(statement_ids, cancelled=lambda: worker.is_cancelled)
    if not worker.is_cancelled:
        store.warm(statement_ids)


def build_summary(store: AnnotationStore, post: Post) -> None:
    """The store's per-statement counts, computed in a helper process."""
    try:
        summary = store.compute_summary(in_child=True)
    except ChildStopped:
        return  # the app is closing
    post(SummaryBuilt(summary))
