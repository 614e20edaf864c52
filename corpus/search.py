"""Corpus search: SQLite FTS5 over the cached reading texts, with keyword-in-context hits.

The FTS5 table indexes the index's ``texts`` table (external content) and is kept in
step by triggers, so caching a text is also indexing it: the search index is updated
incrementally as statements change. FTS5 finds and ranks (bm25) the statements; the
exact hit offsets are then found in each text with a regular expression built from
the same terms and the same notion of a token as FTS5's ``unicode61`` tokenizer.

Query language: words, ``"quoted phrases"``, ``prefix*``, ``AND`` / ``OR`` / ``NOT``
and parentheses (words side by side mean AND), plus filters ``speaker:NAME``,
``affiliation:NAME`` (or ``country:``), ``year:2015`` or ``year:2010-2015`` and
``code:NAME`` (resolved by the caller, which knows the annotations).
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from .corpus import Corpus
from .errors import CorpusError
from .index import is_damage

CONTEXT = 40

_FTS_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, content='texts', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0'
);
CREATE TRIGGER IF NOT EXISTS texts_ai AFTER INSERT ON texts BEGIN
    INSERT INTO fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS texts_ad AFTER DELETE ON texts BEGIN
    INSERT INTO fts(fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER IF NOT EXISTS texts_au AFTER UPDATE ON texts BEGIN
    INSERT INTO fts(fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO fts(rowid, text) VALUES (new.rowid, new.text);
END;
"""

_TOKEN = re.compile(r"[^\W_]+")
_FILTERS = ("speaker", "affiliation", "country", "year", "code")


class QueryError(CorpusError):
    """A search query that cannot be run, in one sentence."""


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
    """A parsed query: the FTS5 expression, the terms to mark, and the filters."""

    text: str
    fts: str
    terms: list[Term]
    speaker: list[str] = field(default_factory=list)
    affiliation: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    codes: list[str] = field(default_factory=list)

    @property
    def matcher(self) -> re.Pattern[str]:
        return re.compile("|".join(t.pattern() for t in self.terms), re.IGNORECASE)


def _term(word: str, quoted: bool) -> Term | None:
    prefix = not quoted and word.endswith("*")
    tokens = tuple(t.casefold() for t in _TOKEN.findall(word.rstrip("*") if prefix else word))
    return Term(tokens, prefix) if tokens else None


_LEX = re.compile(r'"([^"]*)"|(\()|(\))|([^\s()"]+)')


def parse_query(text: str) -> Query:
    """Parse the query language into an FTS5 expression (raises ``QueryError``)."""
    if text.count('"') % 2:
        raise QueryError("The query has an unclosed quote.")
    raw_tokens: list[tuple[str, bool]] = []
    for m in _LEX.finditer(text):
        phrase, open_, close, word = m.groups()
        if phrase is not None:
            raw_tokens.append((phrase, True))
        else:
            raw_tokens.append((open_ or close or word, False))
    query = Query(text, "", [])
    parts: list[str] = []
    previous = "start"  # start, term, op, open, close
    depth = 0
    for token, is_phrase in raw_tokens:
        if not is_phrase and ":" in token and token.split(":", 1)[0].lower() in _FILTERS:
            key, value = token.split(":", 1)
            key = key.lower()
            if not value:
                raise QueryError(f"The filter {key}: needs a value.")
            if key == "speaker":
                query.speaker.append(value.casefold())
            elif key in ("affiliation", "country"):
                query.affiliation.append(value.casefold())
            elif key == "code":
                query.codes.append(value.replace("_", " ").casefold())
            else:
                m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", value)
                if not m:
                    raise QueryError(f"year: takes a year or a range like 2010-2015, not {value!r}.")
                query.years = (int(m[1]), int(m[2] or m[1]))
            continue
        if not is_phrase and token in ("AND", "OR", "NOT"):
            if token == "NOT" and parts[-1:] == ["AND"]:
                parts.pop()  # "a AND NOT b" is FTS5's "a NOT b"
                previous = "term"
            if previous in ("start", "op", "open"):
                raise QueryError(f"{token} needs a term before it (FTS cannot search for “everything but”).")
            parts.append(token)
            previous = "op"
            continue
        if not is_phrase and token == "(":
            if previous in ("term", "close"):
                parts.append("AND")
            parts.append("(")
            depth += 1
            previous = "open"
            continue
        if not is_phrase and token == ")":
            if depth == 0 or previous in ("op", "open"):
                raise QueryError("The query has an unbalanced or empty bracket.")
            parts.append(")")
            depth -= 1
            previous = "close"
            continue
        term = _term(token, is_phrase)
        if term is None:
            continue
        if previous in ("term", "close"):
            parts.append("AND")
        parts.append(term.fts())
        if not (parts[-2:-1] == ["NOT"]):
            query.terms.append(term)
        previous = "term"
    if previous == "op":
        raise QueryError("The query ends with an operator.")
    if depth:
        raise QueryError("The query has an unbalanced bracket.")
    query.fts = " ".join(parts)
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

    def as_dict(self) -> dict:
        return {"statement": self.statement, "start": self.start, "end": self.end, "context": self.context}


