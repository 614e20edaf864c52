"""Every key binding of margin as plain data (key, action, description, id, show), and
the check of the ``[keys]`` and ``theme`` settings against it.

This module never imports Textual, so the command line (which must start without it)
names the same config mistakes the app names: an unknown binding id, two bindings on
one key, a theme that does not exist. ``tui.keys`` builds Textual's ``Binding``
objects from these tables.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from typing import NamedTuple

from annotations.settings import ConfigProblem, Settings


class KeySpec(NamedTuple):
    """One binding: ``key`` may list several keys (``"left,h"``); ``id`` is what
    ``[keys]`` in config.toml rebinds."""

    key: str
    action: str
    description: str
    id: str
    show: bool = True


APP_KEYS = (
    KeySpec("q", "quit", "Quit", "quit"),
    KeySpec("question_mark", "help", "Help", "help"),
    KeySpec("u", "undo", "Undo", "undo"),
    KeySpec("ctrl+r", "redo", "Redo", "redo"),
    KeySpec("ctrl+p", "command_palette", "Commands", "palette", show=False),
    KeySpec("ctrl+e", "export", "Export", "export", show=False),
    KeySpec("ctrl+f", "search_corpus", "Search corpus", "search-corpus"),
)

SCREEN_KEYS = (
    *(KeySpec(str(k), f"apply_code('{k}')", f"Code {k}", f"code-{k}", show=False) for k in range(1, 10)),
    KeySpec("c", "pick_code", "Pick code", "pick-code"),
    KeySpec("t", "statement_label_mode", "Label statement", "label-statement"),
    KeySpec("n", "edit_note", "Note", "note"),
    KeySpec("x", "delete_highlight", "Delete", "delete-highlight"),
    KeySpec("right_square_bracket", "next_highlight", "Next hl", "next-highlight", show=False),
    KeySpec("left_square_bracket", "previous_highlight", "Prev hl", "previous-highlight", show=False),
    KeySpec("z", "toggle_wide", "Wide", "wide"),
    KeySpec("f2", "toggle_list", "List", "toggle-list", show=False),
    KeySpec("f3", "toggle_panel", "Panel", "toggle-panel", show=False),
    KeySpec("ctrl+k", "codebook", "Codebook", "codebook", show=False),
    KeySpec("escape", "cancel", "Cancel", "cancel", show=False),
)

READER_KEYS = (
    KeySpec("left,h", "move('left')", "Left", "left", show=False),
    KeySpec("right,l", "move('right')", "Right", "right", show=False),
    KeySpec("up,k", "move('up')", "Up", "up", show=False),
    KeySpec("down,j", "move('down')", "Down", "down", show=False),
    KeySpec("w", "move('word')", "Next word", "word", show=False),
    KeySpec("b", "move('back')", "Previous word", "back", show=False),
    KeySpec("e", "move('word_end')", "End of word", "word-end", show=False),
    KeySpec("right_curly_bracket", "move('paragraph')", "Next paragraph", "paragraph", show=False),
    KeySpec("left_curly_bracket", "move('paragraph_back')", "Previous paragraph", "paragraph-back", show=False),
    KeySpec("left_parenthesis", "move('sentence_back')", "Previous sentence", "sentence-back", show=False),
    KeySpec("right_parenthesis", "move('sentence')", "Next sentence", "sentence", show=False),
    KeySpec("pageup", "move('page_up')", "Page up", "page-up", show=False),
    KeySpec("pagedown", "move('page_down')", "Page down", "page-down", show=False),
    KeySpec("g,home", "move('start')", "Start", "start", show=False),
    KeySpec("G,end", "move('end')", "End", "end", show=False),
    KeySpec("shift+left", "extend('left')", "Select left", "select-left", show=False),
    KeySpec("shift+right", "extend('right')", "Select right", "select-right", show=False),
    KeySpec("shift+up", "extend('up')", "Select up", "select-up", show=False),
    KeySpec("shift+down", "extend('down')", "Select down", "select-down", show=False),
    KeySpec("v", "visual", "Visual select", "visual"),
    KeySpec("slash", "screen.search", "Find", "find"),
    KeySpec("full_stop", "search_next", "Next hit", "next-hit", show=False),
    KeySpec("comma", "search_previous", "Previous hit", "previous-hit", show=False),
)

LIST_KEYS = (
    KeySpec("up,k", "cursor(-1)", "Up", "list-up", show=False),
    KeySpec("down,j", "cursor(1)", "Down", "list-down", show=False),
    KeySpec("pageup", "page(-1)", "Page up", "list-page-up", show=False),
    KeySpec("pagedown", "page(1)", "Page down", "list-page-down", show=False),
    KeySpec("g,home", "jump('start')", "First", "list-first", show=False),
    KeySpec("G,end", "jump('end')", "Last", "list-last", show=False),
    KeySpec("enter", "open", "Open", "open"),
    KeySpec("slash", "filter", "Filter", "filter"),
)

# What the help screen shows, grouped: (heading, bindings).
KEY_GROUPS = (
    ("Everywhere", APP_KEYS),
    ("Coding", SCREEN_KEYS),
    ("Reader", READER_KEYS),
    ("Statement list", LIST_KEYS),
)

# The groups whose bindings are in force together: the app's and the main screen's,
# with the focused one of the reader and the list (siblings: never both). One key
# bound twice inside a scope means one of the two never runs.
SCOPES = (
    frozenset({"Everywhere", "Coding", "Reader"}),
    frozenset({"Everywhere", "Coding", "Statement list"}),
)

BINDING_IDS = frozenset(spec.id for _, group in KEY_GROUPS for spec in group)

# Textual 8's built-in themes, for the command line, which cannot ask Textual
# (tests/tui/test_key_table.py holds this equal to ``App().available_themes``).
TEXTUAL_THEMES = frozenset({
    "ansi-dark", "ansi-light", "atom-one-dark", "atom-one-light", "catppuccin-frappe",
    "catppuccin-latte", "catppuccin-macchiato", "catppuccin-mocha", "dracula", "flexoki",
    "gruvbox", "monokai", "nord", "rose-pine", "rose-pine-dawn", "rose-pine-moon",
    "solarized-dark", "solarized-light", "textual-dark", "textual-light", "tokyo-night",
})

# How Textual names a key given as one character ("?" is "question_mark"); the test
# holds ``key_name`` equal to Textual's own normalisation for every printable character.
_KEY_NAME_REPLACEMENTS = {
    "solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
    "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore",
}


def key_name(key: str) -> str:
    """One key as Textual names it: ``"?"`` -> ``"question_mark"``, ``"ctrl+z"`` as is."""
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = {"\t": "tab"}.get(key, key)
    return _KEY_NAME_REPLACEMENTS.get(name, name)


def key_names(keys: str) -> tuple[str, ...]:
    """``"c, space"`` -> ``("c", "space")``: each key of a comma-separated list."""
    return tuple(key_name(part.strip()) for part in keys.split(",") if part.strip())


class ConfigCheck(NamedTuple):
    """What of config.toml's keys and theme applies, and what is wrong with the rest."""

    keymap: dict[str, str]  # binding id -> keys, for App.set_keymap
    theme: str | None
    problems: list[ConfigProblem]


