"""The code picker: type to filter codes fuzzily, or create a new code inline.

``up``/``down`` are priority bindings (so the input never sees them): they run as the
app reads the key, before the input has taken the letters queued ahead of them, and
the list is filtered later still (on ``Input.Changed``). So a move is queued behind
those letters, and the list is always brought up to the input's value before it is
moved in or chosen from: "peace", down, enter typed at any speed picks the second code
matching "peace".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from annotations.model import Code
from corpus.safe_text import display_safe

from ..widgets.inputs import steady_input

CREATE = "\x00create"


@dataclass(frozen=True)
class PickResult:
    """A chosen code id, or a name to create a code with."""

    code_id: str | None = None
    create: str | None = None


def _initials_match(query: str, name: str) -> bool:
    """``wps`` picks "Women, peace and security": the query's letters are the initials
    of the name's words in order (small words such as "and" may be skipped)."""
    if len(query) < 2 or not query.isalpha():
        return False
    initials = [w[0] for w in re.findall(r"\w+", name)]
    i = 0
    for letter in initials:
        if i < len(query) and letter == query[i]:
            i += 1
    return i == len(query) and initials[:1] == [query[0]]


class CodePicker(ModalScreen[PickResult | None]):
    """Fuzzy code picker; enter picks, escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True),
        Binding("down", "move(1)", "Down", show=False, priority=True),
        Binding("up", "move(-1)", "Up", show=False, priority=True),
    ]
    DEFAULT_CSS = """
    CodePicker { align: center middle; }
    CodePicker > Vertical { width: 72; height: auto; max-height: 80%; border: thick $accent; background: $surface; padding: 0 1; }
    CodePicker OptionList { height: auto; max-height: 20; border: none; }
    """

    def __init__(self, codes: list[Code], title: str = "Apply code", allow_create: bool = True) -> None:
        super().__init__()
        self.codes = codes
        self.title_text = title
        self.allow_create = allow_create
        self._filled_for: str | None = None  # the input value the options were made for

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(self.title_text, style="bold"))
            yield steady_input(placeholder="type to filter" + (", or a new code name" if self.allow_create else ""), id="picker-input")
            yield OptionList(id="picker-options")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _sync(self) -> None:
        """Filter the options for what the input holds now (not for a stale event)."""
        value = self.query_one(Input).value
        if value != self._filled_for:
            self._fill(value)

    def _fill(self, query: str) -> None:
        self._filled_for = query
        options = self.query_one(OptionList)
        options.clear_options()
        query = query.strip()
        if query:
            names = {c.id: c.name.casefold() for c in self.codes}
            # partial_ratio: "traff" finds "Human trafficking", a typo still matches,
            # but an unrelated new name ("Gratitude") matches nothing and offers creation.
            from rapidfuzz import fuzz, process

            scored = process.extract(query.casefold(), names, scorer=fuzz.partial_ratio, limit=len(names), score_cutoff=75)
            ranked = sorted(scored, key=lambda m: (query.casefold() not in m[0].casefold(), -m[1]))
            by_initials = [cid for cid, name in names.items() if _initials_match(query.casefold(), name)]
            order = by_initials + [key for _, _, key in ranked if key not in by_initials]
            chosen = [next(c for c in self.codes if c.id == key) for key in order]
        else:
            chosen = list(self.codes)
        exact = any(c.name.casefold() == query.casefold() for c in self.codes)
        create = Option(Text.assemble(("+ Create code ", "bold"), "“", Text(display_safe(query)), "”"), id=CREATE)
        offer_create = bool(query) and self.allow_create and not exact
        if offer_create and not chosen:
            options.add_option(create)  # nothing matches: creating is the likely wish
        for code in chosen:
            options.add_option(Option(Text.assemble(("■ ", code.color), (code.key or " ", "bold"), " ", Text(display_safe(code.name))), id=code.id))
        if offer_create and chosen:
            options.add_option(create)
        if options.option_count:
            options.highlighted = 0

    def on_key(self, event: events.Key) -> None:
        """Letters typed right after the key that opened the picker reach this screen
        before its input has the focus: they belong in the input, in order."""
        if not (event.is_printable and event.character) or not self.is_mounted:
            return
        box = self.query_one(Input)
        if self.focused is not box:
            event.stop()
            event.prevent_default()
            box.insert_text_at_cursor(event.character)
            box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._sync()

    def action_move(self, step: int) -> None:
        # Behind the keys queued for the input, then on this screen's own queue.
        self.query_one(Input).call_later(self.call_later, self._move, step)

    def _move(self, step: int) -> None:
        self._sync()
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._sync()
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return
        self._choose(options.get_option_at_index(options.highlighted).id, event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._choose(event.option_id, self.query_one(Input).value)

    def _choose(self, option_id: str | None, typed: str) -> None:
        if option_id == CREATE:
            self.dismiss(PickResult(create=typed.strip()))
        elif option_id:
            self.dismiss(PickResult(code_id=option_id))

    def action_cancel(self) -> None:
        self.dismiss(None)
