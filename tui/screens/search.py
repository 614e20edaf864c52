"""The corpus search screen: query, keyword-in-context hits, and coding the hits."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from annotations.errors import AnnotationError
from annotations.store import AnnotationStore
from corpus import Corpus, CorpusError
from corpus.search import Hit, QueryError, parse_query, search

from ..commands_search import code_filter
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

    def __init__(self, corpus: Corpus, store: AnnotationStore, query: str = "", ready: bool = True) -> None:
        super().__init__()
        self.corpus = corpus
        self.store = store
        self.initial = query
        self.ready = ready

    def compose(self) -> ComposeResult:
        with Vertical():
            yield steady_input(self.initial, placeholder='search: words, "phrases", prefix*, AND OR NOT, speaker: affiliation: year: code:', id="query")
            yield Static(self._help(), id="search-status")
            yield HitList(id="hits")
        yield Footer()

    def _help(self) -> Text:
        note = "" if self.ready else "  (texts are still being indexed: results may be incomplete)"
        return Text("enter: search · ↓ to the hits: enter opens, space marks, a marks all, 1-9 or c codes the marked (or all) hits · escape closes" + note)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.initial:
            self.run_search(self.initial)

    def say(self, message: str) -> None:
        self.query_one("#search-status", Static).update(Text(message))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)

    def run_search(self, text: str) -> None:
        hits_widget = self.query_one(HitList)
        if not text.strip():
            hits_widget.show([], {})
            self.say("Type a query and press enter.")
            return
        try:
            query = parse_query(text)
            allowed = code_filter(query, self.store)
            hits = list(search(self.corpus, query, limit=HIT_LIMIT, allowed=allowed))
        except (QueryError, CorpusError) as exc:
            self.say(str(exc))
            return
        statements = {h.statement: self.corpus.get(h.statement) for h in hits if h.statement in self.corpus}
        hits_widget.show(hits, statements)
        more = f" (first {HIT_LIMIT})" if len(hits) >= HIT_LIMIT else ""
        self.say(f"{len(hits)} hits in {len(statements)} statements{more} for {text!r}" + ("" if self.ready else " — indexing not finished"))
        if hits:
            hits_widget.focus()

    @on(HitList.Opened)
    def _open(self, event: HitList.Opened) -> None:
        self.dismiss(OpenHit(event.hit.statement, event.hit.start, event.hit.end))

    def _code(self, code_id: str) -> None:
        hits: list[Hit] = self.query_one(HitList).chosen
        if not hits:
            self.say("No hits to code.")
            return
        code = self.store.code(code_id)
        if code is None or self.store.readonly:
            self.say("The store is read-only." if self.store.readonly else "No such code.")
            return
        try:
            spans = [(self.corpus.text(h.statement), h.start, h.end) for h in hits]
            created, updated = self.store.apply_code_to_spans(code_id, spans, f"code {len(hits)} search hits with {code.name}")
        except (AnnotationError, CorpusError) as exc:
            self.say(str(exc))
            return
        self.say(f"Coded {len(hits)} hits with {code.name}: {created} new highlights, {updated} existing ones gained the code (u undoes).")
        from ..messages import AnnotationsChanged

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
        picked = await self.app.push_screen_wait(CodePicker(self.store.codes(), f"Code {len(self.query_one(HitList).chosen)} hits with…"))
        if picked is None:
            return
        code_id = picked.code_id
        if picked.create:
            try:
                code_id = self.store.add_code(picked.create).id
            except AnnotationError as exc:
                self.say(str(exc))
                return
        if code_id:
            self._code(code_id)

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_close(self) -> None:
        self.dismiss(None)
