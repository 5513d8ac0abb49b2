"""Opening the store leaves sqlite-utils' command line and plugin machinery unloaded, and the
window's start leaves pydantic's plugin search and the suggesters unloaded (each costs a
noticeable part of every start), while code that does use them still gets them."""

from __future__ import annotations

import json
import os
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


WINDOW_START = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import desktop_app
from desktop_app.core.pydantic_library import import_lean
import_lean()  # as the window's start does, behind its outline
from desktop_app.core.models import Mention
from desktop_app.core.session import open_session
from desktop_app.core.samples import seed_if_new
store = open_session(Path(sys.argv[2]))
seed_if_new(store)
document = store.document(store.document_ids()[0])
loaded = sorted(
    name for name in ("importlib.metadata", "desktop_app.core.suggest.engine")
    if name in sys.modules
)
try:
    Mention(id="m", start=-1, end=1, text="x")  # still validated: a negative offset
    refused = False
except ValueError:
    refused = True
import importlib.metadata
from desktop_app.core.suggest import suggest_document
found = suggest_document(document.text, store.schema, [], [])
store.close()
print(json.dumps({
    "loaded": loaded,
    "refused": refused,
    "version": importlib.metadata.version("pydantic"),
    "plugins": __import__("os").environ.get("PYDANTIC_DISABLE_PLUGINS"),
    "suggested": len(found) > 0,
}))
"""


def test_the_window_start_loads_neither_pydantic_plugins_nor_the_suggesters(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WINDOW_START, str(REPO), str(tmp_path / "lean.db")],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["loaded"] == []
    assert result["refused"] is True
    assert result["version"].startswith("2.")  # anyone asking for it gets the real module
    assert result["plugins"] == "__all__"
    assert result["suggested"] is True  # the suggesters load when first asked for
