"""Commands that move annotations in and out: ``export``, ``import``, ``codebook``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

from corpus.wording import count

from .corpus_commands import corpus_option, fail, load_corpus, metadata_option, report_damage

if TYPE_CHECKING:
    from annotations.store import AnnotationStore

T = TypeVar("T")

db_option = click.option("--db", "db", type=click.Path(path_type=Path), default=None, help="Annotation store folder (default: per corpus, in the user data folder).")
coder_option = click.option("--coder", "coder", default=None, help="Name recorded on new annotations.")


def _open_store(corpus, db: Path | None, *, readonly: bool, coder: str | None = None):
    from annotations.errors import AnnotationError
    from annotations.store import open_store

    try:
        return open_store(corpus.root, db, readonly=readonly, coder=coder)
    except AnnotationError as exc:
        fail(str(exc))


def _check_output(output: Path | None, corpus) -> None:
    """An ``-o`` file inside the corpus or the package is refused before anything is read."""
    if output is None:
        return
    from annotations.errors import AnnotationError
    from annotations.export import check_output_location

    try:
        check_output_location(output, corpus.root)
    except AnnotationError as exc:
        fail(str(exc))


def register(cli: click.Group) -> None:
    @cli.command("export")
    @corpus_option
    @metadata_option
    @db_option
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Write to FILE (atomically) instead of standard output.")
    def export_cmd(corpus_dir: Path | None, metadata: Path | None, db: Path | None, output: Path | None) -> None:
        """All annotations as JSON (format version 1)."""
        from annotations.export import export_document, write_document

        corpus = load_corpus(corpus_dir, metadata, report=False)
        _check_output(output, corpus)
        store = _open_store(corpus, db, readonly=True)
        document = export_document(store, corpus)
        try:
            write_document(document, output)
        except OSError as exc:
            from annotations.export import write_failure

            fail(write_failure(output, exc))
        if output is not None:
            n = sum(len(s["highlights"]) for s in document["statements"])
            click.echo(f"Exported {count(n, 'highlight')} on {count(len(document['statements']), 'statement')} to {output}.", err=True)
        damaged = report_damage(store.take_damage())
        if damaged:
            fail(f"{count(damaged, 'annotation file')} could not be read in full (listed above); every readable statement was exported.")

    @cli.command("import")
    @click.argument("file", type=click.Path(path_type=Path))
    @corpus_option
    @metadata_option
    @db_option
    @coder_option
    @click.option(
        "--prefer", type=click.Choice(["newer", "incoming"]), default="newer", show_default=True,
        help="Which version wins when a highlight or statement is in both: the newer one (by 'modified'), or the file's.",
    )
    def import_cmd(file: Path, corpus_dir: Path | None, metadata: Path | None, db: Path | None, coder: str | None, prefer: str) -> None:
        """Merge a JSON export back in: the newer version wins; running it twice changes nothing."""
        from annotations.importer import import_export_file

        corpus = load_corpus(corpus_dir, metadata, report=False)
        store = _open_store(corpus, db, readonly=False, coder=coder)
        report = _write(store, lambda: import_export_file(file, corpus, store, prefer=prefer))
        click.echo(report.sentence())

    @cli.group("codebook")
    def codebook() -> None:
        """Load or save the codebook as JSON."""

    @codebook.command("export")
    @corpus_option
    @db_option
    @click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Write to FILE instead of standard output.")
    def codebook_export(corpus_dir: Path | None, db: Path | None, output: Path | None) -> None:
        """Save the codebook as JSON."""
        from annotations.export import codebook_document, write_document

        corpus = load_corpus(corpus_dir, report=False)
        _check_output(output, corpus)
        store = _open_store(corpus, db, readonly=True)
        document = codebook_document(store)
        try:
            write_document(document, output)
        except OSError as exc:
            from annotations.export import write_failure

            fail(write_failure(output, exc))
        if output is not None:  # (on stdout the document is the answer)
            click.echo(f"Saved {count(len(document['codebook']), 'code')} to {output}.", err=True)
        if report_damage(store.take_damage()):
            fail("The codebook file was damaged (see above); the codes that could be read were written.")

    @codebook.command("import")
    @click.argument("file", required=False, type=click.Path(path_type=Path))
    @click.option("--starter", is_flag=True, help="Load the starter codebook of UN Security Council themes.")
    @click.option("--from-store", "from_store", type=click.Path(path_type=Path), default=None,
                  help="Copy the codebook of another store: its folder, or the corpus folder it belongs to.")
    @corpus_option
    @db_option
    def codebook_import(file: Path | None, starter: bool, from_store: Path | None, corpus_dir: Path | None, db: Path | None) -> None:
        """Load codes from a codebook or export file, the starter codebook or another store (matched by name)."""
        from annotations.codebook import starter_codebook
        from annotations.errors import AnnotationError
        from annotations.importer import codebook_entries_from, load_json_file

        from ..codebook_report import keys_sentence

        if sum((file is not None, starter, from_store is not None)) != 1:
            fail("Give a codebook FILE or --starter or --from-store PATH (one of them).")
        corpus = load_corpus(corpus_dir, report=False)
        try:
            if starter:
                entries = starter_codebook()
            elif from_store is not None:
                entries = _codebook_of_store(from_store)
            elif file is not None:
                entries = codebook_entries_from(load_json_file(file), file)
        except AnnotationError as exc:
            fail(str(exc))
        store = _open_store(corpus, db, readonly=False)
        added, updated = _write(store, lambda: store.import_codebook_entries(entries))
        click.echo(f"Codebook: {count(added, 'code')} added, {updated:,} updated, {len(store.codes()):,} in all; {keys_sentence(entries, store.codes())}")


def _write(store: AnnotationStore, change: Callable[[], T]) -> T:
    """Make one change to the store and close it; damaged files found on the way are said
    on stderr, one sentence each, and a failure is one sentence and a non-zero exit."""
    from annotations.errors import AnnotationError

    try:
        result = change()
    except AnnotationError as exc:
        report_damage(store.take_damage())
        fail(str(exc))
    finally:
        store.close()
    report_damage(store.take_damage())
    return result


def _codebook_of_store(path: Path) -> list[dict]:
    """The codebook entries of the store at ``path`` (a store folder, or a corpus folder
    whose default store is used), read without changing anything there."""
    from annotations.errors import AnnotationError
    from annotations.export import codebook_document
    from annotations.files import CODEBOOK_FILE
    from annotations.store import AnnotationStore, default_store_path

    folder = path.expanduser()
    if not (folder / CODEBOOK_FILE).is_file():
        if folder.is_dir() and (default_store_path(folder) / CODEBOOK_FILE).is_file():
            folder = default_store_path(folder)
        else:
            raise AnnotationError(
                f"{path} has no margin store: give a store folder (the other corpus's --db) "
                "or a corpus folder opened with margin before."
            )
    source = AnnotationStore(folder, readonly=True)
    try:
        return list(codebook_document(source)["codebook"])
    finally:
        source.close()
