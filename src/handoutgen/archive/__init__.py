"""The archive: every PDF a build publishes, kept by content, with a ledger of when each was
current (ledger.py), and the commands that answer from it (command.py)."""

from .ledger import ARCHIVE, Archive, ArchiveError, Entry, default_folder, keeping

__all__ = ["ARCHIVE", "Archive", "ArchiveError", "Entry", "default_folder", "keeping"]
