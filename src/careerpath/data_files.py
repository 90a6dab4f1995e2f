"""Access to the data files bundled in the package (``careerpath/data``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from careerpath.errors import DataError

# libyaml's C loader parses the bundled files about ten times faster than the pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def bundled_path(name: str) -> Path:
    """Return the path of a bundled data file."""
    return Path(str(resources.files("careerpath") / "data" / name))


def read_yaml(path: Path) -> Any:
    """Parse a YAML file, turning syntax errors into a DataError that names the file."""
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)
    except FileNotFoundError as exc:
        raise DataError(f"Data file {path} does not exist.") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(f"Data file {path} is not valid YAML: {exc}") from exc


def first_problem(exc: ValidationError) -> str:
    """Return "at FIELD.PATH: message" for the first error of a validation failure."""
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"at {where}: {first['msg']}"
