"""The annotation part of ``margin info``."""

from __future__ import annotations

from pathlib import Path

from corpus import Corpus
from corpus.wording import count

from .damage import Damage
from .store import AnnotationStore, default_store_path
from .store_files import check_store_location


def store_summary(corpus: Corpus, db: Path | None, damage: list[Damage] | None = None) -> list[str]:
    """The store lines of ``margin info``; damaged files met are added to ``damage``.

    Raises ``AnnotationError`` for a ``--db`` that cannot be a store (a file, inside
    the corpus or inside margin itself). Read-only: a damaged file is counted and
    reported, never moved.
    """
    folder = Path(db) if db is not None else default_store_path(corpus.root)
    check_store_location(folder, corpus.root)
    lines = [f"store:       {folder}" + ("" if folder.exists() else "  (not created yet)")]
    if not folder.exists():
        return lines
    store = AnnotationStore(folder, readonly=True)
    summary = store.summary()
    lines += [
        f"codes:       {len(store.codes())}",
        f"highlights:  {sum(s.highlights for s in summary.values())}",
        f"annotated:   {count(sum(1 for s in summary.values() if s.highlights or s.labels or s.has_note), 'statement')}",
        f"read:        {count(len(store.read_ids() & set(corpus.statements.column('id'))), 'statement')}",
    ]
    found = store.take_damage()
    if found:
        lines.append(f"damaged:     {count(len(found), 'file')} (see the messages above)")
        if damage is not None:
            damage.extend(found)
    return lines
