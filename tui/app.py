"""The margin Textual application: one App, the main screen, and app-wide actions.

The app owns what is not one screen's: undo and redo (u and ctrl+r work on every
screen), export, the theme, codebook imports, the palette's commands. It never drives
the main screen's widgets: it tells the screen what happened through messages
(``tui.messages``), and calls two documented methods where a message cannot do
(``MainScreen.filter_typing``, which must run when the key reaches the app, and
``save_position`` when quitting).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen

from annotations.errors import AnnotationError
from annotations.store import AnnotationStore
from corpus import Corpus, CorpusError
from corpus.wording import count

from . import messages
from .heap import HeapKeeper
from .keys import APP_BINDINGS
from .palette import StatementCommands
from .safe_lines import SafeTextFilter
from .screens.background import LaunchOptions
from .screens.main import MainScreen

if TYPE_CHECKING:
    from textual.theme import Theme

    from .screens.search import SearchMemory


class MarginApp(App[None]):
    """Read statements and code them from the keyboard."""

    CSS_PATH = "margin.tcss"
    TITLE = "margin"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]
    COMMANDS = App.COMMANDS | {StatementCommands}

    def __init__(
        self,
        corpus: Corpus,
        store: AnnotationStore,
        *,
        store_label: str | None = None,
        readonly_reason: str | None = None,
        offer_starter: bool = False,
        export_dir: Path | None = None,
        refresh_corpus: bool = False,
        index_texts: bool = True,
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.store = store
        self.store_label = store_label or str(store.folder.absolute())
        self.readonly_reason = readonly_reason
        self.offer_starter = offer_starter
        self.export_dir = export_dir
        self.keys_in_force: dict[str, str] = {}
        self.configured_theme: str | None = None
        self.options = LaunchOptions(index_texts=index_texts, refresh_corpus=refresh_corpus)
        self.search_ready = False  # every text indexed (messages.SearchReady): the search screen says so
        self.search_memory: SearchMemory | None = None  # the search screen's query, hits, marks and cursor between openings
        self.heap = HeapKeeper()
        # The screen each key was sent to, until it comes back (see _key_for_a_screen_now_covered).
        self._keys_in_flight: weakref.WeakKeyDictionary[events.Key, Screen[object]] = weakref.WeakKeyDictionary()
        self._safe_text = SafeTextFilter()
        self.sub_title = "bundled sample" if corpus.is_sample else str(corpus.root)

    def get_line_filters(self):
        # Every line of every widget passes here: no control character reaches the terminal.
        return [self._safe_text, *super().get_line_filters()]

    def get_default_screen(self) -> Screen:
        # The main screen is the first screen: no empty default screen is mounted and
        # drawn before it (the first frame comes sooner).
        return MainScreen(self.corpus, self.store, self.store_label, self.readonly_reason, self.options)

    def on_mount(self) -> None:
        self.heap.start()
        self.set_interval(0.5, self.heap.tick, name="heap")
        self._apply_settings()
        if self.offer_starter:
            from .screens.dialogs import ConfirmScreen

            self.push_screen(
                ConfirmScreen("The codebook is empty. Load the starter codebook of UN Security Council themes "
                              "(women, peace and security; trafficking; peacekeeping; …)?"),
                self._load_starter,
            )

    def _apply_settings(self) -> None:
        """Key bindings and theme from config.toml; what is wrong in it is shown, once."""
        from annotations.settings import load_settings, remembered

        from .key_table import check_config

        settings = load_settings()
        # The same check the command line makes (tui.key_table), against this app's themes.
        check = check_config(settings, themes=self.available_themes)
        self.keys_in_force, problems = check.keymap, check.problems
        if self.keys_in_force:
            self.set_keymap(self.keys_in_force)
        self.configured_theme = check.theme
        theme = self.configured_theme or remembered().get("theme")
        if isinstance(theme, str) and theme in self.available_themes and theme != self.theme:
            self.theme = theme
        # Any change from here on (the toggle, Textual's own theme picker) is remembered.
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        said = settings.messages(problems)
        if said:
            from corpus.safe_text import display_safe

            shown = display_safe(said[0]) + (f" (and {len(said) - 1} more)" if len(said) > 1 else "")
            full = "\n".join(display_safe(m) for m in said)

            def show() -> None:  # once the screen (and its toast rack) is there
                self.tell(messages.Notice(shown))
                self.notify(full, title="config.toml", severity="warning", timeout=20, markup=False)

            self.call_after_refresh(show)

    def on_unmount(self) -> None:
        self.heap.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.heap.touched()  # the collector's slow passes wait for a pause
        if isinstance(event, events.Key) and self._key_for_a_screen_now_covered(event):
            return
        await super().on_event(event)

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def tell(self, message: Message) -> None:
        """Tell the main screen what happened (it may be under another screen)."""
        self.main.post_message(message)

    def _tell_all(self, message: Callable[[], Message]) -> None:
        """The main screen, and the screen over it (search), whose status line hides the
        main one's: each gets its own message (one is handled once)."""
        self.tell(message())
        if self.screen is not self.main:
            self.screen.post_message(message())

    def _load_starter(self, answer: bool | None) -> None:
        if answer:
            from annotations.codebook import starter_codebook

            from .codebook_report import keys_sentence

            entries = starter_codebook()
            try:
                added, _ = self.store.import_codebook_entries(entries)
            except AnnotationError as exc:
                self.tell(messages.Notice(str(exc), error=True))
                return
            self.tell(messages.AnnotationsChanged())
            self.tell(messages.Notice(f"Starter codebook loaded ({count(added, 'code')} added): {keys_sentence(entries, self.store.codes())}"))
        elif answer is False and self.offer_starter:
            self.offer_starter = False
            try:
                self.store.decline_starter()
            except AnnotationError:
                pass  # then it is offered again next time: nothing is lost
            self.tell(messages.Notice("Not loaded; it will not be offered again for this store (ctrl+p → Load starter codebook)."))

    def _key_for_a_screen_now_covered(self, event: events.Key) -> bool:
        """Keys typed fast go to the focused widget before the key ahead of them has run
        its binding; when that binding opened a screen on top ("c" then "hum" at once:
        the code picker), the keys come back here unhandled while the new screen is up.
        They are sent on to it, where the user is typing, rather than checked against the
        bindings (with the picker open, "u" must not undo) or typed into the list's filter."""
        if not event.is_forwarded:
            self._keys_in_flight[event] = self.screen  # (a key a widget handles is forgotten with it)
            return False
        sent_to = self._keys_in_flight.pop(event, None)
        if sent_to is None or sent_to is self.screen or sent_to not in self.screen_stack:
            return False
        event.stop()
        self.post_message(events.Key(event.key, event.character))  # routed to the screen on top
        return True

    def on_key(self, event: events.Key) -> None:
        # Type-to-filter belongs to the main screen, but runs from here: a key reaches
        # the app after the bindings of the keys typed before it ran (see filter_typing).
        if isinstance(self.screen, MainScreen):
            self.screen.filter_typing(event)

    # ------------------------------------------------------------------ actions
    def action_undo(self) -> None:
        self._history("Undid")

    def action_redo(self) -> None:
        self._history("Redid")

    def _history(self, verb: Literal["Undid", "Redid"]) -> None:
        """Undo or redo in the store; the main screen shows what changed and says it."""
        if self.readonly_reason:
            self._tell_all(lambda: messages.Notice("The store is read-only."))
            return
        try:
            change = self.store.undo() if verb == "Undid" else self.store.redo()
        except AnnotationError as exc:
            self._tell_all(partial(messages.Notice, str(exc), error=True))
            return
        self._tell_all(partial(messages.HistoryStepped, verb, change))

    def action_search_corpus(self, query: str = "") -> None:
        from .screens.search import OpenHit, SearchScreen

        def opened(result: OpenHit | None) -> None:
            if result is not None and result.statement in self.corpus:
                self.tell(messages.OpenStatement(result.statement, select=(result.start, result.end)))
            self.tell(messages.AnnotationsChanged())  # hits may have been coded

        if isinstance(self.screen, SearchScreen):
            return
        if self.search_memory is None:
            from .screens.search import SearchMemory

            self.search_memory = SearchMemory()
        self.push_screen(SearchScreen(self.corpus, self.store, query, ready=self.search_ready, memory=self.search_memory), opened)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keys_in_force))

    def action_export(self, path: str | None = None) -> None:
        from annotations.export import check_output_location, export_document, write_document
        from corpus.paths import corpus_slug, data_dir

        if path:
            target = Path(path).expanduser()
        else:
            folder = self.export_dir or data_dir() / "exports"
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = folder / f"{corpus_slug(self.corpus.root)}-{stamp}.json"
        try:
            check_output_location(target, self.corpus.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            document = export_document(self.store, self.corpus)
            write_document(document, target)
        except OSError as exc:
            from annotations.export import write_failure

            self.tell(messages.Notice(f"Export failed: {write_failure(target, exc)}", error=True))
            return
        except (AnnotationError, CorpusError) as exc:
            self.tell(messages.Notice(f"Export failed: {exc}", error=True))
            return
        n = sum(len(s["highlights"]) for s in document["statements"])
        from .widgets.status_bar import home_relative

        self.tell(messages.Notice(f"Exported {count(n, 'highlight')} to {home_relative(str(target))}"))
        self.notify(str(target), title="Exported")

    def open_statement_by_id(self, statement_id: str) -> None:
        """The palette's ``Open <statement>``: shown whatever the list's filter."""
        self.tell(messages.OpenStatement(statement_id, clear_filter=True))

    def on_annotations_changed(self, event: messages.AnnotationsChanged) -> None:
        """Another screen changed the store: the main screen redraws from it."""
        self.tell(messages.AnnotationsChanged(event.statement_id))

    def on_search_ready(self, event: messages.SearchReady) -> None:
        """Bubbled up from the main screen's indexing worker."""
        self.search_ready = True

    def _remember_theme(self, theme: Theme) -> None:
        """Remembered for the next start in the data folder, never in config.toml
        (a ``theme`` set in config.toml still wins at start)."""
        from annotations.settings import remember

        remember(theme=theme.name)

    def toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"
        note = f" (config.toml sets {self.configured_theme} at start)" if self.configured_theme else ""
        self.tell(messages.Notice(f"Theme: {self.theme}, remembered for the next start{note}."))

    def _prompt_then(self, title: str, then: Callable[[str], None], value: str = "") -> None:
        from .screens.dialogs import PromptScreen

        self.push_screen(PromptScreen(title, value), lambda answer: then(answer) if answer else None)

    def import_codebook(self, path: str) -> None:
        from annotations.importer import codebook_entries_from, load_json_file

        try:
            file = Path(path).expanduser()
            entries = codebook_entries_from(load_json_file(file), file)
            added, updated = self.store.import_codebook_entries(entries)
        except AnnotationError as exc:
            self.tell(messages.Notice(str(exc), error=True))
            return
        from .codebook_report import keys_sentence

        self.tell(messages.AnnotationsChanged())
        self.tell(messages.Notice(f"Codebook imported: {count(added, 'code')} added, {updated:,} updated; {keys_sentence(entries, self.store.codes())}"))

    def set_filter(self, query: str) -> None:
        """The palette's ``Filter: …`` commands."""
        self.tell(messages.SetFilter(query))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Export annotations", "Write all annotations as JSON (format v1) to the exports folder", self.action_export)
        yield SystemCommand("Export annotations to file…", "Choose where to write the JSON export", lambda: self._prompt_then("Export to file", self.action_export))
        yield SystemCommand("Import codebook…", "Load codes from a codebook or export JSON file", lambda: self._prompt_then("Codebook file to import", self.import_codebook))
        yield SystemCommand("Load starter codebook", "UN Security Council themes with keys 1-8", lambda: self._load_starter(True))
        yield SystemCommand("Search the corpus", "Find words and phrases in every statement, then code the hits", self.action_search_corpus)
        yield SystemCommand("Codebook", "Add, rename, recolour, set keys, merge and delete codes", lambda: self.main.run_action("codebook"))
        yield SystemCommand("Toggle dark/light", "Switch between the dark and the light theme", self.toggle_dark)
        yield SystemCommand("Filter: unread statements", "Show only statements not yet opened", lambda: self.set_filter("is:unread"))
        yield SystemCommand("Filter: uncoded statements", "Show only statements without highlights or labels", lambda: self.set_filter("is:uncoded"))
        yield SystemCommand("Filter: clear", "Show every statement", lambda: self.set_filter(""))
        yield SystemCommand("Help: keys", "Every key binding", self.action_help)

    async def action_quit(self) -> None:
        self.main.save_position()  # now: a message would not be handled before the app is gone
        self.exit()
