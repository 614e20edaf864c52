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
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from .highlight_list import Entry, HighlightList

from annotations.model import Code, Highlight, StatementMarks


def chip(color: str) -> Text:
    return Text("■", style=color)


def excerpt(quote: str, width: int = 60) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= width else quote[: width - 1] + "…"


class TagPanel(Vertical):
    """Right-hand panel of the main screen."""

    DEFAULT_CSS = """
    TagPanel { background: $panel; padding: 0 0; }
    TagPanel > Label { color: $text-muted; text-style: bold; padding: 0 1; margin-top: 1; }
    TagPanel > #codes { height: auto; max-height: 14; border: none; background: $panel; }
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
        self._code_ids: list[str | None] = []
        self._code_prompts: list[str] = []
        self._shown: dict[str, object] = {}

    def _changed(self, key: str, value: object) -> bool:
        """Whether a part of the panel needs redrawing (unchanged parts are left alone)."""
        if self._shown.get(key) == value:
            return False
        self._shown[key] = value
        return True

    def compose(self) -> ComposeResult:
        yield Label("CODES  this / corpus", id="codes-title")
        yield OptionList(id="codes")
        yield Label("STATEMENT LABELS", id="labels-title")
        yield Static("", id="labels")
        yield Label("HIGHLIGHTS", id="highlights-title")
        yield HighlightList(id="highlights")
        yield Label("NOTE", id="note-title")
        yield Static("", id="note")

    def show_codes(self, codes: list[Code], here: dict[str, int], corpus: dict[str, int] | None) -> None:
        """``corpus`` is None while the corpus-wide counts are still being computed."""
        options = []
        width = max(20, self.size.width - 3)
        for code in codes:
            counts = f"{here.get(code.id, 0)}/{corpus.get(code.id, 0) if corpus is not None else '…'}"
            name = Text(code.name)
            name.truncate(max(4, width - 5 - len(counts)), overflow="ellipsis", pad=True)
            line = Text.assemble(chip(code.color), " ", (code.key or " ", "bold"), " ", name, " ", (counts, "dim"))
            options.append(Option(line, id=code.id))
        codes_list = self.query_one("#codes", OptionList)
        ids = [o.id for o in options]
        if not options and self._code_ids == [] and codes_list.option_count:
            return  # still no codes: the hint is already shown
        if options and ids == self._code_ids:
            # Same codes, new counts: replace the prompts that changed, no relayout.
            for i, option in enumerate(options):
                if option.prompt.plain != self._code_prompts[i]:
                    codes_list.replace_option_prompt_at_index(i, option.prompt)
            self._code_prompts = [o.prompt.plain for o in options]
            return
        self._code_ids, self._code_prompts = ids, [o.prompt.plain for o in options]
        keep = codes_list.highlighted
        codes_list.clear_options()
        if options:
            codes_list.add_options(options)
            if keep is not None:
                codes_list.highlighted = min(keep, len(options) - 1)
        else:
            codes_list.add_option(Option(Text("No codes yet: press c to create one.", style="italic"), disabled=True))

    def show_statement(self, marks: StatementMarks, codes: dict[str, Code]) -> None:
        if not self._changed("labels", (marks.labels, tuple((c, codes[c].name, codes[c].color) for c in marks.labels if c in codes))):
            return
        text = Text()
        for code_id in marks.labels:
            code = codes.get(code_id)
            if code:
                text.append_text(chip(code.color))
                text.append(f" {code.name}\n")
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
            line.append(" “" + excerpt(h.quote) + "”", style="bold" if h.id == current else "")
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
        if not self._changed("note", (title, note)):
            return
        self.query_one("#note-title", Label).update(title, layout=False)
        body = Text(note) if note else Text("none (n to write one)", style="dim italic")
        self.query_one("#note", Static).update(body, layout=False)  # fixed height

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Only the codes are an OptionList (highlights are a HighlightList).
        event.stop()
        if event.option_id is not None:
            self.post_message(self.CodeChosen(event.option_id))
