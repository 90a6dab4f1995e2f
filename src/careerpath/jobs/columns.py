"""Column files of the match index: raw little-endian arrays that grow by appending and are read
memory-mapped, so that neither an incremental update nor a query holds a million postings in memory.

A column's length is recorded by its owner (the index's ``meta.json``), not by the file: bytes past
the recorded length (an interrupted append) are cut off before the next append, and a reader never
sees them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np


def read_column(path: Path, dtype: np.dtype | type, length: int, width: int = 1) -> np.ndarray:
    """``length`` rows (of ``width`` values each) of the column at ``path``, memory-mapped read-only."""
    shape: tuple[int, ...] = (length, width) if width > 1 else (length,)
    if length == 0:
        return np.zeros(shape, dtype=dtype)
    needed = length * width * np.dtype(dtype).itemsize
    if not path.is_file() or path.stat().st_size < needed:
        raise ValueError(f"match index column {path.name} is shorter than its recorded length")
    # A plain ndarray view of the map: indexing a np.memmap costs microseconds a call in Python.
    return np.asarray(np.memmap(path, dtype=dtype, mode="r", shape=shape))


class ColumnAppender:
    """Appends arrays of one dtype to a column file, after cutting it to its recorded length."""

    def __init__(self, path: Path, dtype: np.dtype | type, length: int = 0, width: int = 1) -> None:
        self.path, self.dtype, self.width = path, np.dtype(dtype), width
        self.length = length
        with path.open("ab") as handle:
            handle.truncate(length * width * self.dtype.itemsize)

    def append(self, values: np.ndarray) -> None:
        values = np.ascontiguousarray(values, dtype=self.dtype)
        with self.path.open("ab") as handle:
            values.tofile(handle)
        self.length += len(values)


def write_whole(path: Path, values: np.ndarray) -> None:
    """Replace a derived column in one step (readers holding the old file keep a consistent copy)."""
    partial = path.with_name(path.name + ".partial")
    np.ascontiguousarray(values).tofile(partial)
    os.replace(partial, path)


def dot_f16(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Inner products of float16 ``vectors`` with ``query``, as float32. NumKong (installed with usearch,
    the ``match`` extra) computes them with SIMD kernels without converting the rows; numpy's
    float16 -> float32 conversion is ~50x slower (40 ms for 20,000 rows of 384 on the project machine)."""
    if len(vectors) == 0:
        return np.zeros(0, dtype=np.float32)
    try:
        import numkong
    except ImportError:
        return np.asarray(vectors, dtype=np.float32) @ np.asarray(query, dtype=np.float32)
    half = np.ascontiguousarray(query, dtype=np.float16)[None, :]
    return np.asarray(numkong.cdist(half, np.ascontiguousarray(vectors), metric="dot"), dtype=np.float32)[0]


class StringColumn:
    """Strings stored as UTF-8 bytes plus int64 offsets (n + 1 of them), read without decoding them all."""

    def __init__(self, offsets: np.ndarray, data: np.ndarray) -> None:
        self.offsets, self.data = offsets, data

    def __len__(self) -> int:
        return max(len(self.offsets) - 1, 0)

    def __getitem__(self, row: int) -> str:
        lo, hi = int(self.offsets[row]), int(self.offsets[row + 1])
        return bytes(self.data[lo:hi]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (self[i] for i in range(len(self)))

    def tolist(self) -> list[str]:
        return list(self)
