"""``--watch`` and ``--serve`` on the command line: what they cannot be combined with, and the
server's start and stop around the watch loop."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

from . import watch

# Options that do something else than build, or print for scripts: they do not mix with watching.
_ALONE = {"check": "--check", "status": "--status", "export_po": "--export-po", "import_po": "--import-po",
          "json": "--json", "report": "--report"}


def preview(args, root: Path, parser) -> int:
    mode = "--serve" if args.serve else "--watch"
    for name, option in _ALONE.items():
        if getattr(args, name):
            parser.error(f"{option} cannot be combined with {mode}")  # exits 2
    if not args.serve:
        return watch.run(args, root)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port {args.port} is not a port number (1 to 65535, or 0 for any free one)")
    from .server import PreviewServer, State
    state = State(args.out or root / "output")
    try:
        server = PreviewServer(args.port, state)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            parser.error(f"port {args.port} is in use (another preview?); choose another with --port N")
        raise
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    print(f"preview: {server.url} (listening on 127.0.0.1 only; Ctrl-C to stop)", flush=True)
    try:
        return watch.run(args, root, state)
    finally:
        server.stop()
