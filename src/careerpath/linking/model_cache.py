"""Build a model folder once, safely: parallel workers never read a half-written one."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def build_once(final: Path, build: Callable[[Path], None], *, marker: str = "model.int8.onnx") -> Path:
    """Return ``final``, first calling ``build(staging)`` and renaming the staging folder when ``marker`` is absent."""
    if (final / marker).is_file():
        return final
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".building-", dir=final.parent))  # beside final: rename is atomic
    try:
        build(staging)
        try:
            staging.rename(final)
        except OSError:  # another process finished first; its copy is identical
            if not (final / marker).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final
