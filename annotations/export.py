"""Export format version 1 (ARCHITECTURE.md, schema/export-v1.json): all annotations as one JSON document.

Codes are referred to by name; statements are listed in natural order of id, and only
those with annotations. Highlights are re-anchored on the current text first, so each
``status`` says whether the quote is where the offsets say.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson

from corpus import Corpus, CorpusError
from corpus.discovery import natural_key

from .anchoring import apply_anchor
from .collector import paused_collector
from .errors import AnnotationError
from .files import table_docs
from .model import ORPHANED, Code, Highlight, StatementMarks
from .storage import atomic_write_bytes
from .store import AnnotationStore

FORMAT = "margin.annotations"
CODEBOOK_FORMAT = "margin.codebook"
VERSION = 1


def code_entry(code: Code, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": code.id, "name": code.name, "color": code.color, "key": code.key,
        "description": code.description, "parent": names.get(code.parent) if code.parent else None,
    }


def codebook_document(store: AnnotationStore) -> dict[str, Any]:
    names = {c.id: c.name for c in store.codes()}
    return {"format": CODEBOOK_FORMAT, "version": VERSION, "codebook": [code_entry(c, names) for c in store.codes()]}


def _highlight_entry(h: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": h["id"], "start": h["start"], "end": h["end"], "quote": h["quote"], "prefix": h.get("prefix", ""),
        "suffix": h.get("suffix", ""), "labels": [names.get(c, c) for c in h.get("labels", ())],
        "note": h.get("note", ""), "coder": h.get("coder", ""), "created": h.get("created", ""),
        "modified": h.get("modified", ""), "status": h.get("status", "anchored"),
    }


def _current_highlights(store: AnnotationStore, corpus: Corpus, sid: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The statement's highlights as export rows, re-anchored if its text changed."""
    from corpus.normalise import NORMALISER_VERSION

    def order(d: dict[str, Any]) -> tuple[int, int, str]:
        return (d["start"], d["end"], d.get("created", ""))

    statement = corpus.get(sid) if sid in corpus else None
    if statement is not None and all(
        d.get("sha256") == statement.sha256 and d.get("normaliser") == NORMALISER_VERSION for d in docs
    ):
        return sorted(docs, key=order)  # the usual case: nothing to re-anchor
    highlights = [Highlight.from_doc(d) for d in docs]
    if statement is None:
        return sorted((h.evolve(status=ORPHANED).to_doc() for h in highlights), key=order)  # its file is gone
    try:
        text = corpus.text(sid)
    except CorpusError:
        return sorted((h.evolve(status=ORPHANED).to_doc() for h in highlights), key=order)
    if not store.readonly:
        return [h.to_doc() for h in store.sync_text(text)]
    moved = (apply_anchor(text.reading_text, h, text.sha256, text.normaliser, h.modified) for h in highlights)
    return sorted((h.to_doc() for h in moved), key=order)


def export_document(store: AnnotationStore, corpus: Corpus) -> dict[str, Any]:
    """The whole export as a Python object."""
    with paused_collector():
        return _export_document(store, corpus)


def _export_document(store: AnnotationStore, corpus: Corpus) -> dict[str, Any]:
    names = {c.id: c.name for c in store.codes()}
    statements = []
    for sid, data in sorted(store.iter_statements(), key=lambda item: natural_key(item[0])):
        mark_docs = table_docs(data, "statement")
        marks = StatementMarks.from_doc(mark_docs[0]) if mark_docs else StatementMarks(sid)
        highlights = _current_highlights(store, corpus, sid, table_docs(data, "highlights"))
        if not highlights and marks.empty:
            continue
        statement = corpus.get(sid) if sid in corpus else None
        statements.append({
            "id": sid,
            "sha256": statement.sha256 if statement else "",
            "speaker": statement.speaker if statement else None,
            "affiliation": statement.affiliation if statement else None,
            "labels": [names.get(c, c) for c in marks.labels],
            "note": marks.note,
            "modified": marks.modified,
            "highlights": [_highlight_entry(h, names) for h in highlights],
        })
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "corpus": {"root": str(corpus.root), "statements": len(corpus)},
        "codebook": codebook_document(store)["codebook"],
        "statements": statements,
    }


def dump(document: dict[str, Any]) -> bytes:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"


def check_output_location(output: Path, corpus_root: Path | None) -> None:
    """Refuse to write an export inside the corpus or margin's own packages (invariant 5)."""
    from corpus.paths import inside, package_folders

    if corpus_root is not None and inside(output, corpus_root):
        raise AnnotationError(
            f"{output} is inside the corpus folder {corpus_root}, where margin never writes: choose another file."
        )
    if any(inside(output, folder) for folder in package_folders()):
        raise AnnotationError(f"{output} is inside margin's installed package; choose another file.")


def write_document(document: dict[str, Any], output: Path | None) -> None:
    """Write to ``output`` atomically, or to standard output when ``None``."""
    data = dump(document)
    if output is None:
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        atomic_write_bytes(output, data)


def write_failure(output: Path | None, exc: OSError) -> str:
    """The sentence for a failed export (written atomically: nothing is left behind)."""
    from .storage import os_error_reason

    if output is None:
        return f"Could not write to standard output: {os_error_reason(exc)}."
    return f"Could not write {output}: {os_error_reason(exc)}. Nothing was written."
