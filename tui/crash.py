"""What margin does on an unexpected error: one sentence, a full report in a file, exit 1.

The store needs nothing here: every saved change is already on disk (atomic writes),
and the lock goes with the process, so a crash leaves the store as it was.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path

EXIT_CRASH = 1


def report_folder() -> Path:
    from corpus.paths import cache_dir

    return cache_dir() / "crash-reports"


def write_report(error: BaseException | None, details: str = "") -> Path:
    """Write the full report (traceback and context) to a log file; returns where."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    text = f"margin crash report, {datetime.now().isoformat(timespec='seconds')}\n"
    text += f"command: {' '.join(sys.argv)}\npython: {sys.version.split()[0]}\n\n"
    if error is not None:
        text += "".join(traceback.format_exception(type(error), error, error.__traceback__))
    if details:
        text += "\n" + details
    for folder in (report_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"margin-crash-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8", errors="replace")
            return path
        except OSError:
            continue
    return Path("(the report could not be written)")


def sentence(error: BaseException | None, report: Path) -> str:
    what = f"{type(error).__name__}: {error}" if error is not None else "an error inside the app"
    what = " ".join(what.split())[:200]
    return (
        f"margin: stopped on an unexpected error ({what}); every change saved before it is in the store. "
        f"The full report is in {report}"
    )


def crashed(error: BaseException | None, details: str = "") -> None:
    """Say it in one sentence on stderr, write the report, exit non-zero."""
    report = write_report(error, details)
    print(sentence(error, report), file=sys.stderr)
    sys.exit(EXIT_CRASH)
