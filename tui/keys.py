"""Every key binding of margin, in one place, with ids the config file can rebind.

``config.toml`` in the user config folder may hold a ``[keys]`` table mapping a
binding id to keys, e.g. ``undo = "ctrl+z"`` or ``quit = "q,ctrl+q"``.
"""

from __future__ import annotations

from textual.binding import Binding

APP_BINDINGS = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("question_mark", "help", "Help", id="help"),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("ctrl+r", "redo", "Redo", id="redo"),
    Binding("ctrl+p", "command_palette", "Commands", id="palette", show=False),
    Binding("ctrl+e", "export", "Export", id="export", show=False),
    Binding("ctrl+f", "search_corpus", "Search corpus", id="search-corpus"),
]

SCREEN_BINDINGS = [
    *(Binding(str(k), f"apply_code('{k}')", f"Code {k}", id=f"code-{k}", show=False) for k in range(1, 10)),
    Binding("c", "pick_code", "Pick code", id="pick-code"),
    Binding("t", "statement_label_mode", "Label statement", id="label-statement"),
    Binding("n", "edit_note", "Note", id="note"),
    Binding("x", "delete_highlight", "Delete", id="delete-highlight"),
    Binding("right_square_bracket", "next_highlight", "Next hl", id="next-highlight", show=False),
    Binding("left_square_bracket", "previous_highlight", "Prev hl", id="previous-highlight", show=False),
    Binding("z", "toggle_wide", "Wide", id="wide"),
    Binding("f2", "toggle_list", "List", id="toggle-list", show=False),
    Binding("f3", "toggle_panel", "Panel", id="toggle-panel", show=False),
    Binding("ctrl+k", "codebook", "Codebook", id="codebook", show=False),
    Binding("escape", "cancel", "Cancel", id="cancel", show=False),
]

READER_BINDINGS = [
    Binding("left,h", "move('left')", "Left", id="left", show=False),
    Binding("right,l", "move('right')", "Right", id="right", show=False),
    Binding("up,k", "move('up')", "Up", id="up", show=False),
    Binding("down,j", "move('down')", "Down", id="down", show=False),
    Binding("w", "move('word')", "Next word", id="word", show=False),
    Binding("b", "move('back')", "Previous word", id="back", show=False),
    Binding("e", "move('word_end')", "End of word", id="word-end", show=False),
    Binding("right_curly_bracket", "move('paragraph')", "Next paragraph", id="paragraph", show=False),
    Binding("left_curly_bracket", "move('paragraph_back')", "Previous paragraph", id="paragraph-back", show=False),
    Binding("right_parenthesis", "move('sentence')", "Next sentence", id="sentence", show=False),
    Binding("left_parenthesis", "move('sentence_back')", "Previous sentence", id="sentence-back", show=False),
    Binding("pageup", "move('page_up')", "Page up", id="page-up", show=False),
    Binding("pagedown", "move('page_down')", "Page down", id="page-down", show=False),
    Binding("g,home", "move('start')", "Start", id="start", show=False),
    Binding("G,end", "move('end')", "End", id="end", show=False),
    Binding("shift+left", "extend('left')", "Select left", id="select-left", show=False),
    Binding("shift+right", "extend('right')", "Select right", id="select-right", show=False),
    Binding("shift+up", "extend('up')", "Select up", id="select-up", show=False),
    Binding("shift+down", "extend('down')", "Select down", id="select-down", show=False),
    Binding("v", "visual", "Visual select", id="visual"),
    Binding("slash", "screen.search", "Find", id="find"),
    Binding("full_stop", "search_next", "Next hit", id="next-hit", show=False),
    Binding("comma", "search_previous", "Previous hit", id="previous-hit", show=False),
]

LIST_BINDINGS = [
    Binding("up,k", "cursor(-1)", "Up", id="list-up", show=False),
    Binding("down,j", "cursor(1)", "Down", id="list-down", show=False),
    Binding("pageup", "page(-1)", "Page up", id="list-page-up", show=False),
    Binding("pagedown", "page(1)", "Page down", id="list-page-down", show=False),
    Binding("g,home", "jump('start')", "First", id="list-first", show=False),
    Binding("G,end", "jump('end')", "Last", id="list-last", show=False),
    Binding("enter", "open", "Open", id="open"),
    Binding("slash", "filter", "Filter", id="filter"),
]

# What the help screen shows, grouped; (heading, bindings).
HELP_GROUPS = [
    ("Everywhere", APP_BINDINGS),
    ("Coding", SCREEN_BINDINGS),
    ("Reader", READER_BINDINGS),
    ("Statement list", LIST_BINDINGS),
]

# Longer descriptions for the help screen (the footer keeps the short ones).
HELP_TEXT = {
    "quit": "Quit (everything is already saved)",
    "help": "This help",
    "undo": "Undo the last change (unlimited, across statements)",
    "redo": "Redo what was undone",
    "palette": "Command palette: open a statement by id or speaker, export, import codebook, theme…",
    "export": "Export all annotations as JSON to the exports folder",
    "search-corpus": "Search every statement; open hits, or code all (or the marked) hits at once",
    "code-1": "Apply code 1-9 to the selection, or toggle it on the highlight under the cursor",
    "pick-code": "Pick a code by name (fuzzy), or create a new one, and apply it",
    "label-statement": "Then 1-9 (or c): toggle that code on the whole statement",
    "note": "Edit the note of the highlight under the cursor, else of the statement",
    "delete-highlight": "Delete the highlight under the cursor",
    "next-highlight": "Jump to the next highlight",
    "previous-highlight": "Jump to the previous highlight",
    "wide": "Read wide: hide the list and the tag panel (again to show them)",
    "toggle-list": "Show or hide the statement list",
    "toggle-panel": "Show or hide the tag panel",
    "codebook": "Codebook: add, rename, recolour, set keys, merge, delete",
    "cancel": "Cancel: clear the selection, close the search, leave the filter",
    "sentence": "Next sentence (\"Mr.\", \"No.\", \"U.N.\", \"1.5\" do not end one)",
    "sentence-back": "Start of this sentence, or of the previous one",
    "visual": "Start a selection at the cursor (move to extend; a code key applies it)",
    "find": "Find in this statement",
    "next-hit": "Next search hit",
    "previous-hit": "Previous search hit",
    "open": "Open the statement and move to the reader",
    "filter": "Filter the list (also: just start typing)",
}

EXTRA_HELP = [
    ("tab / shift+tab", "Move between list, reader and tag panel"),
    ("t then 1-9", "Toggle that code on the whole statement"),
    ("enter (tag panel)", "Jump to a highlight / apply a code"),
    ("mouse", "Click to place the cursor, drag to select, click a code to apply it"),
]


def user_keymap(settings=None) -> tuple[dict[str, str], list]:
    """Binding id -> keys from ``[keys]`` in config.toml, and the problems found:
    an unknown binding id is reported (file, line, id), not applied."""
    from annotations.settings import load_settings

    settings = settings or load_settings()
    known = {b.id for _, group in HELP_GROUPS for b in group}
    keymap: dict[str, str] = {}
    problems = []
    for binding, keys in settings.keys.items():
        if binding in known:
            keymap[binding] = keys
        else:
            problems.append(settings.problem(("keys", binding), "is not a binding id (the help screen, ?, lists them)"))
    return keymap, problems
