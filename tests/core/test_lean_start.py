"""Opening the store leaves sqlite-utils' command line and plugin machinery unloaded (they cost
a noticeable part of every start), while code that does use them still gets them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from desktop_app.core.session import open_session
store = open_session(Path(sys.argv[2]))
document_id, _ = store.add_document(text="董事會宣佈", title="t")
seen = store.document(document_id).text
store.close()
loaded = sorted(
    name for name in ("click", "pluggy", "dateutil.parser", "sqlite_utils.plugins")
    if name in sys.modules
)
import click  # anyone else asking for click gets the real module
from click.testing import CliRunner
import sqlite_utils.plugins
import sqlite_utils.utils
later = {
    "click_group": click.Group.__name__,
    "runner": CliRunner.__name__,
    "plugins": sqlite_utils.plugins.get_plugins(),
    # sqlite-utils' own use of click, inside a function, reaches the real one
    "progress": sqlite_utils.utils.click.progressbar.__globals__["__name__"],
}
print(json.dumps({"text": seen, "loaded": loaded, "later": later}))
"""


def test_store_opens_without_click_pluggy_or_dateutil(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(REPO), str(tmp_path / "lean.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["text"] == "董事會宣佈"
    assert result["loaded"] == []
    assert result["later"] == {
        "click_group": "Group",
        "runner": "CliRunner",
        "plugins": [],
        "progress": "click.termui",
    }
