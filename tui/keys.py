"""Textual's ``Binding`` objects for every key binding of margin, built from the plain
data of ``tui.key_table`` (which the command line reads without Textual), with the
help screen's texts.

``config.toml`` in the user config folder may hold a ``[keys]`` table mapping a
binding id to keys, e.g. ``undo = "ctrl+z"`` or ``quit = "q,ctrl+q"``.
"""

from __future__ import annotations

from textual.binding import Binding

from . import key_table
from .key_table import KeySpec


def _bindings(specs: tuple[KeySpec, ...]) -> list[Binding]:
    return [Binding(s.key, s.action, s.description, show=s.show, id=s.id) for s in specs]


# The data lives in tui.key_table (Textual-free, so the command line can check ids).
APP_BINDINGS = _bindings(key_table.APP_KEYS)
SCREEN_BINDINGS = _bindings(key_table.SCREEN_KEYS)
READER_BINDINGS = _bindings(key_table.READER_KEYS)
LIST_BINDINGS = _bindings(key_table.LIST_KEYS)

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
