"""The reader's header: who speaks, for whom, in which language, when, and the id."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from corpus.model import Statement


class ReaderHeader(Static):
    DEFAULT_CSS = """
    ReaderHeader { height: 2; padding: 0 1; background: $boost; }
    """

    def show(self, statement: Statement | None, length: int | None = None) -> None:
        if statement is None:
            self.update(Text("No statement open", style="dim italic"), layout=False)
            return
        text = Text()
        text.append(statement.speaker or "Unknown speaker", style="bold")
        if statement.affiliation:
            text.append(f"  ({statement.affiliation})")
        if statement.spoke_in:
            text.append(f"  spoke in {statement.spoke_in}", style="italic")
        details = []
        meta = statement.meta
        if meta.get("meeting"):
            details.append(str(meta["meeting"]) + (f" (resumption {meta['resumption']})" if meta.get("resumption") else ""))
        if meta.get("session"):
            details.append(f"session {meta['session']}")
        if meta.get("year"):
            details.append(str(meta["year"]))
        if meta.get("speech"):
            details.append(f"speech {meta['speech']}")
        text.append("\n")
        text.append(" · ".join(details + [statement.id]), style="dim")
        text.no_wrap = True
        text.overflow = "ellipsis"
        self.update(text, layout=False)  # fixed height: no relayout of the screen
