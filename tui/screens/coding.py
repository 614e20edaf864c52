"""The coding commands a key runs on the main screen: apply a code, label the
statement, write a note, delete a highlight, create a code, jump between highlights.

Each command checks it can run, makes one store call (``Coding.run``: invariant 3, the
status line says "all changes saved" only once the store has returned), and the view
then redraws from what the store says. What needs a dialog (picking a code, editing a
note) is awaited by the screen, which hands the answer here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from textual.app import App

from annotations.errors import AnnotationError
from annotations.model import Highlight
from annotations.store import AnnotationStore

from .statement_view import StatementView

if TYPE_CHECKING:
    from .code_picker import PickResult

P = ParamSpec("P")
R = TypeVar("R")

QUOTE_SHOWN = 200  # characters of a highlight's quote shown above its note


def jump_target(highlights: list[Highlight], cursor: int, forward: bool) -> Highlight | None:
    """The next (or previous) highlight from the cursor; orphaned ones have no place."""
    ordered = sorted((h for h in highlights if h.status != "orphaned"), key=lambda h: h.start)
    if forward:
        return next((h for h in ordered if h.start > cursor), None)
    return next((h for h in reversed(ordered) if h.start < cursor), None)


def shown_quote(quote: str) -> str:
    """A highlight's quote, cut to fit above the note editor."""
    return quote if len(quote) < QUOTE_SHOWN else quote[: QUOTE_SHOWN - 1] + "…"


class Coding:
    """The coding commands on one view and store. ``pending_statement_label``: t was
    pressed, so the next code key labels the whole statement."""

    def __init__(self, view: StatementView, store: AnnotationStore, readonly_reason: str | None, bell: Callable[[], None]) -> None:
        self.view = view
        self.store = store
        self.readonly_reason = readonly_reason
        self.bell = bell
        self.pending_statement_label = False

    def say(self, message: str) -> None:
        self.view.status.say(message)

    def writable(self) -> bool:
        """Whether a coding command may run now; if not, the status line says why."""
        if self.readonly_reason:
            self.say("The store is read-only: " + self.readonly_reason)
            self.bell()
            return False
        if self.view.text is None:
            self.say("Open a statement first.")
            return False
        return True

    def run(self, description: str, operation: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R | None:
        """Run a store command; report the result in the status line."""
        status = self.view.status
        try:
            result = operation(*args, **kwargs)
        except AnnotationError as exc:
            status.set_saved(str(exc), error=True)
            self.bell()
            return None
        status.set_saved("all changes saved")
        status.say(description)
        self.view.refresh_annotations()
        return result

    # ------------------------------------------------------------------ codes
    def apply_code_id(self, code_id: str) -> None:
        """Apply a code: to the selection (new highlight), else toggle it under the cursor."""
        if not self.writable():
            return
        text = self.view.text
        assert text is not None
        code = self.store.code(code_id)
        if code is None:
            return
        if self.pending_statement_label:
            self.pending_statement_label = False
            self.run(f"statement label {code.name} toggled", self.store.toggle_statement_label, text.id, code_id)
            return
        reader = self.view.reader
        selection = reader.selection
        if selection is not None:
            from annotations.settings import load_config

            from ..word_snap import coded_span  # whole words unless selection = "exact"

            start, end = coded_span(text.reading_text, *selection, load_config().get("selection"))
            if self.run(f"highlighted with {code.name}", self.store.add_highlight, text, start, end, [code_id]):
                reader.clear_selection()
            return
        under = self.view.highlight_under_cursor()
        if under is not None:
            had = code_id in under.labels
            self.run(f"{'removed' if had else 'added'} {code.name}", self.store.toggle_highlight_label, text.id, under.id, code_id)
            return
        self.say("Select a passage first (v, shift+arrows or drag), or put the cursor on a highlight.")

    def apply_key(self, key: str) -> None:
        """A code key (1-9): the code that has it, else say there is none."""
        code = self.store.code_by_key(key)
        if code is None:
            self.pending_statement_label = False
            self.say(f"No code has key {key}: press c to pick or create one, ctrl+k for the codebook.")
            return
        self.apply_code_id(code.id)

    def create_code(self, name: str) -> str | None:
        """A new code with the next free key; its id, or None if the store refused."""
        from annotations.codebook import next_free_key

        key = next_free_key(self.store.codes())
        code = self.run(f"created code {name}" + (f" (key {key})" if key else ""), self.store.add_code, name, key=key)
        return code.id if code else None

    def pick_and_apply(self, app: App[object]) -> None:
        """c: pick a code by name (or name a new one) in the code picker, then apply it.

        The picker is pushed at once, not from a worker: the keys typed right after "c"
        are read with the picker already on top, so they go to it (it passes on the
        letters that reach it before its input has the focus), not to the screen below.
        """
        if not self.writable():
            return
        from .code_picker import CodePicker  # screens used later load later: start-up stays fast

        app.push_screen(CodePicker(self.store.codes()), callback=self._picked)

    def _picked(self, picked: PickResult | None) -> None:
        if picked is None:
            self.pending_statement_label = False
            return
        code_id = self.create_code(picked.create) if picked.create else picked.code_id
        if code_id:
            self.apply_code_id(code_id)

    def statement_label_mode(self) -> None:
        if self.writable():
            self.pending_statement_label = True
            self.say("Press a code key (1-9) or c to label the whole statement; escape cancels.")

    # ------------------------------------------------------------------ notes, deleting, moving
    def edit_note(self, app: App[object]) -> None:
        """n: the note of the highlight under the cursor, else of the statement.

        The editor is pushed at once (not from a worker), so a note typed right after
        "n" goes into it: see ``pick_and_apply``.
        """
        if not self.writable() or self.view.text is None:
            return
        from .note_editor import NoteEditor

        text = self.view.text
        under = self.view.highlight_under_cursor()
        if under is not None:
            def highlight_note(note: str | None) -> None:
                if note is not None and note != under.note:
                    self.run("note saved", self.store.set_highlight_note, text.id, under.id, note)
                self.view.reader.focus()

            app.push_screen(NoteEditor("Note on the highlight", under.note, f"“{shown_quote(under.quote)}”"), callback=highlight_note)
        else:
            before = self.store.marks(text.id).note

            def statement_note(note: str | None) -> None:
                if note is not None and note != before:
                    self.run("statement note saved", self.store.set_statement_note, text.id, note)
                self.view.reader.focus()

            app.push_screen(NoteEditor(f"Note on the statement {text.id}", before), callback=statement_note)

    def delete_highlight(self) -> None:
        if not self.writable():
            return
        text = self.view.text
        assert text is not None
        under = self.view.highlight_under_cursor()
        if under is None:
            self.say("No highlight under the cursor.")
            return
        self.run("highlight deleted (u undoes)", self.store.delete_highlight, text.id, under.id)

    def jump_highlight(self, forward: bool) -> None:
        reader = self.view.reader
        target = jump_target(self.view.highlights, reader.cursor, forward)
        if target is None:
            self.say("No more highlights in this statement.")
            return
        reader.clear_selection()
        reader.move_to(target.start)