_GROUP_OF = {spec.id: heading for heading, group in KEY_GROUPS for spec in group}
_DEFAULT_KEYS = {spec.id: key_names(spec.key) for _, group in KEY_GROUPS for spec in group}
_ORDER = {binding: n for n, binding in enumerate(_GROUP_OF)}


def _share_a_scope(a: str, b: str) -> bool:
    return any(_GROUP_OF[a] in scope and _GROUP_OF[b] in scope for scope in SCOPES)


def check_config(settings: Settings, themes: Collection[str] = TEXTUAL_THEMES) -> ConfigCheck:
    """The ``[keys]`` and ``theme`` of ``settings`` checked against margin's bindings
    and ``themes``: an unknown id, or two ids on one key in one scope (then both keep
    their default keys), is one problem each and is not applied."""
    problems: list[ConfigProblem] = []
    keymap: dict[str, tuple[str, ...]] = {}
    for binding, keys in settings.keys.items():
        if binding not in BINDING_IDS:
            problems.append(settings.problem(("keys", binding), "is not a binding id (the help screen, ?, lists them)"))
        elif not key_names(keys):
            problems.append(settings.problem(("keys", binding), 'must name keys, like "ctrl+z" or "q,ctrl+q"'))
        else:
            keymap[binding] = key_names(keys)
    problems.extend(_drop_clashes(settings, keymap))
    theme = settings.theme
    if theme is not None and theme not in themes:
        problems.append(settings.problem(("theme",), f"is {theme!r}, which is not a theme (known: {', '.join(sorted(themes))})"))
        theme = None
    return ConfigCheck({binding: ",".join(keys) for binding, keys in keymap.items()}, theme, problems)


def _drop_clashes(settings: Settings, keymap: dict[str, tuple[str, ...]]) -> list[ConfigProblem]:
    """Take out of ``keymap`` every rebinding whose key another binding of its scope
    has; repeated, since a binding given back its default key may clash in turn."""
    problems: list[ConfigProblem] = []
    while True:
        keys_of = {binding: keymap.get(binding, default) for binding, default in _DEFAULT_KEYS.items()}
        clash = _first_clash(settings, keymap, keys_of)
        if clash is None:
            return problems
        a, b, key = clash
        names = [f"keys.{x}" if x in keymap else f"{x} (by default)" for x in (a, b)]
        dropped = [x for x in (a, b) if x in keymap]
        defaults = ", ".join("/".join(_DEFAULT_KEYS[x]) for x in dropped)
        if len(dropped) == 2:
            consequence = f"{a} and {b} keep their default keys ({defaults}), the rest applies"
        else:
            consequence = f"{dropped[0]} keeps its default key ({defaults}), the rest applies"
        lines = [line for x in dropped if (line := settings.line_of("keys", x))]
        problems.append(ConfigProblem(max(lines, default=None), names[0],
                                      f"and {names[1]} are both {key} in the same screen", consequence))
        for x in dropped:
            del keymap[x]


def _first_clash(settings: Settings, keymap: dict[str, tuple[str, ...]],
                 keys_of: dict[str, tuple[str, ...]]) -> tuple[str, str, str] | None:
    """The clash written first in the file: (the binding set earlier, the other, the key)."""
    def place(binding: str) -> tuple[int, int]:
        return (settings.line_of("keys", binding) or 0, _ORDER[binding])

    for a in sorted(keymap, key=place):
        for key in keymap[a]:
            others = [b for b in keys_of if b != a and key in keys_of[b] and _share_a_scope(a, b)]
            if others:
                b = min(others, key=lambda o: (o not in keymap, place(o)))
                first, second = sorted((a, b), key=lambda x: (x not in keymap, place(x)))
                return first, second, key
    return None
