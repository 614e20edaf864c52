"""The app with damaged store files and a damaged cache: it says so, marks, and goes on."""

from __future__ import annotations

from annotations.files import statement_file_name
from annotations.store import open_store
from tui.widgets.reader import Reader
from tui.widgets.statement_list import StatementList

FIRST = "000_99bcc648238271ba.txt"
SECOND = "001_b907de60422aaedd.txt"
THIRD = "002_be3da86a0c889b6d.txt"


def _code_three(harness) -> None:
    from annotations.codebook import starter_codebook

    with open_store(harness.corpus.root, harness.db) as store:
        store.import_codebook_entries(starter_codebook())
        code = store.code_by_key("1").id
        for sid in (FIRST, SECOND, THIRD):
            store.add_highlight(harness.corpus.text(sid), 0, 9, [code])


def test_a_damaged_statement_file_is_shown_marked_and_moving_onto_it_works(harness) -> None:
    _code_three(harness)
    damaged = harness.db / "statements" / statement_file_name(SECOND)
    damaged.write_bytes(b"\x00" * 40)

    async def script(app, pilot):
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#status")
        assert damaged.name in status.saved and status.error
        listing = app.screen.query_one(StatementList)
        assert listing.damaged == {SECOND}
        assert listing.render_line(1).text.startswith("!")
        assert listing.summary[THIRD].highlights == 1  # counts after the bad file are there
        await pilot.press("down")
        assert app.screen.query_one(Reader).statement_id == SECOND
        await pilot.press("down")
        assert app.screen.query_one(Reader).statement_id == THIRD
        assert len(app.screen.highlights) == 1
        assert app.is_running

    harness.run(script)
    assert not damaged.exists() and len(list((harness.db / "damaged").iterdir())) == 1


def test_a_full_disk_when_marking_read_is_a_message_not_a_crash(harness, monkeypatch) -> None:
    import builtins
    import errno

    real_open = builtins.open

    def full_open(file, mode="r", *args, **kwargs):
        if str(file).endswith("read.log") and "a" in mode:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    async def script(app, pilot):
        monkeypatch.setattr(builtins, "open", full_open)
        await pilot.press("down")
        assert app.screen.query_one(Reader).statement_id == SECOND
        status = app.screen.query_one("#status")
        assert "Could not save the read mark" in status.saved and "the disk is full" in status.saved
        assert "Nothing was changed" not in status.saved
        assert app.is_running
        monkeypatch.undo()

    harness.run(script)
