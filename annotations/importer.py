"""``margin import``: validate a whole export file, then merge it into the store.

Validation comes first and is complete: a file with any error changes nothing and the
error names the first problem (field, statement, highlight). Then every mutation of
the import is built (codebook, highlights, statement marks) and applied as one
change: one undo step, and all or nothing on disk (the store's journal, see
``annotations.journal``), whatever fails or is killed on the way.

Merging never loses the newer of two versions (issue 10). Per highlight (matched by
id, or by a deterministic id made from its span when it has none) and per statement
(its labels and note together), the version with the later ``modified`` wins; a
missing ``modified`` counts as the oldest possible time. An older incoming version
is skipped and counted; equal times with different content are conflicts, reported
by id and left as they are. ``prefer="incoming"`` takes every incoming version that
differs, on purpose. A highlight with a new id whose span equals a stored
highlight's is folded into it (codes added), never stored twice. Importing the same
file again changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from corpus import Corpus, CorpusError
from corpus.safe_text import display_safe
from corpus.wording import count

from .anchoring import reanchor
from .codebook import find_parent_cycle, plan_codebook_import
from .collector import paused_collector
from .errors import AnnotationError, ImportFileError
from .export import CODEBOOK_FORMAT, FORMAT, VERSION
from .files import check_statement_id
from .history import Change, Mutation
from .model import (
    KEYS,
    MAX_CONTEXT,
    MAX_DESCRIPTION,
    MAX_ID,
    MAX_NAME,
    MAX_NOTE,
    ORPHANED,
    STATUSES,
    Highlight,
    StatementMarks,
    context_of,
    normalise_color,
    now,
    parse_time,
    size_problem,
)
from .store import AnnotationStore

_ID_NAMESPACE = uuid.UUID("6f1c1f3e-6b8a-4a59-9a53-2f6f3c1d7a10")
PREFER = ("newer", "incoming")


def load_json_file(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ImportFileError(f"{path} is not valid JSON (it may be truncated): {exc}.") from None


def name_key(name: str) -> str:
    """How code names are matched: spaces collapsed, case folded (as the store does)."""
    return " ".join(name.split()).casefold()


def _q(value: Any) -> str:
    """An untrusted string quoted for an error message: one line, inert, short."""
    text = display_safe(value if isinstance(value, str) else repr(value))
    return f"“{text[:60]}…”" if len(text) > 60 else f"“{text}”"


def _r(value: Any) -> str:
    """``repr`` of an untrusted value, cut short."""
    text = repr(value)
    return text if len(text) <= 64 else text[:60] + "…'"


def _check_size(obj: dict[str, Any], field_name: str, what: str, limit: int, where: str) -> None:
    value = obj.get(field_name)
    if isinstance(value, str):
        problem = size_problem(what, value, limit)
        if problem:
            raise ImportFileError(f"{where}: {problem[0].lower()}{problem[1:]}")


def _check_time(obj: dict[str, Any], field_name: str, where: str) -> None:
    value = obj.get(field_name)
    if isinstance(value, str) and value:
        try:
            parse_time(value)
        except ValueError:
            raise ImportFileError(
                f"{where}: '{field_name}' must be a date and time like 2026-11-22T10:00:00Z, not {_r(value)}."
            ) from None


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
        if name_key(name) not in known:
            raise ImportFileError(f"{where}: label {_q(name)} is not a code of the codebook.")
    return labels


def validate_codebook(entries: Any, where: str = "codebook") -> list[dict[str, Any]]:
    """Check codebook entries, parent cycles included; return them. Raises ``ImportFileError``."""
    if not isinstance(entries, list):
        raise ImportFileError(f"'{where}' must be a list of codes.")
    names: dict[str, str] = {}  # name key -> name as given
    keys: set[str] = set()
    for i, entry in enumerate(entries):
        at = f"{where}[{i}]"
        if not isinstance(entry, dict):
            raise ImportFileError(f"{at} must be an object.")
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ImportFileError(f"{at}: 'name' is required and must be a non-empty string.")
        _check_size(entry, "name", "A code name", MAX_NAME, at)
        if name_key(name) in names:
            raise ImportFileError(f"{at}: the name {_q(name)} appears twice.")
        names[name_key(name)] = name
        for field_name in ("id", "description", "parent"):
            _check_optional_str(entry, field_name, at)
        _check_size(entry, "id", "An id", MAX_ID, at)
        _check_size(entry, "description", "A code description", MAX_DESCRIPTION, at)
        if entry.get("color") is not None:
            try:
                normalise_color(entry["color"]) if isinstance(entry["color"], str) else normalise_color("")
            except ValueError:
                raise ImportFileError(
                    f"{at} ({_q(name)}): 'color' {_r(entry['color'])} is not a colour like #d9534f or a CSS colour name."
                ) from None
        key = entry.get("key")
        if key is not None:
            if not isinstance(key, str) or key not in KEYS:
                raise ImportFileError(f"{at} ({_q(name)}): 'key' must be one of 1-9 or null.")
            if key in keys:
                raise ImportFileError(f"{at} ({_q(name)}): key {key} is given to two codes.")
            keys.add(key)
    parents: dict[str, str | None] = {}
    for i, entry in enumerate(entries):
        parent = entry.get("parent")
        if parent and name_key(parent) not in names:
            raise ImportFileError(f"{where}[{i}] ({_q(entry['name'])}): parent {_q(parent)} is not in the codebook.")
        parents[name_key(entry["name"])] = name_key(parent) if parent else None
    cycle = find_parent_cycle(parents)
    if cycle:
        path = " → ".join(_q(names[k]) for k in cycle)
        raise ImportFileError(f"'{where}': the parents form a cycle ({path}); a code cannot be its own ancestor.")
    return entries


def codebook_entries_from(document: Any, path: Path) -> list[dict[str, Any]]:
    """The codebook of a codebook file or of a whole export file."""
    if not isinstance(document, dict):
        raise ImportFileError(f"{path} is not a margin codebook or export (expected a JSON object).")
    fmt = document.get("format")
    if fmt not in (CODEBOOK_FORMAT, FORMAT):
        raise ImportFileError(f"{path} is not a margin codebook or export ('format' is {_r(fmt)}).")
    if document.get("version") != VERSION:
        raise ImportFileError(
            f"{path} is version {_r(document.get('version'))} of the {fmt} format; this margin reads version {VERSION}."
        )
    return validate_codebook(document.get("codebook", []))


@dataclass
class _PlannedStatement:
    id: str
    labels: list[str]
    note: str | None
    modified: str | None
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
            f"{path} is version {_r(document.get('version'))} of the export format; this margin reads version {VERSION}."
        )
    codebook = validate_codebook(document.get("codebook", []))
    known = {name_key(e["name"]) for e in codebook} | {name_key(c.name) for c in store.codes()}
    statements = document.get("statements", [])
    if not isinstance(statements, list):
        raise ImportFileError("'statements' must be a list.")
    plan: list[_PlannedStatement] = []
    seen: set[str] = set()
    highlight_ids: dict[str, str] = {}  # id given in the file -> where it was first seen
    for i, st in enumerate(statements):
        at = f"statements[{i}]"
        if not isinstance(st, dict):
            raise ImportFileError(f"{at} must be an object.")
        sid = st.get("id")
        if not isinstance(sid, str):
            raise ImportFileError(f"{at}: 'id' is required and must be a string.")
        at = f"statement {_r(sid)}"
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
        _check_optional_str(st, "modified", at)
        _check_size(st, "note", "A note", MAX_NOTE, at)
        _check_time(st, "modified", at)
        highlights = st.get("highlights", [])
        if not isinstance(highlights, list):
            raise ImportFileError(f"{at}: 'highlights' must be a list.")
        try:
            length = len(corpus.reading_text(sid)) if highlights else 0
        except CorpusError as exc:
            raise ImportFileError(f"{at}: {exc}") from None
        for j, h in enumerate(highlights):
            hat = f"{at}, highlight {j}" + (f" (id {_r(h.get('id'))})" if isinstance(h, dict) and h.get("id") else "")
            if not isinstance(h, dict):
                raise ImportFileError(f"{hat} must be an object.")
            for field_name in ("start", "end", "quote"):
                if field_name not in h:
                    raise ImportFileError(f"{hat}: '{field_name}' is required.")
            if not _is_int(h["start"]) or not _is_int(h["end"]):
                raise ImportFileError(f"{hat}: 'start' and 'end' must be whole numbers.")
            if not isinstance(h["quote"], str) or not h["quote"]:
                raise ImportFileError(f"{hat}: 'quote' must be a non-empty string.")
            if not 0 <= h["start"] < h["end"] <= length:
                raise ImportFileError(
                    f"{hat}: offsets {h['start']}-{h['end']} are out of range for a text of length {length}."
                )
            for field_name in ("id", "prefix", "suffix", "note", "coder", "created", "modified"):
                _check_optional_str(h, field_name, hat)
            for field_name, what, limit in (
                ("id", "An id", MAX_ID), ("note", "A note", MAX_NOTE), ("quote", "A quote", MAX_NOTE),
                ("prefix", "A prefix", MAX_CONTEXT), ("suffix", "A suffix", MAX_CONTEXT), ("coder", "A coder name", MAX_NAME),
            ):
                _check_size(h, field_name, what, limit, hat)
            _check_time(h, "created", hat)
            _check_time(h, "modified", hat)
            if "status" in h and h["status"] not in STATUSES:
                raise ImportFileError(f"{hat}: 'status' must be one of {', '.join(STATUSES)}.")
            _check_labels(h, known, hat)
            given = h.get("id")
            if given:
                if given in highlight_ids:
                    raise ImportFileError(
                        f"{hat}: the highlight id {_r(given)} appears twice in the file (first in {highlight_ids[given]}); "
                        "highlight ids must be unique."
                    )
                highlight_ids[given] = f"{at}, highlight {j}"
        plan.append(_PlannedStatement(sid, labels, st.get("note"), st.get("modified") or None, highlights))
    return codebook, plan


@dataclass
class ImportReport:
    codes_added: int = 0
    codes_updated: int = 0
    highlights_added: int = 0
    highlights_updated: int = 0
    statements_changed: int = 0
    orphaned: int = 0
    kept_newer: int = 0  # incoming versions older than the stored ones: skipped
    conflicts: list[str] = field(default_factory=list)  # ids with the same time and different content

    def sentence(self) -> str:
        text = (
            f"Imported: {count(self.highlights_added, 'highlight')} added, {self.highlights_updated:,} updated, "
            f"{count(self.statements_changed, 'statement')} changed, {count(self.codes_added, 'code')} added, "
            f"{self.codes_updated:,} updated"
        )
        if self.kept_newer:
            text += f"; {count(self.kept_newer, 'kept newer local version', 'kept newer local versions')}"
        if self.conflicts:
            shown = ", ".join(display_safe(c)[:80] for c in self.conflicts[:10])
            more = f" and {len(self.conflicts) - 10} more" if len(self.conflicts) > 10 else ""
            text += (
                f"; {count(len(self.conflicts), 'conflict')} (same time, different content): {shown}{more}, "
                "left as they were (--prefer incoming takes the file's versions)"
            )
        if self.orphaned:
            text += f"; {self.orphaned} could not be anchored (kept as orphaned)"
        return text + "."


def import_export_file(path: Path, corpus: Corpus, store: AnnotationStore, prefer: str = "newer") -> ImportReport:
    """Validate ``path`` completely, then merge it into ``store`` as one change.

    ``prefer`` is ``"newer"`` (the default: the later ``modified`` wins) or
    ``"incoming"`` (the file's version wins wherever it differs).
    """
    if prefer not in PREFER:
        raise ValueError(f"prefer must be one of {PREFER}")
    with paused_collector():
        return _import_export_file(path, corpus, store, prefer)


def _import_export_file(path: Path, corpus: Corpus, store: AnnotationStore, prefer: str) -> ImportReport:
    document = load_json_file(path)
    codebook, plan = validate_export(document, path, corpus, store)
    report = ImportReport()
    try:
        codes = plan_codebook_import(store.code_map(), codebook)
    except AnnotationError as exc:
        raise ImportFileError(str(exc)) from None
    report.codes_added, report.codes_updated = codes.added, codes.updated
    ids = codes.ids_by_name()
    mutations = list(codes.mutations)
    for item in plan:
        changed = _statement_mutations(item, corpus, store, ids, report, prefer)
        if changed:
            mutations.extend(changed)
            report.statements_changed += 1
    if mutations:
        store.commit(Change(f"import {path.name}", mutations))
    return report


def _moment(value: str | None) -> tuple[int] | tuple[int, datetime]:
    """A sortable time; a missing (or, stored, unreadable) time is the oldest."""
    try:
        when = parse_time(value)
    except ValueError:
        when = None
    return (0,) if when is None else (1, when)


def _decide(local: str, incoming: str | None, same: bool, prefer: str) -> str:
    """``apply``, ``same`` (nothing to do), ``keep`` (local is newer) or ``conflict``."""
    if prefer == "incoming":
        return "same" if same else "apply"
    mine, theirs = _moment(local), _moment(incoming)
    if theirs > mine:
        return "apply"  # newer: taken even when only the time differs, so it is not lost
    if same:
        return "same"
    return "keep" if theirs < mine else "conflict"


def _content(h: Highlight) -> tuple[int, int, str, tuple[str, ...], str]:
    return (h.start, h.end, h.quote, h.labels, h.note)


def _statement_mutations(
    item: _PlannedStatement, corpus: Corpus, store: AnnotationStore, ids: dict[str, str], report: ImportReport, prefer: str,
) -> list[Mutation]:
    mutations: list[Mutation] = []
    existing = {h.id: h for h in store.highlights(item.id)}
    by_span = {(h.start, h.end): h for h in existing.values() if h.status != ORPHANED}
    text = corpus.text(item.id) if item.highlights else None
    when = now()
    for entry in item.highlights:
        assert text is not None
        hid = _highlight_id(item.id, entry)
        labels = tuple(dict.fromkeys(ids[name_key(n)] for n in entry.get("labels", [])))
        modified = entry.get("modified") or entry.get("created") or ""
        candidate = Highlight(
            id=hid, statement=item.id, start=entry["start"], end=entry["end"], quote=entry["quote"],
            prefix=entry.get("prefix") or "", suffix=entry.get("suffix") or "", labels=labels,
            note=entry.get("note") or "", coder=entry.get("coder") or store.coder,
            created=entry.get("created") or modified or when, modified=modified,
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
            twin = by_span.get((final.start, final.end)) if final.status != ORPHANED else None
            if twin is not None:  # the same span under another id: one highlight, codes added
                merged = twin.evolve(labels=tuple(dict.fromkeys(twin.labels + final.labels)), note=twin.note or final.note)
                if merged != twin:
                    merged = merged.evolve(modified=when)
                    mutations.append(Mutation(item.id, "highlights", twin.id, twin.to_doc(), merged.to_doc()))
                    existing[twin.id] = by_span[(twin.start, twin.end)] = merged
                    report.highlights_updated += 1
                continue
            mutations.append(Mutation(item.id, "highlights", hid, None, final.to_doc()))
            existing[hid] = final
            if final.status != ORPHANED:
                by_span[(final.start, final.end)] = final
            report.highlights_added += 1
            continue
        decision = _decide(old.modified, final.modified or None, _content(old) == _content(final), prefer)
        if decision == "apply":
            mutations.append(Mutation(item.id, "highlights", hid, old.to_doc(), final.to_doc()))
            report.highlights_updated += 1
        elif decision == "keep":
            report.kept_newer += 1
        elif decision == "conflict":
            report.conflicts.append(hid)
    marks_mutation = _marks_mutation(item, store, ids, report, prefer)
    if marks_mutation is not None:
        mutations.append(marks_mutation)
    return mutations


def _marks_mutation(item: _PlannedStatement, store: AnnotationStore, ids: dict[str, str], report: ImportReport, prefer: str) -> Mutation | None:
    """The statement's labels and note, merged as one version (newer wins)."""
    labels = tuple(dict.fromkeys(ids[name_key(n)] for n in item.labels))
    note = item.note or ""
    if not labels and not note and item.modified is None:
        return None  # says nothing about the statement (it is listed for its highlights)
    marks = store.stored_marks(item.id)
    incoming = StatementMarks(item.id, labels, note, item.modified or "")
    if marks is None:
        return Mutation(item.id, "statement", item.id, None, incoming.to_doc())
    decision = _decide(marks.modified, item.modified, (marks.labels, marks.note) == (labels, note), prefer)
    if decision == "apply":
        return Mutation(item.id, "statement", item.id, marks.to_doc(), incoming.to_doc())
    if decision == "keep":
        report.kept_newer += 1
    elif decision == "conflict":
        report.conflicts.append(f"statement {item.id}")
    return None
