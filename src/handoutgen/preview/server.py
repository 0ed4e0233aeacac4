"""The preview server of ``generate.py --serve``: standard library HTTP, on 127.0.0.1 only.

Handouts being written can be unpublished drafts, so the server listens on the loopback address
only and answers only requests addressed to it by that name (a web page elsewhere cannot reach
it by pointing its own domain name at 127.0.0.1, "DNS rebinding"). It serves:

  /                     the preview page (page.html, page.css, page.js)
  /state                the last build as JSON: every PDF, its status and its diagnostics
  /events               Server-Sent Events: a message when a build starts and when it ends
  /pages/NAME/N.png     page N of the PDF NAME in the output folder, as an image (pypdfium2)
  /output/NAME          a file of the output folder: the PDFs and the catalogue page

NAME is one file name directly in the output folder: no folders, no hidden files (the manifest,
the lock), no symbolic links, and only PDFs and HTML. Nothing else of the disk is reachable.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import json
import os
import re
import stat
import threading
from collections import OrderedDict
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..catalogue.page import INDEX
from ..diagnostics import display_path
from .watch import Listener, Round

HOST = "127.0.0.1"
TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8"}
_STATIC = {"/": ("page.html", "text/html; charset=utf-8"), "/page.css": ("page.css", "text/css; charset=utf-8"),
           "/page.js": ("page.js", "text/javascript; charset=utf-8")}
_PAGE_IMAGE = re.compile(r"/pages/(?P<name>[^/]+)/(?P<page>[1-9][0-9]{0,3})\.png")
SCALE = 1.5  # 108 pixels per inch: body text stays legible on screen
KEEPALIVE_S = 15  # an idle event stream sends a comment this often, so a closed tab is noticed

try:
    import pypdfium2
except ImportError:  # the page then embeds the PDFs in the browser's own viewer instead
    pypdfium2 = None


class State(Listener):
    """The last build, as the page sees it; handler threads wait here for the next one."""

    def __init__(self, out: Path):
        self.out = out
        self.changes = threading.Condition()
        self.closing = False
        self.snapshot: dict = {"number": 0, "pdfs": [], "building": True}

    def building(self, changed: list[Path]) -> None:
        with self.changes:
            self.snapshot = {**self.snapshot, "building": True}
            self.changes.notify_all()

    def finished(self, r: Round) -> None:
        pdfs = [{
            "name": res.output.name if res.output else None,
            "handout": res.source.handout, "language": res.source.language, "layout": res.layout,
            "source": display_path(str(res.source.path)), "title": res.title, "status": res.status,
            "pages": res.pages, "version": _version(res.output) if res.ok and res.output else None,
            "errors": [d.to_dict() for d in res.errors], "warnings": [d.to_dict() for d in res.warnings],
        } for res in r.built.results]
        counts = {s: sum(p["status"] == s for p in pdfs) for s in ("built", "unchanged", "failed")}
        snapshot = {
            "number": r.number, "building": False, "finished": f"{r.finished:%H:%M:%S}",
            "changed": [display_path(str(p)) for p in r.changed], "counts": counts, "pdfs": pdfs,
            "problems": [*(d.to_dict() for d in r.diagnostics),
                         *({"where": "", "message": p, "severity": "error", "hint": "", "related": []}
                            for p in r.built.problems)],
            "images": pypdfium2 is not None,
            "catalogue": f"/output/{INDEX}" if (self.out / INDEX).is_file() else None,
        }
        with self.changes:
            self.snapshot = snapshot
            self.changes.notify_all()

    def current(self) -> dict:
        with self.changes:
            return self.snapshot

    def wait(self, seen: tuple, timeout: float) -> tuple:
        """(number, building) once it differs from ``seen``, or after ``timeout`` seconds."""
        with self.changes:
            self.changes.wait_for(lambda: self.closing or self._key() != seen, timeout)
            return self._key()

    def _key(self) -> tuple:
        return self.snapshot["number"], self.snapshot["building"]

    def close(self) -> None:
        with self.changes:
            self.closing = True
            self.changes.notify_all()


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the command from ending

    def __init__(self, port: int, state: State):
        self.state = state
        self.images = Images()
        super().__init__((HOST, port), Handler)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"

    def stop(self) -> None:
        self.state.close()
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "handouts-preview"

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._addressed_to_us():
            return self._fail(HTTPStatus.FORBIDDEN, "this preview answers only http://127.0.0.1 and http://localhost")
        path = urlsplit(self.path).path
        if path in _STATIC:
            name, kind = _STATIC[path]
            return self._send((importlib.resources.files(__package__) / name).read_bytes(), kind)
        if path == "/state":
            return self._send(json.dumps(self.server.state.current()).encode("utf-8"), "application/json")
        if path == "/events":
            return self._events()
        if path.startswith("/output/"):
            return self._output(unquote(path[len("/output/"):]))
        if match := _PAGE_IMAGE.fullmatch(path):
            return self._page_image(unquote(match["name"]), int(match["page"]))
        self._fail(HTTPStatus.NOT_FOUND, "not found")

    def _addressed_to_us(self) -> bool:
        host = self.headers.get("Host", "")
        return host in (f"{HOST}:{self.server.server_port}", f"localhost:{self.server.server_port}")

    def _output(self, name: str) -> None:
        data = _read_output(self.server.state.out, name)
        if data is None:
            return self._fail(HTTPStatus.NOT_FOUND, "no such file in the output folder")
        self._send(data, TYPES[Path(name).suffix])

    def _page_image(self, name: str, page: int) -> None:
        if pypdfium2 is None or not name.endswith(".pdf"):
            return self._fail(HTTPStatus.NOT_FOUND, "not found")
        png = self.server.images.get(self.server.state.out, name, page)
        if png is None:
            return self._fail(HTTPStatus.NOT_FOUND, "no such page")
        # The page asks with the PDF's version in the address, so a stored copy is never stale.
        self._send(png, "image/png", "private, max-age=3600")

    def _events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command == "HEAD":
            return
        state, seen = self.server.state, None
        try:
            while not state.closing:
                key = state.wait(seen, KEEPALIVE_S)
                if key == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    seen = key
                    event = json.dumps({"number": key[0], "building": key[1]})
                    self.wfile.write(f"data: {event}\n\n".encode())
                self.wfile.flush()
        except OSError:
            pass  # the tab was closed

    def _send(self, body: bytes, kind: str, cache: str = "no-store", status=HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _fail(self, status: HTTPStatus, message: str) -> None:
        self._send(f"{status.value} {message}\n".encode(), "text/plain; charset=utf-8", status=status)

    def log_message(self, format, *args) -> None:
        pass  # the terminal belongs to the build's messages


class Images:
    """PDF pages as PNG images, kept for the PDFs' current versions."""

    def __init__(self, size: int = 96):
        self.lock = threading.Lock()  # PDFium is not thread-safe
        self.cache: OrderedDict[tuple, bytes] = OrderedDict()
        self.size = size

    def get(self, out: Path, name: str, page: int) -> bytes | None:
        data = _read_output(out, name)
        if data is None:
            return None
        key = (hashlib.sha256(data).digest(), page)
        with self.lock:
            if key not in self.cache:
                image = _render(data, page)
                if image is None:
                    return None
                self.cache[key] = image
                while len(self.cache) > self.size:
                    self.cache.popitem(last=False)
            self.cache.move_to_end(key)
            return self.cache[key]


def _render(pdf: bytes, page: int) -> bytes | None:
    document = pypdfium2.PdfDocument(pdf)
    try:
        if page > len(document):
            return None
        bitmap = document[page - 1].render(scale=SCALE)
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, "PNG")
        return buffer.getvalue()
    finally:
        document.close()


def _read_output(out: Path, name: str) -> bytes | None:
    """The bytes of ``name`` in the output folder, if it may be served: a plain name (no folder,
    not hidden), a PDF or HTML file, and a regular file that is not a symbolic link."""
    if not name or "/" in name or "\\" in name or "\0" in name or name.startswith(".") \
            or Path(name).suffix not in TYPES:
        return None
    try:
        fd = os.open(out / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return f.read()


def _version(path: Path) -> str | None:
    try:
        s = path.stat()
    except OSError:
        return None
    return f"{s.st_size:x}-{s.st_mtime_ns:x}"
