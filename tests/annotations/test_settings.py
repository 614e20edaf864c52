"""config.toml: a broken file is reported (file, line, key) and the valid rest applies."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotations.settings import load_settings, resolve_coder


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


from hypothesis import given, settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@hsettings(max_examples=200, deadline=None)
@given(st.one_of(
    st.binary(max_size=200),
    st.lists(st.sampled_from(['coder = "A"', "coder = 1", "[keys]", "[keys", 'undo = "u"', "keys = [1]",
                              'selection = "exact"', "theme = true", "x = ", "= 3", '"a.b" = 2', "[[t]]", "\\xff"]),
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
