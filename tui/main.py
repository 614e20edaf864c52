"""The ``margin`` console script: the command line plus the command that opens the reader.

``tui.cli`` holds every command that needs no Textual; ``tui.launch`` holds ``open``
(``margin [CORPUS]``), which starts the app. Putting them together here keeps the
command line free of the app's imports (import-linter's contracts in pyproject.toml).
"""

from __future__ import annotations

import sys

from .cli import cli
from .launch import open_command

cli.add_command(open_command)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one sentence for a bug, the report in a file."""
    try:
        cli.main(args=argv, prog_name="margin", standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - a bug: one sentence, the report in a file
        from .crash import crashed

        crashed(exc)


if __name__ == "__main__":  # pragma: no cover
    main()
