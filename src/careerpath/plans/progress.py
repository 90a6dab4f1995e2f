"""Skills a person has finished, kept in a small JSON file keyed by skill id."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from careerpath.errors import DataError

PROGRESS_FORMAT = 1


@dataclass
class Progress:
    """Finished skills: skill id → ISO timestamp. Ids survive taxonomy updates; names may not."""

    done: dict[str, str] = field(default_factory=dict)

    def mark_done(self, skill_ids: list[str], when: datetime | None = None) -> list[str]:
        """Record skills as finished; return those that were not recorded yet."""
        stamp = (when or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        added = [s for s in skill_ids if s not in self.done]
        for skill_id in added:
            self.done[skill_id] = stamp
        return added

    def undo(self, skill_ids: list[str]) -> list[str]:
        removed = [s for s in skill_ids if s in self.done]
        for skill_id in removed:
            del self.done[skill_id]
        return removed


def load_progress(path: Path) -> Progress:
    """Return the progress stored at ``path`` (empty when the file does not exist yet)."""
    if not path.exists():
        return Progress()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Progress(done={str(k): str(v) for k, v in raw["done"].items()})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DataError(f"Progress file {path} is damaged ({exc}); fix or delete it.") from exc


def save_progress(progress: Progress, path: Path) -> None:
    """Write progress atomically, so an interrupted save never loses what was recorded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"format": PROGRESS_FORMAT, "done": dict(sorted(progress.done.items()))}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2)
    os.replace(tmp, path)
