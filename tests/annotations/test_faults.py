"""Fault injection: a full disk, a refused write or a kill at every write of a change.

Issue 11: whatever fails, and wherever the process dies, the store is afterwards (once
opened again) exactly as before the change or exactly as after it, per change: never
part of an import, never a deleted code still used by half the statements. A kill is
simulated by raising a ``BaseException`` from the N-th file-system call that writes;
the store is then reopened as the next run of margin would.
"""

from __future__ import annotations

import errno
import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from annotations.errors import StoreWriteError
from annotations.export import export_document
from annotations.importer import import_export_file
from annotations.journal import JOURNAL_DIR
from annotations.store import AnnotationStore, open_store

WRITES = ("open", "write", "fsync", "replace", "unlink", "rmdir", "mkdir")


class Killed(BaseException):
    """The process died here."""


class Faults:
    """Counts the file-system calls that write; makes the N-th (and, for errors, every later one) fail."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, at: int | None = None, error: BaseException | None = None) -> None:
        self.calls = 0
        self.at, self.error = at, error
        for name in WRITES:
            real = getattr(os, name)
            monkeypatch.setattr(os, name, self._wrap(real))

    def _wrap(self, real: Callable) -> Callable:
        def call(*args, **kwargs):
            self.calls += 1
            if self.at is not None and self.calls >= self.at and (self.calls == self.at or not isinstance(self.error, Killed)):
                raise self.error
            return real(*args, **kwargs)
        return call


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of the store that holds annotations, byte for byte."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        # Lock files are no content; neither is a hidden temporary file a failed atomic
        # write could not remove (on a full disk): every reader skips ".*" names.
        hidden_temp = path.name.startswith(".") and path.name.endswith(".tmp")
        if path.is_file() and path.name not in (".lock", "lock-owner.json") and not hidden_temp:
            out[rel] = path.read_bytes()
    return out


def _without_journal(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if not k.startswith(JOURNAL_DIR + "/")}


@pytest.fixture
def fixed(monkeypatch: pytest.MonkeyPatch):
    """A fixed clock and deterministic ids, so two runs of a change write the same bytes."""
    import annotations.codebook
    import annotations.importer
    import annotations.store

    def reset() -> None:
        counter = itertools.count()
        make = lambda: f"id{next(counter):06d}"  # noqa: E731
        for module in (annotations.store, annotations.codebook):
            monkeypatch.setattr(module, "new_id", make)
        for module in (annotations.store, annotations.importer):
            monkeypatch.setattr(module, "now", lambda: "2026-01-01T00:00:00.000000Z")

    reset()
    return reset


@pytest.fixture
def base(corpus, tmp_path: Path, fixed) -> tuple[Path, Path]:
    """A store in use (codes, highlights, labels) and an export made elsewhere to import into it."""
    folder = tmp_path / "base"
    with open_store(corpus.root, folder, coder="tester") as store:
        one = store.add_code("Women, peace and security", key="1")
        two = store.add_code("Human trafficking", key="2")
        store.add_code("Peacekeeping", key="3")
        store.add_highlight(corpus.text("a.txt"), 0, 5, [one.id], note="kept")
        store.add_highlight(corpus.text("a.txt"), 10, 20, [one.id])
        store.add_highlight(corpus.text("b/c.txt"), 0, 5, [one.id, two.id])
        store.toggle_statement_label("b/c.txt", one.id)
    with open_store(corpus.root, tmp_path / "elsewhere", coder="other") as other:
        code = other.add_code("Accountability")
        wps = other.add_code("Women, peace and security")
        for sid in ("a.txt", "b/c.txt", "a_b.txt"):
            other.add_highlight(corpus.text(sid), 1, 9, [code.id, wps.id], note=f"from elsewhere on {sid}")
        other.set_statement_note("a_b.txt", "memo from elsewhere")
        document = export_document(other, corpus)
    export = tmp_path / "export.json"
    export.write_bytes(orjson.dumps(document))
    return folder, export


def _code(store: AnnotationStore, name: str) -> str:
    return store.code_by_name(name).id


def _spans(store, corpus):
    return [(corpus.text(sid), 2, 7) for sid in ("a.txt", "b/c.txt", "a_b.txt")]


# (name, prepare, act): prepare runs first without faults; act is the change under test.
OPERATIONS = {
    "import": (None, lambda s, c, e: import_export_file(e, c, s)),
    "delete code": (None, lambda s, c, e: s.delete_code(_code(s, "Women, peace and security"), force=True)),
    "merge codes": (None, lambda s, c, e: s.merge_codes(_code(s, "Women, peace and security"), _code(s, "Peacekeeping"))),
    "code search hits": (None, lambda s, c, e: s.apply_code_to_spans(_code(s, "Peacekeeping"), _spans(s, c), "code 3 hits")),
    "undo an import": (lambda s, c, e: import_export_file(e, c, s), lambda s, c, e: s.undo()),
    "codebook import": (None, lambda s, c, e: s.import_codebook_entries([{"name": "New A"}, {"name": "New B", "parent": "New A"}])),
    "save one highlight": (None, lambda s, c, e: s.add_highlight(c.text("a.txt"), 30, 40, [_code(s, "Peacekeeping")])),
}


def _run(op: str, corpus, base, folder: Path, fixed):
    """Copy the base store to ``folder``, prepare, then run the change without faults."""
    source, export = base
    shutil.copytree(source, folder)
    fixed()
    prepare, act = OPERATIONS[op]
    store = AnnotationStore(folder, coder="tester")
    if prepare:
        prepare(store, corpus, export)
    before = snapshot(folder)
    act(store, corpus, export)
    return store, before


@pytest.mark.parametrize("op", list(OPERATIONS))
def test_a_kill_at_any_write_leaves_the_change_all_or_nothing(op: str, corpus, base, tmp_path: Path, fixed, monkeypatch) -> None:
    reference, before = _run(op, corpus, base, tmp_path / "reference", fixed)
    reference.close()
    after = snapshot(tmp_path / "reference")
    assert after != before  # the change does change something
    total = _count_writes(op, corpus, base, tmp_path / "count", fixed)
    assert total > 0
    seen = set()
    for n in range(1, total + 1):
        folder = tmp_path / f"kill{n}"
        with pytest.MonkeyPatch.context() as mp:
            shutil.copytree(base[0], folder)
            fixed()
            prepare, act = OPERATIONS[op]
            store = AnnotationStore(folder, coder="tester")
            if prepare:
                prepare(store, corpus, base[1])
            assert snapshot(folder) == before
            Faults(mp, at=n, error=Killed())
            with pytest.raises(Killed):
                act(store, corpus, base[1])
        store.close()
        with AnnotationStore(folder) as reopened:  # the next run of margin
            reopened.codes()
        state = snapshot(folder)
        assert not (folder / JOURNAL_DIR).exists()
        assert state in (before, after), f"killed at write {n} of {total}: the store is between before and after"
        seen.add("after" if state == after else "before")
    if op not in ("save one highlight", "codebook import"):
        assert seen == {"before", "after"}  # a kill early loses the change, a kill late keeps it


def _count_writes(op: str, corpus, base, folder: Path, fixed) -> int:
    with pytest.MonkeyPatch.context() as mp:
        shutil.copytree(base[0], folder)
        fixed()
        prepare, act = OPERATIONS[op]
        store = AnnotationStore(folder, coder="tester")
        if prepare:
            prepare(store, corpus, base[1])
        counter = Faults(mp)
        act(store, corpus, base[1])
        total = counter.calls
    store.close()
    return total


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), PermissionError(errno.EACCES, "Permission denied")], ids=["disk full", "permission denied"])
@pytest.mark.parametrize("op", ["import", "delete code", "merge codes", "code search hits", "save one highlight"])
def test_a_failing_write_says_nothing_changed_only_when_true(op: str, error, corpus, base, tmp_path: Path, fixed) -> None:
    reference, before = _run(op, corpus, base, tmp_path / "reference", fixed)
    reference.close()
    after = snapshot(tmp_path / "reference")
    total = _count_writes(op, corpus, base, tmp_path / "count", fixed)
    for n in range(1, total + 1):
        folder = tmp_path / f"fail{n}"
        with pytest.MonkeyPatch.context() as mp:
            shutil.copytree(base[0], folder)
            fixed()
            prepare, act = OPERATIONS[op]
            store = AnnotationStore(folder, coder="tester")
            if prepare:
                prepare(store, corpus, base[1])
            Faults(mp, at=n, error=error)
            try:
                act(store, corpus, base[1])
                message = None
            except StoreWriteError as exc:
                message = str(exc)
        if message is not None:
            assert "\n" not in message and message.endswith(".")
            if "Nothing was changed" in message:
                # An uncommitted journal the failing disk would not let go of is no part of the store.
                assert not (folder / JOURNAL_DIR / "COMMITTED").exists()
                assert _without_journal(snapshot(folder)) == before, f"failed at write {n}: said nothing was changed, but it was"
                assert store.highlights("a.txt") == AnnotationStore(folder, readonly=True).highlights("a.txt")
            else:
                assert "next time the store is opened" in message
        store.close()
        with AnnotationStore(folder) as reopened:
            reopened.codes()
        state = snapshot(folder)
        assert not (folder / JOURNAL_DIR).exists()
        assert state in (before, after), f"failed at write {n} of {total}: between before and after"
        if message is not None and "Nothing was changed" in message:
            assert state == before
        if message is None:
            assert state == after


def test_a_journal_left_by_a_crash_is_rolled_forward_or_discarded(coded, corpus, tmp_path: Path) -> None:
    """The journal format itself: a committed journal is finished on open, another is dropped."""
    from annotations.journal import Journal

    one = coded.code_by_key("1").id
    coded.add_highlight(corpus.text("a.txt"), 0, 5, [one])
    coded.close()
    folder = coded.folder
    target = AnnotationStore(folder, readonly=True).files.path("a.txt").relative_to(folder).as_posix()
    before = snapshot(folder)
    uncommitted = Journal(folder).begin()
    uncommitted.add(target, b"{}")  # killed before the marker
    with AnnotationStore(folder) as store:
        assert len(store.highlights("a.txt")) == 1
    assert snapshot(folder) == before and not (folder / JOURNAL_DIR).exists()
    committed = Journal(folder).begin()
    committed.add(target, orjson.dumps({"info": {"1": {"statement": "a.txt"}}, "highlights": {}}))
    committed.add("codebook.json", (folder / "codebook.json").read_bytes())
    (folder / JOURNAL_DIR / "manifest.json").write_bytes(orjson.dumps(committed.manifest))
    (folder / JOURNAL_DIR / "COMMITTED").write_bytes(b"committed\n")  # killed right after the marker
    assert AnnotationStore(folder, readonly=True).highlights("a.txt") == []  # an export right after the crash
    assert not (folder / JOURNAL_DIR).exists()
    with AnnotationStore(folder) as store:
        assert store.highlights("a.txt") == []
