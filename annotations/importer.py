"""``margin import``: validate a whole export file, then merge it into the store.

Validation comes first and is complete: a file with any error changes nothing and the
error names the first problem (field, statement, highlight). Applying is idempotent
(highlights are matched by id, or by a deterministic id made from their span when they
have none), and each statement is one atomic write, so re-running an import that was
killed half-way completes it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from corpus import Corpus, CorpusError

from .anchoring import reanchor
from .collector import paused_collector
from .errors import ImportFileError
from .export import CODEBOOK_FORMAT, FORMAT, VERSION
from .files import check_statement_id
from .history import Change, Mutation
from .model import KEYS, STATUSES, Highlight, context_of, normalise_color, now
from .store import AnnotationStore

_ID_NAMESPACE = uuid.UUID("6f1c1f3e-6b8a-4a59-9a53-2f6f3c1d7a10")


def load_json_file(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ImportFileError(f"{path} is not valid JSON (it may be truncated): {exc}.") from None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_optional_str(obj: dict[str, Any], field: str, where: str) -> None:
    if field in obj and obj[field] is not None and not isinstance(obj[field], str):
        raise ImportFileError(f"{where}: '{field}' must be a string.")


def _check_labels(obj: dict[str, Any], known: set[str], where: str) -> list[str]:
    """``labels`` of a statement or highlight: a list of names of known codes."""
    labels = obj.get("labels", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ImportFileError(f"{where}: 'labels' must be a list of code names.")
    for name in labels:
        if name.strip().casefold() not in known:
            raise ImportFileError(f"{where}: label “{name}” is not a code of the codebook.")
    return labels


def validate_codebook(entries: Any, where: str = "codebook") -> list[dict[str, Any]]:
    """Check codebook entries; return them. Raises ``ImportFileError``."""
    if not isinstance(entries, list):
        raise ImportFileError(f"'{where}' must be a list of codes.")
    names: set[str] = set()
    keys: set[str] = set()
    for i, entry in enumerate(entries):
        at = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise ImportFileError(f"{at} must be an object.")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ImportFileError(f"{at}: 'name' is required and must be a non-empty string.")
        if name.strip().casefold() in names:
            raise ImportFileError(f"{at}: the name “{name}” appears twice.")
        names.add(name.strip().casefold())
        for field in ("id", "description", "parent"):
            _check_optional_str(entry, field, at)
        if entry.get("color") is not None:
            try:
                normalise_color(str(entry["color"])) if isinstance(entry["color"], str) else normalise_color("")
            except ValueError:
                raise ImportFileError(f"{at} (“{name}”): 'color' {entry['color']!r} is not a colour like #d9534f.") from None
        key = entry.get("key")
        if key is not None:
            if not isinstance(key, str) or key not in KEYS:
                raise ImportFileError(f"{at} (“{name}”): 'key' must be one of 1-9 or null.")
            if key in keys:
                raise ImportFileError(f"{at} (“{name}”): key {key} is given to two codes.")
            keys.add(key)
    for i, entry in enumerate(entries):
        parent = entry.get("parent")
        if parent and parent.strip().casefold() not in names:
            raise ImportFileError(f"{where}[{i}] (“{entry['name']}”): parent “{parent}” is not in the codebook.")
    return entries


def codebook_entries_from(document: Any, path: Path) -> list[dict[str, Any]]:
    """The codebook of a codebook file or of a whole export file."""
    if not isinstance(document, dict):
        raise ImportFileError(f"{path} is not a margin codebook or export (expected a JSON object).")
    fmt = document.get("format")
    if fmt not in (CODEBOOK_FORMAT, FORMAT):
        raise ImportFileError(f"{path} is not a margin codebook or export ('format' is {fmt!r}).")
    if document.get("version") != VERSION:
        raise ImportFileError(
            f"{path} is version {document.get('version')!r} of the {fmt} format; this margin reads version {VERSION}."
        )
    return validate_codebook(document.get("codebook", []))


@dataclass
class _PlannedStatement:
    id: str
    labels: list[str]
    note: str | None
    highlights: list[dict[str, Any]]


def _highlight_id(statement_id: str, entry: dict[str, Any]) -> str:
    given = entry.get("id")
    if isinstance(given, str) and given:
        return given
    basis = f"{statement_id}\x00{entry['start']}\x00{entry['end']}\x00{entry['quote']}"
    return uuid.uuid5(_ID_NAMESPACE, basis).hex


def validate_export(document: Any, path: Path, corpus: Corpus, store: AnnotationStore) -> tuple[list[dict[str, Any]], list[_PlannedStatement]]:
    """Check everything in an export file before anything is changed."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFileError(f"{path} is not a margin annotations export ('format' must be {FORMAT!r}).")
    if document.get("version") != VERSION:
        raise ImportFileError(
            f"{path} is version {document.get('version')!r} of the export format; this margin reads version {VERSION}."
        )
    codebook = validate_codebook(document.get("codebook", []))
    known = {e["name"].strip().casefold() for e in codebook} | {c.name.casefold() for c in store.codes()}
    statements = document.get("statements", [])
    if not isinstance(statements, list):
        raise ImportFileError("'statements' must be a list.")
    plan: list[_PlannedStatement] = []
    seen: set[str] = set()
    for i, st in enumerate(statements):
        at = f"statements[{i}]"
        if not isinstance(st, dict):
            raise ImportFileError(f"{at} must be an object.")
        sid = st.get("id")
        if not isinstance(sid, str):
            raise ImportFileError(f"{at}: 'id' is required and must be a string.")
        at = f"statement {sid!r}"
        problem = check_statement_id(sid)
        if problem:
            raise ImportFileError(f"{at}: the id {problem}; ids are paths relative to the corpus root.")
        if sid in seen:
            raise ImportFileError(f"{at} appears twice.")
        seen.add(sid)
        if sid not in corpus:
            raise ImportFileError(f"{at} is not in the corpus at {corpus.root}.")
        labels = _check_labels(st, known, at)
        _check_optional_str(st, "note", at)
        highlights = st.get("highlights", [])
        if not isinstance(highlights, list):
            raise ImportFileError(f"{at}: 'highlights' must be a list.")
        try:
            length = len(corpus.reading_text(sid)) if highlights else 0
        except CorpusError as exc:
            raise ImportFileError(f"{at}: {exc}") from None
        for j, h in enumerate(highlights):
            hat = f"{at}, highlight {j}" + (f" (id {h.get('id')!r})" if isinstance(h, dict) and h.get("id") else "")
            if not isinstance(h, dict):
                raise ImportFileError(f"{hat} must be an object.")
            for field in ("start", "end", "quote"):
                if field not in h:
                    raise ImportFileError(f"{hat}: '{field}' is required.")
            if not _is_int(h["start"]) or not _is_int(h["end"]):
                raise ImportFileError(f"{hat}: 'start' and 'end' must be whole numbers.")
            if not isinstance(h["quote"], str) or not h["quote"]:
                raise ImportFileError(f"{hat}: 'quote' must be a non-empty string.")
            if not 0 <= h["start"] < h["end"] <= length:
                raise ImportFileError(
                    f"{hat}: offsets {h['start']}-{h['end']} are out of range for a text of length {length}."
                )
            for field in ("id", "prefix", "suffix", "note", "coder", "created", "modified"):
                _check_optional_str(h, field, hat)
            if "status" in h and h["status"] not in STATUSES:
                raise ImportFileError(f"{hat}: 'status' must be one of {', '.join(STATUSES)}.")
            _check_labels(h, known, hat)
        plan.append(_PlannedStatement(sid, labels, st.get("note"), highlights))
    return codebook, plan


