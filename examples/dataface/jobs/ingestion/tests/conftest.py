"""A local records API on 127.0.0.1 (http.server), standing in for the real source."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class SourceApi:
    base_url: str
    routes: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    seen_authorization: list[str | None] = field(default_factory=list)

    def serve_json(self, path: str, body: object, status: int = 200) -> str:
        self.routes[path] = (status, json.dumps(body).encode())
        return self.base_url + path

    def serve_raw(self, path: str, body: bytes, status: int = 200) -> str:
        self.routes[path] = (status, body)
        return self.base_url + path


@pytest.fixture
def source_api() -> Iterator[SourceApi]:
    state: SourceApi

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.seen_authorization.append(self.headers.get("Authorization"))
            status, body = state.routes.get(self.path, (404, b'{"error": "not found"}'))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = SourceApi(base_url=f"http://127.0.0.1:{server.server_port}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
