import pytest

from ingestion.transform import InvalidRecord, normalise, transform

GOOD = {
    "id": "7",
    "name": "  Ada   Lovelace ",
    "email": " ADA@Example.org ",
    "signed_up": "2024-03-01T10:00:00+02:00",
    "tags": ["Math", "math", " poetry "],
}


def test_normalise_cleans_every_field():
    assert normalise(GOOD) == {
        "id": 7,
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "signed_up": "2024-03-01T08:00:00Z",
        "tags": ["math", "poetry"],
    }


def test_a_bare_date_becomes_midnight_utc():
    assert normalise({**GOOD, "signed_up": "2024-01-02"})["signed_up"] == "2024-01-02T00:00:00Z"


def test_a_naive_datetime_is_taken_as_utc():
    record = normalise({**GOOD, "signed_up": "2024-01-02T03:04:05"})
    assert record["signed_up"] == "2024-01-02T03:04:05Z"


def test_missing_tags_become_an_empty_list():
    assert normalise({k: v for k, v in GOOD.items() if k != "tags"})["tags"] == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", 0, "id must be a positive integer"),
        ("id", True, "id must be a positive integer"),
        ("name", "   ", "name must be a non-empty string"),
        ("email", "not-an-email", "email must look like"),
        ("signed_up", "yesterday", "signed_up is not ISO 8601"),
        ("tags", "a,b", "tags must be a list of strings"),
    ],
)
def test_invalid_fields_are_named(field, value, message):
    with pytest.raises(InvalidRecord, match=message):
        normalise({**GOOD, field: value})


def test_transform_keeps_the_first_record_per_id_and_reports_the_rest():
    accepted, rejected = transform([GOOD, {**GOOD, "name": "Other"}, "junk"])
    assert [r["name"] for r in accepted] == ["Ada Lovelace"]
    assert [(r.position, r.reason) for r in rejected] == [
        (1, "duplicate id 7"),
        (2, "record must be a JSON object"),
    ]
