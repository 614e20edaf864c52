"""The note editor: ctrl+s saves, escape cancels.

``ctrl+s`` is a priority binding (the text area must never take it), so it runs as the
app reads the key, before the text area has handled the keys and pastes queued ahead
of it: saving then would drop what was typed or pasted just before. The save is
therefore queued behind them on the text area itself and reads the text once they
are in.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TextArea

from corpus.safe_text import display_safe, typed_text


class NoteEditor(ModalScreen[str | None]):
    """Edit a highlight's or a statement's note."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    NoteEditor { align: center middle; }
    NoteEditor > Vertical { width: 80%; max-width: 100; height: 60%; border: thick $accent; background: $surface; padding: 0 1; }
    NoteEditor TextArea { height: 1fr; }
    """

    def __init__(self, title: str, note: str, context: str = "") -> None:
        super().__init__()
        self.title_text, self.note, self.context = title, note, context
        self._answered = False  # a second ctrl+s (or escape) queued behind the first does nothing

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(display_safe(self.title_text), style="bold"))  # names a file
            if self.context:
                yield Static(Text(display_safe(self.context), style="italic dim"))
            yield TextArea(self.note, soft_wrap=True, id="note-text")
            yield Static(Text("ctrl+s: save   escape: cancel", style="dim"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.cursor_blink = False
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        # Behind the keys and pastes already queued for the text area; then back on this
        # screen's own queue, where dismissing is safe (not from a child's handler).
        self.query_one(TextArea).call_later(self.call_later, self._save_shown)

    def _save_shown(self) -> None:
        if not self._answered:
            self._answered = True
            self.dismiss(typed_text(self.query_one(TextArea).text))

    def action_cancel(self) -> None:
        if not self._answered:
            self._answered = True
            self.dismiss(None)
