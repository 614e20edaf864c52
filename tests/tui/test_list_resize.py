"""After the terminal shrinks and grows again, the statement list fills its height:
no blank rows below the last statement while the first ones are scrolled out of view."""

from __future__ import annotations

from pathlib import Path

from corpus import open_corpus
from tests.tui.conftest import Harness, settle
from tui.widgets.statement_list import StatementList


def test_growing_after_shrinking_shows_every_row_that_fits(tmp_path: Path, make_corpus) -> None:
    root = make_corpus({f"s{i:02}.txt": f"Mr. A{i} (B): Text {i}." for i in range(20)})
    harness = Harness(tmp_path, corpus=open_corpus(root))
    seen: dict[str, int] = {}

    async def script(app, pilot):
        lst = app.screen.query_one(StatementList)
        await pilot.press(*["j"] * 12)  # well down the list
        for w, h in ((80, 24), (60, 14), (160, 45)):  # shrink, shrink more, grow past all rows
            await pilot.resize_terminal(w, h)
            await settle(pilot)
        seen.update(top=lst.top, rows=lst.row_count(), height=lst.page_height, cursor=lst.cursor)

    harness.run(script, size=(120, 30))
    assert seen["cursor"] == 12
    assert seen["rows"] <= seen["height"], "all 20 statements fit at 160x45"
    assert seen["top"] == 0, f"rows above scrolled away with room to spare: {seen}"
