"""`python -m ingestion`: run the job once; exit 0 done, 1 run failed, 2 configuration wrong."""

import sys

import httpx

from ingestion.config import ConfigError, load_config
from ingestion.extract import ExtractError
from ingestion.job import DataQualityError, run
from ingestion.load import LoadError


def main() -> int:
    try:
        config = load_config()
    except ConfigError as error:
        print(f"ingestion: error: {error}", file=sys.stderr)
        return 2
    try:
        with httpx.Client(follow_redirects=True) as client:
            summary = run(config, client)
    except (ExtractError, DataQualityError, LoadError) as error:
        print(f"ingestion: error: {error}", file=sys.stderr)
        return 1
    print(summary.to_json())
    return 0


if __name__ == "__main__":
    sys.exit(main())
