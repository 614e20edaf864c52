"""One writer per store, and no lost or torn writes when a writer is killed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotations.errors import StoreLockedError
from annotations.store import AnnotationStore

HELPER = str(Path(__file__).with_name("writer_process.py"))


def _spawn(store: Path, corpus: Path, mode: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen(
        [sys.executable, HELPER, str(store), str(corpus), mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )


def test_second_writer_gets_a_clear_error(corpus, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    holder = _spawn(store_dir, corpus.root, "hold")
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match=r"in use by another margin \(process \d+"):
            AnnotationStore(store_dir, lock_timeout=0.2)
        readonly = AnnotationStore(store_dir, readonly=True)  # readers are never blocked
        assert readonly.codes() == []
    finally:
        holder.stdin.close()
        holder.wait(10)
    with AnnotationStore(store_dir, lock_timeout=0.2) as again:  # released on exit
        assert again.codes() == []


def test_stale_lock_of_a_killed_process_does_not_block(corpus, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    holder = _spawn(store_dir, corpus.root, "hold")
    assert holder.stdout.readline().strip() == "ready"
    holder.send_signal(signal.SIGKILL)
    holder.wait(10)
    assert (store_dir / ".lock").exists()
    with AnnotationStore(store_dir, lock_timeout=0.5) as store:
        assert store.codes() == []


def test_writers_one_after_another_never_lose_data(corpus, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    ids = []
    for _ in range(3):
        child = _spawn(store_dir, corpus.root, "once")
        out, _ = child.communicate(timeout=60)
        ids.append(out.strip())
    with AnnotationStore(store_dir, lock_timeout=1) as store:
        mine = store.add_highlight(corpus.text(corpus.statements[0].id), 3, 6)
        stored = {h.id for h in store.highlights(corpus.statements[0].id)}
    assert stored == set(ids) | {mine.id}


@pytest.mark.parametrize("seed", range(4))
def test_sigkill_during_writes_keeps_every_returned_write(corpus, tmp_path: Path, seed: int) -> None:
    store_dir = tmp_path / "store"
    child = _spawn(store_dir, corpus.root, "write")
    confirmed: list[str] = []
    # Read a random number of confirmations, then kill at a random moment after.
    wanted = random.Random(seed).randint(3, 40)
    while len(confirmed) < wanted:
        line = child.stdout.readline()
        assert line, "writer died early"
        confirmed.append(line.strip())
    time.sleep(random.Random(seed).random() * 0.05)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait(10)
    confirmed += [line for line in rest.split() if len(line) == 32]
    with AnnotationStore(store_dir, lock_timeout=1) as store:
        stored = {h.id for h in store.highlights(corpus.statements[0].id)}
    assert set(confirmed) <= stored


@pytest.mark.parametrize("seed", range(3))
def test_sigkill_during_imports_leaves_each_import_whole_or_absent(corpus, tmp_path: Path, seed: int) -> None:
    """A real kill (SIGKILL) of a process importing: every import is in the store whole, or not at all."""
    store_dir = tmp_path / "store"
    child = _spawn(store_dir, corpus.root, "import")
    confirmed: list[int] = []
    wanted = random.Random(seed).randint(1, 6)
    while len(confirmed) < wanted:
        line = child.stdout.readline()
        assert line, "importer died early"
        confirmed.append(int(line))
    time.sleep(random.Random(seed).random() * 0.05)
    child.send_signal(signal.SIGKILL)
    rest = child.stdout.read()
    child.wait(10)
    confirmed += [int(x) for x in rest.split()]
    with AnnotationStore(store_dir, lock_timeout=1) as store:  # opening finishes or drops the last one
        assert not (store_dir / "journal").exists()
        ids = [s.id for s in corpus.statements]
        names = {c.id: c.name for c in store.codes()}
        # The same span each time: later imports add their code to the first highlight.
        present = {sid: {names[c] for h in store.highlights(sid) for c in h.labels} for sid in ids}
        codes = set(names.values())
    imports = {int(name.split()[1]) for name in codes}
    assert set(confirmed) <= imports
    for i in imports | set(confirmed) | {max(confirmed) + 1}:
        whole = [f"Code {i}" in present[sid] for sid in ids]
        assert all(whole) == (i in imports) and any(whole) == (i in imports), f"import {i} is in the store only in part"
