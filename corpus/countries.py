"""Country names for the ISO codes in General Debate file names (``AFG_46_1991.txt``).

Names come from a maintained table (pycountry: ISO 3166-1 and, for states that no
longer exist such as ``CSK`` or ``YDYE``, ISO 3166-3). pycountry is imported on the
first lookup only, so start-up and the corpora without codes never pay for it; a code
the table does not know (``EU``) is shown as it is.
"""

from __future__ import annotations

import re
from functools import lru_cache

_CODE = re.compile(r"[A-Z]{2,4}")


def looks_like_code(value: str) -> bool:
    """Whether ``value`` is written like a country code (2-4 capital letters)."""
    return bool(_CODE.fullmatch(value))


@lru_cache(maxsize=1024)
def country_name(code: str) -> str:
    """The short English name of an ISO country code, else ``code`` unchanged."""
    if not looks_like_code(code):
        return code
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a dependency, but never fatal for a label
        return code
    field = {2: "alpha_2", 3: "alpha_3", 4: "alpha_4"}[len(code)]
    if field == "alpha_2":
        country = pycountry.countries.get(alpha_2=code)
    else:
        country = pycountry.countries.get(alpha_3=code) if field == "alpha_3" else None
    if country is not None:
        return getattr(country, "common_name", None) or country.name
    if field == "alpha_2":
        return code  # a two-letter code of UN usage (EU) is not a former state
    former = pycountry.historic_countries.get(alpha_3=code) if field == "alpha_3" else pycountry.historic_countries.get(alpha_4=code)
    if former is not None:
        # ISO 3166-3 names read "Czechoslovakia, Czechoslovak Socialist Republic".
        return former.name.split(",")[0].strip() or code
    return code


def country_of(affiliation: str | None) -> str | None:
    """The country name a General Debate code (``AFG``) stands for; None for any other
    affiliation, or a code the table does not know."""
    if not affiliation:
        return None
    name = country_name(affiliation)
    return name if name != affiliation else None
