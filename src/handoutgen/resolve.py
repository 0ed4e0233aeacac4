"""One resolver for every file that an input names: images, the clinic logo, glossaries, the
layout a layout extends, the handout a translation is checked against.

Input files live on shared drives and arrive by email, so a name inside one is untrusted. A
name is confined to the folder that holds the files of its kind (the *root*): it must be
relative, must not climb out of the root, nor lead out through a symbolic link, and must name a
regular file (not a device, a pipe or a folder) of a bounded size. The file is read once, and
its digest comes from that same read, so what is checked, what is drawn and what goes into a
PDF's input key are the same bytes.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path


class Refused(Exception):
    """A name that breaks the rules above, or a file that cannot be read; the message says
    what is wrong and what to change, without the name itself (the caller quotes it)."""

    def __init__(self, message: str, too_large: bool = False):
        super().__init__(message)
        self.too_large = too_large  # the caller may add how to make it smaller


@dataclass(frozen=True)
class Read:
    path: str  # the real path, symbolic links resolved
    data: bytes
    digest: str  # sha256 of data, hex


@dataclass(frozen=True)
class Scope:
    """Where names in one input are looked up: relative to ``base``, confined to ``root``."""
    base: Path
    root: Path
    base_name: str  # "the handout's folder"
    root_name: str  # "the handouts folder"

    def confine(self, name: str) -> Path:
        """The real path of ``name``, checked against the rules in the module notes."""
        if not name or "\0" in name:
            raise Refused("is not a file name")
        if os.path.isabs(name) or name.startswith(("\\", "~")) or (len(name) > 1 and name[1] == ":"):
            raise Refused(f"is an absolute path; give a path relative to {self.base_name}")
        try:
            real = (self.base / name).resolve(strict=True)
        except FileNotFoundError:
            raise Refused(f"does not exist (the path is relative to {self.base_name})") from None
        except (OSError, RuntimeError):  # a loop of symbolic links, a name too long
            raise Refused("cannot be opened") from None
        if not real.is_relative_to(self.root.resolve()):
            raise Refused(f"is outside {self.root_name}; keep the file inside it")
        return real

    def read(self, name: str, limit: int) -> Read:
        return read_limited(self.confine(name), limit)


def read_limited(path: Path, limit: int) -> Read:
    """The bytes of a regular file of at most ``limit`` bytes. The checks are made on the open
    file, so a file swapped for a device or a link after it was named is still refused."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise Refused(f"cannot be opened ({exc.strerror.lower()})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("is not a regular file")
        if info.st_size > limit:
            raise Refused(_too_large(info.st_size, limit), too_large=True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while it was read
        raise Refused(_too_large(len(data), limit), too_large=True)
    return Read(str(path), data, hashlib.sha256(data).hexdigest())


def _too_large(size: int, limit: int) -> str:
    shown = _size(size)
    return f"is larger than {_size(limit)}" if shown == _size(limit) else f"is {shown}; the most is {_size(limit)}"


def _size(n: int) -> str:
    for unit, factor in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"
