"""After any resize the reader shows what a fresh start at that size shows (issue 10,
item 4): no row drawn for another width is reused, no layout kept from another size."""

from __future__ import annotations

import asyncio
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.geometry import Region

from corpus import open_corpus
from tests.tui.conftest import Harness
from tui.widgets.reader import Reader

SPEECH_ID = "AFG_46_1991.txt"


def hard_wrapped_speech() -> str:
    """A long speech hard-wrapped at 60 columns, as the UNGDC files are."""
    import textwrap

    paragraphs = []
    for p in range(40):
        words = " ".join(f"word{p}x{i} {'peace' if i % 3 else 'development'}" for i in range(30))
        paragraphs.append(textwrap.fill(f"Paragraph {p}. " + words, 60))
    return "\n\n".join(paragraphs) + "\n"


def reader_lines(app) -> list[str]:
    r = app.screen.query_one(Reader)
    strips = r.render_lines(Region(0, 0, r.outer_size.width, r.outer_size.height))
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_after(harness: Harness, size: tuple[int, int], steps) -> tuple[list[str], int]:  # noqa: ANN001
    seen: dict[str, object] = {}

    async def main() -> None:
        app = harness.make_app()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await steps(app, pilot)
            await pilot.pause()
            seen["lines"] = reader_lines(app)
            seen["cursor"] = app.screen.query_one(Reader).cursor

    try:
        asyncio.run(main())
    finally:
        assert harness.store is not None
        harness.store.close()
    return seen["lines"], seen["cursor"]  # type: ignore[return-value]


def resized_then_fresh(tmp_path: Path, make_corpus, sizes: list[tuple[int, int]], moves: int):
    root = make_corpus({SPEECH_ID: hard_wrapped_speech()})
    harness = Harness(tmp_path / "a", corpus=open_corpus(root))
    (tmp_path / "a").mkdir(parents=True)

    async def resize(app, pilot):
        await pilot.press("enter", *["j"] * moves)
        for w, h in sizes:
            await pilot.resize_terminal(w, h)
        await pilot.pause()

    resized, cursor = screen_after(harness, (160, 45), resize)

    async def nothing(app, pilot):
        await pilot.press("enter")  # the reader focused, as in the first run

    fresh, fresh_cursor = screen_after(harness, sizes[-1], nothing)  # same store: reopens at the cursor
    return resized, cursor, fresh, fresh_cursor


def test_reader_after_resizes_equals_a_fresh_start(tmp_path: Path, make_corpus) -> None:
    resized, cursor, fresh, fresh_cursor = resized_then_fresh(
        tmp_path, make_corpus, [(80, 24), (60, 20), (160, 45)], moves=30)
    assert fresh_cursor == cursor
    assert resized == fresh
    resized, cursor, fresh, fresh_cursor = resized_then_fresh(
        tmp_path / "b", make_corpus, [(80, 24), (60, 20)], moves=30)
    assert resized == fresh


SIZES = st.tuples(st.integers(min_value=40, max_value=200), st.integers(min_value=10, max_value=60))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sizes=st.lists(SIZES, min_size=1, max_size=4), moves=st.integers(min_value=0, max_value=60))
def test_any_resize_sequence_draws_what_a_fresh_start_draws(tmp_path_factory, make_corpus, sizes, moves) -> None:
    base = tmp_path_factory.mktemp("resize")
    resized, cursor, fresh, fresh_cursor = resized_then_fresh(base, make_corpus, sizes, moves)
    assert fresh_cursor == cursor
    assert resized == fresh


class FrameFirstReader(Reader):
    """A reader that draws a frame at its new size before it handles the resize event,
    as happens in a real terminal (the screen repaints before the widget's queue is
    read). Textual then calls ``Reader.on_resize`` after this one (the MRO)."""

    def on_resize(self, event) -> None:  # noqa: ANN001
        self.render_lines(Region(0, 0, self.outer_size.width, self.outer_size.height))


def _reader_alone(size: tuple[int, int], reader_class, cursor: int, steps):  # noqa: ANN001
    from textual.app import App

    from corpus.normalise import reading_text

    text = reading_text(hard_wrapped_speech().encode())

    class ReaderApp(App):
        def compose(self):
            yield reader_class(id="reader")

    seen = {}

    async def main() -> None:
        app = ReaderApp()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            r = app.query_one(Reader)
            r.focus()
            r.show("speech", text, cursor)
            await pilot.pause()
            await steps(app, pilot)
            await pilot.pause()
            seen["lines"] = [
                "".join(s.text for s in strip)
                for strip in r.render_lines(Region(0, 0, r.outer_size.width, r.outer_size.height))
            ]
            seen["cursor"] = r.cursor

    asyncio.run(main())
    return seen["lines"], seen["cursor"]



def test_a_frame_drawn_before_the_resize_event_leaves_no_stale_rows() -> None:
    """Rows drawn for the old wrap must never be shown again at the new size."""

    async def resize(app, pilot):
        for _ in range(30):
            await pilot.press("j")
        for w, h in [(80, 24), (60, 20), (160, 45)]:
            await pilot.resize_terminal(w, h)

    resized, cursor = _reader_alone((160, 45), FrameFirstReader, 0, resize)

    async def nothing(app, pilot):
        pass

    fresh, _ = _reader_alone((160, 45), Reader, cursor, nothing)
    from corpus.normalise import reading_text

    shown = " ".join(" ".join(line.strip(" │┃") for line in resized).split())
    assert shown in " ".join(reading_text(hard_wrapped_speech().encode()).split()), "rows repeated or missing"
    assert resized == fresh
