"""Write records as JSON lines, replacing the destination atomically."""

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any


class LoadError(Exception):
    """The destination could not be written."""


def write_json_lines(path: Path, records: Iterable[dict[str, Any]]) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as error:
        raise LoadError(f"cannot write to {path.parent}: {error.strerror}") from None
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
        os.replace(tmp_name, path)
    except OSError as error:
        Path(tmp_name).unlink(missing_ok=True)
        raise LoadError(f"cannot write {path}: {error.strerror}") from None
    return count
