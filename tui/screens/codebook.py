"""The codebook screen: add, rename, recolour, set key, describe, merge, delete."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from annotations.errors import AnnotationError
from annotations.store import AnnotationStore
from corpus.safe_text import display_safe

from ..messages import AnnotationsChanged, HistoryStepped, Notice
from .code_picker import CodePicker
from .dialogs import ConfirmScreen, PromptScreen


class CodebookScreen(ModalScreen[None]):
    """Manage the codebook; every change is saved at once and undoable (u)."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", priority=True),
        Binding("a", "add", "Add"),
        Binding("r", "rename", "Rename"),
        Binding("o", "recolour", "Colour"),
        Binding("k", "set_key", "Key"),
        Binding("e", "describe", "Description"),
        Binding("m", "merge", "Merge into…"),
        Binding("d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo"),
    ]
    DEFAULT_CSS = """
    CodebookScreen { align: center middle; }
    CodebookScreen > Vertical { width: 100; max-width: 95%; height: 80%; border: thick $accent; background: $surface; padding: 0 1; }
    CodebookScreen OptionList { height: 1fr; border: none; }
    CodebookScreen #codebook-message { height: auto; color: $warning; }
    """

    def __init__(self, store: AnnotationStore) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Codebook", style="bold"))
            yield OptionList(id="codebook-list")
            yield Static("", id="codebook-message")
            yield Static(Text("a add · r rename · o colour · k key · e description · m merge · d delete · u undo · escape close", style="dim"))

    def on_mount(self) -> None:
        self.refill()
        self.query_one(OptionList).focus()

    def refill(self, keep: str | None = None) -> None:
        options = self.query_one(OptionList)
        current = keep or self.current_id()
        options.clear_options()
        counts = self.store.code_counts()
        names = {c.id: display_safe(c.name) for c in self.store.codes()}
        for code in self.store.codes():
            line = Text.assemble(
                ("■ ", code.color), (code.key or "·", "bold"), " ", Text(names[code.id], style="bold"),
                (f"  used {counts.get(code.id, 0)}", "dim"), (f"  {code.color}", "dim"),
            )
            if code.parent:
                line.append(f"  under {names.get(code.parent, '?')}", style="dim")
            if code.description:
                line.append("\n    ")
                line.append(display_safe(code.description), style="italic dim")
            options.add_option(Option(line, id=code.id))
        if not options.option_count:
            options.add_option(Option(Text("No codes yet: press a to add one.", style="italic"), disabled=True))
        for i in range(options.option_count):
            if options.get_option_at_index(i).id == current:
                options.highlighted = i
                break
        else:
            if options.option_count:
                options.highlighted = 0

    def current_id(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not options.option_count:
            return None
        return options.get_option_at_index(options.highlighted).id

    def say(self, message: str) -> None:
        self.query_one("#codebook-message", Static).update(Text(message))

    def _run(self, operation, *args, **kwargs) -> None:
        try:
            result = operation(*args, **kwargs)
        except AnnotationError as exc:
            self.say(str(exc))
            return
        self.say("Saved.")
        self.refill(getattr(result, "id", None))
        self.app.post_message(AnnotationsChanged())

    @work
    async def action_add(self) -> None:
        name = await self.app.push_screen_wait(PromptScreen("New code name"))
        if name and name.strip():
            from annotations.codebook import next_free_key

            self._run(self.store.add_code, name, key=next_free_key(self.store.codes()))

    @work
    async def action_rename(self) -> None:
        code = self.store.code(self.current_id() or "")
        if code:
            name = await self.app.push_screen_wait(PromptScreen(f"Rename “{code.name}”", display_safe(code.name)))
            if name:
                self._run(self.store.update_code, code.id, name=name)

    @work
    async def action_recolour(self) -> None:
        code = self.store.code(self.current_id() or "")
        if code:
            color = await self.app.push_screen_wait(PromptScreen(f"Colour of “{code.name}” (#rrggbb or a CSS name like blue)", code.color))
            if color:
                self._run(self.store.update_code, code.id, color=color)

    @work
    async def action_set_key(self) -> None:
        code = self.store.code(self.current_id() or "")
        if code:
            key = await self.app.push_screen_wait(PromptScreen(f"Key for “{code.name}” (1-9, empty clears)", code.key or ""))
            if key is not None:
                self._run(self.store.update_code, code.id, key=key.strip() or None)

    @work
    async def action_describe(self) -> None:
        code = self.store.code(self.current_id() or "")
        if code:
            text = await self.app.push_screen_wait(PromptScreen(f"Description of “{code.name}”", display_safe(code.description)))
            if text is not None:
                self._run(self.store.update_code, code.id, description=text)

    @work
    async def action_merge(self) -> None:
        code = self.store.code(self.current_id() or "")
        if not code:
            return
        others = [c for c in self.store.codes() if c.id != code.id]
        picked = await self.app.push_screen_wait(CodePicker(others, f"Merge “{code.name}” into…", allow_create=False))
        if picked and picked.code_id:
            target = self.store.code(picked.code_id)
            if target is not None and await self.app.push_screen_wait(ConfirmScreen(f"Merge “{code.name}” into “{target.name}”? Every use of it becomes “{target.name}”.")):
                self._run(self.store.merge_codes, code.id, target.id)

    @work
    async def action_delete(self) -> None:
        code = self.store.code(self.current_id() or "")
        if not code:
            return
        name = display_safe(code.name)
        if self.store.code_usage(code.id):
            question = (
                f"“{name}” is {self.store.code_usage_sentence(code.id)}. Delete it? It is removed from them, "
                "and highlights left with no code and no note go with it; u undoes all of it."
            )
        else:
            question = f"Delete the unused code “{name}”?"
        if await self.app.push_screen_wait(ConfirmScreen(question)):
            self._run(self.store.delete_code, code.id, force=True)

    async def action_undo(self) -> None:
        """Undo here too (a deleted code comes back into this list at once)."""
        before = {c.id for c in self.store.codes()}
        await self.app.run_action("undo")
        restored = [c.id for c in self.store.codes() if c.id not in before]
        self.refill(restored[0] if restored else None)

    async def action_redo(self) -> None:
        """Redo here too (a code deleted again leaves this list at once)."""
        await self.app.run_action("redo")
        self.refill(self.current_id() if self.store.code(self.current_id() or "") else None)

    def on_history_stepped(self, event: HistoryStepped) -> None:
        """The app ran u or ctrl+r: said here, where the main screen's status line is hidden."""
        self.say(event.sentence)

    def on_notice(self, event: Notice) -> None:
        self.say(event.text)

    def action_close(self) -> None:
        self.dismiss(None)
