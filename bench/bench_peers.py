#!/usr/bin/env python3
"""This project's whole per-PDF path against Typst and WeasyPrint on the same content, side by side.

    .venv/bin/python bench/bench_peers.py [--rounds N] [--no-cold | --cold-only] [--keep DIR]

The content is the shipped English handout without its two diagrams (neither peer draws them
from data), printed on Letter pages with the same Noto Sans instances this tool embeds:
- ours: ``make_pdf`` on a Job, as a build's worker runs it: the YAML parsed, every check, the
  render with its structure tree, the read-back check, the PDF written to disk;
- Typst: ``typst.compile()`` (typst on PyPI) of an equivalent Typst source, to PDF bytes;
- WeasyPrint: ``HTML(string=...).write_pdf()`` of an equivalent HTML page, to PDF bytes.
The Typst and HTML sources are made from the same YAML here (``--keep DIR`` writes them out).
All three run in this one process after a warm-up, interleaved round by round, so that load
from other programs falls on all of them alike: compare the ratios, not the milliseconds.

It also measures, in the same run: the shipped Arabic and Hindi handouts against English (full
per-PDF path, letter); each shipped face's cut alone, in a new process with an empty font
cache; the first build of every shipped language in a new process with a cold font cache (a
temporary HANDOUTGEN_CACHE, so every face is cut again, as after ``make``'s install); and a
no-change rebuild of all of them.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handoutgen import yamlsource  # noqa: E402
from handoutgen.build import job_key  # noqa: E402
from handoutgen.checks.config import CheckConfig  # noqa: E402
from handoutgen.clinic import parse_clinic  # noqa: E402
from handoutgen.fonts import font_file  # noqa: E402
from handoutgen.jobs import Job, Source  # noqa: E402
from handoutgen.layout.parse import parse_layout  # noqa: E402
from handoutgen.make_pdf import make_pdf  # noqa: E402

HANDOUT = ROOT / "handouts" / "multiple-myeloma"
LAYOUT = ROOT / "layouts" / "letter.yaml"
CLINIC = ROOT / "clinic.yaml"


def without_diagrams(data: dict) -> dict:
    for section in data["sections"]:
        section["blocks"] = [b for b in section["blocks"] if "diagram" not in b]
    return data


def _filled(text: str, clinic) -> str:
    return text.replace("{emergency_number}", clinic.value('emergency_number'))


def _runs(text: str) -> list[tuple[str, bool]]:
    """``**bold**`` markup as (text, bold) runs."""
    parts = text.split("**")
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def typst_source(data: dict, clinic, font: str) -> str:
    """Typst with every text as a string literal (data, never markup)."""
    def s(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def inline(text: str) -> str:
        return "".join(f"#strong({s(t)})" if bold else f"#{s(t)}"
                       for t, bold in _runs(" ".join(_filled(text, clinic).split())))

    def arg(text: str) -> str:
        return f"[{inline(text)}]"

    colours = {"info": "#0b4a6e", "caution": "#6b4200", "urgent": "#6b4200", "emergency": "#9a0b0b"}
    out = [
        f'#set page(paper: "us-letter", margin: (top: 0.8in, bottom: 0.85in, left: 0.8in, right: 0.8in),',
        f'  header: text(size: 8.14pt, fill: rgb("#474747"))[{inline(data["title"])} #h(1fr)],',
        '  footer: context text(size: 8.14pt, fill: rgb("#474747"))['
        f'{inline("Review by " + str(data["review_by"]))} #h(1fr) #counter(page).display()])',
        f'#set text(font: "{font}", size: 11pt, fill: rgb("#1a1a1a"), lang: "en")',
        '#set par(leading: 0.42em * 1.42, spacing: 0.8em)',
        '#show heading: set text(size: 15.62pt, fill: rgb("#0b4a6e"))',
        '#let tick = box(width: 11pt, height: 11pt, stroke: 1.1pt, baseline: 2pt)',
        f'#text(size: 23.1pt, weight: "bold", fill: rgb("#0b4a6e"))[{inline(data["title"])}]',
        f'#text(size: 12.54pt)[{inline(data.get("summary", ""))}]',
    ]
    for section in data["sections"]:
        out.append(f"#heading(level: 1, {s(section['heading'])})")
        for block in section["blocks"]:
            (kind, value), = block.items()
            if kind == "paragraph":
                out.append(f"#par({arg(value)})")
            elif kind in ("bullets", "steps"):
                fn = "list" if kind == "bullets" else "enum"
                out.append(f"#{fn}(" + ", ".join(arg(v) for v in value) + ")")
            elif kind == "callout":
                title = f'#strong({s(value["title"])}) #linebreak()' if value.get("title") else ""
                out.append(f'#block(stroke: (left: 3pt + rgb("{colours[value["level"]]}")), inset: 8pt, '
                           f'width: 100%)[{title}{inline(value["text"])}]')
            elif kind == "checklist":
                items = "".join(f"#grid(columns: (16pt, 1fr), tick, {arg(i)})" for i in value["items"])
                out.append(f'#block(breakable: false, stroke: 1.5pt + rgb("{colours[value["level"]]}"), '
                           f'inset: 8pt, width: 100%)[#strong({arg(value["title"])}) {items}]')
            elif kind == "table":
                cells = [*value["columns"], *(c for row in value["rows"] for c in row)]
                out.append(f"#table(columns: {len(value['columns'])}, " + ", ".join(arg(c) for c in cells) + ")")
    out.append('#block(stroke: 1pt, inset: 8pt, width: 100%)[' + inline("Emergency: " + clinic.value('emergency_number')) + "]")
    out.append("#text(size: 8.8pt)[" + " ".join(inline(x) for x in data.get("sources", [])) + "]")
    return "\n".join(out)


def html_source(data: dict, clinic, fonts: dict[str, Path]) -> str:
    """An HTML page with every text escaped (data, never markup)."""
    def inline(text: str) -> str:
        return "".join(f"<strong>{html.escape(t)}</strong>" if bold else html.escape(t)
                       for t, bold in _runs(" ".join(_filled(text, clinic).split())))

    faces = "".join(f"@font-face {{ font-family: NotoBench; font-weight: {w}; src: url('{p.as_uri()}'); }}"
                    for w, p in fonts.items())
    css = faces + """
    @page { size: letter; margin: 0.8in 0.8in 0.85in 0.8in;
            @top-left { content: string(title); font-family: NotoBench; font-size: 8.14pt; color: #474747; }
            @bottom-right { content: counter(page); font-family: NotoBench; font-size: 8.14pt; color: #474747; } }
    body { font-family: NotoBench; font-size: 11pt; line-height: 1.42; color: #1a1a1a; }
    h1 { font-size: 23.1pt; color: #0b4a6e; string-set: title content(); line-height: 1.2; }
    h2 { font-size: 15.62pt; color: #0b4a6e; break-after: avoid; line-height: 1.2; }
    .lead { font-size: 12.54pt; }
    .callout { border-left: 3pt solid; padding: 8pt; } .info { border-color: #0b4a6e; }
    .caution, .urgent { border-color: #6b4200; } .emergency { border-color: #9a0b0b; }
    .checklist { border: 1.5pt solid; padding: 8pt; break-inside: avoid; }
    .checklist li { list-style: none; } .checklist li::before { content: ""; display: inline-block;
      width: 11pt; height: 11pt; border: 1.1pt solid; margin-right: 5pt; vertical-align: -2pt; }
    .sources { font-size: 8.8pt; } table { border-collapse: collapse; } td, th { border: 0.5pt solid; }
    """
    out = [f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>{css}</style></head><body>',
           f"<h1>{inline(data['title'])}</h1>", f"<p class='lead'>{inline(data.get('summary', ''))}</p>"]
    for section in data["sections"]:
        out.append(f"<h2>{inline(section['heading'])}</h2>")
        for block in section["blocks"]:
            (kind, value), = block.items()
            if kind == "paragraph":
                out.append(f"<p>{inline(value)}</p>")
            elif kind in ("bullets", "steps"):
                tag = "ul" if kind == "bullets" else "ol"
                out.append(f"<{tag}>" + "".join(f"<li>{inline(v)}</li>" for v in value) + f"</{tag}>")
            elif kind == "callout":
                title = f"<strong>{inline(value['title'])}</strong><br>" if value.get("title") else ""
                out.append(f"<div class='callout {value['level']}'>{title}{inline(value['text'])}</div>")
            elif kind == "checklist":
                out.append(f"<div class='checklist {value['level']}'><strong>{inline(value['title'])}</strong><ul>"
                           + "".join(f"<li>{inline(i)}</li>" for i in value["items"]) + "</ul></div>")
            elif kind == "table":
                head = "".join(f"<th>{inline(c)}</th>" for c in value["columns"])
                rows = "".join("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>" for row in value["rows"])
                out.append(f"<table><tr>{head}</tr>{rows}</table>")
    out.append(f"<div class='callout'>{inline('Emergency: ' + clinic.value('emergency_number'))}</div>")
    out.append("<p class='sources'>" + " ".join(inline(x) for x in data.get("sources", [])) + "</p></body></html>")
    return "".join(out)


def interleaved(tools: dict, rounds: int) -> dict[str, list[float]]:
    """Each tool once per round, in turn, after one warm-up call each; ms per call."""
    for fn in tools.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(rounds):
        for name, fn in tools.items():
            start = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def show(times: dict[str, list[float]], base: str) -> None:
    medians = {name: statistics.median(t) for name, t in times.items()}
    print(f"{'':34} {'median ms':>10} {'min ms':>8} {'vs ' + base:>12}")
    for name, t in times.items():
        print(f"{name:34} {medians[name]:10.1f} {min(t):8.1f} {medians[name] / medians[base]:11.2f}x")


# Run in a new process with an empty font cache: the time of each face's first cut, one after
# the other, after the imports the cutting needs.
CUT_FACES = """
import json, sys, time
start = time.perf_counter()
import uharfbuzz, fontTools.ttLib, fontTools.varLib.instancer
from handoutgen import fonts
times = {"imports": time.perf_counter() - start}
for face in sys.argv[1:]:
    for style in fonts.STYLES:
        start = time.perf_counter()
        fonts.font_file(face, style)
        times[f"{face} {style}"] = time.perf_counter() - start
print(json.dumps(times))
"""


def shipped_faces() -> list[str]:
    """The faces the shipped translations print with: Noto Sans and each language's own."""
    from handoutgen.fonts import Stack
    languages = sorted({p.stem for p in (ROOT / "handouts").glob("*/*.yaml")})
    return ["latin", *sorted({Stack("noto-sans", lang).primary for lang in languages} - {"latin"})]


def cold_and_rebuild(repeat: int) -> None:
    """Each shipped face's cut alone; the first build of every shipped language with no font
    cache; then no-change rebuilds."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HANDOUTGEN_CACHE": str(Path(tmp) / "cache"), "PYTHONPATH": str(ROOT / "src")}
        out = subprocess.run([sys.executable, "-c", CUT_FACES, *shipped_faces()], env=env, check=True,
                             capture_output=True, text=True).stdout
    cuts = json.loads(out)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HANDOUTGEN_CACHE": str(Path(tmp) / "cache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled modules are kept, as on a user's machine
        command = [sys.executable, str(ROOT / "generate.py"), "--out", str(Path(tmp) / "out")]
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        first = time.perf_counter() - start
        again = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            again.append(time.perf_counter() - start)
    print(f"each shipped face cut alone, one after the other, empty font cache (share of the first build below):")
    for name, seconds in cuts.items():
        print(f"  {name:24} {seconds:7.3f} s  {seconds / first:6.1%}")
    print(f"  {'all':24} {sum(cuts.values()):7.3f} s  {sum(cuts.values()) / first:6.1%}")
    print(f"first build, every shipped language (letter, --jobs {os.cpu_count()}), cold font cache: {first:.2f} s")
    print(f"no-change rebuild of the same: median {statistics.median(again):.3f} s, min {min(again):.3f} s "
          f"({repeat} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-cold", action="store_true", help="skip the cold first build (it cuts every face)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="write the Typst and HTML sources there")
    parser.add_argument("--cold-only", action="store_true", help="only the cold first build and the rebuilds")
    args = parser.parse_args()
    if args.cold_only:
        print(f"{sys.platform}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
        cold_and_rebuild(5)
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        return

    import typst
    from weasyprint import HTML

    clinic, layout = parse_clinic(str(CLINIC)), parse_layout(str(LAYOUT))
    data = without_diagrams(yaml.safe_load((HANDOUT / "en.yaml").read_text(encoding="utf-8")))
    fonts = {400: font_file("latin", "regular"), 700: font_file("latin", "bold")}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        font_dir = tmp / "fonts"  # only the two instances, so Typst scans nothing else
        font_dir.mkdir()
        for path in fonts.values():
            shutil.copy(path, font_dir / path.name)
        folder = tmp / "handouts" / "multiple-myeloma"
        folder.mkdir(parents=True)
        (folder / "en.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        typ, page = typst_source(data, clinic, "Noto Sans"), html_source(data, clinic, fonts)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / "en-no-diagrams.typ").write_text(typ, encoding="utf-8")
            (args.keep / "en-no-diagrams.html").write_text(page, encoding="utf-8")
            (args.keep / "en-no-diagrams.yaml").write_text((folder / "en.yaml").read_text(encoding="utf-8"))

        def ours(path: Path, language: str):
            source = Source("multiple-myeloma", language, path)
            job = Job(source, layout, clinic, CheckConfig(), tmp / f"out.{language}.pdf",
                      job_key("", layout, clinic, CheckConfig()))

            def run():
                yamlsource._PARSED.clear()  # each PDF parses its YAML, as a new handout's first PDF does
                result = make_pdf(job)
                assert result.ok, [str(e) for e in result.errors]
            return run

        def run_typst():
            (tmp / "typst.pdf").write_bytes(typst.compile(typ.encode(), font_paths=[str(font_dir)],
                                                          ignore_system_fonts=True))

        weasy_pages = []

        def run_weasyprint():
            document = HTML(string=page, base_url=str(tmp)).render()
            weasy_pages.append(len(document.pages))
            document.write_pdf()

        print(f"{sys.platform}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
              f"Python {sys.version.split()[0]}, typst {typst.__version__ if hasattr(typst, '__version__') else '?'}, "
              f"WeasyPrint {__import__('weasyprint').__version__}")
        print(f"\nEnglish handout without its diagrams, letter, {args.rounds} interleaved rounds:")
        peers = interleaved({
            "this project (make_pdf, full path)": ours(folder / "en.yaml", "en"),
            "typst.compile()": run_typst,
            "WeasyPrint (HTML string to PDF)": run_weasyprint,
        }, args.rounds)
        show(peers, "typst.compile()")
        ratio = statistics.median(peers["WeasyPrint (HTML string to PDF)"]) / statistics.median(
            peers["this project (make_pdf, full path)"])
        print(f"WeasyPrint / this project: {ratio:.2f}x   (pages: ours "
              f"{_pages(tmp / 'out.en.pdf')}, WeasyPrint {weasy_pages[-1]})")

        print(f"\nShipped handout (with diagrams), letter, full per-PDF path, {args.rounds} interleaved rounds:")
        scripts = interleaved({
            "English": ours(HANDOUT / "en.yaml", "en"),
            "Arabic": ours(HANDOUT / "ar.yaml", "ar"),
            "Hindi": ours(HANDOUT / "hi.yaml", "hi"),
        }, args.rounds)
        show(scripts, "English")
    if not args.no_cold:
        print()
        cold_and_rebuild(5)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


def _pages(path: Path) -> int:
    import pikepdf
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


if __name__ == "__main__":
    main()