@dataclass
class ImportReport:
    codes_added: int = 0
    codes_updated: int = 0
    highlights_added: int = 0
    highlights_updated: int = 0
    statements_changed: int = 0
    orphaned: int = 0

    def sentence(self) -> str:
        from corpus.wording import count

        return (
            f"Imported: {count(self.highlights_added, 'highlight')} added, {self.highlights_updated:,} updated, "
            f"{count(self.statements_changed, 'statement')} changed, {count(self.codes_added, 'code')} added, "
            f"{self.codes_updated:,} updated" + (f"; {self.orphaned:,} could not be anchored (kept as orphaned)" if self.orphaned else "") + "."
        )


def import_export_file(path: Path, corpus: Corpus, store: AnnotationStore) -> ImportReport:
    """Validate ``path`` completely, then merge it into ``store``."""
    with paused_collector():
        return _import_export_file(path, corpus, store)


def _import_export_file(path: Path, corpus: Corpus, store: AnnotationStore) -> ImportReport:
    document = load_json_file(path)
    codebook, plan = validate_export(document, path, corpus, store)
    report = ImportReport()
    with store.batch(f"import {path.name}"):
        report.codes_added, report.codes_updated = store.import_codebook_entries(codebook)
        ids = {c.name.casefold(): c.id for c in store.codes()}
        for item in plan:
            mutations = _statement_mutations(item, corpus, store, ids, report)
            if mutations:
                store._commit(Change(f"import {item.id}", mutations))
                report.statements_changed += 1
    return report


