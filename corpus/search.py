"""Corpus search: SQLite FTS5 over the cached reading texts, with keyword-in-context hits.

The FTS5 table (``corpus.fts``) indexes the index's ``texts`` table (external content) and is kept in
step by triggers, so caching a text is also indexing it: the search index is updated
incrementally as statements change. FTS5 finds and ranks (bm25) the statements; the
exact hit offsets are then found in each text with a regular expression built from
the same terms and the same notion of a token as FTS5's ``unicode61`` tokenizer.

Query language: words, ``"quoted phrases"``, ``prefix*``, ``AND`` / ``OR`` / ``NOT``
(or ``-word``) and parentheses (words side by side mean AND), plus filters
``speaker:NAME``, ``affiliation:NAME`` (or ``country:``), ``year:2015`` or
``year:2010-2015``, and ``code:NAME`` and ``is:coded|uncoded|read|unread`` (resolved by
the caller, which knows the annotations). Any filter value may be quoted
(``speaker:"Zhang Jun"``) and ``-filter:value`` excludes; the words, quotes and filters
are read by ``corpus.query_syntax``, the same tokenizer as the list filter's. A query
of filters alone lists the statements that pass them, each as one hit: its first line.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from .corpus import Corpus
from .errors import QueryError as QueryError
from .fts import ensure_fts, ranked_texts, texts_by_id
from .index_db import is_damage
from .model import Statement
from .query_syntax import SEARCH_FILTERS, Token, metadata_passes, quote, tokenize, unknown_state, year_range

CONTEXT = 40

_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Term:
    """A word, prefix or phrase: the tokens FTS5 will match, in order."""

    tokens: tuple[str, ...]
    prefix: bool = False

    def fts(self) -> str:
        return '"' + " ".join(self.tokens) + '"' + ("*" if self.prefix else "")

    def pattern(self) -> str:
        body = r"[\W_]+".join(re.escape(t) for t in self.tokens)
        tail = r"[^\W_]*" if self.prefix else r"(?![^\W_])"
        return r"(?<![^\W_])" + body + tail


@dataclass
class Query:
    """A parsed query: the FTS5 expression, the terms to mark, and the filters.

    ``filters`` are the ``key:value`` tokens, with ``country`` read as ``affiliation``.
    With no term (``fts`` empty) the query is filters alone: every statement that
    passes them is one hit, its first line (see ``search``).
    """

    text: str
    fts: str
    terms: list[Term]
    filters: list[Token] = field(default_factory=list)

    @property
    def matcher(self) -> re.Pattern[str]:
        return re.compile("|".join(t.pattern() for t in self.terms), re.IGNORECASE)

    @property
    def filters_only(self) -> bool:
        """No word to search for: the hits are whole statements (their first lines)."""
        return not self.fts

    @property
    def needs_annotations(self) -> bool:
        """``code:`` or ``is:`` filters, which the caller resolves with the store."""
        return any(f.key in ("code", "is") for f in self.filters)

    def passes_metadata(self, statement: Statement) -> bool:
        """Does a statement pass the ``speaker:``, ``affiliation:`` and ``year:`` filters?"""
        return metadata_passes(self.filters, statement.speaker, statement.affiliation, statement.year)


def _term(word: str, quoted: bool) -> Term | None:
    prefix = not quoted and word.endswith("*")
    tokens = tuple(t.casefold() for t in _TOKEN.findall(word.rstrip("*") if prefix else word))
    return Term(tokens, prefix) if tokens else None


_OPERATORS = ("AND", "OR", "NOT")


def _filter(token: Token) -> Token:
    """A filter token checked and made canonical (raises ``QueryError``)."""
    assert token.key is not None  # (a filter token has its key)
    spelled = f"{'-' if token.negated else ''}{token.key}:"
    if not token.value.strip():
        raise QueryError(f"The filter {spelled} needs a value, e.g. {token.key}:{_EXAMPLES[token.key]}.")
    kind = SEARCH_FILTERS[token.key]
    if token.key == "year" and year_range(token.value) is None:
        raise QueryError(f"year: takes a year or a range like 2010-2015, not {token.value!r}.")
    if token.key == "is" and (problem := unknown_state([token])):
        raise QueryError(problem)
    if kind.same_as:
        return replace(token, key=kind.same_as)
    return token


_EXAMPLES = {"speaker": '"Zhang Jun"', "affiliation": '"Russian Federation"', "country": "France",
             "year": "2010-2015", "code": '"Human trafficking"', "is": "uncoded"}


def parse_query(text: str) -> Query:
    """Parse the query language into an FTS5 expression (raises ``QueryError``).

    The words, quotes, filters and ``-`` are read by ``corpus.query_syntax`` (as in the
    list filter); this turns them into FTS5 syntax. ``-word`` is ``NOT word``.
    """
    tokens = tokenize(text, SEARCH_FILTERS, brackets=True)
    if any(t.unclosed for t in tokens):
        raise QueryError("The query has an unclosed quote.")
    query = Query(text, "", [])
    parts: list[str] = []
    previous = "start"  # start, term, op, open, close
    last_op = ""
    depth = 0
    for token in tokens:
        if token.key is not None:
            query.filters.append(_filter(token))
            continue
        value, is_phrase = token.value, token.quoted
        if token.kind == "word" and not is_phrase and not token.negated and value in _OPERATORS:
            if value == "NOT" and parts[-1:] == ["AND"]:
                parts.pop()  # "a AND NOT b" is FTS5's "a NOT b"
                previous = "term"
            if previous in ("start", "op", "open"):
                example = " (peace NOT Sahel finds peace without Sahel)" if value == "NOT" else ""
                raise QueryError(f"{value} needs a word or phrase before it{example}.")
            parts.append(value)
            previous, last_op = "op", value
            continue
        if token.kind == "open":
            if previous in ("term", "close"):
                parts.append("AND")
            parts.append("(")
            depth += 1
            previous = "open"
            continue
        if token.kind == "close":
            if depth == 0 or previous in ("op", "open"):
                raise QueryError("The query has an unbalanced or empty bracket.")
            parts.append(")")
            depth -= 1
            previous = "close"
            continue
        term = _term(value, is_phrase)
        if term is None:
            continue
        if token.negated:
            if previous in ("start", "op", "open"):
                shown = quote(value) if is_phrase else value
                raise QueryError(f"-{shown} needs a word or phrase before it (peace -Sahel finds peace without Sahel).")
            parts.append("NOT")
        elif previous in ("term", "close"):
            parts.append("AND")
        parts.append(term.fts())
        if not (parts[-2:-1] == ["NOT"]):
            query.terms.append(term)
        previous = "term"
    if previous == "op":
        raise QueryError(f"The query ends with {last_op}: put a word or phrase after it.")
    if depth:
        raise QueryError("The query has an unbalanced bracket.")
    query.fts = " ".join(parts)
    if not query.fts and not query.filters:
        raise QueryError("The query has no word, phrase or filter to search for.")
    return query


@dataclass(frozen=True)
class Hit:
    """One occurrence of the query in a statement's reading text."""

    statement: str
    start: int
    end: int
    context: str  # the hit with up to CONTEXT characters each side, on one line
    left: str
    match: str
    right: str
    rank: int  # 0 for the best-ranked statement

    def as_dict(self) -> dict[str, str | int]:
        return {"statement": self.statement, "start": self.start, "end": self.end, "context": self.context}


