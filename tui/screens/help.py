"""The help screen: every key binding with the keys in force and the id config.toml
rebinds it by, then every filter of the list and of corpus search.

Both parts are built from the code (the bindings of ``tui.keys``, the filters of
``corpus.query_syntax``), so a new binding or filter shows here without a hand list.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from corpus.query_syntax import IS_STATES, LIST_FILTERS, SEARCH_FILTERS, FilterKind
from corpus.safe_text import display_safe

from ..keys import EXTRA_HELP, HELP_GROUPS, HELP_TEXT

_NAMES = {
    "question_mark": "?", "right_square_bracket": "]", "left_square_bracket": "[",
    "right_curly_bracket": "}", "left_curly_bracket": "{", "slash": "/", "full_stop": ".",
    "comma": ",", "pageup": "PgUp", "pagedown": "PgDn", "space": "space",
    "left_parenthesis": "(", "right_parenthesis": ")",
}


def key_label(keys: str) -> str:
    # (the keys in force come from the user's config file)
    return display_safe(" / ".join(_NAMES.get(k.strip(), k.strip()) for k in keys.split(",")))


def _heading(title: str) -> Text:
    return Text(title, style="bold underline")


def _binding_rows(with_header: bool) -> Table:
    table = Table(box=None, show_header=with_header, header_style="bold", padding=(0, 1), expand=True)
    table.add_column("keys", style="bold", no_wrap=True, width=14)
    table.add_column("id (config.toml)", style="cyan", no_wrap=True, width=18)
    table.add_column("what")
    return table


def _plain_rows(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("syntax", style="bold", no_wrap=True, width=24)
    table.add_column("what")
    for row in rows:
        table.add_row(*row)
    return table


def binding_sections(keymap: dict[str, str]) -> list[Text | Table]:
    """keys | id | what for every binding of ``HELP_GROUPS`` (code-2 ... code-9 too:
    each can be rebound on its own, so each shows the key in force), then the rest."""
    parts: list[Text | Table] = []
    for n, (heading, bindings) in enumerate(HELP_GROUPS):
        table = _binding_rows(with_header=n == 0)
        for b in bindings:
            if b.id and b.id.startswith("code-") and b.id != "code-1":
                desc = f"Apply code {b.id[5:]} (as code-1)"
            else:
                desc = HELP_TEXT.get(b.id or "", b.description)
            table.add_row(key_label(keymap.get(b.id or "", b.key)), b.id or "", desc)
        parts += [_heading(heading), table, Text("")]
    parts += [_heading("More"), _plain_rows(list(EXTRA_HELP)), Text("")]
    parts += [_heading("Corpus search (ctrl+f)"), _plain_rows(_search_keys()), Text("")]
    return parts


def _search_keys() -> list[tuple[str, str]]:
    """The keys of the search screen and its hit list (not rebindable: no id)."""
    from ..widgets.hit_list import HitList
    from .search import SearchScreen

    rows: list[tuple[str, str]] = []
    for b in [*SearchScreen.BINDINGS, *HitList.BINDINGS]:
        assert isinstance(b, Binding)
        if b.action.startswith("code_hits("):
            if b.key == "1":
                rows.append(("1-9", "Code the marked hits (or all) with that code"))
            continue
        if b.action in ("cursor(-1)", "cursor(1)", "page(-1)", "page(1)", "focus_query", "app.undo"):
            continue  # the same as everywhere
        rows.append((key_label(b.key), b.description))
    rows.append(("a letter", "Typed in the hit list, it goes to the query box"))
    rows.append(("ctrl+f again", "Comes back to the last query, hits, marks and cursor"))
    return rows


def _filter_rows(kind: FilterKind) -> list[tuple[str, str]]:
    if kind.key == "is":
        return [(f"is:{state}", what[0].upper() + what[1:]) for state, what in IS_STATES.items()]
    return [(f"{kind.key}:{kind.value}", kind.keeps[0].upper() + kind.keeps[1:])]


def filter_sections() -> list[Text | Table]:
    """Every filter the two parsers accept, and the syntax both share."""
    list_rows = [
        ("word", "Statements whose speaker, affiliation, id or language contain it (all words must match)"),
        ('"two words"', "The words together, spaces included"),
        ("-word", "Statements without it"),
        *(row for kind in LIST_FILTERS.values() for row in _filter_rows(kind)),
        ("typing in the list", "Once the filter holds text, letters typed in the list add to it "
                               "(j k g G still move; escape in the list clears the filter)"),
    ]
    search_rows = [
        ("word", "The word in the text (words side by side: all of them)"),
        ('"a phrase"', "The words in this order"),
        ("prefix*", "Words starting with prefix"),
        ("AND  OR  NOT  ( )", "Combine terms: peace OR security; peace NOT Sahel"),
        ("-word", "The same as NOT word: peace -Sahel"),
        *(row for kind in SEARCH_FILTERS.values() for row in _filter_rows(kind)),
    ]
    both_rows = [
        ('key:"two words"', 'Any filter value may be quoted: code:"Human trafficking", speaker:"Zhang Jun"'),
        ("-code:NAME", "A - before any filter leaves out what it would keep: -is:read, -code:NAME"),
        ("code:a_b", "Unquoted, _ also stands for a space"),
        ("a filter alone", "Search: every statement that passes, each hit its first line (enter opens it; "
                           "such hits are not coded)"),
    ]
    return [
        _heading("Filter the list (/ or just type)"), _plain_rows(list_rows), Text(""),
        _heading("Search the corpus (ctrl+f)"), _plain_rows(search_rows), Text(""),
        _heading("In both"), _plain_rows(both_rows),
    ]


class HelpScreen(ModalScreen[None]):
    """All bindings, grouped, with their ids; then the filters. Escape closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", priority=True)]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 96; max-width: 95%; height: 90%; border: thick $accent; background: $surface; padding: 0 1; }
    """

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        title = Text.assemble(
            ("margin — keys and filters", "bold"),
            '  · escape closes · rebind: config.toml [keys] id = "keys"',
        )
        with VerticalScroll():
            yield Static(title)
            yield Static(Group(*binding_sections(self.keymap), *filter_sections()))

    def action_close(self) -> None:
        self.dismiss(None)
