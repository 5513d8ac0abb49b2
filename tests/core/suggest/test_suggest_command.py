"""``annotator suggest --json`` and the external recommender protocol (a tiny local server)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from desktop_app.cli import main
from desktop_app.core.errors import KnownError
from desktop_app.core.suggest.recommender import ask_recommender

TEXT = (
    'Kowloon Pearl Foods Holdings Limited (the "Company") announces. The Company expects a '
    "loss of HK$45 million."
)


@pytest.fixture
def database(tmp_path, hk_store):
    document_id, _ = hk_store.add_document(text=TEXT, title="Warning", source_name="w.txt")
    path = hk_store.path
    hk_store.close()
    return path, document_id


@pytest.mark.file_only  # the command line on a database file, and that file's bytes
def test_suggest_prints_one_json_object_per_line_and_changes_nothing(database, capsys):
    path, document_id = database
    before = path.read_bytes()
    assert main(["--db", str(path), "suggest", "--json", document_id]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    money = next(line for line in lines if line["type"] == "MONEY")
    assert money == {
        "document": document_id,
        "kind": "mention",
        "type": "MONEY",
        "start": TEXT.index("HK$45"),
        "end": TEXT.index("HK$45") + len("HK$45 million"),
        "text": "HK$45 million",
        "entity": "value:HKD 45000000",
        "rule": "pattern:money",
        "confidence": 0.95,
        "attributes": {"value": "HKD 45000000", "approximate": False},
    }
    company = next(line for line in lines if line["text"] == "The Company")
    assert company["entity"] == "name:Kowloon Pearl Foods Holdings Limited"
    assert path.read_bytes() == before


@pytest.mark.file_only
def test_suggest_refuses_an_unknown_document(database, capsys):
    path, _ = database
    assert main(["--db", str(path), "suggest", "--json", "nope"]) == 2
    assert "document nope does not exist" in capsys.readouterr().err


class _Recommender(BaseHTTPRequestHandler):
    asked: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        _Recommender.asked.append(body)
        start = body["text"].index("loss")
        answer = {
            "spans": [
                {"start": start, "end": start + 4, "type": "PRODUCT", "confidence": 0.3},
                {"start": 5, "end": 2, "type": "PRODUCT"},  # backwards: dropped
                {"start": 0, "end": 3, "type": "NO_SUCH_TYPE"},  # unknown type: dropped
            ]
        }
        data = json.dumps(answer).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def recommender_url():
    server = HTTPServer(("127.0.0.1", 0), _Recommender)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/suggest"
    server.shutdown()
    server.server_close()


@pytest.mark.file_only
def test_the_recommender_gets_the_text_and_its_spans_become_suggestions(
    recommender_url, hk_schema, database, capsys
):
    answer = ask_recommender(recommender_url, "d1", TEXT, hk_schema)
    assert [(s.type, s.text, s.rule) for s in answer.suggestions] == [
        ("PRODUCT", "loss", "recommender:" + recommender_url.split("/")[2])
    ]
    assert answer.dropped == 2
    assert _Recommender.asked[-1]["text"] == TEXT and "MONEY" in _Recommender.asked[-1]["types"]
    path, _ = database
    assert main(["--db", str(path), "suggest", "--json", "--recommender", recommender_url]) == 0
    texts = [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()]
    assert "loss" in texts and "HK$45 million" in texts


def test_an_unreachable_recommender_is_named(hk_schema):
    with pytest.raises(KnownError, match=r"recommender http://127\.0\.0\.1:9/x: cannot be reached"):
        ask_recommender("http://127.0.0.1:9/x", "d1", TEXT, hk_schema, timeout=2)
