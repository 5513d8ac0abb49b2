"""Peak memory of ``export_bundle`` on the generated corpora (1k / 10k, 100k with ``--huge``).

    uv run python benchmarks/bench_export_memory.py            # 1k and 10k
    uv run python benchmarks/bench_export_memory.py --huge     # adds 100k (minutes)

Each export runs in a fresh interpreter on a cached corpus (``corpus_cache.py``). The child
prints its resident memory once the store is open (the floor: everything an export needs
before it reads a document) and its peak (``VmHWM``) after writing the whole bundle, which is
then deleted. Target: the peak stays flat from 1k to 100k documents.

Peak at 1k / 10k / 100k, this benchmark as it is now: 44 / 80 / 430 MB while the report kept
every warning of every document; 40 / 43 / 43 MB since it keeps counts and the first 20 (the
step to 10k is the validator's bounded cache of attribute verdicts, full from about 4,000
documents on).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus_cache import DEFAULT_CACHE, cached_corpus  # noqa: E402

_CHILD = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from corpus_cache import open_corpus
from desktop_app.core.bundle_export import export_bundle
from desktop_app.core.store.document_list import DocumentList, ListQuery

def status_kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

store = open_corpus(Path(sys.argv[1]))
# Warm the modules an export uses with one page of ids (not ``document_ids()``: a list of
# every id would itself raise the peak with the corpus).
next(iter(DocumentList(store).ids_in_pages(ListQuery())), None)
before = status_kb("VmRSS")
began = time.perf_counter()
report = export_bundle(store, Path(sys.argv[2]), include_audit=False)
seconds = time.perf_counter() - began
print(json.dumps({"before_kb": before, "peak_kb": status_kb("VmHWM"), "seconds": seconds,
                  "documents": report.documents, "bytes": Path(sys.argv[2]).stat().st_size}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--huge", action="store_true", help="also 100,000 documents")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    sizes = args.sizes + ([100_000] if args.huge else [])
    work = Path(tempfile.mkdtemp(prefix="bench-export-memory-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    print(f"{os.cpu_count()} cores; export without audit history, one fresh process each")
    print(
        f"{'documents':>10} {'store open':>11} {'peak':>8} {'growth':>8} {'time':>8} {'bundle':>9}"
    )
    for size in sizes:
        database = cached_corpus(size, args.cache)
        out = work / f"bundle{size}.json"
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(database), str(out), str(ROOT / "benchmarks")],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        out.unlink(missing_ok=True)
        assert figures["documents"] == size, figures
        before, peak = figures["before_kb"] / 1024, figures["peak_kb"] / 1024
        print(
            f"{size:>10} {before:>9.0f}MB {peak:>6.0f}MB {peak - before:>6.0f}MB "
            f"{figures['seconds']:>7.1f}s {figures['bytes'] / 1e6:>7.0f}MB"
            f"   ({time.perf_counter() - began:.0f} s with start-up)"
        )


if __name__ == "__main__":
    main()
