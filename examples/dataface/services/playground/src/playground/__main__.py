"""`python -m playground`: serve the API on $PORT (default 8080) on all interfaces."""

import os
import sys

import uvicorn


def port_from_env() -> int:
    raw = os.environ.get("PORT", "8080")
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        sys.exit(f"playground: PORT must be a number between 1 and 65535, got {raw!r}")
    return int(raw)


def main() -> None:
    # Containers must listen on every interface; Cloud Run sends traffic to $PORT.
    uvicorn.run(
        "playground.main:app",
        host="0.0.0.0",  # noqa: S104
        port=port_from_env(),
        proxy_headers=True,
        forwarded_allow_ips="*",
    )


if __name__ == "__main__":
    main()
