"""App-wide messages (widget-specific ones live on their widgets)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class AnnotationsChanged(Message):
    """The store changed outside the main screen (codebook screen, palette, import)."""

    statement_id: str | None = None
