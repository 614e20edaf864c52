"""Full garbage-collection passes wait for a pause in the user's input."""

from __future__ import annotations

import gc

from tui import heap
from tui.heap import HeapKeeper


def _young_passes(n: int) -> None:
    for _ in range(n):
        gc.collect(1)  # each counts as one middle-generation pass towards a full one


def test_a_due_full_pass_waits_for_a_pause(monkeypatch) -> None:
    now = [100.0]
    monkeypatch.setattr(heap.time, "monotonic", lambda: now[0])
    keeper = HeapKeeper()
    before = gc.get_threshold()
    keeper.start()
    try:
        assert gc.get_threshold()[2] == heap.NEVER  # Python no longer starts them itself
        gc.collect()
        _young_passes(heap.DUE_AFTER)
        keeper.touched()
        keeper.tick()
        assert keeper.full_passes == 0  # typing: deferred
        now[0] += heap.IDLE_FOR + 0.1
        keeper.tick()
        assert keeper.full_passes == 1  # paused: run
        assert gc.get_count()[2] == 0
        keeper.tick()
        assert keeper.full_passes == 1  # nothing due any more
    finally:
        keeper.stop()
    assert gc.get_threshold() == before


def test_an_overdue_full_pass_runs_even_while_typing(monkeypatch) -> None:
    now = [100.0]
    monkeypatch.setattr(heap.time, "monotonic", lambda: now[0])
    keeper = HeapKeeper()
    keeper.start()
    try:
        gc.collect()
        _young_passes(heap.OVERDUE_AFTER)
        keeper.touched()
        keeper.tick()
        assert keeper.full_passes == 1
    finally:
        keeper.stop()


def test_the_app_defers_full_passes_while_it_runs(harness) -> None:
    seen = {}

    async def script(app, pilot):
        seen["threshold"] = gc.get_threshold()[2]
        before = app.heap.last_input
        await pilot.press("down")
        seen["touched"] = app.heap.last_input > before

    before = gc.get_threshold()
    harness.run(script)
    assert seen == {"threshold": heap.NEVER, "touched": True}
    assert gc.get_threshold() == before  # restored when the app closes
