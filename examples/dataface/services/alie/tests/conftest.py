"""A local stand-in for an OpenAI-compatible chat completions API, on 127.0.0.1 only."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

KEY_ACCEPTED_BY_FAKE = "test-key-for-local-fake"


@dataclass
class FakeModelApi:
    base_url: str
    key: str = KEY_ACCEPTED_BY_FAKE
    status: int = 200
    reply: object = field(
        default_factory=lambda: {"choices": [{"message": {"content": " Ingestion loads data. "}}]}
    )
    requests: list[dict] = field(default_factory=list)


@pytest.fixture
def model_api() -> Iterator[FakeModelApi]:
    state: FakeModelApi

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(
                {
                    "path": self.path,
                    "authorization": self.headers.get("Authorization"),
                    "body": json.loads(self.rfile.read(length)),
                }
            )
            if self.headers.get("Authorization") != f"Bearer {KEY_ACCEPTED_BY_FAKE}":
                self.send_response(401)
                self.end_headers()
                return
            payload = json.dumps(state.reply).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state = FakeModelApi(base_url=f"http://127.0.0.1:{server.server_port}/v1")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def no_model_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "OPENAI_TIMEOUT_SECONDS"):
        monkeypatch.delenv(name, raising=False)
