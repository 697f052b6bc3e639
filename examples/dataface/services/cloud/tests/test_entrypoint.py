"""entrypoint.sh: refuses to start without its environment, else migrates and runs gunicorn."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from cloud.projects.models import Project

APP_DIR = Path(__file__).resolve().parent.parent
ENTRYPOINT = APP_DIR / "entrypoint.sh"
REQUIRED = {
    "SECRET_KEY": "entrypoint-test-only",
    "ALLOWED_HOSTS": "127.0.0.1",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none",
}


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in REQUIRED}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


@pytest.mark.parametrize("absent", sorted(REQUIRED))
def test_refuses_to_start_without_a_required_variable(absent):
    env = {**base_env(), **{k: v for k, v in REQUIRED.items() if k != absent}}
    result = subprocess.run(
        ["sh", str(ENTRYPOINT)], env=env, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 1
    assert f"refusing to start: missing environment variable(s): {absent}." in result.stderr


def test_names_every_missing_variable_at_once():
    result = subprocess.run(
        ["sh", str(ENTRYPOINT)], env=base_env(), capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "missing environment variable(s): SECRET_KEY ALLOWED_HOSTS DATABASE_URL." in (
        result.stderr
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of(settings_dict: dict) -> str:
    user = quote(settings_dict["USER"] or "", safe="")
    password = quote(settings_dict["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = settings_dict["HOST"] or "127.0.0.1"
    if host.startswith("/"):  # a Unix socket folder, written percent-encoded in the URL
        host = quote(host, safe="")
    port = settings_dict["PORT"] or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


def get_json(url: str) -> object:
    with urllib.request.urlopen(url, timeout=2) as response:
        return json.load(response)


@pytest.mark.django_db(transaction=True)
def test_migrates_collects_static_and_serves_with_gunicorn(tmp_path):
    from django.db import connection

    Project.objects.create(name="Served", slug="served")
    port = free_port()
    env = {
        **base_env(),
        "SECRET_KEY": "entrypoint-test-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        # The test database pytest-django created, so the run leaves no trace elsewhere.
        "DATABASE_URL": database_url_of(connection.settings_dict),
        "PORT": str(port),
        "STATIC_ROOT": str(tmp_path / "static"),
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        ["sh", str(ENTRYPOINT)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        health = None
        for _ in range(300):
            try:
                health = get_json(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                if server.poll() is not None:
                    output = server.stdout.read().decode() if server.stdout else ""
                    pytest.fail(f"entrypoint exited with {server.returncode}:\n{output}")
                time.sleep(0.1)
        assert health == {"status": "ok"}
        projects = get_json(f"http://127.0.0.1:{port}/api/projects")
        assert [p["slug"] for p in projects["projects"]] == ["served"]
        assert (tmp_path / "static" / "staticfiles.json").is_file()
        assert any((tmp_path / "static" / "admin" / "css").glob("base.*.css"))
    finally:
        server.terminate()
        server.wait(timeout=30)
