"""User settings shared by the command line and the app: coder name, key bindings,
selection snapping, theme.

Read from ``config.toml`` in the user config directory::

    coder = "Aigerim"
    selection = "words"        # or "exact"
    theme = "textual-light"
    [keys]
    undo = "u"

A broken file must never record work under the wrong coder in silence, nor crash a
command. So the file is read leniently and every problem is kept as one sentence
(file, line, key) for the app or the command line to show:

- a line that is not UTF-8 is left out, the rest is read;
- a file that does not parse as TOML is read again line by line (TOML has no partial
  parse): each line that parses on its own applies, in the table its ``[header]``
  opened, and each that does not is reported once: a line that does not parse, a key
  set twice, ``keys = "x"`` beside a ``[keys]`` table (the table is what applies);
- a value of the wrong type or an unknown setting is reported and left out.
"""

from __future__ import annotations

import getpass
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.paths import config_dir, data_dir

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS = ("coder", "keys", "selection", "theme")
TABLE_SETTINGS = ("keys",)  # the settings that are tables; the others are text
SELECTION_MODES = ("words", "exact")

_TABLE = re.compile(r"\s*\[\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*\]\s*(#.*)?")
_KEY = re.compile(r"\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")
_POSITION = re.compile(r"\s*\((?:at line \d+, column \d+|at end of document)\)\s*$")
_AT_LINE = re.compile(r"at line (\d+)")


def config_path() -> Path:
    return config_dir() / "config.toml"


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong in the config file; ``key`` is dotted (``keys.undo``)."""

    line: int | None
    key: str | None
    reason: str
    consequence: str = "it is ignored, the rest applies"

    def sentence(self, path: Path) -> str:
        where = f"{path} line {self.line}" if self.line else str(path)
        what = f"{self.key} {self.reason}" if self.key else self.reason
        return f"{where}: {what}; {self.consequence}."


@dataclass
class Settings:
    """The valid part of config.toml, and what was wrong with the rest."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[ConfigProblem] = field(default_factory=list)
    key_lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    @property
    def coder(self) -> str | None:
        return self.values.get("coder")

    @property
    def keys(self) -> dict[str, str]:
        return dict(self.values.get("keys", {}))

    @property
    def selection(self) -> str | None:
        return self.values.get("selection")

    @property
    def theme(self) -> str | None:
        return self.values.get("theme")

    def line_of(self, *key: str) -> int | None:
        """The line where ``key`` (a path: ``"keys", "undo"``) is set, if it can be told;
        else the line of the table that holds it (``keys = {undo = "z"}``)."""
        path = tuple(key)
        while path:
            if path in self.key_lines:
                return self.key_lines[path]
            path = path[:-1]
        return None

    def problem(self, key: tuple[str, ...], reason: str) -> ConfigProblem:
        return ConfigProblem(self.line_of(*key), ".".join(key), reason)

    def messages(self, extra: list[ConfigProblem] | None = None) -> list[str]:
        found = sorted([*self.problems, *(extra or [])], key=lambda p: p.line or 0)
        return [p.sentence(self.path) for p in found]


def _bare(key: str) -> str:
    key = key.strip()
    return key[1:-1] if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'" else key


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(_bare(part) for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.\s]+", dotted))


def _key_lines(lines: list[str]) -> dict[tuple[str, ...], int]:
    """Where each key is set (1-based), from a plain scan of ``[table]`` and ``key =`` lines."""
    found: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    for number, line in enumerate(lines, 1):
        header = _TABLE.fullmatch(line)
        if header:
            table = (_bare(header[1]),)
            found.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key:
            path = table + _split_key(key[1])
            for depth in range(1, len(path) + 1):
                found.setdefault(path[:depth], number)
    return found


def _decode_lines(raw: bytes, problems: list[ConfigProblem]) -> list[str]:
    lines = []
    for number, chunk in enumerate(raw.split(b"\n"), 1):
        if number == 1 and chunk.startswith(b"\xef\xbb\xbf"):
            chunk = chunk[3:]
        try:
            lines.append(chunk.decode("utf-8").rstrip("\r"))
        except UnicodeDecodeError:
            problems.append(ConfigProblem(number, None, "this line is not UTF-8 text (save the file as UTF-8)"))
            lines.append("")
    return lines


def _reason(exc: Exception) -> str:
    return _POSITION.sub("", str(exc)) or "invalid TOML"


_NOT_A_TABLE = 'must be a table: a line [keys], then lines like undo = "ctrl+z"'


