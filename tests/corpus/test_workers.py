"""Helper processes: results come back, and none outlives the app."""

from __future__ import annotations

import threading
import time

import pytest

from corpus import workers


def test_a_helper_returns_its_result() -> None:
    assert workers.run_in_child(divmod, 17, 5) == (3, 2)


def _say_started_then_sleep(fifo: str, seconds: float) -> None:
    """In the helper: tell the test it is running (a named pipe), then work for long."""
    with open(fifo, "w") as pipe:
        pipe.write("started\n")
    time.sleep(seconds)


def test_stop_children_ends_a_running_helper(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    import os
    import select

    monkeypatch.setattr(workers, "_stopping", threading.Event())  # this test's own closing
    outcome: list[object] = []
    fifo = tmp_path / "started"
    os.mkfifo(fifo)

    def wait_for_helper() -> None:
        try:
            outcome.append(workers.run_in_child(_say_started_then_sleep, str(fifo), 60))
        except workers.ChildStopped as exc:
            outcome.append(exc)

    thread = threading.Thread(target=wait_for_helper)
    started = time.monotonic()
    thread.start()
    reading = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # the helper's write wakes select
    try:
        ready, _, _ = select.select([reading], [], [], 30)
        assert ready and os.read(reading, 100) == b"started\n", "the helper never started the work"
    finally:
        os.close(reading)
    workers.stop_children()
    thread.join(30)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], workers.ChildStopped)
    assert time.monotonic() - started < 30  # not the helper's 60 s
    with pytest.raises(workers.ChildStopped):
        workers.run_in_child(divmod, 1, 1)  # closing: no new helper, no work done here instead


def test_a_helper_ends_itself_when_the_app_is_gone() -> None:
    import subprocess
    import sys

    gone_pid = subprocess.Popen([sys.executable, "-c", "pass"])  # a process that has ended: the app, killed
    gone_pid.wait()
    helper = subprocess.Popen([sys.executable, "-c",
                               f"import time; from corpus.workers import helper_started; helper_started({gone_pid.pid}); time.sleep(60)"])
    try:
        assert helper.wait(timeout=20) == 0  # not the 60 s it was given
    finally:
        helper.kill()
