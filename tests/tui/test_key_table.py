"""tui.key_table is the Textual-free copy of what Textual knows: held equal to it here."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from textual.app import App
from textual.keys import _character_to_key

from annotations.settings import load_settings
from tui import key_table
from tui.keys import HELP_GROUPS, READER_BINDINGS


def test_the_theme_names_are_textuals_own() -> None:
    assert key_table.TEXTUAL_THEMES == frozenset(App().available_themes)


@pytest.mark.parametrize("character", [*string.printable.strip(), "\t", "é", "§", "→"])
def test_key_names_are_the_names_textual_gives(character: str) -> None:
    assert key_table.key_name(character) == _character_to_key(character)


def test_the_textual_bindings_are_the_table() -> None:
    built = [(h, [(b.key, b.action, b.description, b.id, b.show) for b in group]) for h, group in HELP_GROUPS]
    table = [(h, [tuple(s) for s in group]) for h, group in key_table.KEY_GROUPS]
    assert built == table
    ids = [b.id for _, group in HELP_GROUPS for b in group]
    assert len(ids) == len(set(ids)) == len(key_table.BINDING_IDS)
    assert {"sentence", "sentence-back"} <= {b.id for b in READER_BINDINGS}


def test_the_default_keys_never_clash_and_an_empty_config_is_clean(tmp_path: Path) -> None:
    check = key_table.check_config(load_settings(tmp_path / "none.toml"))
    assert check == key_table.ConfigCheck({}, None, [])


def test_swapping_two_keys_is_no_clash_and_a_clash_cascades(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nundo = "ctrl+r"\nredo = "u"\n')
    assert key_table.check_config(load_settings(path)) == key_table.ConfigCheck({"undo": "ctrl+r", "redo": "u"}, None, [])
    # undo and quit clash on ctrl+z and get u and q back; help had taken u: named, and
    # help gets ? back, which word (in the reader, shadowing help) had taken: named too.
    path.write_text('[keys]\nundo = "ctrl+z"\nquit = "ctrl+z"\nhelp = "u"\nword = "?"\n')
    check = key_table.check_config(load_settings(path))
    assert check.keymap == {}
    assert [(p.line, p.key, p.reason) for p in check.problems] == [
        (3, "keys.undo", "and keys.quit are both ctrl+z in the same screen"),
        (4, "keys.help", "and undo (by default) are both u in the same screen"),
        (5, "keys.word", "and help (by default) are both question_mark in the same screen"),
    ]


def test_a_key_in_the_reader_may_be_a_key_of_the_list(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[keys]\nfind = "enter"\n')  # the list's enter (open): never in force together
    assert key_table.check_config(load_settings(path)).problems == []
