#!/usr/bin/env python3
"""How much of each handout's text six PDF text extractors get back, in logical order.

    .venv/bin/python bench/extractors.py [--layout NAME] [--out DIR | --from DIR] [--markdown]

Builds the shipped multiple-myeloma handout in every language, and the Hebrew sample in
tests/samples (no Hebrew handout ships), then reads each PDF with:

  pypdf      ``PdfReader(...).pages[n].extract_text()``, plain (what Python tools use)
  pdftotext  poppler's pdftotext (Debian poppler-utils; evince, okular, most search indexers)
  pdfminer   pdfminer.six ``extract_text`` (many data-extraction pipelines)
  PyMuPDF    ``page.get_text()`` (MuPDF)
  PDF.js     pdfjs-dist's ``page.getTextContent()`` under node (Firefox's viewer, copy and find)
  PDFium     pypdfium2 ``get_text_range()`` (Chrome's and Edge's viewer)

The metric: the share of the source's words found in the extracted text in the source's order.
Both texts are NFKC-normalised and case-folded, soft hyphens are dropped and a word broken after
a hyphen at a line end is joined again; each is then cut into words at whitespace (each Chinese or
Japanese character is a word of its own), and only the letters, marks and digits of each word
are kept ("(X-ray)." -> "xray"). The score is the length of the
longest common subsequence of the two word sequences divided by the number of source words, so
a word counts only if it is spelt exactly as in the source and stands in logical order among the
others. Running headers and footers are extra words in the extraction and cost nothing. The
source words are the ones the build's read-back expects (printed.expected_items): the content,
the contact box and the sources.

Extractors that are not installed are shown as "-": pip install pdfminer.six pymupdf pypdfium2,
apt-get install poppler-utils, npm ci --prefix bench.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handoutgen.clinic import parse_clinic  # noqa: E402
from handoutgen.content.parse import parse_handout  # noqa: E402
from handoutgen.layout.parse import parse_layout  # noqa: E402
from handoutgen.printed import as_printed, expected_items  # noqa: E402

SOURCES = [ROOT / "handouts" / "multiple-myeloma" / f"{lang}.yaml"
           for lang in ("en", "es", "ru", "vi", "zh-Hans", "ar", "hi")] + \
          [ROOT / "tests" / "samples" / "sample" / "he.yaml"]


def pypdf_text(pdf: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def pdftotext_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


def pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text
    return extract_text(str(pdf))


def pymupdf_text(pdf: Path) -> str:
    import pymupdf
    with pymupdf.open(pdf) as doc:
        return "\n".join(page.get_text() for page in doc)


PDFJS = ROOT / "bench" / "pdfjs_text.mjs"


def pdfjs_text(pdf: Path) -> str:
    return subprocess.run(["node", str(PDFJS), str(pdf)], check=True, capture_output=True,
                          cwd=PDFJS.parent).stdout.decode("utf-8")


def pdfium_text(pdf: Path) -> str:
    import pypdfium2
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def _available() -> dict[str, Callable[[Path], str] | None]:
    def module(name: str) -> bool:
        try:
            __import__(name)
            return True
        except ImportError:
            return False
    return {
        "pypdf": pypdf_text,
        "pdftotext": pdftotext_text if shutil.which("pdftotext") else None,
        "pdfminer.six": pdfminer_text if module("pdfminer") else None,
        "PyMuPDF": pymupdf_text if module("pymupdf") else None,
        "PDF.js": pdfjs_text if shutil.which("node") and (PDFJS.parent / "node_modules" / "pdfjs-dist").exists() else None,
        "PDFium": pdfium_text if module("pypdfium2") else None,
    }


_HAN = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).casefold().replace("\u00ad", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # "treat-\nment": a hyphen added at a break
    text = _HAN.sub(r" \1 ", text)  # Chinese and Japanese have no spaces: each character is a word
    out = []
    for word in text.split():
        word = "".join(c for c in word if unicodedata.category(c)[0] in "LMN")
        if word:
            out.append(word)
    return out


def in_order(source: list[str], extracted: list[str]) -> float:
    """Length of the longest common subsequence over len(source)."""
    if not source:
        return 1.0
    wanted = set(source)
    extracted = [w for w in extracted if w in wanted]  # the rest can never match
    previous = [0] * (len(extracted) + 1)
    for word in source:
        current = [0]
        for j, other in enumerate(extracted):
            current.append(previous[j] + 1 if word == other else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1] / len(source)


def source_words(source: Path, layout, clinic) -> list[str]:
    handout = as_printed(parse_handout(str(source)), layout, clinic)
    return [w for item in expected_items(handout, clinic) for w in words(item.text.plain)]


def build(sources: list[Path], layout: str, out: Path, archive: Path) -> dict[Path, Path]:
    """Build every source into ``out`` (keeping the archive copies in ``archive``, not beside a
    temporary ``out`` where other runs keep theirs); returns source -> PDF."""
    pdfs = {}
    for folder in sorted({s.parent.parent for s in sources}):
        langs = ",".join(s.stem for s in sources if s.parent.parent == folder)
        # exit status 1 when a handout does not fit the layout: that row says "not built"
        subprocess.run([sys.executable, str(ROOT / "generate.py"), "--handouts-dir", str(folder),
                        "--layout", layout, "--lang", langs, "--out", str(out), "--force",
                        "--archive", str(archive)],
                       cwd=ROOT, stdout=subprocess.DEVNULL)
    for s in sources:
        pdfs[s] = out / f"{s.parent.name}.{s.stem}.{layout}.pdf"
    return pdfs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layout", default="letter")
    parser.add_argument("--out", type=Path, help="keep the PDFs here (default: a temporary folder)")
    parser.add_argument("--from", dest="built", type=Path,
                        help="measure the PDFs already in this folder instead of building them")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    layout = parse_layout(str(ROOT / "layouts" / f"{args.layout}.yaml"))
    clinic = parse_clinic(str(ROOT / "clinic.yaml"))
    extractors = _available()
    with tempfile.TemporaryDirectory() as tmp:
        if args.built:
            pdfs = {s: args.built / f"{s.parent.name}.{s.stem}.{args.layout}.pdf" for s in SOURCES}
        else:
            pdfs = build(SOURCES, args.layout, args.out or Path(tmp) / "pdf", Path(tmp) / "archive")
        rows = []
        for source, pdf in pdfs.items():
            expected = source_words(source, layout, clinic)
            if not pdf.exists():
                rows.append((source.stem, len(expected), ["not built"] * len(extractors)))
                continue
            cells = []
            for name, extract in extractors.items():
                cells.append("-" if extract is None else f"{100 * in_order(expected, words(extract(pdf))):.1f} %")
            rows.append((source.stem, len(expected), cells))
    names = list(extractors)
    if args.markdown:
        print("| language (words) | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for lang, count, cells in rows:
            print(f"| {lang} ({count}) | " + " | ".join(cells) + " |")
    else:
        print(f"{'':>16}" + "".join(f"{n:>13}" for n in names))
        for lang, count, cells in rows:
            print(f"{lang + f' ({count})':>16}" + "".join(f"{c:>13}" for c in cells))


if __name__ == "__main__":
    main()
