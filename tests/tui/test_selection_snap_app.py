"""In the app: a coded selection snaps to whole words unless ``selection = "exact"``;
sentence motions ( and ) (issue 10, item 18)."""

from __future__ import annotations

from pathlib import Path

from corpus import open_corpus
from tests.tui.conftest import Harness
from tui.widgets.reader import Reader

FIRST = "000_99bcc648238271ba.txt"


def test_v_w_w_w_codes_whole_words(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter", "v", "w", "w", "w", "1")

    harness.run(script)
    (h,) = harness.reopen().highlights(FIRST)
    assert h.quote == "Kazakhstan thanks the Peruvian"


def test_shift_down_codes_whole_words(harness) -> None:
    seen = {}

    async def script(app, pilot):
        await pilot.press("enter", "shift+down", "1")
        r = app.screen.query_one(Reader)
        seen["spans"] = [(s.start, s.end) for s in r.spans]

    harness.run(script)
    (h,) = harness.reopen().highlights(FIRST)
    text = harness.corpus.text(FIRST).reading_text
    assert h.end == len(text) or not text[h.end].isalnum()
    assert h.quote[-1].isalnum()
    assert seen["spans"] == [(h.start, h.end)]  # the reader shows the snapped span


def test_exact_selection_in_the_config_keeps_the_fragment(harness, isolated_dirs: Path) -> None:
    (isolated_dirs / "config" / "config.toml").write_text('selection = "exact"\n')

    async def script(app, pilot):
        await pilot.press("enter", "v", "w", "w", "w", "1")

    harness.run(script)
    (h,) = harness.reopen().highlights(FIRST)
    assert h.quote == "Kazakhstan thanks the P"


def test_mouse_selection_snaps_too(harness) -> None:
    async def script(app, pilot):
        await pilot.press("enter")
        await pilot.mouse_down(Reader, offset=(6, 0))  # inside "Kazakhstan"
        await pilot.hover(Reader, offset=(17, 0))  # inside "thanks"
        await pilot.mouse_up(Reader, offset=(17, 0))
        await pilot.press("1")

    harness.run(script)
    (h,) = harness.reopen().highlights(FIRST)
    assert h.quote == "Kazakhstan thanks"


def test_sentence_motions(tmp_path: Path, make_corpus) -> None:
    text = ("Mr. President, I thank Dr. Smith for briefing No. 5 on resolution S/RES/1325 (2000). "
            "The U.N. budget grew 1.5 per cent! Is that enough? We think not.")
    root = make_corpus({"a.txt": text})
    h = Harness(tmp_path, corpus=open_corpus(root))
    seen = []

    async def script(app, pilot):
        r = app.screen.query_one(Reader)
        reading = r.text
        await pilot.press("enter")
        for _ in range(4):
            await pilot.press("right_parenthesis")
            seen.append(reading[r.cursor:r.cursor + 6])
        await pilot.press("left_parenthesis", "left_parenthesis")
        seen.append(reading[r.cursor:r.cursor + 6])

    h.run(script)
    assert seen == ["The U.", "Is tha", "We thi", "We thi", "The U."]
