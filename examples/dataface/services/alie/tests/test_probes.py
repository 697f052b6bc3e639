from fastapi.testclient import TestClient

from alie.main import app

client = TestClient(app)


def test_health_reports_ok():
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_liveness_reports_alive():
    assert client.get("/liveness").json() == {"status": "alive"}


def test_ready_says_when_the_model_is_not_configured():
    assert client.get("/ready").json() == {"status": "ready", "model": "not configured"}


def test_ready_says_when_the_model_is_configured(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "configured-in-test")
    body = client.get("/ready").json()
    assert body == {"status": "ready", "model": "configured"}
