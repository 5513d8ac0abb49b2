"""Short Chinese searches on 1k / 10k (/ 100k with ``--huge``) generated announcements.

    uv run python benchmarks/bench_search.py                # 1k and 10k
    uv run python benchmarks/bench_search.py --huge         # adds 100k (cached corpus)

Per corpus size: ``Store.search`` for a two-character and a one-character Chinese query with
no hit (the worst case: nothing stops a scan early) and for a two-character query that hits
every document (a page of 200 ids), each against the floor — the same query answered by plain
``sqlite3`` the plainest way, ``SELECT id FROM documents WHERE instr(title, ?) OR instr(text,
?) LIMIT 200`` on the same file. Before the character index, ``search`` ran that very scan: the
ratio then was 1.0 and the time grew with the corpus (10 / 91 / 1,500 ms at 1k / 10k / 100k).
Target: flat from 1k to 100k.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_cache import DEFAULT_CACHE, cached_corpus, open_corpus

QUERIES = (("no hit, 2 chars", "虎年"), ("no hit, 1 char", "虎"), ("every document", "董事"))
SCAN = "SELECT id FROM documents WHERE instr(title, ?) OR instr(text, ?) LIMIT 200"


def _median_ms(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--huge", action="store_true", help="also 100,000 documents")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    sizes = args.sizes + ([100_000] if args.huge else [])
    print(f"{os.cpu_count()} cores, {args.repeat} runs each, medians")
    print(f"{'documents':>10} {'query':>16} {'ours':>10} {'floor':>10} {'ratio':>8}  hits")
    for size in sizes:
        path = cached_corpus(size, args.cache)
        store = open_corpus(path)  # migrates an older cached file (not timed)
        plain = sqlite3.connect(path)
        for label, query in QUERIES:
            hits = len(store.search(query))
            assert hits == len(plain.execute(SCAN, [query, query]).fetchall())
            ours = _median_ms(lambda q=query, s=store: s.search(q), args.repeat)
            floor = _median_ms(
                lambda q=query, p=plain: p.execute(SCAN, [q, q]).fetchall(),
                max(3, args.repeat // 2),
            )
            print(
                f"{size:>10} {label:>16} {ours:>8.2f}ms {floor:>8.2f}ms {ours / floor:>7.3f}x  "
                f"{hits}"
            )
        plain.close()
        store.close()


if __name__ == "__main__":
    main()
