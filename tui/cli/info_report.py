"""The text ``margin info`` prints."""

from __future__ import annotations

from pathlib import Path

from corpus import Corpus


def render(corpus: Corpus, db: Path | None, damage: list | None = None) -> str:
    """The report; raises ``AnnotationError`` for an unusable ``--db`` (see ``store_summary``)."""
    lines = [
        f"corpus:      {corpus.root}" + ("  (bundled sample)" if corpus.is_sample else ""),
        f"statements:  {len(corpus)}",
        f"skipped:     {len(corpus.skipped)}",
        f"size:        {corpus.statements.total_size / 1e6:.1f} MB",
    ]
    if corpus.index is not None:
        lines.append(f"index cache: {corpus.index.path}")
    from annotations.info import store_summary

    lines.extend(store_summary(corpus, db, damage))
    return "\n".join(lines)
