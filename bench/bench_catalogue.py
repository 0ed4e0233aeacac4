#!/usr/bin/env python3
"""Catalogue-scale benchmark: a synthetic catalogue made from the real handout (by default
200 handouts x 3 languages x 2 layouts = 1,200 PDFs), built through the command line.

Reports PDFs per second on 1 core and on all cores, the no-change rebuild time, peak memory,
the catalogue page's writing time and size (and, where Chromium is installed, how fast it
opens and filters), a 2-page handout's warm time including the read-back check, and the same
handout rendered by WeasyPrint from an equivalent HTML page (optional: `pip install weasyprint`).

    .venv/bin/python bench/bench_catalogue.py [--handouts 200]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import html
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handoutgen.build import Manifest  # noqa: E402
from handoutgen.catalogue.page import INDEX, write_index  # noqa: E402
from handoutgen.checks.readback import verify_pdf  # noqa: E402
from handoutgen.clinic import parse_clinic  # noqa: E402
from handoutgen.content import model as m  # noqa: E402
from handoutgen.content.parse import parse_handout  # noqa: E402
from handoutgen.fonts import font_file  # noqa: E402
from handoutgen.layout.parse import parse_layout  # noqa: E402
from handoutgen.printed import as_printed, expected_items  # noqa: E402
from handoutgen.render.document import render  # noqa: E402

REAL = ROOT / "handouts" / "multiple-myeloma" / "en.yaml"
LANGUAGES = ("en", "es", "fr")
LAYOUTS = ("letter", "a4")


def make_catalogue(where: Path, count: int) -> None:
    source = REAL.read_text(encoding="utf-8")
    for i in range(count):
        for lang in LANGUAGES:
            text = source.replace("handout: multiple-myeloma", f"handout: h{i:03d}")
            text = text.replace("language: en", f"language: {lang}").replace("title: \"", f"title: \"{i} ")
            path = where / "handouts" / f"h{i:03d}" / f"{lang}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    (where / "layouts").mkdir()
    for name in LAYOUTS:
        shutil.copy(ROOT / "layouts" / f"{name}.yaml", where / "layouts" / f"{name}.yaml")


def generate(where: Path, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "generate.py"), "--handouts-dir", str(where / "handouts"),
                    "--layouts-dir", str(where / "layouts"), "--out", str(where / "out"), "--layout", "all",
                    *args], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


FIGURES = (m.FlowDiagram, m.BodyDiagram, m.ScaleDiagram, m.Image, m.QRCode)


def two_page_handout(layout, clinic, figures: bool) -> m.Handout:
    """The real handout cut to as many sections as fit on two Letter pages, with or without its
    diagrams (drawings add many operators for the read-back to parse)."""
    real = parse_handout(str(REAL))
    if not figures:
        sections = tuple(dataclasses.replace(s, blocks=tuple(b for b in s.blocks if not isinstance(b, FIGURES)))
                         for s in real.sections)
        real = dataclasses.replace(real, sections=sections)
    for count in range(len(real.sections), 0, -1):
        cut = m.Handout(**{**real.__dict__, "sections": real.sections[:count]})
        if render(as_printed(cut, layout, clinic), layout, clinic).pages <= 2:
            return cut
    raise ValueError("not even one section fits on two pages")


def warm_ms(fn, repeat: int = 20) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def as_html(handout: m.Handout) -> str:
    """An HTML page with the same content and a comparable design, for WeasyPrint."""
    def text(item):
        return "".join(f"<b>{html.escape(r.text)}</b>" if r.bold else html.escape(r.text) for r in item.text.runs)
    parts = [f"<h1>{text(handout.title)}</h1>"]
    if handout.summary:
        parts.append(f"<p class=lead>{text(handout.summary)}</p>")
    for section in handout.sections:
        parts.append(f"<h2>{text(section.heading)}</h2>")
        for block in section.blocks:
            if isinstance(block, m.Paragraph):
                parts.append(f"<p>{text(block.text)}</p>")
            elif isinstance(block, (m.Bullets, m.Steps)):
                tag = "ul" if isinstance(block, m.Bullets) else "ol"
                parts.append(f"<{tag}>" + "".join(f"<li>{text(i)}</li>" for i in block.items) + f"</{tag}>")
            elif isinstance(block, m.Checklist):
                parts.append(f"<div class='box {block.level}'><h3>{text(block.title)}</h3><ul class=ticks>"
                             + "".join(f"<li>{text(i)}</li>" for i in block.items) + "</ul></div>")
            elif isinstance(block, m.Callout):
                title = f"<h3>{text(block.title)}</h3>" if block.title else ""
                parts.append(f"<div class='box {block.level}'>{title}<p>{text(block.text)}</p></div>")
            elif isinstance(block, m.Table):
                head = "".join(f"<th>{text(c)}</th>" for c in block.columns)
                rows = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>" for row in block.rows)
                parts.append(f"<table><tr>{head}</tr>{rows}</table>")
    regular, bold = font_file("latin", "regular"), font_file("latin", "bold")
    css = f"""
      @font-face {{ font-family: N; src: url(file://{regular}); }}
      @font-face {{ font-family: N; font-weight: bold; src: url(file://{bold}); }}
      @page {{ size: letter; margin: 0.8in; @bottom-right {{ content: "Page " counter(page) " of " counter(pages); }} }}
      body {{ font: 11pt/1.42 N; color: #1a1a1a; }} h1 {{ color: #0b4a6e; font-size: 23pt; }}
      h2 {{ color: #0b4a6e; font-size: 15.6pt; break-after: avoid; }} .box {{ border: 1.5pt solid #6b4200;
      padding: 8pt; break-inside: avoid; margin: 8pt 0; }} .emergency {{ border: 2.5pt solid #9a0b0b; }}
      ul.ticks {{ list-style: none; }} ul.ticks li::before {{ content: ""; display: inline-block; width: 11pt;
      height: 11pt; border: 1.1pt solid #1a1a1a; margin-right: 6pt; }} table {{ border-collapse: collapse; }}
      td, th {{ border-bottom: 0.5pt solid #8c979f; padding: 4pt; text-align: left; vertical-align: top; }}"""
    return f"<!doctype html><html lang={handout.language}><head><style>{css}</style></head><body>{''.join(parts)}</body></html>"


def catalogue_page(out: Path, total: int) -> list[tuple[str, str, str]]:
    """Writing output/index.html for the whole catalogue (part of every build, the no-change
    rebuild included), and filtering it in Chromium as a nurse types, where Chromium is here."""
    manifest = Manifest(out).pdfs
    write_ms = warm_ms(lambda: write_index(out, manifest, dt.date.today()), repeat=5)
    rows = [(f"catalogue page for {total} PDFs, written", f"{write_ms:.0f} ms",
             f"{(out / INDEX).stat().st_size / 1024:.0f} KB")]
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        chromium = None
    if not chromium:
        return rows + [("catalogue page in Chromium", "not measured", "needs chromium and playwright")]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page()
        start = time.perf_counter()
        page.goto((out / INDEX).as_uri())
        page.wait_for_load_state("load")
        load_ms = (time.perf_counter() - start) * 1000
        # One keystroke's filtering, measured inside the page: the median over a typed word.
        filter_ms = page.evaluate("""() => {
            const q = document.querySelector('#q'), times = [];
            for (const text of ['1', '12', '12 m', '12 mu', '12 mul', '12 mult']) {
                const start = performance.now();
                q.value = text;
                q.dispatchEvent(new Event('input', {bubbles: true}));
                document.body.offsetHeight;  // include the layout the change causes
                times.push(performance.now() - start);
            }
            return times.sort((a, b) => a - b)[times.length >> 1];
        }""")
        browser.close()
    return rows + [("catalogue page in Chromium, opened from disk", f"{load_ms:.0f} ms", ""),
                   ("catalogue page in Chromium, one keystroke's filtering", f"{filter_ms:.1f} ms", "")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handouts", type=int, default=200)
    count = parser.parse_args().handouts
    cores = os.cpu_count() or 1
    total = count * len(LANGUAGES) * len(LAYOUTS)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        make_catalogue(where, count)
        one = generate(where, "--jobs", "1")
        rows.append((f"full build, 1 core ({total} PDFs)", f"{total / one:.1f} PDFs/s", f"{one:.1f} s"))
        everything = generate(where, "--jobs", str(cores), "--force")
        rows.append((f"full build, {cores} cores", f"{total / everything:.1f} PDFs/s", f"{everything:.1f} s"))
        unchanged = min(generate(where) for _ in range(3))
        rows.append(("no-change rebuild", f"{unchanged:.2f} s", "target < 2 s"))
        size = sum(p.stat().st_size for p in (where / "out").glob("*.pdf"))
        rows.append(("output", f"{size / total / 1024:.1f} KB per PDF", f"{size / 2**20:.0f} MiB in all"))
        # Before Chromium starts: it is a child process too.
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append(("peak memory of one process", f"{peak:.0f} MiB", ""))
        rows += catalogue_page(where / "out", total)

    layout, clinic = parse_layout(str(ROOT / "layouts" / "letter.yaml")), parse_clinic(str(ROOT / "clinic.yaml"))
    measured = {}
    for figures in (False, True):
        handout = as_printed(two_page_handout(layout, clinic, figures), layout, clinic)
        expected = expected_items(handout, clinic)

        def ours():
            rendered = render(handout, layout, clinic)
            assert not verify_pdf(rendered.pdf, expected, layout.reading_regions(rendered.pages))

        ours_ms = measured[figures] = warm_ms(ours), handout
        rows.append((f"2-page handout{' with its 2 diagrams' if figures else ', text'}, render + read-back, warm",
                     f"{ours_ms[0]:.1f} ms", "" if figures else "target < 40 ms"))
    try:
        import weasyprint
    except (ImportError, OSError):
        rows.append(("WeasyPrint", "not installed", "pip install weasyprint"))
    else:
        text_ms, text_handout = measured[False]  # the HTML page has no diagrams: compare like with like
        page = as_html(text_handout)
        theirs_ms = warm_ms(lambda: weasyprint.HTML(string=page).write_pdf(), repeat=10)
        rows.append((f"2-page text handout, WeasyPrint {weasyprint.__version__}, warm", f"{theirs_ms:.0f} ms",
                     f"{theirs_ms / text_ms:.1f}x ours (target >= 10x)"))
    for name, value, note in rows:
        print(f"{name:60} {value:>18}  {note}")


if __name__ == "__main__":
    main()
