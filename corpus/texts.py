"""Normalising many statements at once, for the text cache and the search index.

The normaliser is pure Python (~3-4 MB/s a core), so a whole corpus is normalised in
a process pool; results go into the index's text cache as they arrive.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

from .normalise import parse_bytes

if TYPE_CHECKING:
    from .index import CorpusIndex, Progress
    from .listing import Listing

CHUNK = 200
POOL_THRESHOLD = 300


def _normalise_chunk(items: list[tuple[str, str]]) -> list[tuple[str, str, str] | None]:
    out: list[tuple[str, str, str] | None] = []
    for sid, path in items:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError:
            out.append(None)
            continue
        out.append((sid, hashlib.sha256(raw).hexdigest(), parse_bytes(raw).reading_text))
    return out


def _missing_texts(index: CorpusIndex, listing: Listing) -> list[str]:
    """Ids of the statements whose current reading text is not cached (from the columns:
    no ``Statement`` is built)."""
    have = index.cached_text_keys()  # (a damaged cache is rebuilt there)
    ids = listing.column("id")
    return [sid for i, sid in enumerate(ids) if (sha := listing.sha_at(i)) and (sid, sha) not in have]


def _chunks(root: Path, statement_ids: list[str]) -> Iterable[list[tuple[str, str]]]:
    items = [(sid, str(root.joinpath(*sid.split("/")))) for sid in statement_ids]
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def ensure_texts(index: CorpusIndex, root: Path, listing: Listing, progress: Progress | None = None,
                 workers: int | None = None) -> int:
    """Cache the reading text of every statement that lacks one; returns how many."""
    todo = _missing_texts(index, listing)
    total, done = len(todo), 0
    if not todo:
        return 0
    if progress:
        progress(0, total)
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    chunks = list(_chunks(root, todo))
    with ExitStack() as stack:
        results: Iterable[list[tuple[str, str, str] | None]] = (_normalise_chunk(chunk) for chunk in chunks)
        if workers > 1 and total >= POOL_THRESHOLD:
            from .workers import helper_pool

            try:
                results = stack.enter_context(helper_pool(workers)).map(_normalise_chunk, chunks)
            except (OSError, RuntimeError, ValueError):
                pass  # no subprocesses here: normalise in this process
        for batch in results:
            rows = [r for r in batch if r is not None]
            index.store_texts(rows)
            done += len(batch)
            if progress:
                progress(done, total)
    return total
