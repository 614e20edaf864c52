"""A damaged index cache (random pages behind an intact header) is moved aside and rebuilt."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus import open_corpus
from corpus.search import search
from tui.main import cli

PAGE = 4096


def _corpus_files(n: int = 60) -> dict[str, str]:
    rng = random.Random(3)
    words = ["peace", "security", "women", "council", "justice", "trafficking", "sahel", "the", "of"]
    return {
        f"s{i:03d}.txt": f"Mr. S{i} (Country {i}): " + " ".join(rng.choice(words) for _ in range(400)) + "."
        for i in range(n)
    }


def _damage(path: Path, seed: int = 1) -> None:
    """Overwrite every page but the first (the header and schema) with random bytes."""
    rng = random.Random(seed)
    size = path.stat().st_size
    assert size > 4 * PAGE, "the cache is too small to damage realistically"
    with open(path, "r+b") as handle:
        for page in range(1, size // PAGE):
            handle.seek(page * PAGE)
            handle.write(bytes(rng.randrange(256) for _ in range(PAGE)))


def _built(make_corpus) -> tuple[Path, Path]:
    root = make_corpus(_corpus_files())
    corpus = open_corpus(root)
    corpus.ensure_texts(workers=1)
    path = corpus.index.path
    corpus.index.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    corpus.index.close()
    _damage(path)
    with pytest.raises(sqlite3.DatabaseError):  # the damage is real
        conn = sqlite3.connect(path)
        conn.execute("SELECT count(*), sum(length(text)) FROM texts").fetchall()
    return root, path


def test_open_and_search_rebuild_a_damaged_cache(make_corpus) -> None:
    root, path = _built(make_corpus)
    corpus = open_corpus(root)
    assert len(corpus) == 60
    notices = corpus.index.take_notices()
    assert len(notices) == 1 and "rebuilt" in notices[0] and str(path) in notices[0]
    assert list(path.parent.glob(path.name + ".damaged*"))  # moved aside, not deleted
    corpus.ensure_texts(workers=1)
    assert any(True for _ in search(corpus, "justice", limit=5))
    assert open_corpus(root).index.take_notices() == []  # rebuilt once, sound afterwards


@pytest.mark.parametrize("args", [["statements"], ["search", "justice"], ["info"], ["text", "s001.txt"]])
def test_cli_commands_rebuild_a_damaged_cache(make_corpus, args: list[str]) -> None:
    root, path = _built(make_corpus)
    result = CliRunner().invoke(cli, [*args, "--corpus", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "malformed" not in result.stdout
    assert "index cache" in result.stderr and "rebuilt" in result.stderr
    assert result.stderr.count("rebuilt") == 1
    notice = next(line for line in result.stderr.splitlines() if "index cache" in line)
    assert "was damaged" in notice and notice.endswith("rebuilt.")  # one sentence on one line
    again = CliRunner().invoke(cli, [*args, "--corpus", str(root)], catch_exceptions=False)
    assert again.exit_code == 0 and "rebuilt" not in again.stderr


def test_a_large_cache_damaged_past_the_open_check_is_rebuilt_when_read(make_corpus, monkeypatch) -> None:
    """A large cache is not checked at open (too slow); the first read that fails rebuilds it."""
    from corpus import index_db

    root, path = _built(make_corpus)
    monkeypatch.setattr(index_db, "QUICK_CHECK_BYTES", 0)
    corpus = open_corpus(root)
    corpus.ensure_texts(workers=1)
    hits = list(search(corpus, "justice", limit=5))
    assert hits and all(h.match.lower() == "justice" for h in hits)
    assert len(corpus) == 60
    assert any("rebuilt" in n for n in corpus.index.take_notices())


def test_folder_walk_in_a_helper_process_on_a_damaged_cache(make_corpus, monkeypatch) -> None:
    import threading

    from corpus import index as index_module
    from corpus import workers

    root, path = _built(make_corpus)
    monkeypatch.setattr(workers, "_stopping", threading.Event())  # not closed by an earlier test's app
    monkeypatch.setattr(index_module, "WALK_IN_CHILD_FROM", 1)  # the app's background walk: in a helper process
    corpus = open_corpus(root, refresh=False)
    corpus.refresh()
    assert len(corpus) == 60 and corpus.index.take_notices()


def test_the_app_starts_on_a_damaged_cache(make_corpus, tmp_path: Path) -> None:
    root, path = _built(make_corpus)
    script = (
        "import asyncio, sys\n"
        "from corpus import open_corpus\n"
        "from annotations.store import open_store\n"
        "from tui.app import MarginApp\n"
        f"corpus = open_corpus({str(root)!r}, refresh=False, defer_reading=True)\n"
        f"store = open_store(corpus.root, {str(tmp_path / 'db')!r})\n"
        "app = MarginApp(corpus, store, refresh_corpus=True)\n"
        "shown = []\n"
        "real_notify = app.notify\n"
        "app.notify = lambda message, **kw: (shown.append(message), real_notify(message, **kw))\n"
        "async def main():\n"
        "    async with app.run_test(size=(120, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        await app.workers.wait_for_complete()\n"
        "        await pilot.pause()\n"
        "        print('SEARCH', app.search_ready, len(corpus))\n"
        "        print('SHOWN', shown)\n"
        "asyncio.run(main())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "SEARCH True 60" in done.stdout, done.stdout + done.stderr
    assert "was damaged" in done.stdout and "rebuilt" in done.stdout  # said in the app, once
    assert done.stdout.count("rebuilt") == 1


def test_a_full_disk_under_the_cache_keeps_it_in_memory(make_corpus) -> None:
    root = make_corpus(_corpus_files())
    corpus = open_corpus(root)
    conn = corpus.index.connection
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
    corpus.ensure_texts(workers=1)
    assert list(search(corpus, "justice", limit=3))
    (notice,) = corpus.index.take_notices()
    assert "cannot be written" in notice and "in memory" in notice


def _traced_opens(monkeypatch) -> list[str]:
    """Every SQL statement the cache's connections run, with every cache counted large."""
    from corpus import index_db

    statements: list[str] = []
    real_open = index_db.open_db

    def traced(path, schema):
        conn = real_open(path, schema)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(index_db, "QUICK_CHECK_BYTES", 0)
    monkeypatch.setattr(index_db, "open_db", traced)
    return statements


