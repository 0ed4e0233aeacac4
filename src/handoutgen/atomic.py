"""Files that appear whole or not at all: write to a temporary file beside, then rename."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give; mkstemp's 0600 would hide PDFs on a shared drive
# .<final name>.<random>.tmp, as mkstemp makes them below
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]{8}\.tmp")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers only ever see the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # on disk before the rename makes it the file readers see
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:  # Ctrl-C and a full disk included: leave nothing half-written behind
        os.unlink(tmp)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """The rename is on disk only once the folder is: without this, a power cut just after a
    build can bring back the old PDF next to a ledger or manifest that names the new one."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sweep_temporary(folder: Path, keep: Callable[[str], bool]) -> None:
    """Remove temporary files that a killed process left in ``folder`` for final names that
    ``keep(name)`` accepts."""
    for path in folder.iterdir() if folder.is_dir() else ():
        match = _TEMPORARY.fullmatch(path.name)
        if match and keep(match["name"]):
            path.unlink(missing_ok=True)
