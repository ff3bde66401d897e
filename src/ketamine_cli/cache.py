"""A cache of validated data, so that a command need not import Pydantic for data that has passed the models.

The cache lives in `$XDG_CACHE_HOME/ketamine` (or `~/.cache/ketamine`), one entry per data file. It keeps to these
rules:

- **Never stale.** An entry holds, before the validated document, the data file's path and a 256-bit BLAKE2b
  digest of the file's content and of the code that shaped the document (the models and the modules they import,
  `fields.py` and `choices.py`, the loader `data.py`, the package version, the Pydantic and tomli releases and the
  Python version). A hit needs the same path and the same digest of what is on disk now, so an edited file or
  changed code is never served from an old entry. The digest, not the content, is stored so that an entry is hardly
  larger than its document; serving a wrong entry would take two inputs with one BLAKE2b digest, which no one has
  ever found.
- **Checked on every read.** The header line records the document's length and CRC-32, and both must match.
  Anything unexpected is a miss: a header that is not exactly the expected one, a checksum that differs, a document
  that is not JSON, nests deeper than any data file can (`MAX_DEPTH`), or is not an object with a "routes" list of
  objects with an "id".
- **Only the user's own.** An entry that is not a regular file, belongs to another user, or may be written by the
  group or others is ignored. Files that are not the user's are never deleted or replaced.
- **Written whole.** A new entry is written to a `.tmp-*` draft in the same folder, with mode 0600, then renamed
  over the old one, so a reader sees the old entry or the new one, never half of one. The draft is removed on every
  way out, Ctrl-C included; a draft left by a crash is removed once it is an hour old.
- **Bounded.** At most 32 entries and 64 MiB: entries whose data file no longer exists are removed, then the least
  recently used beyond either bound (a hit touches its entry, so the modification time is the time of last use).
  An entry larger than the whole bound is not written. This cleaning is done only when an entry is written, never
  on a hit.
- **A convenience only.** An entry that is missing, damaged, unreadable or unwritable is a miss, silently, and the
  data is validated again. Deleting the folder is always safe.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__

try:
    # hashlib's own BLAKE2, without the 4 ms that importing hashlib spends loading OpenSSL, a twentieth of a start-up.
    from _blake2 import blake2b as _blake2b
except ImportError:  # a Python built without it still has hashlib's
    from hashlib import blake2b as _blake2b

MAX_ENTRIES = 32
MAX_BYTES = 64 * 1024 * 1024
STALE_DRAFT_SECONDS = 60 * 60

_HERE = Path(__file__).parent
# The modules whose code decides what a document holds. records.py is not among them: it only reads an entry back,
# afresh on every run, so an edit to it applies to old entries at once.
_SOURCES = ("models.py", "fields.py", "choices.py", "data.py")
_FORMAT = 3  # raised whenever the layout of an entry changes, so that an old layout is a miss
_HEADER_LIMIT = 200  # the header line is shorter; one that runs on is damage, and is not read further
_DRAFT_PREFIX = ".tmp-"
_SUFFIX = ".cache"
_PATH_LIMIT = 16 * 1024  # how far into an entry pruning looks for the data file's path
# The files whose text names the release of a library that shapes the document: the validator, and the TOML parser.
_LIBRARY_VERSION_FILES = ("pydantic/version.py", "tomli/__init__.py")
# The models nest six levels (the data set, a list of conditions, a condition, its findings, a finding, its sources);
# an entry deeper than this was not written by this code, and reading it could recurse past Python's limit.
MAX_DEPTH = 32


def read(data_path: Path, content: bytes) -> dict[str, Any] | None:
    """The validated document stored for this file with exactly this content, or None."""
    entry = _entry_path(data_path)
    if entry is None:
        return None
    try:
        stored = _read_own_entry(entry)
        document = None if stored is None else _document(stored, _key(data_path, content))
    except Exception:  # whatever an entry holds, it is only ever a miss
        return None
    if document is not None:
        with contextlib.suppress(OSError):
            os.utime(entry)  # the time of last use, which decides what pruning removes first
    return document


def write(data_path: Path, content: bytes, document: dict[str, Any]) -> None:
    """Store a validated document, atomically, then keep the folder within its bounds."""
    import tempfile  # only a miss writes, and a hit should not pay for the import

    entry = _entry_path(data_path)
    if entry is None:
        return
    try:
        key = _key(data_path, content)
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    except Exception:  # the command has its data already; a document that cannot be stored is no error
        return
    header = _header(len(key), body)
    if len(header) + 1 + len(key) + len(body) > MAX_BYTES:
        return  # an entry that alone breaks the bound is not kept
    with contextlib.suppress(OSError):
        if not _users(os.lstat(entry)):
            return  # another user's entry is neither trusted nor replaced
    draft: str | None = None
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, draft = tempfile.mkstemp(dir=entry.parent, prefix=_DRAFT_PREFIX)  # mode 0600
        with os.fdopen(descriptor, "wb") as file:
            file.write(header + b"\n")
            file.write(key)
            file.write(body)
        os.replace(draft, entry)
        draft = None
    except OSError:
        return  # a read-only disk, or no room: the command has its data already, so say nothing
    finally:
        if draft is not None:  # an error or an interrupt: the draft goes, and an interrupt goes on up
            with contextlib.suppress(OSError):
                os.unlink(draft)
    _prune(entry)


def cache_dir() -> Path | None:
    configured = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(configured):  # the XDG rule: a relative path is to be ignored
        return Path(configured) / "ketamine"
    try:
        return Path.home() / ".cache" / "ketamine"
    except RuntimeError:  # no home directory to be found
        return None


@cache
def code_fingerprint() -> bytes:
    """What decides the document a file gives: the models, the modules they import and the loader as written, the
    package version, the Pydantic and tomli releases and the Python version."""
    sources = [*(_HERE / name for name in _SOURCES), *map(_library_file, _LIBRARY_VERSION_FILES)]
    versions = [__version__.encode(), sys.version.encode()]
    return b"\0".join([*versions, *(source.read_bytes() for source in sources if source is not None)])


def _key(data_path: Path, content: bytes) -> bytes:
    """What an entry must match: the file's path, then the digest of the code and the file's content."""
    path = os.fsencode(os.path.abspath(data_path))
    digest = _blake2b(code_fingerprint(), digest_size=32)
    digest.update(b"\0")
    digest.update(content)
    return b"\0".join([path, digest.hexdigest().encode()])


def _header(key_length: int, body: bytes) -> bytes:
    """The first line of an entry: compared byte for byte, so that it is never parsed."""
    fields = {"format": _FORMAT, "key_length": key_length, "body_length": len(body), "body_crc32": zlib.crc32(body)}
    return json.dumps(fields, separators=(",", ":")).encode()


def _document(stored: bytes, key: bytes) -> dict[str, Any] | None:
    """The document in an entry read whole, if the entry is for this key and intact."""
    header_end = stored.find(b"\n", 0, _HEADER_LIMIT)
    body_start = header_end + 1 + len(key)
    if header_end < 0 or not stored.startswith(key, header_end + 1):
        return None
    body = stored[body_start:]
    if stored[:header_end] != _header(len(key), body):
        return None
    document = json.loads(body)
    if not isinstance(document, dict) or not isinstance(routes := document.get("routes"), list):
        return None
    if not all(isinstance(route, dict) and isinstance(route.get("id"), str) for route in routes):
        return None
    return document if _depth_at_most(document, MAX_DEPTH) else None


def _read_own_entry(entry: Path) -> bytes | None:
    """An entry's bytes, if it is a regular file of the user's that no one else may write."""
    # Not through a symbolic link, and without waiting on a named pipe put in an entry's place.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(entry, flags), "rb") as file:
        info = os.fstat(file.fileno())
        if not _owned(info) or info.st_mode & 0o022:
            return None
        return file.read()


def _owned(info: os.stat_result) -> bool:
    """A regular file that belongs to the user running the command."""
    return stat.S_ISREG(info.st_mode) and _users(info)


def _users(info: os.stat_result) -> bool:
    """Whether a file belongs to the user running the command."""
    if sys.platform == "win32":
        return True  # no owner ids to compare, and mode bits that mean something else
    return info.st_uid == os.getuid()


def _prune(written: Path) -> None:
    """Remove old drafts, entries for data files that are gone, and the least recently used entries beyond the
    bounds, keeping the entry just written. Only the user's own files are touched."""
    import time

    now = time.time()
    entries: list[tuple[float, int, Path]] = []
    with contextlib.suppress(OSError), os.scandir(written.parent) as listing:
        for item in listing:
            with contextlib.suppress(OSError):
                info = item.stat(follow_symlinks=False)
                if not _owned(info):
                    continue
                path = Path(item.path)
                if item.name.startswith(_DRAFT_PREFIX):
                    if now - info.st_mtime > STALE_DRAFT_SECONDS:
                        path.unlink()
                elif item.name.endswith(_SUFFIX):
                    if path == written or _data_file_exists(path):
                        entries.append((info.st_mtime, info.st_size, path))
                    else:
                        path.unlink()
    # The entry just written first, then the most recently used.
    entries.sort(key=lambda found: (found[2] == written, found[0]), reverse=True)
    total = 0
    for count, (_, size, path) in enumerate(entries, start=1):
        total += size
        if count > MAX_ENTRIES or total > MAX_BYTES:
            with contextlib.suppress(OSError):
                path.unlink()


