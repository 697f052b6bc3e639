"""Job configuration, read from the environment and validated before any work starts."""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class ConfigError(Exception):
    """The environment does not describe a runnable job; the message says what to set."""


@dataclass(frozen=True)
class JobConfig:
    source_url: str
    output_path: Path
    max_rejected_ratio: float = 0.1
    max_pages: int = 100
    timeout_seconds: float = 30.0
    token: str | None = field(default=None, repr=False)


def _number(env: Mapping[str, str], name: str, default: str, kind: type) -> float | int:
    raw = env.get(name, default)
    try:
        value = kind(raw)
    except ValueError:
        noun = "whole number" if kind is int else "number"
        raise ConfigError(f"{name} must be a {noun}, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name} must not be negative, got {raw!r}")
    return value


def load_config(env: Mapping[str, str] = os.environ) -> JobConfig:
    source_url = env.get("SOURCE_API_URL", "").strip()
    if not source_url:
        raise ConfigError("SOURCE_API_URL is not set: give the http(s) URL of the records API")
    if urlsplit(source_url).scheme not in ("http", "https") or not urlsplit(source_url).netloc:
        raise ConfigError(f"SOURCE_API_URL must be an http:// or https:// URL, got {source_url!r}")
    output = env.get("OUTPUT_PATH", "").strip()
    if not output:
        raise ConfigError("OUTPUT_PATH is not set: give the JSON lines file to write")
    output_path = Path(output)
    if output_path.is_dir():
        raise ConfigError(f"OUTPUT_PATH must be a file path, but {output!r} is a directory")
    ratio = float(_number(env, "MAX_REJECTED_RATIO", "0.1", float))
    if ratio > 1:
        raise ConfigError(f"MAX_REJECTED_RATIO must be between 0 and 1, got {ratio}")
    max_pages = int(_number(env, "MAX_PAGES", "100", int))
    if max_pages == 0:
        raise ConfigError("MAX_PAGES must be at least 1")
    return JobConfig(
        source_url=source_url,
        output_path=output_path,
        max_rejected_ratio=ratio,
        max_pages=max_pages,
        timeout_seconds=float(_number(env, "REQUEST_TIMEOUT_SECONDS", "30", float)),
        token=env.get("SOURCE_API_TOKEN") or None,
    )
