"""Make a realistic synthetic UNSC-style corpus for benchmarks.

    python benchmarks/make_corpus.py N DIR [--source FOLDER] [--seed S]

Writes N statements named like the UNSC debates corpus
(``UNSC_2014_SPV.7180_spch012.txt``, some ``Resumption1`` and 2020 videoconference
files), each starting with a speaker line, with sizes like the real corpus (median
~2.5 KB, mean ~3.7 KB, a long tail to ~60 KB). About 70% are one line per statement
in Windows-1252, as the UNSC corpus ships; the rest are hard-wrapped at ~55 columns
in UTF-8 with PDF damage (end-of-line hyphens, page breaks). Sentences come from the
bundled sample (or ``--source``). The same arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus import open_corpus  # noqa: E402

SPEAKERS = [
    ("The President", None, None), ("Mr. Umarov", "Kazakhstan", None), ("Mr. Zhang Jun", "China", "Chinese"),
    ("Ms. DiCarlo", None, None), ("The Secretary-General", None, None), ("Mr. Nebenzia", "Russian Federation", "Russian"),
    ("Dame Karen Pierce", "United Kingdom", None), ("Mrs. Gueguen", "France", "French"),
    ("Mr. Singer Weisinger", "Dominican Republic", "Spanish"), ("Mr. Heusgen", "Germany", None),
    ("Mr. Baati", "Tunisia", "Arabic"), ("Ms. Norman-Chalet", "United States of America", None),
    ("Sheikha Alya Ahmed Saif Al-Thani", "Qatar", "Arabic"), ("Mr. Moncada", "Venezuela (Bolivarian Republic of)", "Spanish"),
    ("Mr. Abarry", "Niger", "French"), ("Ms. DeShong", "Saint Vincent and the Grenadines", None),
]


def sentences(source: Path | None) -> list[str]:
    corpus = open_corpus(source)
    out: list[str] = []
    for statement in corpus:
        text = corpus.reading_text(statement.id)
        out.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.strip()) > 20)
    return out


def statement_size(rng: random.Random) -> int:
    # Log-normal: median ~2.5 KB, mean ~3.7 KB, capped at 60 KB.
    return int(min(60_000, max(200, rng.lognormvariate(7.8, 0.85))))


def make(n: int, folder: Path, source: Path | None, seed: int) -> None:
    rng = random.Random(seed)
    pool = sentences(source)
    folder.mkdir(parents=True, exist_ok=True)
    meeting, speech, year, vtc = 3500, 0, 1995, 0
    vtc_meeting = -1
    for _ in range(n):
        speech += 1
        if speech > rng.randint(8, 60):
            meeting, speech = meeting + 1, 1
            year = min(2020, 1995 + (meeting - 3500) * 26 // max(1, n // 30 + 1))
        if year == 2020 and (meeting == vtc_meeting or (speech == 1 and rng.random() < 0.3)):
            if meeting != vtc_meeting:
                vtc_meeting, vtc = meeting, vtc + 1
            meeting_part = f"SPV.2020_{vtc}"
        else:
            meeting_part = f"SPV.{meeting}" + ("Resumption1" if meeting % 17 == 0 else "")
        name = f"UNSC_{year}_{meeting_part}_spch{speech:03d}.txt"
        speaker, country, lang = rng.choice(SPEAKERS)
        line = speaker + (f" ({country})" if country else "") + (f" (spoke in {lang})" if lang else "") + ": "
        size, paragraphs = statement_size(rng), []
        total = 0
        while total < size:
            para = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
            paragraphs.append(para)
            total += len(para)
        if rng.random() < 0.7:
            body = (line + " ".join(paragraphs)).replace("\u2011", "-")
            data = body.encode("cp1252", errors="replace")
        else:
            wrapped = []
            for p in paragraphs:
                lines = textwrap.wrap(p, 55, break_on_hyphens=False)
                if len(lines) > 3 and rng.random() < 0.3:  # an end-of-line hyphen
                    k = rng.randrange(len(lines) - 1)
                    word = lines[k + 1].split(" ", 1)
                    if len(word[0]) > 6 and word[0].isalpha():
                        lines[k] += " " + word[0][:3] + "-"
                        lines[k + 1] = word[0][3:] + (" " + word[1] if len(word) > 1 else "")
                wrapped.append("\n".join(lines))
            body = line + "\n\n".join(wrapped)
            data = body.encode("utf-8")
        (folder / name).write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--source", type=Path, default=None, help="corpus to take sentences from (default: bundled sample)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make(args.n, args.folder, args.source, args.seed)
    print(f"wrote {args.n} statements to {args.folder}")


if __name__ == "__main__":
    main()
