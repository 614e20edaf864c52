"""Pilot tests of the corpus search screen: find, open a hit, code the hits."""

from __future__ import annotations

import re

from tests.tui.conftest import settle
from tui.screens.search import SearchScreen
from tui.widgets.hit_list import HitList
from tui.widgets.reader import Reader


async def _ready(app, pilot) -> None:
    await settle(pilot)  # the search index is built by a worker at start
    assert app.search_ready, "the search index was never built"


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
        assert "NOT needs a word or phrase before it" in str(status.render())
        await pilot.press("escape")
        assert not isinstance(app.screen, SearchScreen)

    harness.run(script)


def _status(app) -> str:
    return str(app.screen.query_one("#search-status").render())


def test_search_remembers_query_hits_marks_and_cursor(harness) -> None:
    """Reopening ctrl+f after opening a hit shows the same query, hits, marks and cursor."""

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"global", "enter")
        hits = app.screen.query_one(HitList)
        before = [(h.statement, h.start) for h in hits.hits]
        assert len(before) == 4
        await pilot.press("space", "down", "enter")  # mark the first, open the third
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Reader).statement_id == before[2][0]
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        hits = app.screen.query_one(HitList)
        assert app.screen.query_one("#query").value == "global"
        assert [(h.statement, h.start) for h in hits.hits] == before
        assert hits.marked == {0} and hits.cursor == 2 and hits.top == 0
        assert app.focused is hits
        assert "4 hits in 1 statement " in _status(app)
        await pilot.press("escape", "ctrl+f")  # closing with escape keeps it too
        assert app.screen.query_one(HitList).cursor == 2

    harness.run(script)


def test_a_key_typed_in_the_hit_list_goes_to_the_query(harness) -> None:
    from tests.tui.conftest import queue_input

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"global", "enter")
        hits = app.screen.query_one(HitList)
        assert app.focused is hits
        queue_input(app, "s", "a", "c", "2")  # "a" marks all, "c" codes and "2" codes in the hit list
        await pilot.pause()
        await pilot.pause()
        assert app.focused is app.screen.query_one("#query")
        assert app.screen.query_one("#query").value == "global sac2"  # added as a word
        assert hits.marked == set() and isinstance(app.screen, SearchScreen)
        assert not [h for s in app.corpus for h in app.store.highlights(s.id)]

    harness.run(script)


def test_counts_in_the_status_are_singular_or_plural(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"sustainable", "enter")
        assert _status(app).startswith("3 hits in 1 statement for 'sustainable'")
        await pilot.press("ctrl+f", "ctrl+a", "ctrl+k", *"peruvian", "enter")
        assert _status(app).startswith("1 hit in 1 statement for 'peruvian'")
        await pilot.press("1")
        assert "Coded 1 hit with Women, peace and security: 1 new highlight, 0 existing ones" in _status(app)

    harness.run(script)


def test_a_filter_alone_lists_statements_by_their_first_line(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *'speaker:"Abdrakhmanov"', "enter")
        hits = app.screen.query_one(HitList)
        assert [h.statement for h in hits.hits] == ["001_b907de60422aaedd.txt", "002_be3da86a0c889b6d.txt"]
        assert all(h.start == 0 for h in hits.hits)
        assert _status(app).startswith("2 statements match")
        await pilot.press("1")  # first lines are not passages to code
        assert "not passages" in _status(app)
        assert not [h for s in app.corpus for h in app.store.highlights(s.id)]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one(Reader).statement_id == "002_be3da86a0c889b6d.txt"

    harness.run(script)


def test_words_typed_one_by_one_in_the_hit_list_are_all_added_to_the_query(harness) -> None:
    """The query box takes the focus on the first letter: it must not select the query
    then, or the second letter replaces it all (and Backspace deletes it all)."""

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"global", "enter")
        assert isinstance(app.focused, HitList)
        await pilot.press(*"sac")
        assert app.screen.query_one("#query").value == "global sac"
        await pilot.press("backspace")
        assert app.screen.query_one("#query").value == "global sa"

    harness.run(script)


# --- feedback on the search screen --------------------------------------------------------


def test_coding_hits_that_all_have_the_code_says_nothing_changed(harness) -> None:
    seen = {}

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"impunity", "enter", "5")
        seen["first"] = _status(app)
        await pilot.press("5")
        seen["again"] = _status(app)
        await pilot.press("u")  # one undo undoes the first coding: the second recorded no step
        seen["after undo"] = sum(len(app.store.highlights(s.id)) for s in app.corpus)

    harness.run(script)
    assert "new highlights" in seen["first"]
    assert seen["again"].startswith("Every hit already has Accountability and justice: nothing changed")
    assert "u undoes" not in seen["again"]
    assert seen["after undo"] == 0


