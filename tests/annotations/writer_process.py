"""Helper run as a subprocess by the locking and kill tests.

Usage: python writer_process.py STORE CORPUS MODE
  hold   open the store, print "ready", wait for stdin to close
  write  add highlights forever, printing each id after the call returned
  once   add one highlight, print its id, exit
  import import files forever, each putting one highlight on every statement;
         print the import's number after the call returned
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotations.errors import StoreLockedError
from annotations.store import AnnotationStore
from corpus import open_corpus


def main() -> None:
    store_dir, corpus_dir, mode = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    corpus = open_corpus(corpus_dir)
    try:
        store = AnnotationStore(store_dir, coder="child", lock_timeout=5.0)
    except StoreLockedError as exc:
        print(f"locked: {exc}", flush=True)
        return
    text = corpus.text(corpus.statements[0].id)
    if mode == "import":
        import itertools

        import orjson

        from annotations.importer import import_export_file

        path = store_dir.parent / "import.json"
        ids = [s.id for s in corpus.statements]
        for i in itertools.count():
            statements = []
            for sid in ids:
                quote = corpus.reading_text(sid)[:3]
                statements.append({"id": sid, "highlights": [{"id": f"i{i}-{sid}", "start": 0, "end": 3, "quote": quote, "labels": [f"Code {i}"]}]})
            document = {"format": "margin.annotations", "version": 1, "codebook": [{"name": f"Code {i}"}], "statements": statements}
            path.write_bytes(orjson.dumps(document))
            import_export_file(path, corpus, store)
            print(i, flush=True)
    if mode == "hold":
        print("ready", flush=True)
        sys.stdin.read()
    elif mode == "once":
        print(store.add_highlight(text, 0, 3).id, flush=True)
    else:
        n = len(text.reading_text)
        i = 0
        while True:
            start = i % (n - 2)
            h = store.add_highlight(text, start, start + 2)
            print(h.id, flush=True)
            i += 1


if __name__ == "__main__":
    main()
