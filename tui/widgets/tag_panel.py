"""The tag panel: codebook with counts, statement labels, highlights, and the note.

It shows what the store says and posts messages when the user chooses something; it
never changes annotations itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, Static

from annotations.model import Code, Highlight, StatementMarks
from corpus.safe_text import display_safe

from .code_list import CodeList, CodeRow
from .highlight_list import Entry, HighlightList


def chip(color: str) -> Text:
    return Text("■", style=color)


def excerpt(quote: str, width: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= width else quote[: width - 1] + "…"


class TagPanel(Vertical):
    """Right-hand panel of the main screen."""

    DEFAULT_CSS = """
    TagPanel { background: $panel; padding: 0 0; }
    TagPanel > Label { color: $text-muted; text-style: bold; padding: 0 1; margin-top: 1; width: 100%; height: 1; }
    TagPanel > #labels { padding: 0 1; height: 3; }
    TagPanel > #note { padding: 0 1; height: 6; color: $text; }
    """

    @dataclass
    class CodeChosen(Message):
        code_id: str

    @dataclass
    class HighlightChosen(Message):
        highlight_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, object] = {}

    def _changed(self, key: str, value: object) -> bool:
        """Whether a part of the panel needs redrawing (unchanged parts are left alone)."""
        if self._shown.get(key) == value:
            return False
        self._shown[key] = value
        return True

    def compose(self) -> ComposeResult:
        yield Label("CODES  this / corpus", id="codes-title")
        yield CodeList(id="codes")
        yield Label("STATEMENT LABELS", id="labels-title")
        yield Static("", id="labels")
        yield Label("HIGHLIGHTS", id="highlights-title")
        yield HighlightList(id="highlights")
        yield Label("NOTE", id="note-title")
        yield Static("", id="note")

    def show_codes(self, codes: list[Code], here: dict[str, int], corpus: dict[str, int] | None) -> None:
        """``corpus`` is None while the corpus-wide counts are still being computed."""
        rows = [
            CodeRow(code.id, code.name, code.color, code.key, here.get(code.id, 0),
                    corpus.get(code.id, 0) if corpus is not None else None)
            for code in codes
        ]
        self.query_one("#codes", CodeList).set_codes(rows)

    def show_statement(self, marks: StatementMarks, codes: dict[str, Code]) -> None:
        if not self._changed("labels", (marks.labels, tuple((c, codes[c].name, codes[c].color) for c in marks.labels if c in codes))):
            return
        text = Text()
        for code_id in marks.labels:
            code = codes.get(code_id)
            if code:
                text.append_text(chip(code.color))
                text.append(f" {display_safe(code.name)}\n")
        if not marks.labels:
            text.append("none (t then a code key)", style="dim italic")
        self.query_one("#labels", Static).update(text, layout=False)  # fixed height

    def show_highlights(self, highlights: list[Highlight], codes: dict[str, Code], current: str | None) -> None:
        signature = (tuple((h.id, h.labels, h.note, h.status, h.quote) for h in highlights), current,
                     tuple((c.id, c.color) for c in codes.values()), self.size.width)
        if not self._changed("highlights", signature):
            return
        entries = []
        width = max(12, self.size.width - 3)
        for h in highlights:
            line = Text(no_wrap=True, overflow="ellipsis")
            for code_id in h.labels:
                if code_id in codes:
                    line.append_text(chip(codes[code_id].color))
            if h.status == "orphaned":
                line.append(" orphaned", style="bold red")
            # (an orphaned quote came from a file, not from the cleaned text)
            line.append(" “" + excerpt(display_safe(h.quote)) + "”", style="bold" if h.id == current else "")
            if h.note:
                line.append(" ✎", style="dim")
            line.truncate(width, overflow="ellipsis")
            entries.append(Entry(h.id, line))
        if not entries:
            entries.append(Entry(None, Text("Select text, then press a code key.", style="italic")))
        # Keyboard users land on the highlight under the cursor (else the first).
        cursor = next((i for i, h in enumerate(highlights) if h.id == current), 0)
        self.query_one(HighlightList).set_entries(entries, cursor)

    def on_highlight_list_chosen(self, event: HighlightList.Chosen) -> None:
        event.stop()
        self.post_message(self.HighlightChosen(event.highlight_id))

    def show_note(self, title: str, note: str) -> None:
        # The title is one line of a full-width label, so updating it without a layout
        # pass can never leave it cut to the width of the title before.
        if not self._changed("note", (title, note)):
            return
        self.query_one("#note-title", Label).update(Text(display_safe(title)), layout=False)
        body = Text(display_safe(note, keep_newlines=True)) if note else Text("none (n to write one)", style="dim italic")
        self.query_one("#note", Static).update(body, layout=False)  # fixed height

    def on_code_list_chosen(self, event: CodeList.Chosen) -> None:
        event.stop()
        self.post_message(self.CodeChosen(event.code_id))
