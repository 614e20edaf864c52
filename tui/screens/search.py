"""The corpus search screen: query, keyword-in-context hits, and coding the hits."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from annotations.code_filter import statements_passing
from annotations.errors import AnnotationError
from annotations.store import AnnotationStore
from corpus import Corpus, CorpusError
from corpus.model import Statement
from corpus.safe_text import display_safe
from corpus.search import Hit, QueryError, parse_query, search
from corpus.wording import count, plural

from ..messages import AnnotationsChanged, HistoryStepped, Notice
from ..widgets.hit_list import HitList
from ..widgets.inputs import steady_input
from .code_picker import CodePicker

HIT_LIMIT = 2000


@dataclass(frozen=True)
class OpenHit:
    """What the search screen returns: a hit to show in the reader."""

    statement: str
    start: int
    end: int


@dataclass
class SearchMemory:
    """What the search screen showed, kept by the app so reopening it comes back to it
    (after opening a hit, the list of hits is one ctrl+f away)."""

    query: str = ""
    hits: list[Hit] = field(default_factory=list)
    statements: dict[str, Statement] = field(default_factory=dict)
    marked: set[int] = field(default_factory=set)
    cursor: int = 0
    top: int = 0  # the first hit row on screen
    status: str = ""
    filters_only: bool = False


class SearchScreen(Screen[OpenHit | None]):
    """Search every statement; code all (or the marked) hits in one undoable step."""

    BINDINGS = [
        Binding("escape", "close", "Close", priority=True),
        *(Binding(str(k), f"code_hits('{k}')", f"Code {k}", show=False) for k in range(1, 10)),
        Binding("c", "pick_code", "Code hits…"),
        Binding("ctrl+f", "focus_query", "Query", show=False),
        Binding("u", "app.undo", "Undo", show=False),
    ]
    DEFAULT_CSS = """
    SearchScreen #query { border: tall $accent; }
    SearchScreen #search-status { height: auto; padding: 0 1; color: $text-muted; }
    SearchScreen HitList { height: 1fr; }
    """

    def __init__(
        self, corpus: Corpus, store: AnnotationStore, query: str = "", ready: bool = True, memory: SearchMemory | None = None
    ) -> None:
        super().__init__()
        self.corpus = corpus
        self.store = store
        self.memory = memory if memory is not None else SearchMemory()
        self.initial = query  # a query to run now; else the remembered one is shown again
        self.ready = ready

    def compose(self) -> ComposeResult:
        with Vertical():
            # No select-all on focus: a word typed in the hit list moves the focus here, and
            # a selection made then would make the next key replace the whole query.
            yield steady_input(self.initial or self.memory.query, placeholder='search: words, "phrases", prefix*, AND OR NOT, -word, speaker: affiliation: year: code: is:', id="query", select_on_focus=False)
            yield Static(self._help(), id="search-status")
            yield HitList(id="hits")
        yield Footer()

    def _help(self) -> Text:
        note = "" if self.ready else "  (texts are still being indexed: results may be incomplete)"
        return Text("enter: search · ↓ to the hits: enter opens, space marks, a marks all, 1-9 or c codes the marked (or all) hits · escape closes" + note)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        memory = self.memory
        if self.initial:
            self.run_search(self.initial)
        elif memory.query:
            hits_widget = self.query_one(HitList)
            hits_widget.show(memory.hits, memory.statements, memory.marked, memory.cursor, memory.top)
            if memory.status:
                self.say(memory.status)
            if memory.hits:
                hits_widget.focus()

    def _remember(self) -> None:
        """Keep the query, hits, marks and cursor for the next opening."""
        hits_widget = self.query_one(HitList)
        self.memory.query = self.query_one("#query", Input).value
        self.memory.marked = set(hits_widget.marked)
        self.memory.cursor = hits_widget.cursor
        self.memory.top = hits_widget.top

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Coding is offered (footer, keys) only for hits that are passages: not for a
        query of filters alone, whose hits are statements, nor when there is no hit."""
        if action in ("code_hits", "pick_code"):
            return bool(self.memory.hits) and not self.memory.filters_only
        return True

    def _is_coding_key(self, key: str) -> bool:
        return any(b.action.startswith(("code_hits", "pick_code")) for b in self._bindings.key_to_bindings.get(key, ()))

    def on_key(self, event: events.Key) -> None:
        """A printable key no binding of the hit list takes goes to the query box.

        Keys typed fast after the first were routed to the hit list before the focus
        moved; they reach the screen with the query focused and go there too, so no
        letter of a word runs a hit-list command ("a" marks all, "c" codes).
        """
        if not (event.is_printable and event.character):
            return
        box = self.query_one("#query", Input)
        focused = self.focused
        if isinstance(focused, HitList) and self._is_coding_key(event.key) and not self.check_action("code_hits", ()):
            event.stop()  # a coding key where coding is off: say why, rather than add it to the query
            self._code("")
            return
        if isinstance(focused, HitList) and event.key not in self.active_bindings:
            self.set_focus(box)  # now, not after the keys already typed
            if box.value and not box.value[-1].isspace():
                box.value += " "  # a word typed in the hit list is added to the query
            box.cursor_position = len(box.value)
        elif focused is not box:
            return
        event.stop()
        event.prevent_default()
        box.insert_text_at_cursor(event.character)

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)

    def run_search(self, text: str) -> None:
        hits_widget = self.query_one(HitList)
        memory = self.memory
        memory.query = text
        if not text.strip():
            hits_widget.show([], {})
            memory.hits, memory.statements, memory.status, memory.filters_only = [], {}, "", False
            self.refresh_bindings()
            self.say("Type a query and press enter.")
            return
        try:
            query = parse_query(text)
            allowed = statements_passing(query, self.store, self.corpus.statements.column("id"))
            hits = list(search(self.corpus, query, limit=HIT_LIMIT, allowed=allowed))
        except (QueryError, CorpusError) as exc:
            hits_widget.show([], {})  # the hits of the query before are not this query's
            memory.hits, memory.statements, memory.filters_only = [], {}, False
            self.refresh_bindings()
            self.say(str(exc))
            return
        statements = {h.statement: self.corpus.get(h.statement) for h in hits if h.statement in self.corpus}
        hits_widget.show(hits, statements)
        more = f" (first {HIT_LIMIT:,})" if len(hits) >= HIT_LIMIT else ""
        late = "" if self.ready else " — indexing not finished"
        if query.filters_only:
            message = f"{count(len(statements), 'statement')} {plural(len(statements), 'matches', 'match')}{more} {text!r}, each shown by its first line{late}"
        else:
            message = f"{count(len(hits), 'hit')} in {count(len(statements), 'statement')}{more} for {text!r}{late}"
        memory.hits, memory.statements, memory.filters_only = hits, statements, query.filters_only
        self.refresh_bindings()
        self.say(message)
        if hits:
            hits_widget.focus()

    def on_history_stepped(self, event: HistoryStepped) -> None:
        """What undo or redo (u, ctrl+r) did, said here: the main screen is hidden.
        (The description may name a code: shown inert.)"""
        self.say(display_safe(event.sentence))

    def on_notice(self, event: Notice) -> None:
        """Why undo or redo did nothing (a read-only store, a refused write)."""
        self.say(display_safe(event.text))

    def say(self, message: str) -> None:
        self.memory.status = message
        self.query_one("#search-status", Static).update(Text(message))

    @on(HitList.Opened)
    def _open(self, event: HitList.Opened) -> None:
        self._remember()
        self.dismiss(OpenHit(event.hit.statement, event.hit.start, event.hit.end))

    def _code(self, code_id: str) -> None:
        hits: list[Hit] = self.query_one(HitList).chosen
        if not hits:
            self.say("No hits to code.")
            return
        if self.memory.filters_only:
            self.say("These hits are statements (their first lines), not passages: search for words to code passages.")
            return
        code = self.store.code(code_id)
        if code is None or self.store.readonly:
            self.say("The store is read-only." if self.store.readonly else "No such code.")
            return
        try:
            spans = [(self.corpus.text(h.statement), h.start, h.end) for h in hits]
            created, updated = self.store.apply_code_to_spans(code_id, spans, f"code {count(len(hits), 'search hit')} with {display_safe(code.name)}")
        except (AnnotationError, CorpusError) as exc:
            self.say(str(exc))
            return
        name = display_safe(code.name)
        if not (created or updated):  # the store recorded no change, so there is nothing to undo
            every = "The hit already has" if len(hits) == 1 else "Every hit already has"
            self.say(f"{every} {name}: nothing changed.")
            return
        self.say(f"Coded {count(len(hits), 'hit')} with {name}: {count(created, 'new highlight')}, "
                 f"{count(updated, 'existing one')} gained the code (u undoes).")
        self.app.post_message(AnnotationsChanged())

    def action_code_hits(self, key: str) -> None:
        if self.focused is not None and self.focused.id == "query":
            return
        code = self.store.code_by_key(key)
        if code is None:
            self.say(f"No code has key {key}.")
            return
        self._code(code.id)

    @work
    async def action_pick_code(self) -> None:
        if self.focused is not None and self.focused.id == "query":
            return
        if self.memory.filters_only:
            self._code("")  # says why not
            return
        picked = await self.app.push_screen_wait(CodePicker(self.store.codes(), f"Code {count(len(self.query_one(HitList).chosen), 'hit')} with…"))
        if picked is None:
            return
        code_id = picked.code_id
        if picked.create:
            try:
                from annotations.codebook import next_free_key

                code_id = self.store.add_code(picked.create, key=next_free_key(self.store.codes())).id
            except AnnotationError as exc:
                self.say(str(exc))
                return
        if code_id:
            self._code(code_id)

    def action_focus_query(self) -> None:
        box = self.query_one("#query", Input)
        box.focus()
        box.select_all()  # ctrl+f: a new query replaces the old one as it is typed

    def action_close(self) -> None:
        self._remember()
        self.dismiss(None)
