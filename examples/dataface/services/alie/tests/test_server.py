import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_module_entry_point_serves_health_on_port_from_env():
    port = free_port()
    env = {**os.environ, "PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "alie"], env=env)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    body = json.load(r)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"server exited early with code {server.returncode}")
                time.sleep(0.1)
        assert body == {"status": "ok"}
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_module_entry_point_rejects_a_non_numeric_port():
    env = {**os.environ, "PORT": "eighty"}
    result = subprocess.run(
        [sys.executable, "-m", "alie"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "PORT must be a number" in result.stderr
