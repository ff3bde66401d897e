"""What the output streams can carry."""

from typing import TextIO


def speaks_unicode(stream: TextIO) -> bool:
    """Whether a stream's encoding is a Unicode one; the stream's own, not the locale's."""
    encoding = (getattr(stream, "encoding", None) or "ascii").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")