def _data_file_exists(entry: Path) -> bool:
    """Whether the data file an entry was made from is still there; an entry that does not say is damaged."""
    with entry.open("rb") as file:
        start = file.read(_HEADER_LIMIT + _PATH_LIMIT)
    header_end = start.find(b"\n", 0, _HEADER_LIMIT)
    path_end = start.find(b"\0", header_end + 1)
    return header_end >= 0 and path_end > header_end + 1 and os.path.exists(start[header_end + 1 : path_end])


def _entry_path(data_path: Path) -> Path | None:
    """One entry per data file, so an edited file replaces its old entry instead of piling up beside it. Two paths
    that share a name here only take turns: the entry holds its full path, which a hit must match."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{zlib.crc32(os.fsencode(os.path.abspath(data_path))):08x}{_SUFFIX}"


def _library_file(relative: str) -> Path | None:
    # Looked for along the import path rather than imported: importing Pydantic is what the cache is there to avoid.
    for folder in sys.path:
        candidate = Path(folder or ".") / relative
        if candidate.is_file():
            return candidate
    return None


def _depth_at_most(document: dict[str, Any], limit: int) -> bool:
    """Whether the document nests no deeper than the limit, found level by level rather than by recursion."""
    level: list[Any] = [document]
    for _ in range(limit):
        level = [
            inner
            for outer in level
            for inner in (outer.values() if isinstance(outer, dict) else outer)
            if isinstance(inner, dict | list)
        ]
        if not level:
            return True
    return False
