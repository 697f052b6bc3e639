import pytest

from ingestion.config import ConfigError, load_config


def test_minimal_environment_gives_defaults(tmp_path):
    config = load_config(
        {"SOURCE_API_URL": "https://api.example.test/records", "OUTPUT_PATH": f"{tmp_path}/o.jsonl"}
    )
    assert config.max_rejected_ratio == 0.1
    assert config.max_pages == 100
    assert config.token is None


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OUTPUT_PATH": "out.jsonl"}, "SOURCE_API_URL is not set"),
        ({"SOURCE_API_URL": "ftp://host/x", "OUTPUT_PATH": "out.jsonl"}, "http:// or https://"),
        ({"SOURCE_API_URL": "http://h/x"}, "OUTPUT_PATH is not set"),
        (
            {"SOURCE_API_URL": "http://h/x", "OUTPUT_PATH": "out.jsonl", "MAX_REJECTED_RATIO": "2"},
            "between 0 and 1",
        ),
        (
            {"SOURCE_API_URL": "http://h/x", "OUTPUT_PATH": "out.jsonl", "MAX_PAGES": "many"},
            "MAX_PAGES must be a whole number",
        ),
    ],
)
def test_wrong_environment_names_the_variable(env, message):
    with pytest.raises(ConfigError, match=message):
        load_config(env)


def test_output_path_must_not_be_a_directory(tmp_path):
    with pytest.raises(ConfigError, match="is a directory"):
        load_config({"SOURCE_API_URL": "http://h/x", "OUTPUT_PATH": str(tmp_path)})


def test_token_is_not_in_the_repr(tmp_path):
    config = load_config(
        {
            "SOURCE_API_URL": "http://h/x",
            "OUTPUT_PATH": "out.jsonl",
            "SOURCE_API_TOKEN": "tok-value",
        }
    )
    assert "tok-value" not in repr(config)
