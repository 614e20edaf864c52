"""The margin Textual application (minimal until the reader lands in issue 4)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, OptionList

from corpus import Corpus


class MarginApp(App[None]):
    """List the statements of a corpus."""

    TITLE = "margin"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        yield Header()
        yield OptionList(*(f"{s.id}  {s.speaker or ''}  {s.affiliation or ''}" for s in self.corpus))
        yield Footer()