def _parse_line_by_line(lines: list[str], problems: list[ConfigProblem]) -> dict[str, Any]:
    """What can be read of a file that does not parse whole: each line on its own, in
    the table the last ``[header]`` opened. Each line that cannot apply is one problem."""
    data: dict[str, Any] = {}
    set_on: dict[tuple[str, ...], int] = {}  # where each key was first set
    table: tuple[str, ...] = ()
    target = data
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        header = _TABLE.fullmatch(line)
        if header:
            name = _bare(header[1])
            table = (name,)
            if name not in data:
                data[name] = target = {}
                set_on[table] = number
            elif not isinstance(data[name], dict) and name in TABLE_SETTINGS:
                # keys = "x" and a [keys] table: the table is what was meant.
                problems.append(ConfigProblem(set_on[table], name, _NOT_A_TABLE))
                data[name] = target = {}
                set_on[table] = number
            elif not isinstance(data[name], dict):
                problems.append(ConfigProblem(number, f"[{name}]", f"opens a table, but {name} is already set on line {set_on[table]}",
                                              "its lines are ignored, the rest applies"))
                target = {}  # the lines under it go nowhere
            else:
                problems.append(ConfigProblem(number, f"[{name}]", f"sets {name} a second time (first on line {set_on[table]}; TOML allows one)",
                                              "both apply"))
                target = data[name]
            continue
        try:
            parsed = tomllib.loads(line)
        except tomllib.TOMLDecodeError as exc:
            key = _KEY.match(line)
            if key:
                dotted = ".".join(table + _split_key(key[1]))
                problems.append(ConfigProblem(number, dotted, f"does not parse as TOML ({_reason(exc)}; text needs quotes)"))
            else:
                problems.append(ConfigProblem(number, None, f"this line does not parse as TOML ({_reason(exc)})"))
            continue
        _merge(target, parsed, table, number, set_on, problems)
    return data


def _merge(target: dict[str, Any], parsed: dict[str, Any], table: tuple[str, ...], number: int,
           set_on: dict[tuple[str, ...], int], problems: list[ConfigProblem]) -> None:
    """Put one line's keys into ``target``; a key already set keeps its first value."""
    for key, value in parsed.items():
        path = (*table, key)
        if key not in target:
            target[key] = value
            set_on.setdefault(path, number)
        elif isinstance(target[key], dict) and isinstance(value, dict):
            _merge(target[key], value, path, number, set_on, problems)
        else:
            first = set_on.get(path)
            also = f" (first on line {first})" if first else ""
            problems.append(ConfigProblem(number, ".".join(path), f"is set twice{also}"))


def _validate(settings: Settings, data: dict[str, Any]) -> None:
    values = settings.values
    for key, value in data.items():
        if key not in SETTINGS:
            settings.problems.append(settings.problem((key,), f"is not a setting (known: {', '.join(SETTINGS)})"))
        elif key == "keys":
            if not isinstance(value, dict):
                settings.problems.append(settings.problem(("keys",), _NOT_A_TABLE))
                continue
            keys: dict[str, str] = {}
            for binding, keystroke in value.items():
                if isinstance(keystroke, str) and keystroke.strip():
                    keys[binding] = keystroke.strip()
                else:
                    settings.problems.append(settings.problem(("keys", binding), 'must be text naming keys, like "ctrl+z" or "q,ctrl+q"'))
            values["keys"] = keys
        elif key == "selection":
            if value in SELECTION_MODES:
                values["selection"] = value
            else:
                settings.problems.append(settings.problem(("selection",), 'must be "words" or "exact"'))
        elif isinstance(value, str) and value.strip():  # coder, theme
            values[key] = value.strip()
        else:
            example = 'coder = "Aigerim"' if key == "coder" else 'theme = "textual-light"'
            settings.problems.append(settings.problem((key,), f"must be text, like {example}"))


def load_settings(path: Path | None = None) -> Settings:
    """config.toml read leniently: never raises; problems are in ``.problems``."""
    path = path or config_path()
    settings = Settings(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return settings
    except OSError as exc:
        settings.problems.append(ConfigProblem(None, None, f"cannot be read ({exc.strerror or exc})"))
        return settings
    lines = _decode_lines(raw, settings.problems)
    settings.key_lines = _key_lines(lines)
    try:
        data = tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as exc:
        before = len(settings.problems)
        data = _parse_line_by_line(lines, settings.problems)
        if len(settings.problems) == before:  # every line reads alone, the whole does not
            at = _AT_LINE.search(str(exc))
            settings.problems.append(ConfigProblem(int(at[1]) if at else None, None, f"the file does not parse as TOML ({_reason(exc)})",
                                                   "each line was read on its own and applies"))
    _validate(settings, data)
    settings.problems.sort(key=lambda p: p.line or 0)
    return settings


def load_config() -> dict[str, Any]:
    """The valid settings of config.toml (``{}`` when it is missing or unreadable)."""
    return load_settings().values


def resolve_coder(explicit: str | None = None) -> str:
    """``--coder``, else the config's ``coder``, else the login name."""
    if explicit and explicit.strip():
        return explicit.strip()
    configured = load_settings().coder
    if configured:
        return configured
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


# ---------------------------------------------------------------------- remembered
def remembered_path() -> Path:
    """What the app remembers between starts (the theme), beside the stores: never
    in config.toml, which is the user's to write."""
    return data_dir() / "remembered.json"


def remembered() -> dict[str, Any]:
    import json

    try:
        data = json.loads(remembered_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def remember(**values: Any) -> None:
    """Merge ``values`` into the remembered file (atomically; a failure is not fatal)."""
    import json
    import os
    import tempfile

    path = remembered_path()
    data = {**remembered(), **values}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".remembered-")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError):
        try:
            os.unlink(tmp)
        except OSError:
            pass
