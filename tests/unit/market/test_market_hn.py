from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from careerpath.market.hn import comment_to_record, fetch_hn_months

STORY = {"objectID": "1001", "title": "Ask HN: Who is hiring? (March 2024)", "created_at": "2024-03-01T16:00:00Z"}
ITEM = {
    "id": 1001,
    "children": [
        {
            "id": 1,
            "created_at": "2024-03-01T17:00:00Z",
            "text": "Acme AI | Senior ML Engineer | Berlin or REMOTE | €90k-€120k<p>We train PyTorch models and ship "
            "Python services on Kubernetes. Docker daily. Apply at jobs@acme.example",
        },
        {
            "id": 2,
            "created_at": "2024-03-02T09:00:00Z",
            "text": "Beta | Data Engineer | NYC | $150K-$180K<p>Spark and SQL pipelines, Python and AWS, "
            "streaming data.",
        },
        {"id": 3, "created_at": "2024-03-02T10:00:00Z", "text": None},
    ],
}


class Handler(BaseHTTPRequestHandler):
    calls: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Handler.calls.append(self.path)
        if self.path.startswith("/search_by_date"):
            body = {"hits": [STORY] if "created_at_i%3E%3D1709251200" in self.path else []}
        elif self.path == "/items/1001":
            body = ITEM
        else:
            self.send_response(404)
            self.end_headers()
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hn_server():
    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Handler.calls = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_comment_to_record_reads_the_header_line():
    record = comment_to_record(ITEM["children"][0])
    assert record is not None
    assert (record["company"], record["title"], record["remote"]) == ("Acme AI", "Senior ML Engineer", True)
    assert record["salary"] == "€90k-€120k"


def test_fetch_hn_months_is_incremental(hn_server, store, parser, tmp_path):
    summary = fetch_hn_months(
        store, "2024-02", "2024-03", base_url=hn_server, cache_dir=tmp_path, parser=parser, today=date(2024, 6, 1)
    )
    assert summary.new == 2
    postings = {p.company: p for p in store.iter_postings()}
    assert postings["Acme AI"].role_id == "ml_engineer" and postings["Acme AI"].salary_currency == "EUR"
    assert postings["Beta"].salary_usd_yearly == 165_000
    calls = len(Handler.calls)
    again = fetch_hn_months(
        store, "2024-02", "2024-03", base_url=hn_server, cache_dir=tmp_path, parser=parser, today=date(2024, 6, 1)
    )
    assert again.new == 0 and len(Handler.calls) == calls  # nothing fetched, nothing added
