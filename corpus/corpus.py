"""A corpus opened for reading: the statement list plus text on demand."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .discovery import SkippedFile
from .errors import CorpusError
from .index import CorpusIndex, Progress, build_statements, check_root, compute_length
from .metadata_table import load_metadata_table
from .model import Statement, StatementText
from .normalise import NORMALISER_VERSION, parse_bytes
from .paths import bundled_sample

_TEXT_CACHE = 64  # reading texts kept in memory: the reader moves back and forth


class Corpus:
    """The statements of one folder, in natural order of id.

    Holds only listing data in memory; a statement's text is read from its file when
    asked for, and the last few are kept.
    """

    def __init__(
        self,
        root: Path,
        statements: list[Statement],
        skipped: list[SkippedFile],
        index: CorpusIndex | None = None,
        is_sample: bool = False,
    ) -> None:
        self.root = root
        self.statements = statements
        self.skipped = skipped
        self.index = index
        self.is_sample = is_sample
        self._positions = {s.id: i for i, s in enumerate(statements)}
        self._texts: OrderedDict[str, StatementText] = OrderedDict()
        self._texts_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.statements)

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def __contains__(self, statement_id: object) -> bool:
        return statement_id in self._positions

    def position(self, statement_id: str) -> int:
        """Index of a statement in the list."""
        try:
            return self._positions[statement_id]
        except KeyError:
            raise CorpusError(f"There is no statement with id {statement_id!r} in {self.root}.") from None

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
            cached = self._texts.get(statement_id)
            if cached is not None:
                self._texts.move_to_end(statement_id)
                return cached
        statement = self.get(statement_id)
        reading = self.index.cached_text(statement_id, statement.sha256) if self.index else None
        if reading is not None:
            text = StatementText(statement_id, reading, statement.sha256, NORMALISER_VERSION)
        else:
            path = self.path_of(statement_id)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise CorpusError(f"Cannot read {statement_id}: {exc.strerror or exc}.") from None
            sha = hashlib.sha256(raw).hexdigest()
            text = StatementText(statement_id, parse_bytes(raw).reading_text, sha, NORMALISER_VERSION)
            if self.index is not None and sha == statement.sha256:
                self.index.store_texts([(statement_id, sha, text.reading_text)])
        with self._texts_lock:
            self._texts[statement_id] = text
            if len(self._texts) > _TEXT_CACHE:
                self._texts.popitem(last=False)
        return text

    def reading_text(self, statement_id: str) -> str:
        return self.text(statement_id).reading_text

    def ensure_lengths(self, progress: Progress | None = None, workers: int | None = None) -> None:
        """Compute (and cache) the reading-text length of every statement lacking one."""
        missing = [s for s in self.statements if s.length is None]
        if not missing:
            return
        paths = [self.path_of(s.id) for s in missing]
        lengths: list[int] = []
        if workers and workers > 1 and len(missing) > 200:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for i, n in enumerate(pool.map(_safe_length, paths, chunksize=64), 1):
                    lengths.append(n)
                    if progress and i % 500 == 0:
                        progress(i, len(missing))
        else:
            for i, p in enumerate(paths, 1):
                lengths.append(_safe_length(p))
                if progress and i % 200 == 0:
                    progress(i, len(missing))
        pairs = [(s.id, n) for s, n in zip(missing, lengths) if n >= 0]
        if self.index is not None:
            self.index.store_lengths(pairs)
        replaced = dict(pairs)
        self.statements = [
            _with_length(s, replaced[s.id]) if s.id in replaced else s for s in self.statements
        ]


def _with_length(statement: Statement, length: int) -> Statement:
    from dataclasses import replace

    return replace(statement, length=length)


def _safe_length(path: Path) -> int:
    try:
        return compute_length(path)
    except OSError:
        return -1


def open_corpus(
    root: Path | str | None = None,
    metadata: Path | str | None = None,
    progress: Progress | None = None,
) -> Corpus:
    """Open the corpus at ``root`` (the bundled sample when ``None``).

    Walks the folder and refreshes the cached index; raises ``CorpusError`` with one
    clear sentence when the folder or metadata table cannot be used.
    """
    is_sample = root is None
    folder = check_root(Path(root) if root is not None else bundled_sample())
    table = load_metadata_table(Path(metadata)) if metadata else None
    index = CorpusIndex(folder)
    index.refresh(progress)
    statements, skipped = build_statements(index.rows(), table)
    return Corpus(folder, statements, skipped, index=index, is_sample=is_sample)
