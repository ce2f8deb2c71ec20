"""A download's Content-Disposition, shared by the features that send generated files (Excel, Word, PDF)."""

from __future__ import annotations

import re
from urllib.parse import quote

# Characters that would end the quoted name, split the header, or name a path on the client.
_UNSAFE_FILENAME = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


def content_disposition(ascii_name: str, unicode_name: str) -> str:
    """`attachment` with a plain ASCII name for old clients and the real (Chinese) name per RFC 5987/6266."""
    fallback = _UNSAFE_FILENAME.sub("_", ascii_name).encode("ascii", "replace").decode("ascii").replace("?", "_")
    encoded = quote(_UNSAFE_FILENAME.sub("_", unicode_name), safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
