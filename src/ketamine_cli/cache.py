"""A cache of validated data, so that a command need not import Pydantic for data that has passed the models.

An entry holds, before the validated document, the exact bytes it stands for: the code that validated it (the
models and the loader, the package version, and the Pydantic release) and the data file. A hit is byte-for-byte
equality with what is on disk now, so an edited file or changed code is never served from an old entry; there is
no hash to collide, and no hashing library to load. The cache is a convenience only: an entry that is missing,
corrupt, unreadable or unwritable is a miss, silently, and the data is validated again.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__

_HERE = Path(__file__).parent


def read(data_path: Path, content: bytes) -> dict[str, Any] | None:
    """The validated document stored for this file with exactly this content, or None."""
    entry = _entry_path(data_path)
    if entry is None:
        return None
    try:
        stored = entry.read_bytes()
        header_end = stored.index(b"\n")
        header = json.loads(stored[:header_end])
        key = _key(data_path, content)
        body = header_end + 1 + len(key)
        if header != {"key_length": len(key)} or stored[header_end + 1 : body] != key:
            return None
        document = json.loads(stored[body:])
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) else None


def write(data_path: Path, content: bytes, document: dict[str, Any]) -> None:
    """Store a validated document, atomically: a reader sees the old entry or the new one, never half of one."""
    import tempfile  # only a miss writes, and a hit should not pay for the import

    entry = _entry_path(data_path)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
    except OSError:
        return  # a read-only disk, or no room: the command has its data already, so say nothing
    key = _key(data_path, content)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(json.dumps({"key_length": len(key)}).encode() + b"\n" + key)
            file.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())
        os.replace(draft, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(draft)


def cache_dir() -> Path | None:
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):  # the XDG rule: a relative path is to be ignored
        return Path(configured) / "ketamine"
    try:
        return Path.home() / ".cache" / "ketamine"
    except RuntimeError:  # no home directory to be found
        return None


def _key(data_path: Path, content: bytes) -> bytes:
    """Everything an entry must match, as one run of bytes: the file's path, the code, the file's content."""
    path = os.fsencode(os.path.abspath(data_path))
    return b"\0".join([path, code_fingerprint(), content])


@cache
def code_fingerprint() -> bytes:
    """What decides whether a file passes: the models and loader as written, and the Pydantic release."""
    sources = (_HERE / "models.py", _HERE / "data.py", _pydantic_version_file())
    return b"\0".join([__version__.encode(), *(source.read_bytes() for source in sources if source is not None)])


def _entry_path(data_path: Path) -> Path | None:
    """One entry per data file, so an edited file replaces its old entry instead of piling up beside it. Two paths
    that share a name here only take turns: the entry holds its full path, which a hit must match."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{zlib.crc32(os.fsencode(os.path.abspath(data_path))):08x}.cache"


def _pydantic_version_file() -> Path | None:
    # Looked for along the import path rather than imported: importing Pydantic is what the cache is there to avoid.
    for folder in sys.path:
        candidate = Path(folder or ".") / "pydantic" / "version.py"
        if candidate.is_file():
            return candidate
    return None