def _margin_holding_the_cache(root):
    """Another margin process with the corpus's cache open (its -wal file there), running."""
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from corpus import open_corpus; open_corpus(sys.argv[1]); "
         "print('open', flush=True); time.sleep(120)", str(root)],
        stdout=subprocess.PIPE, text=True,
    )
    assert child.stdout is not None and child.stdout.readline() == "open\n"
    return child


def test_a_large_cache_closed_cleanly_is_not_checked_at_open(make_corpus, monkeypatch) -> None:
    """Opening makes a -wal file itself: checking a 700 MB cache at every open cost seconds."""
    statements = _traced_opens(monkeypatch)
    root = make_corpus(_corpus_files(5))
    open_corpus(root).index.close()
    statements.clear()
    open_corpus(root).index.close()
    assert not any("quick_check" in s for s in statements)


def test_a_cache_another_running_margin_has_open_is_not_checked_one_a_killed_margin_left_is(make_corpus, monkeypatch) -> None:
    """A -wal file there before the open: a margin still running (the app in another
    terminal while a script calls the command line: no check, it would cost seconds a
    call) or one that was killed mid-write (checked)."""
    import signal

    statements = _traced_opens(monkeypatch)
    root = make_corpus(_corpus_files(5))
    first = open_corpus(root).index
    cache = first.path
    first.close()
    child = _margin_holding_the_cache(root)
    try:
        statements.clear()
        open_corpus(root).index.close()
        assert not any("quick_check" in s for s in statements), "checked while another margin had it open"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert Path(f"{cache}-wal").exists(), "the killed margin left its -wal file"
    statements.clear()
    open_corpus(root).index.close()
    assert any("quick_check" in s for s in statements), "a cache left by a killed margin was not checked"
