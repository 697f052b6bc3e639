import logging

from fastapi.testclient import TestClient

from alie.main import app
from alie.settings import load_settings

client = TestClient(app)


def test_without_key_answers_from_glossary_and_says_key_is_missing():
    response = client.post("/ask", json={"question": "What does Ingestion do?"})
    assert response.status_code == 200
    body = response.json()
    assert body["source"] == "fallback"
    assert body["answer"].startswith("Ingestion is the batch job")
    assert "OPENAI_API_KEY is not configured" in body["detail"]


def test_without_key_the_fallback_is_deterministic():
    first = client.post("/ask", json={"question": "tell me something"}).json()
    second = client.post("/ask", json={"question": "tell me something"}).json()
    assert first == second
    expected = "I can answer questions about: alie, asql, cloud, ingestion, playground."
    assert first["answer"] == expected


def test_with_key_asks_the_model_with_a_bearer_token(monkeypatch, model_api):
    monkeypatch.setenv("OPENAI_API_KEY", model_api.key)
    monkeypatch.setenv("OPENAI_BASE_URL", model_api.base_url)
    monkeypatch.setenv("OPENAI_MODEL", "tiny-model")
    response = client.post("/ask", json={"question": "what is ingestion?"})
    assert response.status_code == 200
    assert response.json() == {"answer": "Ingestion loads data.", "source": "model", "detail": None}
    [request] = model_api.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["authorization"] == f"Bearer {model_api.key}"
    assert request["body"]["model"] == "tiny-model"
    assert request["body"]["messages"][-1] == {"role": "user", "content": "what is ingestion?"}


def test_rejected_key_gives_502_without_revealing_the_key(monkeypatch, model_api, caplog):
    monkeypatch.setenv("OPENAI_API_KEY", "a-key-the-fake-rejects")
    monkeypatch.setenv("OPENAI_BASE_URL", model_api.base_url)
    with caplog.at_level(logging.DEBUG):
        response = client.post("/ask", json={"question": "hi"})
    assert response.status_code == 502
    assert response.json() == {"detail": "model API answered HTTP 401"}
    assert "a-key-the-fake-rejects" not in response.text
    assert "a-key-the-fake-rejects" not in caplog.text


def test_unexpected_model_body_gives_502(monkeypatch, model_api):
    monkeypatch.setenv("OPENAI_API_KEY", model_api.key)
    monkeypatch.setenv("OPENAI_BASE_URL", model_api.base_url)
    model_api.reply = {"choices": []}
    response = client.post("/ask", json={"question": "hi"})
    assert response.status_code == 502
    assert response.json() == {"detail": "model API answered with an unexpected body"}


def test_unreachable_model_gives_502(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "any-value")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    response = client.post("/ask", json={"question": "hi"})
    assert response.status_code == 502
    assert "unreachable" in response.json()["detail"]


def test_empty_question_is_rejected():
    assert client.post("/ask", json={"question": ""}).status_code == 422


def test_settings_repr_never_shows_the_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "hidden-value")
    assert "hidden-value" not in repr(load_settings())
