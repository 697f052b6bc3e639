"""Client for an OpenAI-compatible chat completions API."""

import httpx

from alie.settings import Settings

SYSTEM_PROMPT = "You answer questions about the dataface data platform in two sentences or fewer."


class ModelError(Exception):
    """The model API could not give an answer; the message never contains the key."""


async def ask_model(settings: Settings, question: str) -> str:
    if not settings.api_key:
        raise ModelError("OPENAI_API_KEY is not configured")
    payload = {
        "model": settings.model,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": question},
        ],
    }
    headers = {"Authorization": f"Bearer {settings.api_key}"}
    url = f"{settings.base_url}/chat/completions"
    try:
        async with httpx.AsyncClient(timeout=settings.timeout_seconds) as client:
            response = await client.post(url, json=payload, headers=headers)
    except httpx.HTTPError as error:
        raise ModelError(
            f"model API at {settings.base_url} unreachable: {type(error).__name__}"
        ) from None
    if response.status_code != 200:
        raise ModelError(f"model API answered HTTP {response.status_code}")
    try:
        return response.json()["choices"][0]["message"]["content"].strip()
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ModelError("model API answered with an unexpected body") from None
