"""Fetch raw records from the source API, following `next` links page by page."""

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import httpx

from ingestion.config import JobConfig


class ExtractError(Exception):
    """The source API did not deliver records; the message never contains the token."""


def _page_records(url: str, body: Any) -> tuple[list[Any], str | None]:
    if isinstance(body, list):
        return body, None
    if isinstance(body, dict) and isinstance(body.get("records"), list):
        next_url = body.get("next")
        if next_url is not None and not isinstance(next_url, str):
            raise ExtractError(f"{url}: 'next' must be a URL string or null")
        return body["records"], urljoin(url, next_url) if next_url else None
    raise ExtractError(f"{url}: expected a JSON list or an object with a 'records' list")


def fetch_records(config: JobConfig, client: httpx.Client) -> Iterator[Any]:
    headers = {"Accept": "application/json"}
    if config.token:
        headers["Authorization"] = f"Bearer {config.token}"
    url: str | None = config.source_url
    pages = 0
    while url is not None:
        if pages == config.max_pages:
            raise ExtractError(
                f"stopped after MAX_PAGES={config.max_pages} pages; raise MAX_PAGES if the "
                "source really has more"
            )
        try:
            response = client.get(url, headers=headers, timeout=config.timeout_seconds)
        except httpx.HTTPError as error:
            raise ExtractError(f"{url}: request failed ({type(error).__name__})") from None
        if response.status_code != 200:
            raise ExtractError(f"{url}: source API answered HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise ExtractError(f"{url}: source API did not answer with JSON") from None
        records, url = _page_records(str(response.url), body)
        pages += 1
        yield from records
