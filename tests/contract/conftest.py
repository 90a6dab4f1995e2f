from __future__ import annotations

import os
import sys
from pathlib import Path

FAKES = str(Path(__file__).resolve().parents[1] / "unit" / "market")
sys.path.insert(0, FAKES)
# Spark's Python workers import the fake parser too.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (FAKES, os.environ.get("PYTHONPATH", "")) if p)