def ensure_search_table(corpus: Corpus) -> None:
    """Create the FTS table and triggers; index texts cached before they existed."""
    if corpus.index is None:
        raise QueryError("This corpus has no index to search.")
    index = corpus.index

    def create() -> None:
        conn = index.connection  # (after a rebuild, the new one)
        with index.lock:
            exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fts'").fetchone()
            conn.executescript(_FTS_SCHEMA)
            if not exists:
                conn.execute("INSERT INTO fts(fts) VALUES ('rebuild')")

    index.run(create)


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

    ``allowed`` restricts the statements (the caller resolves ``code:`` filters).
    Only texts already cached are searched: call ``Corpus.ensure_texts`` first.
    """
    q = parse_query(query) if isinstance(query, str) else query
    if not q.terms:
        raise QueryError("The query has no word to search for.")
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
    matcher = q.matcher
    found = 0
    rank = 0
    for sid, text in _ranked_texts(corpus, q.fts, limit):
        if sid not in corpus or (allowed is not None and sid not in allowed):
            continue
        statement = corpus.get(sid)
        if q.speaker and not all(s in (statement.speaker or "").casefold() for s in q.speaker):
            continue
        if q.affiliation and not all(a in (statement.affiliation or "").casefold() for a in q.affiliation):
            continue
        if q.years and not (statement.year and q.years[0] <= statement.year <= q.years[1]):
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


# ``ORDER BY bm25(fts)`` rather than ``ORDER BY rank``: the same order, but FTS5's own
# rank sorter costs about a third more on queries matching tens of thousands of rows.
_RANKED = "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts), rowid LIMIT ? OFFSET ?"
_TEXTS = "SELECT rowid, id, text FROM texts WHERE rowid IN ({})"


def _ranked_texts(corpus: Corpus, fts: str, limit: int | None) -> Iterator[tuple[str, str]]:
    """(id, text) of the matching statements, best first.

    Ranking needs every match scored, but only the texts shown are read: with a
    ``limit`` of N hits the first ranked query asks for N statements (each has at least
    one hit), so a typical search runs one ranked query and reads N texts. If filters
    leave too few, or there is no limit, the rest is ranked once and read in chunks.
    """
    assert corpus.index is not None
    conn, lock = corpus.index.connection, corpus.index.lock

    def ranked(count: int, offset: int) -> list[int]:
        try:
            with lock:
                return [r[0] for r in conn.execute(_RANKED, (fts, count, offset))]
        except sqlite3.Error as exc:  # a MATCH expression FTS5 refuses
            if is_damage(exc):
                raise  # the cache itself: ``search`` rebuilds it
            raise QueryError(f"The query cannot be searched: {exc}.") from None

    def texts(rowids: list[int]) -> Iterator[tuple[str, str]]:
        for i in range(0, len(rowids), _CHUNK):
            chunk = rowids[i : i + _CHUNK]
            with lock:
                rows = conn.execute(_TEXTS.format(",".join("?" * len(chunk))), chunk).fetchall()
            by_rowid = {rowid: (sid, text) for rowid, sid, text in rows}
            yield from (by_rowid[r] for r in chunk if r in by_rowid)

    offset = 0
    if limit is not None:
        first = _ranked_in_halves(corpus, fts, max(1, limit)) or ranked(max(1, limit), 0)
        yield from texts(first)
        if len(first) < max(1, limit):
            return
        offset = len(first)
    yield from texts(ranked(-1, offset))


_CHUNK = 200
_RANKED_RANGE = (
    "SELECT bm25(fts), rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY bm25(fts), rowid LIMIT ?"
)
_HALVES_FROM = 20_000  # statements; below this one query is quicker than two threads
_pool = None


def _ranked_in_halves(corpus: Corpus, fts: str, count: int) -> list[int] | None:
    """The ``count`` best rowids, ranking each half of the table in its own thread.

    bm25 scores every match, which is most of a search's time when a word occurs in
    tens of thousands of statements; SQLite releases the interpreter lock while it
    works, so two halves ranked at once on two cores take about half as long. The
    scores are the same either way (bm25's statistics are the whole table's), so the
    merged order is exactly that of one query. None when not worth it (small corpus,
    in-memory cache) or not possible; the caller then runs the single query.
    """
    global _pool
    index = corpus.index
    if index is None or (os.cpu_count() or 1) < 2:
        return None
    reader = index.reader()
    if reader is None:
        return None
    top = reader.execute("SELECT max(rowid) FROM texts").fetchone()[0] or 0
    if top < _HALVES_FROM:
        return None
    if _pool is None:
        from concurrent.futures import ThreadPoolExecutor

        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="margin-search")

    def half(lo: int, hi: int) -> list[tuple[float, int]]:
        conn = index.reader()  # this pool thread's own connection
        if conn is None:
            raise sqlite3.OperationalError("no reader")
        return conn.execute(_RANKED_RANGE, (fts, lo, hi, count)).fetchall()

    middle = top // 2
    try:
        parts = [f.result() for f in (_pool.submit(half, 0, middle), _pool.submit(half, middle + 1, top))]
    except sqlite3.Error:
        return None  # the single query says what is wrong with the expression
    return [rowid for _, rowid in sorted(parts[0] + parts[1])[:count]]
