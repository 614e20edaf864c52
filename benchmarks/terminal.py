"""Drive the real ``margin`` command in a pseudo-terminal and time what the user sees.

A Pilot key press includes the test harness's own waiting; here nothing sits between
the keyboard and the screen but the terminal: the key's bytes are written to the
pty, and the latency is the time until the app has written that key's frame (the
last byte before the output goes quiet). The first frame is the moment the statement
list has been drawn (the row of the statement it reopens at is on screen). Keys are
pressed once the app's start-up work (its helper processes included) is done.

    python benchmarks/terminal.py --corpus DIR [--keys 200]   (one JSON object)

Environment variables (MARGIN_CACHE_DIR, ...) pass through, so run.py points it at
its own cache and store.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOWN = b"\x1b[B"
NO_TERMINAL = 3  # exit status when no pseudo-terminal can be opened


class Terminal:
    """A child process on a pty of a fixed size, read without blocking."""

    def __init__(self, argv: list[str], size: tuple[int, int] = (160, 45)) -> None:
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            os.environ["TERM"] = "xterm-256color"
            os.environ.pop("TEXTUAL", None)
            os.execvp(argv[0], argv)
        self.pid, self.fd = pid, fd
        width, height = size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.output = bytearray()

    def read_for(self, seconds: float) -> float | None:
        """Read for ``seconds``; returns the time the last byte arrived (None if none did)."""
        deadline = time.perf_counter() + seconds
        last = None
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                return last
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    return last
                if not chunk:
                    return last
                self.output += chunk
                last = time.perf_counter()
                self.answer_queries(chunk)

    def answer_queries(self, chunk: bytes) -> None:
        # Textual asks whether the terminal supports synchronized output; say no, as
        # many terminals do (a terminal that says yes only wraps frames in markers).
        if b"\x1b[?2026$p" in chunk:
            os.write(self.fd, b"\x1b[?2026;0$y")

    def wait_for(self, mark: bytes, timeout: float) -> float | None:
        """Seconds from start until ``mark`` appears in the output."""
        deadline = time.perf_counter() + timeout
        while mark not in self.output:
            if time.perf_counter() > deadline:
                return None
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    return None
                self.output += chunk
                self.answer_queries(chunk)
        return time.perf_counter() - self.start

    def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Read until nothing has been written for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.read_for(quiet) is None:
                return

    def key_latency(self, key: bytes, window: float) -> float | None:
        """Write a key; ms until the last byte of its frame (None if nothing was drawn)."""
        sent = time.perf_counter()
        os.write(self.fd, key)
        last = self.read_for(window)
        return None if last is None else (last - sent) * 1000

    def close(self) -> None:
        try:
            os.write(self.fd, b"\x11")  # ctrl+q
            self.read_for(1.0)
        except OSError:
            pass
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def _tree_cpu_seconds(pid: int) -> float:
    """CPU time used so far by a process and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    total, family = 0.0, {pid}
    changed = True
    while changed:
        changed = False
        for child, parent in parents.items():
            if parent in family and child not in family:
                family.add(child)
                changed = True
    for member in family:
        total += times.get(member, 0.0)
    return total


def wait_until_idle(pid: int, window: float = 0.5, busy: float = 0.1, timeout: float = 60.0) -> float:
    """Wait until the app and its helper processes use less than ``busy`` of a core
    over ``window`` seconds (its start-up work done); returns the seconds waited."""
    start = time.perf_counter()
    before = _tree_cpu_seconds(pid)
    while time.perf_counter() - start < timeout:
        time.sleep(window)
        now = _tree_cpu_seconds(pid)
        if now - before < busy * window:
            break
        before = now
    return time.perf_counter() - start


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def cursor_row_mark(corpus: Path, db: Path | None) -> bytes:
    """Text the list's cursor row shows when the app opens: who speaks in the statement
    it reopens at (where the store says the reader was, else the first)."""
    from annotations.store import open_store
    from corpus import open_corpus
    from tui.widgets.statement_list import _describe

    listing = open_corpus(corpus, refresh=False)
    store = open_store(listing.root, db, readonly=True)
    try:
        statement_id = store.load_state().get("statement")
    finally:
        store.close()
    statement = listing.get(statement_id) if statement_id in listing else listing.statements[0]
    (who, _short), _cells = _describe(statement)  # the row's full text at 160 columns
    return who[:12].encode()


def measure(corpus: Path, keys: int, interval: float, db: Path | None = None) -> dict:
    """Open margin on ``corpus`` in a terminal; first frame, key latencies and memory."""
    mark = cursor_row_mark(corpus, db)
    argv = [sys.executable, "-c", "from tui.main import main; main()", "open", str(corpus)]
    if db is not None:
        argv += ["--db", str(db)]
    term = Terminal(argv)
    try:
        first = term.wait_for(mark, timeout=60)
        if first is None:
            raise SystemExit("margin did not draw its first frame within 60 s:\n" + term.output[-2000:].decode(errors="replace"))
        term.settle()  # the first statement, the store's counts, background status lines
        settled = wait_until_idle(term.pid) if keys else 0.0  # as the Pilot phase waits for the counts
        times = []
        for _ in range(keys):
            latency = term.key_latency(DOWN, interval)
            # A key whose frame is not written within the interval counts as the interval.
            times.append(latency if latency is not None else interval * 1000)
        return {
            "first_frame_s": first,
            "settled_s": settled,
            "keypress_p95_ms": p95(times) if times else None,
            "keypress_median_ms": sorted(times)[len(times) // 2] if times else None,
            "keys_drawn": sum(1 for t in times if t < interval * 1000),
            "rss_mb": rss_mb(term.pid),
            "latencies_ms": [round(t, 1) for t in times],
        }
    finally:
        term.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--interval", type=float, default=0.15, help="seconds between key presses")
    parser.add_argument("--db", type=Path, help="annotation store folder (default: the corpus's own)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    try:
        figures = measure(args.corpus, args.keys, args.interval, args.db)
    except OSError as exc:  # no pseudo-terminal here (some containers)
        print(f"no pseudo-terminal available: {exc}", file=sys.stderr)
        raise SystemExit(NO_TERMINAL) from None
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
