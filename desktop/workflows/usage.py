"""Which workflows this advisor uses, and when: the palette puts them first. Kept across
restarts and sign-outs in a small JSON file per advisor (and server) in the user's data folder.

It is deliberately not in the offline cache: it holds no patient data (workflow keys, counts and
times), and the cache is wiped at every sign-out and expires after the server's lifetime (12 h),
while this ranking is meant to learn over weeks (a two-week half-life). One file per advisor,
named by a hash of the server and agent id, so advisors sharing a workstation each keep theirs."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from pathlib import Path

import platformdirs

log = logging.getLogger("caredesk.usage")
HALF_LIFE_DAYS = 14.0


def default_path(owner: str = "") -> Path:
    """``owner`` is who the ranking belongs to (server and agent id); empty before sign-in."""
    base = os.environ.get("CAREDESK_DATA_DIR") or platformdirs.user_data_dir(
        "caredesk", appauthor=False
    )
    if not owner:
        return Path(base) / "palette-usage.json"
    digest = hashlib.sha256(owner.encode("utf-8")).hexdigest()[:20]
    return Path(base) / f"palette-usage-{digest}.json"


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
