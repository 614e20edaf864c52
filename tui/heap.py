"""When Python's garbage collector runs its slow passes: not while the user types.

Textual makes short-lived reference cycles on every frame, so the collector runs all
the time. Its young passes are cheap (1-3 ms); a full pass visits every object not
frozen and took 30-100 ms in the middle of a key press on a large corpus. margin
freezes what it loads for good (``settle_heap``) and defers full passes to moments
without input (``HeapKeeper``), with a limit so memory never waits long.
"""

from __future__ import annotations

import gc
import time

IDLE_FOR = 1.0  # seconds without a key or mouse event before a deferred full pass runs
DUE_AFTER = 10  # young-generation passes after which a full pass is due (Python's own rule)
OVERDUE_AFTER = 300  # ... after which it runs even while the user is typing
NEVER = 1_000_000_000  # as a threshold: Python never starts a full pass by itself


def settle_heap() -> None:
    """Exempt what is loaded now from the collector's full passes.

    Objects loaded for good (the listing, the store's counts, the widgets) are frozen
    once loaded, so the full passes only visit what is new. (Frozen objects are still
    freed when no longer referenced; only cycles among them would wait.)
    """
    gc.collect(1)
    gc.freeze()


class HeapKeeper:
    """Runs the full collections Python would run, but when the user pauses."""

    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._saved: tuple[int, int, int] | None = None
        self.full_passes = 0

    def start(self) -> None:
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def touched(self) -> None:
        """A key or mouse event arrived."""
        self.last_input = time.monotonic()

    def tick(self) -> None:
        """Called every half second: run a due full pass if the user is not typing."""
        pending = gc.get_count()[2]  # middle-generation passes since the last full pass
        idle = time.monotonic() - self.last_input >= IDLE_FOR
        if (pending >= DUE_AFTER and idle) or pending >= OVERDUE_AFTER:
            gc.collect()
            self.full_passes += 1
