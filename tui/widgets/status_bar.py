"""The status line: store location, coder, save state, and the latest message."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from corpus.safe_text import display_safe


class StatusBar(Static):
    """One line above the footer."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $boost; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, store_path: str, coder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store_path = store_path
        self.coder = coder
        self.saved = "all changes saved"
        self.message = ""
        self.error = False

    def on_mount(self) -> None:
        self._render_status()

    def set_saved(self, state: str, error: bool = False) -> None:
        self.saved, self.error = state, error
        self._render_status()

    def say(self, message: str) -> None:
        self.message = message
        self._render_status()

    def _render_status(self) -> None:
        text = Text.assemble(
            ("✗ " if self.error else "✓ ", "bold red" if self.error else "green"),
            (display_safe(self.saved), "bold red" if self.error else ""),
            "  ·  coder ", (display_safe(self.coder), "bold"),
            "  ·  store ", Text(display_safe(self.store_path)),
        )
        if self.message:  # often names a code, a file or a statement
            text.append("  ·  ")
            text.append(display_safe(self.message), style="bold")
        if text.plain != getattr(self, "_shown", None):
            self._shown = text.plain
            self.update(text, layout=False)  # one line, always
