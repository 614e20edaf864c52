"""The status line: save state, coder, store folder, and the latest message.

The message is what the user needs to read, so the store folder gives way first:
it is shown with ``~`` for the home folder, then shortened to its last parts, then
left out, before the message is ever cut.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events
from textual.widgets import Static

from corpus.safe_text import display_safe


def home_relative(path: str) -> str:
    """``/home/u/.local/share/margin`` -> ``~/.local/share/margin`` (other paths as they are)."""
    try:
        home = str(Path.home())
    except (RuntimeError, KeyError):  # no home folder known
        return path
    if home not in ("", "/") and (path == home or path.startswith(home.rstrip("/") + "/")):
        return "~" + path[len(home.rstrip("/")):]
    return path


def shortened_paths(path: str) -> list[str]:
    """Ever shorter forms of a path: whole, ``…/`` + its last two parts, its last part."""
    forms = [path]
    parts = [p for p in path.split("/") if p]
    if len(parts) > 2:
        forms.append("…/" + "/".join(parts[-2:]))
    if len(parts) > 1:
        forms.append("…/" + parts[-1])
    return forms


class StatusBar(Static):
    """One line above the footer."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $boost; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, store_path: str, coder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store_path = display_safe(home_relative(store_path))
        self.coder = display_safe(coder)
        self.saved = "all changes saved"
        self.message = ""
        self.error = False

    def on_mount(self) -> None:
        self._render_status()

    def on_resize(self, event: events.Resize) -> None:
        self._render_status()

    def set_saved(self, state: str, error: bool = False) -> None:
        self.saved, self.error = state, error
        self._render_status()

    def say(self, message: str) -> None:
        self.message = message
        self._render_status()

    def _status_text(self, store: str | None) -> Text:
        text = Text.assemble(
            ("✗ " if self.error else "✓ ", "bold red" if self.error else "green"),
            (display_safe(self.saved), "bold red" if self.error else ""),
            "  ·  coder ", (display_safe(self.coder), "bold"),
        )
        if store is not None:
            text.append("  ·  store ")
            text.append(display_safe(store))
        if self.message:  # often names a code, a file or a statement
            text.append("  ·  ")
            text.append(display_safe(self.message), style="bold")
        return text

    def _render_status(self) -> None:
        width = self.content_size.width
        text = None
        for store in [*shortened_paths(self.store_path), None]:
            text = self._status_text(store)
            if not width or text.cell_len <= width:
                break
        assert text is not None
        if text.plain != getattr(self, "_shown", None):
            self._shown = text.plain
            self.update(text, layout=False)  # one line, always
