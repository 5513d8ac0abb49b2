"""Generated corpora of ≈4 KB announcements (six mentions and one event each), built once per
size and kept between runs: the 100,000-document one takes about eight minutes to build.

``cached_corpus(size)`` returns the file, building it first if it is not in the cache folder
(``/tmp/annotator-bench-corpora`` unless told otherwise). The file name carries a generator
version: change ``announcement`` or ``_build`` and bump ``GENERATOR`` so old files are not
reused. ``open_corpus`` opens one with the application's store, which migrates an older file
the first time and removes what earlier runs tagged (not timed by any benchmark: each opens the
corpus before measuring).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

GENERATOR = 1
DEFAULT_CACHE = Path("/tmp/annotator-bench-corpora")
BENCH_REVIEWER = "bench"  # who the benchmarks edit as; generated rows name nobody

_TEMPLATE = (
    "{company} (the “Company”, stock code {code}) announces that on {day} March 2025 the "
    "Company repurchased {shares} shares on the Stock Exchange for an aggregate consideration "
    "of HK${amount}. The board of directors of the Company (the “Board”) believes that the "
    "repurchase reflects its confidence in the Company's long-term prospects. "
)


_CATEGORIES = ("share_buyback", "final_results", "placing", "connected_transaction")


def announcement(number: int) -> tuple[str, list[tuple[int, int, str]]]:
    rng = random.Random(number)
    company = f"{rng.choice(['Golden', 'Pacific', 'Jade', 'Silver'])} Harbour {number} Limited"
    body = _TEMPLATE.format(
        company=company,
        code=f"{number % 9999:04d}",
        day=rng.randint(1, 28),
        shares=f"{rng.randint(1, 900) * 1000:,}",
        amount=f"{rng.randint(1, 90) * 100_000:,}",
    )
    text = (body * 12)[:4000] + "\n公司董事會宣佈回購股份。\n"
    spans = []
    for needle, kind in ((company, "COMPANY"), ("HK$", "MONEY"), ("Board", "ORGANIZATION")):
        start = text.find(needle)
        if start >= 0:
            spans.append((start, start + len(needle), kind))
    return text, spans


def _build(path: Path, size: int) -> None:
    from desktop_app.core.models import Entity, Event, Mention, Span
    from desktop_app.core.resources import default_schema_path
    from desktop_app.core.schema import load_schema
    from desktop_app.core.store import open_store
    from desktop_app.core.store.documents import new_id

    store = open_store(path, load_schema(default_schema_path()), "bench")
    batch = 500
    for first in range(0, size, batch):
        with store.transaction():
            for number in range(first, min(first + batch, size)):
                text, spans = announcement(number)
                document_id, _ = store.add_document(
                    text=text,
                    title=f"Buy-back {number}",
                    metadata={
                        "stock_code": f"{number:04d}",
                        "publication_date": f"2025-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
                        "headline_category": _CATEGORIES[number % len(_CATEGORIES)],
                    },
                )
                entities = []
                for start, end, kind in spans:
                    mentions = [Mention(id=new_id(), start=start, end=end, text=text[start:end])]
                    again = text.find(text[start:end], end)
                    if again >= 0:
                        mentions.append(
                            Mention(
                                id=new_id(),
                                start=again,
                                end=again + end - start,
                                text=text[again : again + end - start],
                            )
                        )
                    entities.append(
                        Entity(id=new_id(), type=kind, name=text[start:end], mentions=mentions)
                    )
                trigger = text.find("repurchased")
                event = Event(
                    id=new_id(),
                    type="BusinessAgreement",
                    trigger=Span(start=trigger, end=trigger + 11, text="repurchased"),
                )
                store.insert_annotations(document_id, entities, [event])
    store.close()


def cached_corpus(size: int, cache: Path = DEFAULT_CACHE) -> Path:
    """The corpus of ``size`` documents, built now if the cache does not hold it."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"corpus-v{GENERATOR}-{size}.db"
    if not path.exists():
        partial = cache / f"building-{path.name}"
        for leftover in cache.glob(f"{partial.name}*"):
            leftover.unlink()
        print(f"building a {size:,}-document corpus in {path} (kept for later runs)", flush=True)
        _build(partial, size)
        for suffix in ("-wal", "-shm"):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
        shutil.move(partial, path)
    return path


def open_corpus(path: Path) -> Any:
    """The application's store on a cached corpus (migrated to the current format if older),
    with the entities earlier benchmark runs tagged removed again: otherwise each run's tags stay
    in the document it measured, and the next run measures a document that has grown (one had
    grown from 6 to 265 mentions, and its tag key from about 16 to 50 ms)."""
    from desktop_app.core.resources import default_schema_path
    from desktop_app.core.schema import load_schema
    from desktop_app.core.store import open_store

    store = open_store(path, load_schema(default_schema_path()), BENCH_REVIEWER)
    tagged = store.db.execute(
        "SELECT id FROM entities WHERE created_by = ?", [BENCH_REVIEWER]
    ).fetchall()
    for (entity_id,) in tagged:
        store.delete_entity(entity_id)
    return store