def test_undo_and_redo_on_the_search_screen_say_what_they_did(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"impunity", "enter", "5")
        await pilot.press("u")
        assert isinstance(app.screen, SearchScreen)
        assert _status(app).startswith("Undid: code ") and "Accountability and justice" in _status(app)
        assert not [h for s in app.corpus for h in app.store.highlights(s.id)]
        await pilot.press("ctrl+r")
        assert _status(app).startswith("Redid: code ")
        await pilot.press("u", "u")
        assert _status(app) == "Nothing to undo."

    harness.run(script)


def test_coding_keys_are_hidden_for_hits_that_are_statements(harness) -> None:
    """A query of filters alone lists statements, which cannot be coded: the footer does
    not offer c (nor 1-9), and the keys say why instead of joining the query."""

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"impunity", "enter")
        assert "c" in app.screen.active_bindings
        await pilot.press("ctrl+f", *'speaker:"Abdrakhmanov"', "enter")
        assert isinstance(app.focused, HitList)
        assert "c" not in app.screen.active_bindings and "1" not in app.screen.active_bindings
        await pilot.press("c")
        assert "not passages" in _status(app)
        assert app.screen.query_one("#query").value == 'speaker:"Abdrakhmanov"'
        await pilot.press("ctrl+f", *"impunity", "enter")
        assert "c" in app.screen.active_bindings

    harness.run(script)


def test_a_query_error_clears_the_hits_of_the_query_before(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"global", "enter")
        assert len(app.screen.query_one(HitList).hits) == 4
        await pilot.press("ctrl+f", *"NOT peace", "enter")
        assert app.screen.query_one(HitList).hits == []
        assert "NOT needs a word or phrase before it" in _status(app)
        await pilot.press("escape", "ctrl+f")  # and the error is what it shows when reopened
        assert app.screen.query_one(HitList).hits == []
        assert "NOT needs a word" in _status(app)

    harness.run(script)


def test_an_unknown_state_in_search_is_an_error_sentence(harness) -> None:
    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"peace is:foo", "enter")
        assert _status(app) == "is: takes coded, uncoded, read, unread, not 'foo'."
        assert app.screen.query_one(HitList).hits == []

    harness.run(script)


def _hit_rows(tmp_path, size: tuple[int, int], query: str) -> list[str]:
    """The hit rows as drawn, on a corpus of long speaker names, at ``size``."""
    import asyncio

    from corpus import open_corpus
    from tests.tui.conftest import Harness

    root = tmp_path / "corpus"
    root.mkdir()
    (root / "UNSC_2020_SPV.8698_spch019.txt").write_text(
        "Mr. Polyanskiy (Russian Federation): We have always said that the peace process in the region "
        "must rest on the ceasefire agreement signed by all parties.\n")
    (root / "UNSC_2020_SPV.8698_spch020.txt").write_text("Ms. Roy (France): We also support the peace process.\n")
    harness = Harness(tmp_path, corpus=open_corpus(root))
    app = harness.make_app()

    async def main() -> list[str]:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await _ready(app, pilot)
            await pilot.press("ctrl+f", *query, "enter")
            await pilot.pause()
            hits = app.screen.query_one(HitList)
            return ["".join(segment.text for segment in hits.render_line(y)) for y in range(len(hits.hits))]

    try:
        return asyncio.run(main())
    finally:
        harness.store.close()


def test_the_speaker_column_is_as_wide_as_a_wide_screen_allows(tmp_path) -> None:
    (row,) = [r for r in _hit_rows(tmp_path, (160, 40), "peace") if "Polyanskiy" in r]
    assert "Mr. Polyanskiy · Russian Federation " in row
    assert "always said that the peace process in the region must" in row


def test_at_80_columns_the_context_keeps_its_room(tmp_path) -> None:
    (row,) = [r for r in _hit_rows(tmp_path, (80, 24), "peace") if "Polyanskiy" in r]
    assert row.startswith("  Polyanskiy · Russ")  # no room for the honorific
    assert "said that the peace process in the region" in row
    assert row.index("peace") <= 50  # the speaker takes at most a quarter of the row


def test_hits_name_a_general_debate_country_as_the_list_does(tmp_path, make_corpus) -> None:
    """A UN General Debate file gives its country as a code (KAZ_47_1992.txt): the hit
    list shows the name, as the statement list and the reader's header do."""
    from corpus import open_corpus
    from tests.tui.conftest import Harness

    root = make_corpus({
        "Session 47 - 1992/KAZ_47_1992.txt": "We speak of peace.",
        "Session 46 - 1991/AFG_46_1991.txt": "We speak of peace too.",
    }, name="ungdc")
    harness = Harness(tmp_path, corpus=open_corpus(root))

    async def script(app, pilot):
        await _ready(app, pilot)
        await pilot.press("ctrl+f", *"peace", "enter")
        await settle(pilot)
        shown = app.export_screenshot()
        assert "Kazakhstan" in shown and "Afghanistan" in shown
        assert not re.search(r"\bKAZ\b", shown) and not re.search(r"\bAFG\b", shown)

    harness.run(script)
