"""An unexpected error in the app: non-zero exit, one sentence, a report file, the store intact."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from tui.app import MarginApp

real_run = MarginApp.run

def bad(self):
    raise RuntimeError("boom in a key handler")

async def auto_pilot(pilot):
    await pilot.pause()
    pilot.app.call_later(bad, pilot.app)

def headless_run(self, *args, **kwargs):
    return real_run(self, headless=True, auto_pilot=auto_pilot, size=(100, 30))

MarginApp.run = headless_run
from tui.main import main
main(sys.argv[1:])
"""


def test_a_crash_of_the_app_exits_non_zero_with_one_sentence_and_a_report(tmp_path: Path, isolated_dirs: Path) -> None:
    import os

    from annotations.store import open_store
    from corpus import open_corpus

    db = tmp_path / "db"
    corpus = open_corpus(None)
    with open_store(corpus.root, db) as store:
        code = store.add_code("Peacekeeping", key="4")
        store.add_highlight(corpus.text(corpus.statements[1].id), 0, 9, [code.id])
    before = {p.name: p.read_bytes() for p in (db / "statements").iterdir()} | {"codebook": (db / "codebook.json").read_bytes()}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, "--db", str(db)], capture_output=True, text=True, timeout=120,
        env=dict(os.environ),
    )
    assert done.returncode != 0
    lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "unexpected error" in lines[0] and "RuntimeError" in lines[0] and "boom" in lines[0]
    assert "Traceback" not in done.stderr + done.stdout
    log = Path(lines[0].rsplit(" ", 1)[-1].rstrip("."))
    assert log.is_file() and isolated_dirs / "cache" in log.parents
    assert "boom in a key handler" in log.read_text() and "Traceback" in log.read_text()
    after = {p.name: p.read_bytes() for p in (db / "statements").iterdir()} | {"codebook": (db / "codebook.json").read_bytes()}
    assert after == before
    with open_store(corpus.root, db, lock_timeout=0.5) as again:  # the lock was released
        assert len(again.highlights(corpus.statements[1].id)) == 1
