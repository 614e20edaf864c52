"""The help screen: every key binding, with the keys actually in force."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keys import EXTRA_HELP, HELP_GROUPS, HELP_TEXT

_NAMES = {
    "question_mark": "?", "right_square_bracket": "]", "left_square_bracket": "[",
    "right_curly_bracket": "}", "left_curly_bracket": "{", "slash": "/", "full_stop": ".",
    "comma": ",", "pageup": "PgUp", "pagedown": "PgDn", "left_parenthesis": "(", "right_parenthesis": ")",
}


def key_label(keys: str) -> str:
    return " / ".join(_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


class HelpScreen(ModalScreen[None]):
    """All bindings, grouped; any key closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", priority=True)]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 90; max-width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2), expand=True)
        table.add_column("keys", style="bold", no_wrap=True, width=18)
        table.add_column("what")
        for heading, bindings in HELP_GROUPS:
            table.add_row(Text(heading, style="bold underline"), "")
            for b in bindings:
                if b.id and b.id.startswith("code-") and b.id != "code-1":
                    continue
                keys = self.keymap.get(b.id or "", b.key)
                desc = HELP_TEXT.get(b.id or "", b.description)
                table.add_row(key_label("1-9" if b.id == "code-1" else keys), desc)
            table.add_row("", "")
        table.add_row(Text("More", style="bold underline"), "")
        for keys, what in EXTRA_HELP:
            table.add_row(keys, what)
        with VerticalScroll():
            yield Static(Text("margin — keys   (escape closes; rebind in config.toml [keys])", style="bold"))
            yield Static(table)

    def action_close(self) -> None:
        self.dismiss(None)
