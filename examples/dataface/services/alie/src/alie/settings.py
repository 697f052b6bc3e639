"""Configuration read from the environment at request time."""

import os
from dataclasses import dataclass, field

DEFAULT_BASE_URL = "https://api.openai.com/v1"
DEFAULT_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class Settings:
    base_url: str
    model: str
    timeout_seconds: float
    # repr=False keeps the key out of logs, tracebacks and error messages.
    api_key: str | None = field(default=None, repr=False)

    @property
    def model_configured(self) -> bool:
        return bool(self.api_key)


def load_settings() -> Settings:
    raw_timeout = os.environ.get("OPENAI_TIMEOUT_SECONDS", "20")
    try:
        timeout = float(raw_timeout)
    except ValueError:
        raise ValueError(
            f"OPENAI_TIMEOUT_SECONDS must be a number of seconds, got {raw_timeout!r}"
        ) from None
    return Settings(
        base_url=os.environ.get("OPENAI_BASE_URL", DEFAULT_BASE_URL).rstrip("/"),
        model=os.environ.get("OPENAI_MODEL", DEFAULT_MODEL),
        timeout_seconds=timeout,
        api_key=os.environ.get("OPENAI_API_KEY") or None,
    )
