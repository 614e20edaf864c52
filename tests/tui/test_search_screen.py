"""Pilot tests of the corpus search screen: find, open a hit, code the hits."""

from __future__ import annotations

import re

from tui.screens.search import SearchScreen
from tui.widgets.hit_list import HitList
from tui.widgets.reader import Reader


async def _ready(app, pilot) -> None:
    for _ in range(100):
        if app.search_ready:
            return
        await pilot.pause(0.05)
    raise AssertionError("the search index was never built")


def _expected(harness, word: str) -> int:
    rx = re.compile(rf"(?<![^\W_]){word}(?![^\W_])", re.IGNORECASE)
    return sum(len(rx.findall(harness.corpus.reading_text(s.id))) for s in harness.corpus)


def test_search_and_open_a_hit_in_the_reader(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*'"human trafficking"', "enter")
        hits = app.screen.query_one(HitList)
        assert len(hits.hits) == _expected(harness, r"human\W+trafficking")
        await pilot.press("down", "enter")
        second = hits.hits[1]
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        assert reader.statement_id == second.statement
        assert reader.selection == (second.start, second.end)
        assert reader.text[second.start:second.end].lower() == "human trafficking"

    harness.run(script)


def test_code_all_hits_in_one_undoable_step(harness) -> None:
    counts = {}

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"impunity", "enter", "5")
        store = app.store
        counts["coded"] = sum(len(store.highlights(s.id)) for s in app.corpus)
        await pilot.press("u")
        counts["after undo"] = sum(len(store.highlights(s.id)) for s in app.corpus)
        await pilot.press("ctrl+r")

    harness.run(script)
    expected = _expected(harness, "impunity")
    assert expected > 1
    assert counts == {"coded": expected, "after undo": 0}
    store = harness.reopen()
    coded = [h for s in harness.corpus for h in store.highlights(s.id)]
    assert len(coded) == expected
    assert all(h.quote.lower() == "impunity" and [store.code(c).name for c in h.labels] == ["Accountability and justice"] for h in coded)


def test_code_only_the_marked_hits_with_the_picker(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"peacekeep*", "enter", "space", "down", "space", "c", *"Blue helmets", "enter")
        await pilot.pause()

    harness.run(script)
    store = harness.reopen()
    coded = [h for s in harness.corpus for h in store.highlights(s.id)]
    assert len(coded) == 2
    assert {store.code(c).name for h in coded for c in h.labels} == {"Blue helmets"}


def test_bad_query_is_a_message_not_a_crash(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"NOT peace", "enter")
        status = app.screen.query_one("#search-status")
        assert "needs a term before it" in str(status.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)

    harness.run(script)
