"""Time to save one highlight as the store grows (issue 3; target <= 10 ms at 100k).

    python benchmarks/store_bench.py [--sizes 1000 10000 100000] [--json]

Fills a temporary store with N highlights spread over N/10 statements (10 per
statement, like a real coding project), then saves single highlights through the
public API and prints the median and p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotations.history import Mutation  # noqa: E402
from annotations.model import Highlight, new_id, now  # noqa: E402
from annotations.store import AnnotationStore  # noqa: E402
from corpus.model import StatementText  # noqa: E402

TEXT = ("The Security Council reaffirms the role of women in the prevention and resolution of conflicts. " * 40).strip()


def fill(store: AnnotationStore, total: int, per_statement: int = 10) -> list[str]:
    """Write ``total`` highlights quickly (one file write per statement)."""
    code = store.add_code("Women, peace and security", key="1")
    ids = []
    when = now()
    for s in range((total + per_statement - 1) // per_statement):
        sid = f"UNSC_{2000 + s % 20}_SPV.{5000 + s}_spch{s % 40:03d}.txt"
        ids.append(sid)
        mutations = []
        for k in range(min(per_statement, total - s * per_statement)):
            start = (k * 37) % (len(TEXT) - 50)
            h = Highlight(id=new_id(), statement=sid, start=start, end=start + 40, quote=TEXT[start:start + 40],
                          labels=(code.id,), coder="bench", created=when, modified=when, sha256="x", normaliser="1")
            mutations.append(Mutation(sid, "highlights", h.id, None, h.to_doc()))
        store._apply(mutations)
    return ids


def measure(total: int, samples: int = 60) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = AnnotationStore(Path(tmp) / "store", coder="bench")
        ids = fill(store, total)
        code = store.codes()[0].id
        times = []
        for i in range(samples):
            sid = ids[(i * 7919) % len(ids)]
            text = StatementText(sid, TEXT, "x", "1")
            t0 = time.perf_counter()
            store.add_highlight(text, 100, 160, [code])
            times.append((time.perf_counter() - t0) * 1000)
        store.close()
    times.sort()
    return {"stored": total, "median_ms": statistics.median(times), "p95_ms": times[int(0.95 * (len(times) - 1))]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [measure(n) for n in args.sizes]
    if args.json:
        import json

        print(json.dumps(rows))
        return
    print(f"{'stored highlights':>18} {'save median ms':>15} {'save p95 ms':>12}")
    for row in rows:
        print(f"{row['stored']:>18,} {row['median_ms']:>15.2f} {row['p95_ms']:>12.2f}")


if __name__ == "__main__":
    main()
