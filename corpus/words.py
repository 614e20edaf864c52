"""Word knowledge for text repair: end-of-line hyphens and words run together.

Both repairs ask one question: is this a word of English, and how common is it? The
answer comes from wordfreq's frequency list (loaded once, lazily: 0.4 s). The rules are
deliberately conservative: a repair that is wrong changes what the researcher reads and
codes, while a missed repair only leaves a typo, so when in doubt nothing changes.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

_FREQ: dict[str, float] | None = None


def _frequencies() -> dict[str, float]:
    global _FREQ
    if _FREQ is None:
        from wordfreq import get_frequency_dict

        _FREQ = get_frequency_dict("en", wordlist="large")
    return _FREQ


def zipf(word: str) -> float:
    """Zipf frequency of ``word`` (0 when unknown; 7 is "the", 3 is a rare word)."""
    f = _frequencies().get(word.lower(), 0.0)
    return math.log10(f) + 9.0 if f > 0 else 0.0


# A part that counts as a word in its own right.
WORD = 3.0
# A whole that is common enough to be a real word even when both halves are words too
# ("development" = "develop" + "ment", but "grassroots" stays "grass-roots").
COMMON = 4.0
# Short function words: two of them glued together ("ofa", "inthe") are a typo even when
# the glued form has crept into the word list, and a capitalised run-on must start with
# one ("Attheregionallevel"), since capitalised unknown words are mostly names.
FUNCTION_WORDS = frozenset(
    "a an the of to in on at by for and or as is it we be our its this that with from".split()
)
# The function words that glue into typos ("ofthe", "inthe", "ofa"). "an", "be" and "we"
# are left out: glued, they make real words (bean, wean, anon).
GLUE_WORDS = frozenset("a the of to in on at by for and or as is it that with from this".split())
# Word-forming prefixes and suffixes are words in the frequency list but glue on
# legitimately: "multireligious", "intraregional", "landlockedness" stay whole.
PREFIXES = frozenset(
    "multi inter intra extra cyber non anti counter pre post sub super trans over under out "
    "self co re un semi pan neo micro macro mega ultra bio eco geo socio mid cross hyper tele "
    "para poly mono bi tri geo agro petro narco cyber info techno euro afro".split()
)
SUFFIXES = frozenset("ness less ship hood ment ism ist able ible wise ward wards like ful dom ize ise".split())


def join_line_end_hyphen(left: str, right: str) -> bool:
    """Decide ``left-`` at a line end + ``right`` on the next line.

    True: the hyphen only split a word (``organi-`` + ``zation``), drop it. False: it is
    a real compound hyphen (``Secretary-`` + ``General``, ``zero-`` + ``tolerance``).
    """
    if not right or not right[0].islower() or not left or not left[-1].isalpha():
        return False
    joined = zipf(left + right)
    left_word, right_word = zipf(left) >= WORD, zipf(right) >= WORD
    if left_word and right_word:
        return joined >= COMMON
    if joined > 0:
        return True
    return not left_word and not right_word


SUSPENDED = frozenset("and or nor to as but versus than".split())


def repair_inline_hyphen(left: str, right: str) -> str | None:
    """Repair ``left- right`` inside a line, where a line break became a space.

    Returns the repaired text, or ``None`` to leave it: ``pre- and post-conflict`` is a
    suspended hyphen and stays; ``organi- zation`` joins; ``counter- terrorism`` and
    ``Secretary- General`` become compounds.
    """
    if right.lower() in SUSPENDED:
        return None
    if right[0].islower() and join_line_end_hyphen(left, right) and zipf(left + right) > 0:
        return left + right
    return left + "-" + right


def _part_ok(part: str, allow_single: bool) -> bool:
    if len(part) == 1:
        return allow_single and part == "a"
    z = zipf(part)
    if len(part) <= 3:
        return z >= 5.0  # short parts only when very common: of, the, at, on, we
    return z >= WORD


@lru_cache(maxsize=65536)
def split_run_on(token: str) -> tuple[str, ...] | None:
    """Split an alphabetic ``token`` whose letters are several words run together.

    Returns the parts (keeping the original letters and case) or ``None``. A token that
    is itself a known word is split only when it is two very frequent function words
    glued together and rarer than either (``ofa`` -> ``of a``); ``peacebuilding`` and
    ``Afghanistan`` are never split.
    """
    if len(token) < 3 or not token.isalpha():
        return None
    if token.isupper() and len(token) > 1:
        return None  # acronyms: UNOWAS, INTERPOL
    # A lower->upper case change inside the word marks a boundary: "ofIslamic".
    camel = re.search(r"(?<=[a-z])(?=[A-Z][a-z])", token)
    if camel and token[0].islower():
        head, tail = token[: camel.start()], token[camel.start() :]
        if head.lower() in PREFIXES:
            return None  # "nonEuropean" lost its hyphen; splitting would not restore it
        if zipf(tail) >= WORD or split_run_on(tail):
            head_parts = (head,) if zipf(head) >= WORD and len(head) > 1 else split_run_on(head)
            if head_parts:
                tail_parts = (tail,) if zipf(tail) >= WORD else split_run_on(tail) or (tail,)
                return head_parts + tail_parts
        return None
    if not (token[1:].islower()):
        return None  # DeShong, McDonald: inner capitals in names are not boundaries
    whole = zipf(token)
    capitalised = token[0].isupper()
    lower = token.lower()
    if whole > 0:
        # A known word is split only when it is function words glued together ("ofa",
        # "ofthe": web text has these typos often enough to be in the word list).
        if capitalised or whole >= COMMON:
            return None
        parts = _segment(lower, capitalised, allow_single=True)
        if not parts or len(parts) < 2 or not all(p in GLUE_WORDS for p in parts):
            return None
    else:
        parts = _segment(lower, capitalised, allow_single=False)
        if not parts or len(parts) < 2:
            return None
        if any(p in PREFIXES for p in parts) or parts[-1] in SUFFIXES:
            return None
        if capitalised and parts[0] not in FUNCTION_WORDS:
            return None
    # Restore the original letters (case) for each part.
    out, i = [], 0
    for p in parts:
        out.append(token[i : i + len(p)])
        i += len(p)
    return tuple(out)


def _segment(word: str, capitalised: bool, allow_single: bool) -> tuple[str, ...] | None:
    """Fewest-parts segmentation of ``word`` into acceptable parts (ties: commoner)."""
    n = len(word)
    best: list[tuple[int, float, tuple[str, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0.0, ())
    for end in range(1, n + 1):
        for start in range(max(0, end - 24), end):
            prev = best[start]
            if prev is None:
                continue
            part = word[start:end]
            if start == 0 and end == n:
                continue  # the word itself is not a segmentation of it
            if not _part_ok(part, allow_single and not (capitalised and start == 0)):
                continue
            cand = (prev[0] + 1, prev[1] - zipf(part), prev[2] + (part,))
            cur = best[end]
            if cur is None or (cand[0], cand[1]) < (cur[0], cur[1]):
                best[end] = cand
    result = best[n]
    return result[2] if result else None


_COMMON: frozenset[str] | None = None


def common_words() -> frozenset[str]:
    """Lower-case words common enough never to be run-on candidates.

    The floor is ``COMMON``, not ``WORD``: glued typos such as "ofthe" sit between.
    """
    global _COMMON
    if _COMMON is None:
        floor = 10 ** (COMMON - 9)
        _COMMON = frozenset(w for w, f in _frequencies().items() if f >= floor)
    return _COMMON
