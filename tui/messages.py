"""The app's messages, as small dataclasses (widget-specific ones live on their widgets).

Three directions, one rule: nobody drives another's widgets.

- The app tells the main screen what happened in an app-level flow (export, theme,
  codebook import, undo) or what the user asked for elsewhere (the palette, a search
  hit): ``Notice``, ``HistoryStepped``, ``OpenStatement``, ``SetFilter``,
  ``AnnotationsChanged``.
- The main screen's workers (threads) report to it: ``WorkProgress``,
  ``FirstStatementRead``, ``CorpusChanged``, ``SearchReady``, ``SummaryBuilt``,
  ``Notice``.
  ``post_message`` is thread-safe, and the worker never waits for the UI thread.
- Other screens tell the app (which tells the main screen): ``AnnotationsChanged``.

Messages the app posts to the main screen do not bubble back to the app
(``bubble=False``), so forwarding one can never loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from textual.message import Message

if TYPE_CHECKING:
    from annotations.history import Change
    from annotations.model import StatementSummary


# ---------------------------------------------------------------- to the main screen
@dataclass
class AnnotationsChanged(Message, bubble=False):
    """The store changed outside the main screen (codebook screen, search screen, import)."""

    statement_id: str | None = None


@dataclass
class Notice(Message, bubble=False):
    """A sentence for the main screen's status line (``error``: in the saved-state slot,
    where failures are said; ``toast``: also shown as a warning toast with that title)."""

    text: str
    error: bool = False
    toast: str | None = None


@dataclass
class HistoryStepped(Message, bubble=False):
    """Undo or redo ran in the store (``change`` is None when there was nothing to do)."""

    verb: Literal["Undid", "Redid"]
    change: Change | None

    @property
    def sentence(self) -> str:
        """What the status line says: "Undid: highlighted with X" or "Nothing to undo."."""
        if self.change is None:
            return f"Nothing to {'undo' if self.verb == 'Undid' else 'redo'}."
        return f"{self.verb}: {self.change.description}"


@dataclass
class OpenStatement(Message, bubble=False):
    """Show a statement in the reader and move there (the palette, a search hit).
    ``select``: a span to select, the cursor at its start; ``clear_filter``: show the
    whole list first (the palette opens statements the filter may hide)."""

    statement_id: str
    select: tuple[int, int] | None = None
    clear_filter: bool = False


@dataclass
class SetFilter(Message, bubble=False):
    """Put a query in the list's filter box and move to the list (palette filters)."""

    query: str


# ---------------------------------------------------------------- from the main screen's workers
@dataclass
class WorkProgress(Message, bubble=False):
    """``reading statements 1,000/106,000``: said in the status line."""

    what: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """A newer count of the same work, still queued, makes this one moot: the UI
        thread never falls behind a fast worker."""
        return isinstance(message, WorkProgress) and message.what == self.what

    @property
    def sentence(self) -> str:
        return f"{self.what} {self.done:,}/{self.total:,}"


@dataclass
class FirstStatementRead(Message, bubble=False):
    """The first statement's text is in memory: show it (unless the user moved on)."""

    statement_id: str
    cursor: int
    focus_reader: bool



@dataclass
class CorpusChanged(Message, bubble=False):
    """The folder changed since the cached list (or a new corpus was read): show the new list."""



@dataclass
class SearchReady(Message):
    """Every text is indexed for search. Bubbles to the app, which tells the search screen."""

    indexed_now: bool  # texts were indexed in this run: say so; else nothing to say


@dataclass
class SummaryBuilt(Message, bubble=False):
    """The store's summary (per-statement counts) was computed in a helper process."""

    summary: dict[str, StatementSummary]
