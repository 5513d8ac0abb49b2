"""What the audit trail's triggers cost, against the same store with the triggers dropped.

    uv run python benchmarks/bench_audit.py [--mentions N] [--repeat R]

A document with N mentions (20,000 by default) is built through the store, so every row has its
audit entry. The database is then copied, and the copy's audit triggers dropped: the floor is
the very same ``Store`` call on the copy, measured in the same run. Timed on both:

* one edit: ``add_mention`` on an entity of that document (what a reviewer's keystroke does;
  one durable transaction, two audit entries: the mention and the entity's stamp);
* the same edit as ``create_entity`` with one mention, and a document field change;
* a bulk write: a 2,000-mention entity in one transaction (bundle import, samples);
* a cascade: deleting that entity (2,000 mentions, one audit entry each).

Also printed: ``verify_audit`` over the whole trail. Each timing is the median of R runs (the
single edits of 20 R runs). Target: a single edit under 1.5x its floor and well under 10 ms.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from common import machine_description, median, timed

from desktop_app.core.resources import default_schema_path
from desktop_app.core.schema import load_schema
from desktop_app.core.store import Store, open_store
from desktop_app.core.store.audit_triggers import AUDITED_TABLES

_STEP = 6  # characters per mention slot in the synthetic text ("Co042 ")
_SPARE = 1000  # slots after the N mentions, for the timed edits


def _build(path: Path, mentions: int) -> tuple[str, str]:
    store = open_store(path, load_schema(default_schema_path()), "bench")
    text = "".join(f"Co{index % 100:03d} " for index in range(mentions + _SPARE))
    document_id, _ = store.add_document(text=text, title="Large announcement")
    spans = [(index * _STEP, index * _STEP + 5) for index in range(mentions)]
    entity = store.create_entity(document_id, "COMPANY", spans)
    store.close()
    return document_id, entity.id


def _drop_triggers(store: Store) -> None:
    with store.transaction() as db:
        for table in AUDITED_TABLES:
            for event in ("insert", "update", "delete"):
                db.execute(f"DROP TRIGGER audit_{table}_{event}")


def _measure(store: Store, document_id: str, entity_id: str, repeat: int) -> dict[str, float]:
    text = store.text_of(document_id)
    first_free = len(text) - _SPARE * _STEP  # slots after the N mentions, none used twice
    free = iter(range(first_free, len(text), _STEP))
    results: dict[str, list[float]] = {}

    def run(name: str, action: object) -> None:
        assert callable(action)
        results.setdefault(name, []).append(timed(action))

    for _ in range(20 * repeat):
        start = next(free)
        run("add_mention", lambda s=start: store.add_mention(entity_id, s, s + 5))
        start = next(free)
        run(
            "create_entity",
            lambda s=start: store.create_entity(document_id, "COMPANY", [(s, s + 5)]),
        )
        value = f"2025-01-{len(results['add_mention']) % 28 + 1:02d}"
        run(
            "set_document_field",
            lambda v=value: store.set_document_field(document_id, "publication_date", v),
        )
    bulk_spans = [(index * _STEP, index * _STEP + 5) for index in range(2000)]
    assert len(text) > bulk_spans[-1][1]
    created: list[str] = []
    for _ in range(repeat):
        run(
            "bulk 2,000 mentions",
            lambda: created.append(store.create_entity(document_id, "COMPANY", bulk_spans).id),
        )
        run("cascade delete 2,000", lambda: store.delete_entity(created[-1]))
    return {name: median(values) for name, values in results.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentions", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(machine_description())
    with tempfile.TemporaryDirectory() as folder:
        audited = Path(folder) / "audited.db"
        built: list[tuple[str, str]] = []
        build_seconds = timed(lambda: built.append(_build(audited, args.mentions)))
        document_id, entity_id = built[0]
        plain = Path(folder) / "plain.db"
        shutil.copy(audited, plain)
        stores = {
            name: open_store(path, load_schema(default_schema_path()), "bench")
            for name, path in (("audited", audited), ("floor", plain))
        }
        _drop_triggers(stores["floor"])
        entries = len(stores["audited"].audit_entries(document_id, newest_first=False))
        print(
            f"document with {args.mentions:,} mentions built in {build_seconds:.1f} s; "
            f"{entries:,} audit entries for it"
        )
        ours = _measure(stores["audited"], document_id, entity_id, args.repeat)
        floor = _measure(stores["floor"], document_id, entity_id, args.repeat)
        print(f"{'operation':<24} {'audited':>10} {'floor':>10} {'ratio':>7}")
        for name, seconds in ours.items():
            print(
                f"{name:<24} {seconds * 1000:>8.2f}ms {floor[name] * 1000:>8.2f}ms "
                f"{seconds / floor[name]:>6.2f}x"
            )
        total = len(stores["audited"].audit_entries(newest_first=False))
        verify = timed(stores["audited"].verify_audit)
        print(f"verify_audit over {total:,} entries: {verify:.2f} s")
        for store in stores.values():
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
