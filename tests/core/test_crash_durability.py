"""An edit the store has acknowledged survives the program being killed at any moment.

A child process edits in a loop and prints ``ACK …`` after each edit method returns; the
test kills it (SIGKILL) after a random number of acknowledgements, then checks the file is
intact and holds every acknowledged edit. The ACK lines are the only synchronisation.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.store import open_store

REPO = Path(__file__).resolve().parents[2]
ITERATIONS = 25
MOST_ACKS = 40

CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from desktop_app.core.schema import load_schema
from desktop_app.core.store import open_store

store = open_store(Path(sys.argv[2]), load_schema(Path(sys.argv[3])), actor="crash-test")
text = "Alpha Holdings Limited buys Beta Ltd.\\n阿爾法控股收購貝塔。"
document_id, _ = store.add_document(text=text, title="crash test")
round_number = int(sys.argv[4]) * 1000
while True:
    round_number += 1
    entity = store.create_entity(document_id, "company", [(0, 22)])
    print("ACK entity", entity.id, flush=True)
    mention = store.add_mention(entity.id, 28, 36)
    print("ACK mention", entity.id, mention.id, flush=True)
    value = f"2025-01-{round_number % 28 + 1:02d}"
    store.set_document_field(document_id, "announcement_date", value)
    print("ACK field", value, flush=True)
"""


def _run_and_kill(db: Path, schema_path: Path, iteration: int, acks_wanted: int) -> list[str]:
    """Start the child, kill it after ``acks_wanted`` ACKs; every complete ACK line it wrote."""
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(REPO), str(db), str(schema_path), str(iteration)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    try:
        while len(lines) < acks_wanted:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the child stopped on its own:\n{child.stderr.read()}")
            lines.append(line)
        child.send_signal(signal.SIGKILL)
    finally:
        if child.poll() is None:
            child.kill()
        # Read the rest through the same buffered reader: communicate() reads the raw pipe and
        # would drop lines readline() had already read ahead (seen as a "lost" ACK).
        rest = child.stdout.read()
        child.stderr.read()
        child.wait()
    # Edits acknowledged after we decided to kill still count; a torn last line does not.
    lines += rest.splitlines(keepends=True)
    assert child.returncode == -signal.SIGKILL
    return [line.split() for line in lines if line.endswith("\n") and line.startswith("ACK ")]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is a POSIX signal")
def test_acknowledged_edits_survive_the_process_being_killed(tmp_path, schema_path, schema):
    seed = random.randrange(1_000_000)
    chooser = random.Random(seed)
    db = tmp_path / "crash.db"
    entities: set[str] = set()
    mentions: set[tuple[str, str]] = set()
    for iteration in range(ITERATIONS):
        acks = _run_and_kill(db, schema_path, iteration, chooser.randint(1, MOST_ACKS))
        entities |= {ack[2] for ack in acks if ack[1] == "entity"}
        mentions |= {(ack[2], ack[3]) for ack in acks if ack[1] == "mention"}
        fields = [ack[2] for ack in acks if ack[1] == "field"]

        with sqlite3.connect(db) as check:
            assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)], seed
            stored = {row[0] for row in check.execute("SELECT id FROM entities")}
            stored_mentions = set(check.execute("SELECT entity_id, id FROM mentions"))
        check.close()
        assert entities <= stored, f"seed {seed}: lost {entities - stored}"
        assert mentions <= stored_mentions, f"seed {seed}: lost {mentions - stored_mentions}"

        store = open_store(db, schema, actor="checker")
        try:
            (document_id,) = store.document_ids()
            if fields:
                # The last acknowledged value, or the one being written when it was killed.
                value = store.document(document_id).metadata["announcement_date"]
                last_day = int(fields[-1][-2:])
                assert value in {fields[-1], f"2025-01-{last_day % 28 + 1:02d}"}, seed
            for entity_id in entities:
                assert store.entity(entity_id).mentions[0].text == "Alpha Holdings Limited"
        finally:
            store.close()
    assert len(entities) >= ITERATIONS // 3  # the loop really did edit
