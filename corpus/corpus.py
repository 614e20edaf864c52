"""A corpus opened for reading: the statement list plus text on demand."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from cachetools import LRUCache

from .discovery import SkippedFile, with_link_policy
from .errors import CorpusError
from .index import CorpusIndex, Progress, check_root, index_path_for
from .listing import Listing
from .metadata_table import load_metadata_table
from .model import Statement, StatementText
from .normalise import NORMALISER_VERSION, parse_bytes
from .paths import bundled_sample
from .texts import ensure_texts

_TEXT_CACHE = 64  # reading texts kept in memory: the reader moves back and forth


class Corpus:
    """The statements of one folder, in natural order of id.

    Holds only listing data in memory; a statement's text comes from the index's text
    cache or, failing that, from its file, and the last few are kept.
    """

    def __init__(
        self,
        root: Path,
        statements: Listing | list[Statement],
        skipped: list[SkippedFile] | None = None,
        index: CorpusIndex | None = None,
        is_sample: bool = False,
        table: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.root = root
        self.index = index
        self.is_sample = is_sample
        self._table = table
        self._texts: LRUCache[str, StatementText] = LRUCache(maxsize=_TEXT_CACHE)
        self._texts_lock = threading.Lock()  # LRUCache itself is not thread-safe
        self._set(statements if isinstance(statements, Listing) else Listing.from_statements(statements, skipped))

    def _set(self, listing: Listing) -> None:
        self.statements: Listing = listing.with_table(self._table) if self._table else listing
        self.skipped: list[SkippedFile] = listing.skipped

    def _relist(self) -> None:
        assert self.index is not None
        self._set(self.index.listing())

    def __len__(self) -> int:
        return len(self.statements)

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self.statements

    def refresh(self, progress: Progress | None = None) -> bool:
        """Re-walk the folder; True (and a new statement list) if anything changed."""
        if self.index is None or not self.index.refresh(progress):
            return False
        self._relist()
        with self._texts_lock:
            self._texts.clear()
        return True

    @property
    def pending(self) -> int:
        """Statements listed but not read yet (speaker and hash still unknown)."""
        return self.index.pending() if self.index is not None else 0

    def read_pending(self, progress: Progress | None = None) -> bool:
        """Read what a deferred first open only listed; True if the list changed."""
        if self.index is None or not self.index.read_pending(progress):
            return False
        self._relist()
        return True

    def position(self, statement_id: str) -> int:
        """Index of a statement in the list."""
        index = self.statements.index_of(statement_id) if isinstance(statement_id, str) else None
        if index is None:
            raise CorpusError(f"There is no statement with id {statement_id!r} in {self.root}.")
        return index

    def get(self, statement_id: str) -> Statement:
        """The statement with this id (a ``CorpusError`` if there is none)."""
        return self.statements[self.position(statement_id)]

    def path_of(self, statement_id: str) -> Path:
        """The file a statement is read from (only ids from the index are accepted)."""
        self.position(statement_id)
        return self.root.joinpath(*statement_id.split("/"))

    def text(self, statement_id: str) -> StatementText:
        """The reading text of a statement as its file is now."""
        with self._texts_lock:
            cached = self._texts.get(statement_id)  # (marks it most recently used)
            if cached is not None:
                return cached
        statement = self.get(statement_id)
        reading = self.index.cached_text(statement_id, statement.sha256) if self.index else None
        if reading is not None:
            text = StatementText(statement_id, reading, statement.sha256, NORMALISER_VERSION)
        else:
            try:
                raw = self.path_of(statement_id).read_bytes()
            except OSError as exc:
                raise CorpusError(f"Cannot read {statement_id}: {exc.strerror or exc}.") from None
            sha = hashlib.sha256(raw).hexdigest()
            text = StatementText(statement_id, parse_bytes(raw).reading_text, sha, NORMALISER_VERSION)
            if self.index is not None and statement.sha256 and sha == statement.sha256:
                self.index.store_texts([(statement_id, sha, text.reading_text)])
        self._keep(text)
        return text

    def loaded_text(self, statement_id: str) -> StatementText | None:
        """The reading text if it is already in memory (never reads a file or the index)."""
        with self._texts_lock:
            return self._texts.get(statement_id)

    def _keep(self, text: StatementText) -> None:
        """Remember a reading text (the last ``_TEXT_CACHE`` are kept)."""
        with self._texts_lock:
            self._texts[text.id] = text

    def prefetch(self, statement_ids: Iterable[str], cancelled: Callable[[], bool] = lambda: False) -> None:
        """Load the cached reading texts of these statements into memory, ahead of need.

        Only texts already in the index's cache are loaded (no file is read or
        normalised here); a worker thread calls this for the statements next to the
        list cursor, so moving onto them never waits for the disk.
        """
        if self.index is None:
            return
        for statement_id in statement_ids:
            if cancelled():
                return
            with self._texts_lock:
                if statement_id in self._texts:
                    continue
            try:
                statement = self.get(statement_id)
            except CorpusError:
                continue
            reading = self.index.cached_text(statement_id, statement.sha256) if statement.sha256 else None
            if reading is not None:
                self._keep(StatementText(statement_id, reading, statement.sha256, NORMALISER_VERSION))

    def reading_text(self, statement_id: str) -> str:
        return self.text(statement_id).reading_text

    def ensure_texts(self, progress: Progress | None = None, workers: int | None = None) -> int:
        """Normalise and cache every reading text not cached yet; returns how many.

        Also fills in every statement's ``length``.
        """
        if self.index is None or self.statements.lengths_known:
            return 0  # a length is stored only with the text cached for the file's hash
        done = ensure_texts(self.index, self.root, self.statements, progress, workers)
        if done or not self.statements.lengths_known:
            self._relist()
        return done

    def ensure_lengths(self, progress: Progress | None = None, workers: int | None = None) -> None:
        """Compute the reading-text length of every statement lacking one."""
        if not self.statements.lengths_known:
            self.ensure_texts(progress, workers)


def _index_path(folder: Path, follow_links: bool) -> Path:
    """A corpus read through links out has its own cache: listing a cache before the
    walk (as the app does) must never show files the current open would not read."""
    path = index_path_for(folder)
    return path.with_name(f"{path.stem}-follow-links{path.suffix}") if follow_links else path


def open_index(root: Path | str | None = None, follow_links: bool = False) -> CorpusIndex:
    """The cached index of the corpus at ``root`` (the bundled sample when ``None``), not walked.

    Raises ``CorpusError`` with one clear sentence when the folder cannot be used.
    """
    folder = with_link_policy(check_root(Path(root) if root is not None else bundled_sample()), follow_links=follow_links)
    if not str(folder).isascii():
        try:
            str(folder).encode("utf-8")
        except UnicodeEncodeError:  # the index and the store record the folder's path as text
            shown = os.fsencode(folder).decode("utf-8", "backslashreplace")
            raise CorpusError(f"The corpus folder path {shown} is not valid UTF-8: rename the folder to open it.") from None
    return CorpusIndex(folder, _index_path(folder, follow_links))


def open_corpus(
    root: Path | str | None = None,
    metadata: Path | str | None = None,
    progress: Progress | None = None,
    refresh: bool = True,
    defer_reading: bool = False,
    follow_links: bool = False,
) -> Corpus:
    """Open the corpus at ``root`` (the bundled sample when ``None``).

    With ``refresh`` (the default) the folder is walked and the cached index brought
    up to date first. Without it, a corpus indexed before is listed straight from the
    cache (call ``Corpus.refresh`` later, e.g. in a background worker). With
    ``defer_reading`` a new corpus is listed from the walk alone and its files are
    read by ``Corpus.read_pending`` (the app does that in the background). Raises
    ``CorpusError`` with one clear sentence when the folder or table cannot be used.
    Files and folders linked from outside the folder are skipped (and reported) unless
    ``follow_links``; the choice holds for every later ``refresh`` too.
    """
    table = load_metadata_table(Path(metadata)) if metadata else None
    index = open_index(root, follow_links)
    if refresh or not index.complete:
        index.refresh(progress, defer=defer_reading, in_child=False)  # the caller waits: walk here
    if refresh and not defer_reading:
        index.read_pending(progress)  # left over from a deferred open that was cut short
    return Corpus(index.root, index.listing(), index=index, is_sample=root is None, table=table)
