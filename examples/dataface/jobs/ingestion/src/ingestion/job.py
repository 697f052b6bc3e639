"""One run of the job: extract, transform, load, with a summary and a clear failure."""

import json
from dataclasses import dataclass

import httpx

from ingestion.config import JobConfig
from ingestion.extract import fetch_records
from ingestion.load import write_json_lines
from ingestion.transform import Rejected, transform


class DataQualityError(Exception):
    """Too many records were invalid to trust the run."""


@dataclass(frozen=True)
class RunSummary:
    fetched: int
    loaded: int
    rejected: list[Rejected]

    def to_json(self) -> str:
        return json.dumps(
            {
                "fetched": self.fetched,
                "loaded": self.loaded,
                "rejected": len(self.rejected),
                "first_rejections": [
                    {"position": r.position, "reason": r.reason} for r in self.rejected[:5]
                ],
            },
            sort_keys=True,
        )


def run(config: JobConfig, client: httpx.Client) -> RunSummary:
    raws = list(fetch_records(config, client))
    accepted, rejected = transform(raws)
    if raws and len(rejected) / len(raws) > config.max_rejected_ratio:
        reasons = "; ".join(f"#{r.position}: {r.reason}" for r in rejected[:3])
        raise DataQualityError(
            f"{len(rejected)} of {len(raws)} records are invalid, more than "
            f"MAX_REJECTED_RATIO={config.max_rejected_ratio} ({reasons}); nothing was written"
        )
    loaded = write_json_lines(config.output_path, accepted)
    return RunSummary(fetched=len(raws), loaded=loaded, rejected=rejected)
