"""Escape sequences and control characters in names, notes and file names never reach
the terminal (issue 11, item 9; invariant 4).

Every string that comes from a file or the user (code names and descriptions, notes,
the coder, file names, speaker lines, metadata values) is filled with every C0 and C1
control, several ESC sequences and every bidi control; each screen is opened with
Pilot and what it draws is checked: none of those characters is on the screen, and
the visible picture of ESC (␛) is.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.app import App

from annotations.store import open_store
from corpus import open_corpus
from corpus.safe_text import BIDI_CONTROLS
from tests.tui.conftest import settle
from tui.app import MarginApp

SIZE = (160, 45)

C0 = "".join(chr(c) for c in range(0x20) if chr(c) not in "\n/") + "\x7f"
C1 = "".join(chr(c) for c in range(0x80, 0xA0))
SEQUENCES = (
    "\x1b[31m",  # CSI: colour
    "\x1b[2J",  # CSI: clear screen
    "\x1b]0;pwned\x07",  # OSC: terminal title, ended by BEL
    "\x1b]2;pwned\x1b\\",  # OSC ended by ST
    "\x1bP1$r\x1b\\",  # DCS
    "\x9b31m",  # the one-byte C1 CSI
)
BIDI = "".join(sorted(BIDI_CONTROLS))
HOSTILE = "".join(SEQUENCES) + BIDI + C0 + C1
# What the screen must never hold (newline excepted: it only ends a row of the screenshot).
MARKUP_NAME = "spch [bold]markup [@click=app.quit]q.txt"  # data, never markup
FORBIDDEN = set(C0) | set(C1) | set(BIDI) | {"\x7f"}


def _name(label: str) -> str:
    """A short file-name-safe hostile string (a file name has at most 255 bytes)."""
    return f"{label}\x1b]0;pwned\x07\x1b[31m\u202e\x9b\x01"


def _build(tmp_path: Path):
    root = tmp_path / "corpus"
    root.mkdir()
    in_file = HOSTILE.replace("\x00", "")  # a NUL byte would make the file "binary" (skipped)
    speaker_line = f"Mr. Evil{in_file} (Land{in_file}): Peace and security for all.\n"
    (root / (_name("UNSC_2020_SPV.8698_spch001") + ".txt")).write_text(speaker_line + "Peace again.\n")
    (root / "plain.txt").write_text("Mr. A (B): Peace.\n")
    (root / MARKUP_NAME).write_text("Mr. C (D): Peace as well.\n")
    table = tmp_path / "meta.tsv"
    table.write_text(f"filename\tmeeting\tsession\nplain.txt\tS/PV.1{HOSTILE.replace(chr(9), '')}\t4{_name('s')}\n")
    corpus = open_corpus(root, metadata=table)
    store = open_store(corpus.root, tmp_path / "db", coder=f"coder{HOSTILE}")
    code = store.add_code(f"Code{HOSTILE}", key="1", description=f"Description{HOSTILE}")
    store.add_code(f"Other{_name('')}", key="2")
    for statement in corpus:
        text = corpus.text(statement.id)
        store.add_highlight(text, 0, 5, [code.id], note=f"Note{HOSTILE}\nsecond line{HOSTILE}")
        store.toggle_statement_label(statement.id, code.id)
        store.set_statement_note(statement.id, f"Memo{HOSTILE}\n{HOSTILE}")
    return corpus, store


def _check(app: MarginApp, where: str, shown: list[str], leaks: list[str]) -> None:
    """Record whether this screen draws a forbidden character, and whether it shows ␛."""
    svg = app.export_screenshot()
    bad = sorted({f"U+{ord(ch):04X}" for ch in svg if ch in FORBIDDEN})
    if bad:
        leaks.append(f"{where}: {len(bad)} kinds, e.g. {bad[:4]}")
    if "␛" in svg:
        shown.append(where)


@pytest.mark.parametrize("last_line_of_defence", [True, False], ids=["filtered", "widgets-alone"])
def test_every_surface_shows_hostile_strings_inert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    last_line_of_defence: bool) -> None:
    """With the app's line filter, and without it: each widget cleans what it draws
    itself (so widths are laid out right), the filter catches what one forgets."""
    if not last_line_of_defence:
        monkeypatch.setattr(MarginApp, "get_line_filters", App.get_line_filters)
    corpus, store = _build(tmp_path)
    app = MarginApp(corpus, store, store_label=f"store{_name('')}", export_dir=tmp_path / "exports")
    shown: list[str] = []
    leaks: list[str] = []

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            _check(app, "main screen, first statement", shown, leaks)
            await pilot.press("down")  # the plain statement: metadata from the table
            await pilot.pause()
            _check(app, "main screen, second statement", shown, leaks)
            await pilot.press("up", "tab")
            await pilot.pause()
            await pilot.press("t", "1")  # "statement label NAME toggled" in the status line
            await pilot.pause()
            _check(app, "status line with a code name", shown, leaks)
            await pilot.press("n")  # the note editor: its title names the statement's file
            await pilot.pause()
            if last_line_of_defence:  # (the editor holds the stored note as it is, to edit it)
                _check(app, "note editor", shown, leaks)
            await pilot.press("escape")
            await pilot.pause()
            if last_line_of_defence:  # (a toast with a raw string: only the filter can catch it)
                app.notify(f"Toast {HOSTILE}", title=f"Title {HOSTILE}")
                await pilot.pause()
                _check(app, "notification", shown, leaks)
            await pilot.press("ctrl+k")
            await pilot.pause()
            _check(app, "codebook", shown, leaks)
            await pilot.press("r")  # rename prompt, prefilled with the name
            await pilot.pause()
            _check(app, "rename prompt", shown, leaks)
            await pilot.press("escape", "d")  # delete: a confirmation naming the code
            await pilot.pause()
            _check(app, "confirm dialog", shown, leaks)
            await pilot.press("n", "escape", "c")
            await pilot.pause()
            _check(app, "code picker", shown, leaks)
            await pilot.press("escape", "ctrl+f")
            await pilot.pause()
            await pilot.press(*"peace", "enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            _check(app, "search screen", shown, leaks)
            await pilot.press("escape", "question_mark")
            await pilot.pause()
            _check(app, "help", shown, leaks)
            await pilot.press("escape", "ctrl+p")
            await pilot.pause()
            await pilot.press(*"spch")
            await settle(pilot)  # the palette gathers its matches in a worker
            _check(app, "command palette", shown, leaks)
            assert "[bold]markup" in app.export_screenshot(), "a file name was read as markup"

    try:
        asyncio.run(main())
    finally:
        store.close()
    assert not leaks, "\n".join(leaks)
    # The escapes are shown, not silently lost: ␛ is on the screens that draw names.
    for where in ("main screen, first statement", "codebook", "code picker", "search screen", "command palette"):
        assert where in shown, f"{where}: no visible ␛"
