"""config.toml: a broken file is reported (file, line, key) and the valid rest applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.settings import load_settings, resolve_coder, tomllib


def write(isolated_dirs: Path, content: str | bytes) -> Path:
    path = isolated_dirs / "config" / "config.toml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_a_valid_file_has_no_problems(isolated_dirs: Path) -> None:
    write(isolated_dirs, 'coder = "Aigerim"\nselection = "exact"\ntheme = "textual-light"\n[keys]\nundo = "ctrl+z"\n')
    settings = load_settings()
    assert settings.problems == []
    assert (settings.coder, settings.selection, settings.theme) == ("Aigerim", "exact", "textual-light")
    assert settings.keys == {"undo": "ctrl+z"}


def test_a_line_that_does_not_parse_is_named_and_the_rest_applies(isolated_dirs: Path) -> None:
    path = write(isolated_dirs, 'coder = "Aigerim"\nselection = words\n[keys]\nundo = "ctrl+z"\n')
    settings = load_settings()
    assert settings.coder == "Aigerim"
    assert settings.keys == {"undo": "ctrl+z"}
    assert resolve_coder() == "Aigerim"
    (message,) = settings.messages()
    assert str(path) in message and "line 2" in message


@pytest.mark.parametrize(
    ("content", "line", "key"),
    [
        ('coder = "A"\nkeys = "x"\n', 2, "keys"),
        ('coder = "A"\nkeys = ["u", "z"]\n', 2, "keys"),
        ('coder = "A"\n[keys]\nundo = 3\n', 3, "keys.undo"),
        ('coder = "A"\nselection = "letters"\n', 2, "selection"),
        ('coder = "A"\ncolour = "red"\n', 2, "colour"),
        ('coder = "A"\ntheme = 7\n', 2, "theme"),
    ],
)
def test_wrong_types_and_unknown_settings_are_one_sentence_each(isolated_dirs: Path, content: str, line: int, key: str) -> None:
    path = write(isolated_dirs, content)
    settings = load_settings()
    assert settings.coder == "A"
    (message,) = settings.messages()
    assert str(path) in message and f"line {line}" in message and key in message
    assert message.endswith(".")


def test_a_wrong_coder_type_falls_back_with_a_message(isolated_dirs: Path) -> None:
    write(isolated_dirs, "coder = 42\n")
    settings = load_settings()
    assert settings.coder is None
    assert "line 1" in settings.messages()[0] and "coder" in settings.messages()[0]


def test_a_file_that_is_not_utf8_is_a_message_not_a_crash(isolated_dirs: Path) -> None:
    write(isolated_dirs, b'coder = "Aigerim"\nnote = "caf\xe9"\n')
    settings = load_settings()
    assert settings.coder == "Aigerim"
    (message,) = settings.messages()
    assert "line 2" in message and "UTF-8" in message


from hypothesis import given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@hsettings(max_examples=200, deadline=None)
@given(st.one_of(
    st.binary(max_size=200),
    st.lists(st.sampled_from(['coder = "A"', "coder = 1", "[keys]", "[keys", 'undo = "u"', "keys = [1]",
                              'selection = "exact"', "theme = true", "x = ", "= 3", '"a.b" = 2', "[[t]]", "\\xff",
                              'keys = "x"', 'keys = {undo = "z"}', "[coder]", 'keys.undo = "y"', "undo = z"]),
             max_size=8).map(lambda lines: "\n".join(lines).encode()),
))
def test_any_file_gives_settings_and_sentences_never_an_exception(tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(raw)
    loaded = load_settings(path)
    assert loaded.coder is None or isinstance(loaded.coder, str)
    assert all(isinstance(v, str) for v in loaded.keys.values())
    assert loaded.selection in (None, "words", "exact")
    assert all(m.endswith(".") and str(path) in m for m in loaded.messages())
    try:
        tomllib.loads("\n".join(line.rstrip("\r") for line in raw.decode("utf-8-sig").split("\n")))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        assert loaded.messages(), "a file that does not parse is never read in silence"


# ------------------------------------------------- the line-wise read keeps [keys]
def test_a_keys_line_before_the_keys_table_leaves_the_table_applied(isolated_dirs: Path) -> None:
    path = write(isolated_dirs, 'coder = "A"\nkeys = "x"\n\n# bindings\n[keys]\nundo = "ctrl+z"\nfrobnicate = "y"\n')
    settings = load_settings()
    assert settings.coder == "A"
    assert settings.keys == {"undo": "ctrl+z", "frobnicate": "y"}  # frobnicate: the tui names it
    assert settings.line_of("keys", "frobnicate") == 7
    (message,) = settings.messages()
    assert str(path) in message and "line 2" in message and "keys" in message and "table" in message


def test_the_keys_table_twice_applies_both_and_says_so_once(isolated_dirs: Path) -> None:
    write(isolated_dirs, '[keys]\nundo = "ctrl+z"\n[keys]\nredo = "ctrl+y"\n')
    settings = load_settings()
    assert settings.keys == {"undo": "ctrl+z", "redo": "ctrl+y"}
    (message,) = settings.messages()
    assert "line 3" in message and "keys" in message


def test_a_bad_value_inside_the_table_is_named_with_the_table(isolated_dirs: Path) -> None:
    write(isolated_dirs, 'keys = "x"\n[keys]\nundo = ctrl+z\nredo = "ctrl+y"\nhelp = 3\n')
    settings = load_settings()
    assert settings.keys == {"redo": "ctrl+y"}
    messages = settings.messages()
    assert len(messages) == 3
    assert "line 1" in messages[0] and "keys" in messages[0]
    assert "line 3" in messages[1] and "keys.undo" in messages[1]
    assert "line 5" in messages[2] and "keys.help" in messages[2]


def test_a_binding_set_twice_keeps_the_first_and_names_the_second(isolated_dirs: Path) -> None:
    write(isolated_dirs, '[keys]\nundo = "a"\nundo = "b"\n')
    settings = load_settings()
    assert settings.keys == {"undo": "a"}
    (message,) = settings.messages()
    assert "line 3" in message and "keys.undo" in message and "line 2" in message


@pytest.mark.parametrize("broken", ["", "coder = \n"])  # the file parses whole, or line by line
def test_an_inline_keys_table_applies_and_its_bad_values_are_named(isolated_dirs: Path, broken: str) -> None:
    write(isolated_dirs, broken + 'keys = {undo = "z", redo = 3}\n')
    settings = load_settings()
    assert settings.keys == {"undo": "z"}
    line = broken.count("\n") + 1
    assert settings.line_of("keys", "undo") == line
    assert any(f"line {line}" in m and "keys.redo" in m for m in settings.messages())
