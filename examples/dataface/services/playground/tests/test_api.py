from fastapi.testclient import TestClient

from playground.main import MAX_SQL_CHARS, app

client = TestClient(app)


def test_health_reports_ok():
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_index_names_the_service_and_its_version(monkeypatch):
    monkeypatch.setenv("APP_VERSION", "abc1234")
    assert client.get("/").json() == {"service": "playground", "version": "abc1234"}


def test_format_uppercases_keywords_and_reindents():
    response = client.post("/sql/format", json={"sql": "select a, b from t where a=1"})
    assert response.status_code == 200
    assert response.json() == {
        "formatted": "SELECT a,\n       b\nFROM t\nWHERE a = 1",
        "statements": 1,
    }


def test_format_honours_the_requested_keyword_case():
    response = client.post("/sql/format", json={"sql": "SELECT 1", "keyword_case": "lower"})
    assert response.json()["formatted"] == "select 1"


def test_format_counts_every_statement():
    response = client.post("/sql/format", json={"sql": "select 1; select 2;"})
    assert response.json()["statements"] == 2


def test_format_rejects_empty_sql():
    assert client.post("/sql/format", json={"sql": ""}).status_code == 422


def test_format_rejects_oversized_sql():
    response = client.post("/sql/format", json={"sql": "x" * (MAX_SQL_CHARS + 1)})
    assert response.status_code == 422


def test_format_rejects_unknown_keyword_case():
    response = client.post("/sql/format", json={"sql": "select 1", "keyword_case": "shout"})
    assert response.status_code == 422
