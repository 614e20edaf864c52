"""Work done in helper processes, so the app's own process keeps its time for the screen.

Python threads share one interpreter lock: a worker thread that walks 100,000 files or
parses 10,000 JSON files takes time from the thread that draws the screen, and key
presses wait. Work that is mostly Python therefore runs in a child process started by
a fork server (safe from a process that already runs threads); the thread that asked
only waits for the small answer. Where no child can be started (sandboxes, odd
stderr), the work runs in this process instead.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # multiprocessing costs start-up time; imported when first needed
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

T = TypeVar("T")


def prepare_workers() -> None:
    """Start the helper processes a pool needs while the real stderr is in place.

    A full-screen app replaces ``sys.stderr``; multiprocessing's resource tracker
    passes its file descriptor to a child and fails then ("bad value(s) in
    fds_to_keep"). Starting the tracker and the fork server first avoids that.
    """
    try:
        from multiprocessing import resource_tracker

        resource_tracker.ensure_running()
        if sys.platform.startswith("linux"):
            from multiprocessing import forkserver

            forkserver.ensure_running()
    except Exception:  # noqa: BLE001 - without helpers, work falls back to one process
        pass


def pool_context() -> BaseContext:
    import multiprocessing

    # forkserver: safe to start from a process that already runs threads (the app).
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def helper_started(app_pid: int) -> None:
    """Initializer of every helper process (walk, summary, reading and normalising pools).

    It runs at a lower CPU priority than the app: on a two-core machine the app, a
    walk and a summary compete for the cores; the screen should win, and the helpers
    still use every cycle the app leaves idle. And it ends itself if the app is gone
    (killed, or its terminal closed), so no helper outlives it.
    """
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(app_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except OSError:
                pass  # exists, but not ours to signal: still alive

    threading.Thread(target=watch, name="margin-helper-watch", daemon=True).start()


class ChildStopped(Exception):
    """The helper process was stopped because the program is closing."""


_running: set[ProcessPoolExecutor] = set()  # the executors of helpers now running (see stop_children)
_stopping = threading.Event()


@contextmanager
def helper_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool of helpers (see ``helper_started``) that ``stop_children`` can end."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=helper_started,
                               initargs=(os.getpid(),))
    _running.add(pool)
    try:
        yield pool
    finally:
        _running.discard(pool)
        pool.shutdown(cancel_futures=True)


def run_in_child(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in a helper process (a module-level function), else here.

    Raises ``ChildStopped`` if ``stop_children`` ended it (the program is closing).
    """
    from concurrent.futures.process import BrokenProcessPool

    if _stopping.is_set():
        raise ChildStopped()
    try:
        with helper_pool(1) as pool:
            return pool.submit(function, *args).result()
    except (OSError, RuntimeError, ValueError, BrokenProcessPool):
        if _stopping.is_set():
            raise ChildStopped() from None
        return function(*args)


def stop_children() -> None:
    """End every helper still running: called when the app closes.

    A helper outlives the app otherwise (it finishes its walk or summary, then waits
    forever to hand over a result nobody will read), holding memory and CPU.
    """
    _stopping.set()
    for pool in list(_running):
        for process in list(getattr(pool, "_processes", {}).values()):  # no public handle
            try:
                process.terminate()
            except (OSError, ValueError, AttributeError):
                pass
