"""Which workflows this advisor uses, and when: the palette puts them first. Kept across
restarts in a small JSON file in the user's data folder (no patient data in it)."""

from __future__ import annotations

import json
import logging
import math
import os
import time
from pathlib import Path

import platformdirs

log = logging.getLogger("caredesk.usage")
HALF_LIFE_DAYS = 14.0


def default_path() -> Path:
    base = os.environ.get("CAREDESK_DATA_DIR") or platformdirs.user_data_dir(
        "caredesk", appauthor=False
    )
    return Path(base) / "palette-usage.json"


class Usage:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self._data: dict[str, dict[str, float]] = {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(raw, dict):
                self._data = {
                    str(k): {"count": float(v["count"]), "last": float(v["last"])}
                    for k, v in raw.items()
                    if isinstance(v, dict)
                }
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("palette usage file unreadable (%s); starting afresh", type(exc).__name__)

    def frecency(self, key: str, now: float | None = None) -> float:
        """Uses, each worth less as it ages (half-life two weeks); 0 for never used."""
        entry = self._data.get(key)
        if entry is None:
            return 0.0
        age_days = max(0.0, ((now or time.time()) - entry["last"]) / 86400)
        return entry["count"] * math.pow(0.5, age_days / HALF_LIFE_DAYS)

    def record(self, key: str) -> None:
        entry = self._data.setdefault(key, {"count": 0.0, "last": 0.0})
        entry["count"] += 1
        entry["last"] = time.time()

    def save(self) -> None:
        """Small and atomic: written to a temporary file, then renamed over the old one."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self._data), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as exc:
            log.warning("could not save palette usage: %s", exc)
