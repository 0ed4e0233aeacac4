"""`generate.py --serve`: the preview server as a real process, spoken to over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import socket

import datetime as dt
import signal
import threading

import pytest

from handoutgen.build import build, discover, layout_paths
from handoutgen.preview import server
from handoutgen.preview.watch import Round
from preview_fixture import Running, make_project, project_args, save


@pytest.fixture(scope="module")
def serving(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("serve"))
    (project / "secret.pdf").write_bytes(b"%PDF-1.7 an unpublished draft")
    running = Running(project, *project_args(project), "--serve", "--port", "0")
    port = int(running.expect(r"^preview: http://127\.0\.0\.1:(\d+)/").group(1))
    running.expect(r"^watching")
    yield project, running, port
    running.kill()


def get(port: int, path: str, host: str | None = None) -> tuple[int, dict, bytes]:
    """GET ``path`` exactly as written (no client-side clean-up of '..')."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host or f"127.0.0.1:{port}")
    connection.endheaders()
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def state(port: int) -> dict:
    status, headers, body = get(port, "/state")
    assert status == 200 and headers["content-type"] == "application/json"
    return json.loads(body)


class Events:
    """The page's event stream, read as the browser reads it."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", "/events")
        self.response = self.connection.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self) -> dict:
        while True:
            line = self.response.fp.readline().decode()
            assert line, "the event stream ended"
            if line.startswith("data: "):
                return json.loads(line[len("data: "):])

    def close(self) -> None:
        self.connection.close()


def test_the_page_lists_every_pdf_and_hears_of_every_rebuild(serving):
    project, running, port = serving
    status, headers, body = get(port, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b'<script src="/page.js" defer></script>' in body
    for path, kind in (("/page.js", "text/javascript"), ("/page.css", "text/css")):
        assert get(port, path)[1]["content-type"].startswith(kind)
    first = state(port)
    assert {(p["name"], p["title"]) for p in first["pdfs"]} == {
        ("cover-your-cough.en.a4.pdf", "Cover your cough"), ("cover-your-cough.en.letter.pdf", "Cover your cough"),
        ("hand-washing.en.a4.pdf", "Wash your hands the right way"),
        ("hand-washing.en.letter.pdf", "Wash your hands the right way")}
    assert first["catalogue"] == "/output/index.html"

    events = Events(port)
    try:
        assert events.next() == {"number": first["number"], "building": False}  # where the page stands
        handout = project / "handouts" / "hand-washing" / "en.yaml"
        save(handout, "  - id: steps", "  - id: Steps")
        assert events.next() == {"number": first["number"], "building": True}
        assert events.next() == {"number": first["number"] + 1, "building": False}
        broken = state(port)
        assert broken["changed"] == ["handouts/hand-washing/en.yaml"]
        assert broken["counts"] == {"built": 0, "unchanged": 2, "failed": 2}
        failed = [p for p in broken["pdfs"] if p["status"] == "failed"]
        assert {p["handout"] for p in failed} == {"hand-washing"}
        assert failed[0]["errors"][0]["where"] == "handouts/hand-washing/en.yaml:9:9"
        assert "section id 'Steps' is not valid" in failed[0]["errors"][0]["message"]

        save(handout, "  - id: Steps", "  - id: steps")
        assert events.next()["building"] is True
        assert events.next() == {"number": first["number"] + 2, "building": False}
        fixed = state(port)
        assert fixed["counts"] == {"built": 2, "unchanged": 2, "failed": 0}
        assert all(p["version"] for p in fixed["pdfs"])
    finally:
        events.close()


def test_the_pages_are_images_of_the_pdfs_as_built(serving):
    pytest.importorskip("pypdfium2")
    _, _, port = serving
    pdf = next(p for p in state(port)["pdfs"] if p["name"] == "hand-washing.en.letter.pdf")
    for page in range(1, pdf["pages"] + 1):
        status, headers, body = get(port, f"/pages/hand-washing.en.letter.pdf/{page}.png?v={pdf['version']}")
        assert status == 200 and headers["content-type"] == "image/png"
        assert body.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(body[16:20], "big")
        assert width == round(612 * 1.5)  # US Letter at 108 pixels per inch
    assert get(port, f"/pages/hand-washing.en.letter.pdf/{pdf['pages'] + 1}.png")[0] == 404


def test_it_listens_on_127_0_0_1_only_and_answers_only_to_its_own_name(serving):
    _, _, port = serving
    # The listening socket's own address, as the kernel lists it: 127.0.0.1, not 0.0.0.0.
    listening = [line.split() for line in open("/proc/net/tcp").read().splitlines()[1:]]
    mine = [fields[1] for fields in listening if fields[3] == "0A" and fields[1].endswith(f":{port:04X}")]
    assert mine == [f"0100007F:{port:04X}"]
    for address, family in (("127.0.0.2", socket.AF_INET), ("::1", socket.AF_INET6)):
        with socket.socket(family) as other, pytest.raises(OSError):
            other.settimeout(10)
            other.connect((address, port))
    # A web page elsewhere that points its own name at 127.0.0.1 is refused (DNS rebinding).
    assert get(port, "/state", host="drafts.example.com")[0] == 403
    assert get(port, "/state", host=f"localhost:{port}")[0] == 200


@pytest.mark.parametrize("path", [
    "/output/../secret.pdf", "/output/%2e%2e/secret.pdf", "/output/..%2fsecret.pdf", "/output/%2E%2E%2Fsecret.pdf",
    "/output/..\\secret.pdf", "/output/..%5csecret.pdf", "/../secret.pdf", "/%2e%2e/secret.pdf",
    "/output//etc/passwd", "/output/%2fetc%2fpasswd", "/output/link.pdf", "/pages/link.pdf/1.png",
    "/pages/..%2fsecret.pdf/1.png", "/output/.handouts-build.json", "/output/.handouts-build.lock",
    "/output/", "/output", "/output/hand-washing.en.letter.pdf%00.html", "/secret.pdf", "/handouts/",
])
def test_nothing_outside_the_output_folder_is_served(serving, path):
    project, _, port = serving
    link = project / "output" / "link.pdf"
    if not link.is_symlink():
        os.symlink(project / "secret.pdf", link)  # a link inside the folder to a file outside it
    status, headers, body = get(port, path)
    assert status == 404, (path, status, body)
    assert b"draft" not in body and b"root:" not in body and not body.startswith(b"<")
    assert headers["content-type"] == "text/plain; charset=utf-8"


def test_the_output_folder_is_served_with_its_types(serving):
    _, _, port = serving
    status, headers, body = get(port, "/output/index.html")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert b'href="hand-washing.en.letter.pdf"' in body  # the catalogue page's links resolve beside it
    status, headers, body = get(port, "/output/hand-washing.en.letter.pdf")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF-")
    assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == "no-store"


def test_a_port_in_use_is_a_usage_error(tmp_path):
    project = make_project(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        running = Running(project, *project_args(project), "--serve", "--port", str(port))
        assert running.process.wait(60) == 2
        running.expect(f"port {port} is in use")


def test_ctrl_c_stops_the_server_even_with_a_page_open(tmp_path):
    project = make_project(tmp_path)
    running = Running(project, *project_args(project), "--serve", "--port", "0")
    port = int(running.expect(r"^preview: http://127\.0\.0\.1:(\d+)/").group(1))
    running.expect(r"^watching")
    events = Events(port)
    events.next()
    try:
        assert running.stop(signal.SIGINT) == 0
        assert running.seen[-1] == "stopped watching"
        with pytest.raises(OSError):
            http.client.HTTPConnection("127.0.0.1", port, timeout=10).request("GET", "/")
    finally:
        events.close()
        running.kill()


def test_without_pypdfium2_the_page_embeds_the_pdfs(tmp_path, monkeypatch):
    """The page images need pypdfium2; a machine without it still previews every PDF."""
    monkeypatch.setattr(server, "pypdfium2", None)
    project = make_project(tmp_path)
    out = project / "output"
    built = build(discover(project / "handouts"), layout_paths(project / "layouts", "letter"),
                  project / "clinic.yaml", out, dt.date(2026, 11, 25))
    state = server.State(out)
    state.finished(Round(1, [], built))
    preview = server.PreviewServer(0, state)
    threading.Thread(target=preview.serve_forever, daemon=True).start()
    try:
        port = preview.server_port
        current = json.loads(get(port, "/state")[2])
        assert current["images"] is False
        assert {p["name"] for p in current["pdfs"]} == {"cover-your-cough.en.letter.pdf", "hand-washing.en.letter.pdf"}
        assert get(port, "/pages/hand-washing.en.letter.pdf/1.png")[0] == 404
        status, headers, body = get(port, "/output/hand-washing.en.letter.pdf")  # what the page embeds
        assert status == 200 and headers["content-type"] == "application/pdf"
    finally:
        preview.stop()
