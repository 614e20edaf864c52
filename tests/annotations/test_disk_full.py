"""A full disk (or an unwritable folder) on every write path: one clear sentence, no traceback."""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path

import pytest

from annotations.errors import StoreWriteError


def _full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_marking_read_on_a_full_disk_is_a_clear_error(store, monkeypatch) -> None:
    real_open = builtins.open

    def full_open(file, mode="r", *args, **kwargs):
        if str(file).endswith("read.log") and "a" in mode:
            _full()
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", full_open)
    with pytest.raises(StoreWriteError, match=r"Could not save .* the disk is full\.$"):
        store.mark_read("a.txt")
    monkeypatch.undo()
    assert store.read_ids() == set()


def test_saving_the_position_on_a_full_disk_says_so(store, monkeypatch) -> None:
    store.save_state({"statement": "a.txt", "cursor": 3})
    monkeypatch.setattr(os, "fsync", _full)
    with pytest.raises(StoreWriteError, match="the disk is full. Nothing was changed."):
        store.save_state({"statement": "b/c.txt", "cursor": 0})
    monkeypatch.undo()
    assert store.load_state() == {"statement": "a.txt", "cursor": 3}
    assert not [p for p in store.folder.iterdir() if p.name.endswith(".tmp")]


def test_stale_temporary_files_are_removed_when_the_store_opens(store, tmp_path: Path) -> None:
    from annotations.files import STATEMENTS_DIR
    from annotations.store import AnnotationStore

    folder = store.folder
    store.close()
    stale = [folder / ".codebook.json.abc123.tmp", folder / STATEMENTS_DIR / ".a.txt.1f.json.x1y2.tmp"]
    for path in stale:
        path.write_bytes(b'{"half": ')
        os.utime(path, (1_000_000_000, 1_000_000_000))
    unrelated = folder / "notes.tmp"
    unrelated.write_bytes(b"mine")
    readonly = AnnotationStore(folder, readonly=True)  # a reader never removes anything
    assert all(p.exists() for p in stale)
    del readonly
    writer = AnnotationStore(folder)
    assert not any(p.exists() for p in stale)
    assert unrelated.exists()
    writer.close()
