"""The statement list's filter box on the main screen, and type-to-filter.

Typing in the list starts the filter: the first key moves the focus to the box, and the
keys typed fast after it (routed to the list before the focus moved) follow it there.
``FilterBox.typed`` decides, key by key, which keys are the filter's; the app calls it
(through ``MainScreen.filter_typing``) for every key that reaches the app, because only
there do keys arrive after the bindings of the keys before them have run.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Input

from corpus.wording import count

from ..widgets.statement_list import StatementList
from .statement_view import StatementView


class FilterBox:
    """The ``#filter`` input of one screen and the list it filters."""

    def __init__(self, screen: Screen[None], view: StatementView) -> None:
        self.screen = screen
        self.view = view

    @property
    def box(self) -> Input:
        return self.screen.query_one("#filter", Input)

    @property
    def query(self) -> str:
        return self.box.value

    def typed(self, event: events.Key) -> None:
        """A key that reached the app: the filter's, or left to the bindings."""
        focused = self.screen.focused
        box = self.box
        if event.key == "backspace" and isinstance(focused, StatementList):
            if box.value:  # a filtered list: one character less, as in the box; the list keeps the focus
                event.stop()
                box.value = box.value[:-1]
            return
        if not (event.is_printable and event.character):
            return
        if isinstance(focused, StatementList):
            # A key no binding takes starts the filter; once the filter holds text, every
            # printable key but the list's own (j, k, g, G, /) extends it: no letter of a
            # word typed into a filtered list runs a command (c picks, t labels...).
            bound = self.screen.active_bindings.get(event.key)
            if bound is None or (box.value and bound.node is not focused):
                event.stop()
                event.prevent_default()
                focused.type_to_filter(event.character)
        elif focused is box:
            # Typed fast after the first letter moved focus to the filter: these keys
            # were routed to the list before, and the box never saw them. The list's
            # filter key ("/") keeps its meaning there: the box has the focus already.
            event.stop()
            event.prevent_default()
            if not self.view.statement_list.is_filter_key(event.key):
                box.insert_text_at_cursor(event.character)

    def start(self, text: str) -> None:
        """Typing in the list starts the filter; focus moves now so fast typing follows."""
        box = self.box
        self.screen.set_focus(box)
        if text:
            box.insert_text_at_cursor(text)

    def changed(self, query: str) -> None:
        """The box changed: filter the list, and say how many statements are left."""
        from corpus.query_syntax import LIST_FILTERS, tokenize, unknown_state

        n = self.view.statement_list.apply_filter(query)
        # is:foo keeps nothing: say why instead of the count (0), short enough for 80 columns
        problem = unknown_state(tokenize(query, LIST_FILTERS), short=True)
        shown = f"{n:,} of {count(len(self.view.corpus), 'statement')}" if query.strip() else ""
        self.view.status.say(problem or shown)

    def submitted(self) -> None:
        """Enter in the box: back to the list, the statement under its cursor shown."""
        statement_list = self.view.statement_list
        statement_list.focus()
        current = statement_list.current
        if current is not None and not self.view.is_open(current.id):
            self.view.open_statement(current.id)

    def set(self, query: str) -> None:
        """A query from elsewhere (the palette's filters); the list takes the focus."""
        self.box.value = query
        self.view.statement_list.focus()

    def clear_now(self) -> None:
        """No filter, at once (not on the box's next Changed message)."""
        self.box.value = ""
        self.view.statement_list.apply_filter("")