def _statement_mutations(item: _PlannedStatement, corpus: Corpus, store: AnnotationStore, ids: dict[str, str], report: ImportReport) -> list[Mutation]:
    mutations: list[Mutation] = []
    existing = {h.id: h for h in store.highlights(item.id)}
    text = corpus.text(item.id) if item.highlights else None
    when = now()
    for entry in item.highlights:
        assert text is not None
        hid = _highlight_id(item.id, entry)
        labels = tuple(dict.fromkeys(ids[n.strip().casefold()] for n in entry.get("labels", [])))
        candidate = Highlight(
            id=hid, statement=item.id, start=entry["start"], end=entry["end"], quote=entry["quote"],
            prefix=entry.get("prefix") or "", suffix=entry.get("suffix") or "", labels=labels,
            note=entry.get("note") or "", coder=entry.get("coder") or store.coder,
            created=entry.get("created") or when, modified=entry.get("modified") or entry.get("created") or when,
            sha256=text.sha256, normaliser=text.normaliser, status="anchored",
        )
        anchor = reanchor(text.reading_text, candidate)
        if (anchor.start, anchor.end) != (candidate.start, candidate.end) or not candidate.prefix and not candidate.suffix:
            prefix, suffix = context_of(text.reading_text, anchor.start, anchor.end)
        else:
            prefix, suffix = candidate.prefix, candidate.suffix
        if anchor.status == "orphaned":
            report.orphaned += 1
        status = anchor.status if anchor.status == "orphaned" or (anchor.start, anchor.end, anchor.quote) != (candidate.start, candidate.end, candidate.quote) else (entry.get("status") if entry.get("status") in ("anchored", "relocated") else "anchored")
        final = candidate.evolve(start=anchor.start, end=anchor.end, quote=anchor.quote, prefix=prefix, suffix=suffix, status=status)
        old = existing.get(hid)
        if old is None:
            mutations.append(Mutation(item.id, "highlights", hid, None, final.to_doc()))
            report.highlights_added += 1
        elif old.to_doc() != final.to_doc():
            mutations.append(Mutation(item.id, "highlights", hid, old.to_doc(), final.to_doc()))
            report.highlights_updated += 1
    marks = store.marks(item.id)
    label_ids = tuple(dict.fromkeys(list(marks.labels) + [ids[n.strip().casefold()] for n in item.labels]))
    note = item.note if item.note else marks.note
    if label_ids != marks.labels or note != marks.note:
        has_doc = bool(store._read(item.id).get("statement"))
        new = {"statement": item.id, "labels": list(label_ids), "note": note, "modified": when}
        mutations.append(Mutation(item.id, "statement", item.id, marks.to_doc() if has_doc else None, new))
    return mutations
