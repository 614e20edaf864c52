"""The tag panel's code list: counts follow the statement, enter and a click apply a code."""

from __future__ import annotations

from tui.widgets.code_list import CodeList, CodeRow, _fit
from tui.widgets.reader import Reader

FIRST = "000_99bcc648238271ba.txt"


def _rows_text(codes: CodeList) -> list[str]:
    return ["".join(segment.text for segment in codes.render_line(y)) for y in range(len(codes.codes))]


def test_counts_follow_the_statement_under_the_list_cursor(harness) -> None:
    seen: dict[str, list[str]] = {}

    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "e", "1")  # "Kazakhstan thanks": code 1 on the first
        await pilot.press("shift+tab")  # back to the list
        await pilot.pause()
        codes = app.screen.query_one("#codes", CodeList)
        seen["first"] = _rows_text(codes)
        await pilot.press("down")
        await pilot.pause()
        seen["second"] = _rows_text(codes)

    harness.run(script)
    first = next(line for line in seen["first"] if "Women, peace and security" in line or " 1 Women" in line)
    second = next(line for line in seen["second"] if " 1 Women" in line)
    assert first.rstrip(" │┃").endswith("1/1")  # one highlight here, one in the corpus
    assert second.rstrip(" │┃").endswith("0/1")  # none on the next statement


def test_enter_in_the_code_list_applies_the_code_to_the_selection(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "e")  # select "Kazakhstan thanks"
        codes = app.screen.query_one("#codes", CodeList)
        codes.focus()
        await pilot.press("down", "down", "enter")  # the third code

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    assert [store.code(c).key for c in h.labels] == ["3"]


def test_a_click_on_a_code_applies_it(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "e", "e")
        codes = app.screen.query_one("#codes", CodeList)
        assert await pilot.click(CodeList, offset=(5, 1))  # the second row
        await pilot.pause()
        assert app.screen.query_one(Reader).sel_anchor is None  # applied: selection gone
        assert codes.cursor == 1

    harness.run(script)
    store = harness.reopen()
    (h,) = store.highlights(FIRST)
    assert [store.code(c).key for c in h.labels] == ["2"]


def test_no_codes_shows_how_to_make_one(tmp_path) -> None:
    from tests.tui.conftest import Harness

    harness = Harness(tmp_path, starter=False)
    seen: list[str] = []

    async def script(app, pilot):
        codes = app.screen.query_one("#codes", CodeList)
        seen.append("".join(segment.text for segment in codes.render_line(0)))
        await pilot.press("enter", "v", "e", "c")  # the code picker creates the first code
        await pilot.pause()
        await pilot.press(*"Peacekeeping", "enter")
        await pilot.pause()
        seen.append("".join(segment.text for segment in codes.render_line(0)))

    harness.run(script)
    assert "No codes yet" in seen[0]
    assert "Peacekeeping" in seen[1] and "1/1" in seen[1]


def test_names_are_cut_with_an_ellipsis_or_padded() -> None:
    assert _fit("Peacekeeping", 15) == "Peacekeeping   "
    assert _fit("Conflict-related sexual violence", 25) == "Conflict-related sexual…".ljust(25)
    assert _fit("Women, peace and security", 10) == "Women, pe…"
    row = CodeRow("c", "X", "#ff0000", "1", 2, None)
    assert row.counts == "2/…"
