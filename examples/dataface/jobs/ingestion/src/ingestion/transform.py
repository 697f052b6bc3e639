"""Validate and normalise raw records into the shape the job writes."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidRecord(ValueError):
    """One record cannot be loaded; the message says which field and why."""


@dataclass(frozen=True)
class Rejected:
    position: int
    reason: str


def _id(value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidRecord("id must be a positive integer")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value <= 0:
        raise InvalidRecord("id must be a positive integer")
    return value


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidRecord("name must be a non-empty string")
    return " ".join(value.split())


def _email(value: Any) -> str:
    if not isinstance(value, str) or not EMAIL.match(value.strip()):
        raise InvalidRecord("email must look like name@domain.tld")
    return value.strip().lower()


def _timestamp(value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidRecord("signed_up must be an ISO 8601 date or date-time string")
    text = value.strip()
    try:
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidRecord(f"signed_up is not ISO 8601: {text!r}") from None
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _tags(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise InvalidRecord("tags must be a list of strings")
    return sorted({tag.strip().lower() for tag in value if tag.strip()})


def normalise(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidRecord("record must be a JSON object")
    return {
        "id": _id(raw.get("id")),
        "name": _name(raw.get("name")),
        "email": _email(raw.get("email")),
        "signed_up": _timestamp(raw.get("signed_up")),
        "tags": _tags(raw.get("tags")),
    }


def transform(raws: list[Any]) -> tuple[list[dict[str, Any]], list[Rejected]]:
    """Accepted records in source order (first one wins per id) and the rejected ones."""
    accepted: list[dict[str, Any]] = []
    rejected: list[Rejected] = []
    seen: set[int] = set()
    for position, raw in enumerate(raws):
        try:
            record = normalise(raw)
        except InvalidRecord as error:
            rejected.append(Rejected(position, str(error)))
            continue
        if record["id"] in seen:
            rejected.append(Rejected(position, f"duplicate id {record['id']}"))
            continue
        seen.add(record["id"])
        accepted.append(record)
    return accepted, rejected