def ensure_search_table(corpus: Corpus) -> None:
    """Create the FTS table and triggers; index texts cached before they existed."""
    if corpus.index is None:
        raise QueryError("This corpus has no index to search.")
    ensure_fts(corpus.index)


def _context(text: str, start: int, end: int) -> tuple[str, str, str]:
    left = text[max(0, start - CONTEXT) : start].replace("\n", " ")
    right = text[end : end + CONTEXT].replace("\n", " ")
    return left, text[start:end].replace("\n", " "), right


def search(
    corpus: Corpus,
    query: Query | str,
    limit: int | None = 100,
    allowed: set[str] | None = None,
) -> Iterator[Hit]:
    """Hits of ``query`` over the indexed texts, best-ranked statements first.

    ``allowed`` restricts the statements (the caller resolves ``code:`` and ``is:``
    filters, which need the annotations). A query of filters alone has one hit per
    statement that passes them, in list order: its first line (see ``opening_hit``).
    Only texts already cached are searched: call ``Corpus.ensure_texts`` first.
    """
    q = parse_query(query) if isinstance(query, str) else query
    done = 0
    try:
        for hit in _search(corpus, q, limit, allowed):
            done += 1
            yield hit
        return
    except sqlite3.DatabaseError as exc:
        if corpus.index is None or not is_damage(exc):
            raise
        corpus.index.recover(exc)  # the cache is disposable: rebuild it and search again
    corpus.ensure_texts()
    for i, hit in enumerate(_search(corpus, q, limit, allowed)):
        if i >= done:
            yield hit


def _search(corpus: Corpus, q: Query, limit: int | None, allowed: set[str] | None) -> Iterator[Hit]:
    ensure_search_table(corpus)
    assert corpus.index is not None
    if q.filters_only:
        yield from _statement_hits(corpus, q, limit, allowed)
        return
    matcher = q.matcher
    found = 0
    rank = 0
    for sid, text in ranked_texts(corpus.index, q.fts, limit):
        if sid not in corpus or (allowed is not None and sid not in allowed):
            continue
        if not q.passes_metadata(corpus.get(sid)):
            continue
        any_hit = False
        for m in matcher.finditer(text):
            left, match, right = _context(text, m.start(), m.end())
            yield Hit(sid, m.start(), m.end(), f"{left}{match}{right}", left, match, right, rank)
            any_hit = True
            found += 1
            if limit is not None and found >= limit:
                return
        rank += any_hit


OPENING = 2 * CONTEXT  # characters at most of a statement's first line shown as its hit


def opening_hit(statement_id: str, text: str, rank: int) -> Hit:
    """A whole statement as a hit: its first line (up to ``OPENING`` characters, cut after a word)."""
    line = text.split("\n", 1)[0]
    end = len(line)
    if end > OPENING:
        space = line.rfind(" ", 0, OPENING + 1)
        end = space if space > 0 else OPENING
    left, match, right = _context(text, 0, end)
    return Hit(statement_id, 0, end, f"{left}{match}{right}", left, match, right, rank)


def _statement_hits(corpus: Corpus, q: Query, limit: int | None, allowed: set[str] | None) -> Iterator[Hit]:
    """The statements passing a query of filters alone, in list order, one hit each."""
    assert corpus.index is not None
    if any(f.key in ("speaker", "affiliation", "year") for f in q.filters):
        wanted = [s.id for s in corpus if (allowed is None or s.id in allowed) and q.passes_metadata(s)]
    else:  # code: and is: only (already in ``allowed``): no Statement object is needed
        wanted = [sid for sid in corpus.statements.column("id") if allowed is None or sid in allowed]
    found = 0
    for sid, text in texts_by_id(corpus.index, wanted):  # only texts already cached, as for words
        yield opening_hit(sid, text, found)
        found += 1
        if limit is not None and found >= limit:
            return
