"""One-line inputs that do not blink (calmer to read, and stable in snapshots)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input


def steady_input(*args: Any, **kwargs: Any) -> Input:
    field = Input(*args, **kwargs)
    field.cursor_blink = False
    return field
