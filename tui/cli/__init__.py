"""The ``margin`` command line: the group and the commands that need no Textual.

Nothing here imports the app, its screens or Textual (import-linter checks it);
``tui/main.py`` is the console script, adding ``tui/launch.py``'s reader command.
"""

from __future__ import annotations

import os

import click

from . import corpus_commands, search_commands, store_commands

# The first positional argument may be a corpus folder instead of a command:
# ``margin ~/speeches`` opens the reader on that folder.
_VALUE_OPTIONS = {"--db", "--coder", "--metadata"}


class _MarginGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = _first_positional(args)
        if first is None or first not in self.commands:
            if first is not None and "/" not in first and not os.path.exists(first):
                commands = ", ".join(sorted(name for name, c in self.commands.items() if not c.hidden))
                click.echo(
                    f"margin: {first} is neither a margin command nor a folder. Commands: {commands} "
                    "(margin --help says more).", err=True,
                )
                ctx.exit(2)
            if not any(a in ("--help", "-h", "--version") for a in args) or first is not None:
                args = ["open", *args]
        return super().parse_args(ctx, args)


def _first_positional(args: list[str]) -> str | None:
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in _VALUE_OPTIONS:
            skip = True
            continue
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg
    return None


@click.group(cls=_MarginGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="margin")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """margin: read and code speech corpora from the keyboard.

    \b
    margin [CORPUS] [--db PATH] [--coder NAME]   open the reader (default: the bundled sample)
    margin statements / text / info               inspect a corpus
    margin search QUERY                           search every statement (keyword in context)
    margin export / import / codebook             move annotations in and out
    """
    if ctx.invoked_subcommand != "open":  # the reader shows them itself
        from annotations.settings import load_settings

        from ..key_table import check_config

        settings = load_settings()  # checked as the app checks it, without Textual
        for message in settings.messages(check_config(settings).problems):
            click.echo(f"margin: {message}", err=True)


corpus_commands.register(cli)
store_commands.register(cli)
search_commands.register(cli)
