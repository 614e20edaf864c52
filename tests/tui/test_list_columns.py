"""The statement list's columns: speaker and affiliation first, constant columns dropped,
General Debate rows named by country and session/year."""

from __future__ import annotations

import asyncio
from pathlib import Path

from corpus import open_corpus
from tests.tui.conftest import Harness
from tui.widgets.statement_list import StatementList


def _rows(tmp_path: Path, root: Path, width: int, count: int) -> list[str]:
    h = Harness(tmp_path / f"w{width}", corpus=open_corpus(root), starter=False)
    (tmp_path / f"w{width}").mkdir()
    app = h.make_app(index_texts=False)
    rows: list[str] = []

    async def main() -> None:
        async with app.run_test(size=(width, 40)) as pilot:
            await pilot.pause()
            await pilot.pause()
            lst = app.screen.query_one(StatementList)
            rows.extend("".join(seg.text for seg in lst.render_line(y)).rstrip(" ▁▂▃▄▅▆▇█▔┃│") for y in range(count))
    try:
        asyncio.run(main())
    finally:
        h.store.close()
    return rows


def unsc(make_corpus, meetings: tuple[int, ...]) -> Path:
    files = {}
    for meeting in meetings:
        for n in range(1, 17):
            files[f"UNSC_2020_SPV.{meeting}_spch{n:03}.txt"] = f"Mr. Wu Haitao (China) (spoke in Chinese): Statement {n}."
    return make_corpus(files, name=f"unsc-{len(meetings)}")


def test_one_meeting_at_80_columns_shows_the_whole_speaker_not_year_or_meeting(tmp_path, make_corpus) -> None:
    rows = _rows(tmp_path, unsc(make_corpus, (8699,)), 80, 16)
    assert all("Wu Haitao · China" in row for row in rows), rows  # the honorific gives way first
    assert not any("2020" in row or "S/PV" in row for row in rows), rows


def test_one_meeting_at_160_columns_adds_the_speech_number_only(tmp_path, make_corpus) -> None:
    rows = _rows(tmp_path, unsc(make_corpus, (8699,)), 160, 16)
    assert rows[15].endswith("#16") and "Mr. Wu Haitao · China" in rows[15], rows
    assert not any("2020" in row or "S/PV" in row for row in rows), rows


def test_several_meetings_show_the_meeting_when_there_is_room(tmp_path, make_corpus) -> None:
    root = unsc(make_corpus, (8699, 8700))
    wide = _rows(tmp_path, root, 160, 20)
    assert "S/PV.8699" in wide[0] and "S/PV.8700" in wide[19] and "Mr. Wu Haitao · China" in wide[0]
    assert "2020" not in wide[0]  # one year: the same on every row
    narrow = _rows(tmp_path, root, 80, 20)
    assert all("Wu Haitao · China" in row for row in narrow), narrow


def ungdc(make_corpus) -> Path:
    return make_corpus({
        "Session 46 - 1991/AFG_46_1991.txt": "At the outset I wish to convey.",
        "Session 46 - 1991/CSK_46_1991.txt": "Czechoslovakia speaks.",
        "Session 47 - 1992/KAZ_47_1992.txt": "Kazakhstan speaks.",
        "Session 66 - 2011/EU_66_2011.txt": "The European Union speaks.",
    }, name="ungdc")


def test_general_debate_rows_name_the_country_and_the_session_year(tmp_path, make_corpus) -> None:
    for width in (80, 160):
        rows = _rows(tmp_path, ungdc(make_corpus), width, 4)
        names = ["Afghanistan", "Czechoslovakia", "Kazakhstan", "EU"]
        assert all(row[2:].startswith(name + " ") for row, name in zip(rows, names)), rows
        assert not any("#46" in row for row in rows)
        assert "1991" in rows[0] and "2011" in rows[3], rows  # short names leave room for the year
        if width == 160:
            assert "1991" in rows[0] and "46" in rows[0] and "2011" in rows[3], rows


def test_the_filter_finds_a_general_debate_country_by_name(tmp_path, make_corpus) -> None:
    h = Harness(tmp_path, corpus=open_corpus(ungdc(make_corpus)), starter=False)

    async def script(app, pilot):
        await pilot.press("slash", *"czecho")
        await pilot.pause()
        lst = app.screen.query_one(StatementList)
        assert [lst.statements[i].id for i in lst.rows] == ["Session 46 - 1991/CSK_46_1991.txt"]

    h.run(script)
