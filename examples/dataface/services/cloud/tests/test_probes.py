import pytest
from django.db import DatabaseError


def test_health_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django fails this test if the view touches the database.
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_health_only_answers_get(client):
    assert client.post("/health").status_code == 405


def test_health_answers_probes_that_use_an_unlisted_host(client):
    response = client.get("/health", HTTP_HOST="10.1.2.3:8080")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_other_paths_still_reject_an_unlisted_host(client):
    assert client.get("/ready", HTTP_HOST="10.1.2.3:8080").status_code == 400


@pytest.mark.django_db
def test_ready_checks_the_database(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


@pytest.mark.django_db
def test_ready_reports_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/ready")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_tests_run_against_postgresql():
    from django.db import connection

    assert connection.vendor == "postgresql"
