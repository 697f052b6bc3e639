"""The job end to end, as `python -m ingestion`, against the local records API."""

import json
import os
import subprocess
import sys

RECORD = {"id": 1, "name": "Ada", "email": "ada@example.org", "signed_up": "2024-01-02"}


def run_job(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SOURCE_API_URL", "OUTPUT_PATH")}
    return subprocess.run(
        [sys.executable, "-m", "ingestion"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def read_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_follows_pages_and_writes_json_lines(source_api, tmp_path):
    source_api.serve_json("/p2", {"records": [{**RECORD, "id": 2, "name": "Bob"}], "next": None})
    url = source_api.serve_json("/records", {"records": [RECORD], "next": "/p2"})
    out = tmp_path / "out" / "records.jsonl"
    result = run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(out))
    assert result.returncode == 0, result.stderr
    assert [r["name"] for r in read_lines(out)] == ["Ada", "Bob"]
    assert read_lines(out)[0]["signed_up"] == "2024-01-02T00:00:00Z"
    summary = json.loads(result.stdout)
    assert (summary["fetched"], summary["loaded"], summary["rejected"]) == (2, 2, 0)


def test_accepts_a_plain_json_list(source_api, tmp_path):
    url = source_api.serve_json("/list", [RECORD])
    out = tmp_path / "records.jsonl"
    assert run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(out)).returncode == 0
    assert len(read_lines(out)) == 1


def test_sends_the_token_without_printing_it(source_api, tmp_path):
    url = source_api.serve_json("/list", [RECORD])
    result = run_job(
        SOURCE_API_URL=url, OUTPUT_PATH=str(tmp_path / "o.jsonl"), SOURCE_API_TOKEN="tok-123"
    )
    assert result.returncode == 0
    assert source_api.seen_authorization == ["Bearer tok-123"]
    assert "tok-123" not in result.stdout + result.stderr


def test_http_error_fails_with_the_status_and_writes_nothing(source_api, tmp_path):
    url = source_api.serve_json("/broken", {"error": "boom"}, status=503)
    out = tmp_path / "records.jsonl"
    result = run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(out))
    assert result.returncode == 1
    assert "source API answered HTTP 503" in result.stderr
    assert not out.exists()


def test_non_json_answer_fails_clearly(source_api, tmp_path):
    url = source_api.serve_raw("/html", b"<html>maintenance</html>")
    result = run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(tmp_path / "o.jsonl"))
    assert result.returncode == 1
    assert "did not answer with JSON" in result.stderr


def test_too_many_invalid_records_fail_and_keep_the_previous_output(source_api, tmp_path):
    out = tmp_path / "records.jsonl"
    out.write_text('{"previous": true}\n')
    url = source_api.serve_json("/bad", [RECORD, {"id": "x"}])
    result = run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(out))
    assert result.returncode == 1
    assert "1 of 2 records are invalid" in result.stderr
    assert out.read_text() == '{"previous": true}\n'


def test_a_tolerated_invalid_record_is_counted_not_written(source_api, tmp_path):
    url = source_api.serve_json("/some-bad", [RECORD, {"id": "x"}])
    out = tmp_path / "records.jsonl"
    result = run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(out), MAX_REJECTED_RATIO="0.5")
    assert result.returncode == 0
    assert json.loads(result.stdout)["rejected"] == 1
    assert len(read_lines(out)) == 1


def test_endless_pagination_stops_at_max_pages(source_api, tmp_path):
    url = source_api.serve_json("/loop", {"records": [RECORD], "next": "/loop"})
    result = run_job(SOURCE_API_URL=url, OUTPUT_PATH=str(tmp_path / "o.jsonl"), MAX_PAGES="3")
    assert result.returncode == 1
    assert "MAX_PAGES=3" in result.stderr


def test_unreachable_source_fails_clearly(tmp_path):
    result = run_job(SOURCE_API_URL="http://127.0.0.1:9/x", OUTPUT_PATH=str(tmp_path / "o.jsonl"))
    assert result.returncode == 1
    assert "request failed (ConnectError)" in result.stderr


def test_missing_configuration_exits_2_and_names_the_variable(tmp_path):
    result = run_job(OUTPUT_PATH=str(tmp_path / "o.jsonl"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ingestion: error: SOURCE_API_URL is not set: give the http(s) URL of the records API"
    )
