"""Small modal dialogs: a one-line prompt and a yes/no question."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from corpus.safe_text import display_safe, typed_text

from ..widgets.inputs import steady_input


class PromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; enter answers, escape cancels (``None``)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen > Vertical { width: 70; max-width: 100%; height: auto; border: thick $accent; background: $surface; padding: 1 2; }
    PromptScreen > Vertical > Label { width: 100%; }
    PromptScreen Input { margin-top: 1; }
    """

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(display_safe(self.title_text)))  # titles quote code names
            yield steady_input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static(Text("enter: OK   escape: cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(typed_text(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question (y / n, enter = yes, escape = no)."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", priority=True),
        Binding("n,escape", "answer(False)", "No", priority=True),
    ]
    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical { width: 70; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(display_safe(self.question)))  # questions quote code names
            yield Static(Text("\ny: yes   n: no", style="dim"))

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
