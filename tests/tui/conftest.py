"""Helpers to run the real app under Textual's Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from click.testing import Result
from textual import events
from textual.message import Message
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerState

from annotations.codebook import starter_codebook
from annotations.store import AnnotationStore, open_store
from corpus import Corpus, open_corpus
from tui.app import MarginApp

SIZE = (140, 40)


class Harness:
    """An app on a corpus and a store in tmp_path; ``run`` drives it with a Pilot."""

    def __init__(self, tmp_path: Path, corpus: Corpus | None = None, starter: bool = True) -> None:
        self.tmp_path = tmp_path
        self.corpus = corpus or open_corpus(None)
        self.db = tmp_path / "db"
        self.starter = starter
        self.export_dir = tmp_path / "exports"
        self.store: AnnotationStore | None = None

    def make_app(self, **kwargs) -> MarginApp:
        self.store = open_store(self.corpus.root, self.db, coder="tester")
        if self.starter and not self.store.codes():
            self.store.import_codebook_entries(starter_codebook())
            self.store.history = type(self.store.history)()
        return MarginApp(self.corpus, self.store, store_label="(test store)", export_dir=self.export_dir, **kwargs)

    def run(
        self, script: Callable[[MarginApp, object], Awaitable[None]], size: tuple[int, int] = SIZE,
        notifications: bool = False, message_hook: Callable[[Message], None] | None = None, **kwargs
    ) -> MarginApp:
        """``notifications``: show toasts (``run_test`` hides them by default);
        ``message_hook``: called with every message as it is handled, on any screen."""
        app = self.make_app(**kwargs)

        async def main() -> None:
            async with app.run_test(size=size, notifications=notifications, message_hook=message_hook) as pilot:
                await pilot.pause()
                await pilot.pause()
                await script(app, pilot)
        try:
            asyncio.run(main())
        finally:
            assert self.store is not None
            self.store.close()
        return app

    def reopen(self) -> AnnotationStore:
        return AnnotationStore(self.db, readonly=True)


async def settle(pilot: Pilot[None]) -> None:
    """Until the app is idle: every worker finished (and those their messages started),
    every message handled. Waits on the workers themselves, never on a clock.

    Not while a worker waits on a screen it opened (``push_screen_wait``: the codebook
    screen's prompts): that worker ends only when the screen is answered."""
    app = pilot.app
    for _ in range(1000):
        await pilot.pause()
        if not any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
            await pilot.pause()  # what the last worker posted is handled...
            if not any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers):
                return  # ...and started no other
        await app.workers.wait_for_complete()
    raise AssertionError("the app's workers never finished")


def queue_input(app: MarginApp, *items: str | events.Event) -> None:
    """Queue keys (strings) and other input events as a terminal delivers them: all posted
    to the app before any is handled, as a fast typist, a key-repeat or a paste does.
    ``" "`` is the space bar, as a terminal reports it."""
    for item in items:
        if item == " ":
            event: events.Event = events.Key("space", " ")
        elif isinstance(item, str):
            event = events.Key(item, item if len(item) == 1 else None)
        else:
            event = item
        app.post_message(event)


def wheel(app: MarginApp, widget: Widget, up: bool = True) -> None:
    """One turn of the mouse wheel over the middle of ``widget``, posted to the app as the
    driver posts it: the app routes it to the widget under the pointer."""
    region = widget.region
    x, y = region.x + region.width // 2, region.y + region.height // 2
    kind = events.MouseScrollUp if up else events.MouseScrollDown
    app.post_message(kind(None, x, y, 0, 0, 0, False, False, False, screen_x=x, screen_y=y))


@pytest.fixture
def run() -> Callable[..., Result]:
    """``run("statements", "--json")``: the ``margin`` command line, in this process."""
    from click.testing import CliRunner

    from tui.main import cli

    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def harness(tmp_path: Path) -> Harness:
    return Harness(tmp_path)
