"""Where an export's temporary files go: a directory per request, removed whatever happens.

XlsxWriter in constant-memory mode writes each sheet's rows to a named temporary file and the workbook's parts to
more of them when it assembles the zip (about 5 MB for 20,000 rows). An export that fails half-way (a full disk,
a client gone, a bug) would leave them behind, and after a disk-full they keep the disk full. So each export gets
its own directory under TRACKER_EXPORT_TMPDIR, removed when the export ends; and at start-up (and before each
export, for servers that fork workers from a preloaded app), directories left by processes of this host that no
longer run (a killed worker) are swept. A directory is named after its host and process, so a TMPDIR shared
between hosts is safe too.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

PREFIX = "export-"


def _host() -> str:
    return "".join(c if c.isalnum() else "_" for c in socket.gethostname())


@contextmanager
def scratch_dir(root: str) -> Iterator[str]:
    """A new directory named after this host and process, removed with everything in it when the block ends."""
    sweep_scratch(root)
    os.makedirs(root, mode=0o700, exist_ok=True)
    path = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-{_host()}-", dir=root)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True


def sweep_scratch(root: str) -> None:
    """Remove the export directories of this host's processes that are gone."""
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return
    host = _host()
    for name in names:
        owner = name.removeprefix(PREFIX).split("-", 1)[0]
        ours = name.startswith(f"{PREFIX}{owner}-{host}-") and owner.isdigit()
        if ours and not _running(int(owner)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)
