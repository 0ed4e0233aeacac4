"""``output/index.html``: one self-contained page listing every PDF in the output folder.

Nurses open it from a shared drive or an intranet folder: no server, no network, no external
files. Every handout, language and PDF is in the HTML itself, so the page works without
JavaScript too; the script inside it only filters rows, re-judges review dates against the
reader's own day, and copies file paths.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import importlib.resources
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..atomic import write_atomic
from ..labels import labels_for
from .entries import Handout, Pdf, Version, entries, language_names

INDEX = "index.html"
_STATUS = {
    "source": ("source", "Original"),
    "draft": ("draft", "Draft translation: not yet reviewed by a qualified medical translator"),
    "reviewed": ("reviewed", "Reviewed translation"),
}


def write_index(out_dir: Path, manifest: dict[str, dict], today: dt.date) -> Path:
    """Write the page, unless the one there was made from the same inputs: a rebuild that
    changed nothing then neither loads the CLDR's language names nor rewrites the file."""
    path = out_dir / INDEX
    present = {name: entry for name, entry in manifest.items() if (out_dir / name).is_file()}
    resources = importlib.resources.files(__package__)
    # What the page is made from: the PDFs listed, the day judged, the tool, the English date
    # format it prints review dates in, and its style and script.
    inputs = json.dumps([present, today.isoformat(), __version__, labels_for("en").date(dt.date(2000, 1, 31)),
                         *((resources / name).read_text(encoding="utf-8") for name in ("page.css", "page.js"))],
                        sort_keys=True, default=str)
    stamp = f'<meta name="catalogue-inputs" content="{hashlib.sha256(inputs.encode()).hexdigest()}">'
    try:
        with path.open(encoding="utf-8") as made:
            if stamp in made.read(2048):
                return path
    except (OSError, UnicodeDecodeError):
        pass  # none yet, or not ours: written below
    write_atomic(path, page(entries(present, out_dir), today, stamp).encode("utf-8"))
    return path


def page(handouts: list[Handout], today: dt.date, stamp: str = "") -> str:
    versions = [v for h in handouts for v in h.versions]
    languages = sorted({v.language for v in versions}, key=lambda tag: (language_names(tag)[1].casefold(), tag))
    layouts = sorted({p.layout for v in versions for p in v.pdfs})
    overdue = sum(v.overdue(today) for v in versions)
    unsigned = sum(v.signed_off is None for v in versions)
    language_options = "".join(
        f'<option value="{_a(tag)}" data-english="{_a(english)}">{_e(_isolate(own))}{"" if own == english else f" — {_e(english)}"}</option>'
        for tag in languages for own, english in [language_names(tag)])
    layout_options = "".join(f'<option value="{_a(name)}">{_e(_layout_name(name))}</option>' for name in layouts)
    resources = importlib.resources.files(__package__)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="handouts {_a(__version__)}">
{stamp}
<title>Patient handouts</title>
<style>{(resources / "page.css").read_text(encoding="utf-8")}</style>
</head>
<body data-built="{today.isoformat()}">
<a class="skip" href="#results">Skip to the handouts</a>
<header class="masthead">
<div class="wrap">
<h1>Patient handouts</h1>
<p>Find the handout in the patient's language. Open it to print, or copy its file path to attach it to an email.</p>
</div>
</header>
<main class="wrap">
<form class="filters" id="filters" role="search" aria-label="Find a handout">
<div class="field field-search">
<label for="q">Search titles</label>
<input id="q" type="search" autocomplete="off" spellcheck="false" aria-describedby="q-hint">
<p class="hint" id="q-hint">Titles in every language; accents and capitals do not matter.</p>
</div>
<div class="field">
<label for="language">Patient's language</label>
<select id="language"><option value="">All languages</option>{language_options}</select>
</div>
<div class="field">
<label for="layout">Layout</label>
<select id="layout"><option value="">All layouts</option>{layout_options}</select>
</div>
<div class="field field-reset"><button type="reset" class="button-secondary">Clear</button></div>
</form>
<p class="summary" id="summary" role="status">{_summary(handouts, languages, versions)}</p>
<p class="alert" id="overdue-summary"{"" if overdue else " hidden"}><span class="icon" aria-hidden="true">!</span>
<span><strong id="overdue-count">{overdue} {"language version is" if overdue == 1 else "language versions are"} past the review date.</strong>
Do not give these out until the clinical team has reviewed them.</span></p>
<p class="alert" id="unsigned-summary"{"" if unsigned else " hidden"}><span class="icon" aria-hidden="true">!</span>
<span><strong>{unsigned} {"language version is" if unsigned == 1 else "language versions are"} not yet reviewed by a clinician.</strong>
They are drafts, and say so on every page: check with the clinical team before giving them out.</span></p>
<noscript><p class="hint">Search and filters need JavaScript. Every handout is listed below.</p></noscript>
<div id="results">
{"".join(_handout(h, today) for h in handouts) or '<p class="empty">No PDFs have been built into this folder yet.</p>'}
<div class="empty" id="empty" hidden><p>No handout matches your search.</p>
<button type="button" class="button-secondary" id="clear">Clear search and filters</button></div>
</div>
</main>
<footer class="wrap">
<p>File names say what a PDF is: <code>multiple-myeloma.es.large-print.pdf</code> is the handout, the language and the layout.
Listed on {today.isoformat()} by handouts {_e(__version__)}.</p>
</footer>
<script>{(resources / "page.js").read_text(encoding="utf-8")}</script>
</body>
</html>
"""


def _summary(handouts: list[Handout], languages: list[str], versions: list[Version]) -> str:
    pdfs = sum(len(v.pdfs) for v in versions)
    return (f"{_count(len(handouts), 'handout')} in {_count(len(languages), 'language')}, "
            f"{_count(pdfs, 'PDF')}.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _handout(handout: Handout, today: dt.date) -> str:
    source = handout.source
    anchor = _a(f"h-{handout.id}")
    rows = "".join(_version(handout, v, today) for v in handout.versions)
    return f"""<section class="handout" data-handout="{_a(handout.id)}" aria-labelledby="{anchor}">
<h2 id="{anchor}"{_lang(source)}>{_e(source.title)}</h2>
<table class="versions">
<caption class="visually-hidden">Languages and PDFs of this handout</caption>
<colgroup><col class="col-language"><col><col class="col-review"><col class="col-pdfs"></colgroup>
<thead><tr><th scope="col">Language</th><th scope="col">Title</th><th scope="col">Review by</th><th scope="col">PDFs</th></tr></thead>
<tbody>
{rows}</tbody>
</table>
<p class="missing" hidden></p>
</section>
"""


def _version(handout: Handout, version: Version, today: dt.date) -> str:
    css, status = _STATUS[version.translation]
    stale = ('<span class="badge badge-stale">The original changed since this translation; '
             'ask for an update</span>') if version.stale else ""
    overdue = version.overdue(today)
    pdfs = "".join(_pdf(pdf) for pdf in version.pdfs)
    english = "" if version.english == version.name else f'<span class="english">{_e(version.english)}</span>'
    return f"""<tr class="version{" is-overdue" if overdue else ""}" data-language="{_a(version.language)}" data-english="{_a(version.english)}" data-review-by="{version.review_by.isoformat()}">
<th scope="row"><span class="language"{_lang(version)}>{_e(version.name)}</span> {english}</th>
<td data-label="Title"><span class="title"{_lang(version)}>{_e(version.title)}</span>
<span class="badge badge-{css}">{_e(status)}</span>{stale}</td>
<td data-label="Review by" class="review">{_sign_off(version)}<time datetime="{version.review_by.isoformat()}">{labels_for("en").date(version.review_by)}</time>
<strong class="overdue"{"" if overdue else " hidden"}><span aria-hidden="true">! </span>Past its review date: check with the clinical team before giving it out</strong></td>
<td data-label="PDFs"><ul class="pdfs">{pdfs}</ul></td>
</tr>
"""


def _sign_off(version: Version) -> str:
    """Whether a clinician signed the content off (a translation's is its source's), and who."""
    if version.signed_off is None:
        return ('<strong class="unsigned"><span aria-hidden="true">! </span>'
                'Not yet reviewed by a clinician (draft)</strong>')
    by, day = version.signed_off
    return (f'<span class="signed-off">Signed off by {_e(by)}, '
            f'<time datetime="{day}">{labels_for("en").date(dt.date.fromisoformat(day))}</time></span>')


def _pdf(pdf: Pdf) -> str:
    label = _layout_name(pdf.layout) + (f" ({pdf.variant})" if pdf.variant else "")
    facts = f"{_count(pdf.pages, 'page')} · {max(1, round(pdf.size / 1024))} KB"
    tooltip = (f"Open the PDF. The patient receives it as {pdf.file}: "
               "the handout, the language and the layout, readable as it is.")
    return (f'<li data-layout="{_a(pdf.layout)}"><span class="pdf-name"><a class="pdf" href="{_a(quote(pdf.file))}" '
            f'title="{_a(tooltip)}" type="application/pdf">{_e(label)}</a>'
            f'<span class="facts">{facts}</span></span>'
            f'<button type="button" class="copy" data-file="{_a(pdf.file)}"><span class="label">Copy path</span>'
            f'<span class="visually-hidden"> of {_e(pdf.file)}</span></button></li>')


def _layout_name(layout: str) -> str:
    return layout.replace("-", " ").capitalize()


def _lang(version: Version) -> str:
    return f' lang="{_a(version.language)}" dir="{"rtl" if version.rtl else "ltr"}"'


def _isolate(text: str) -> str:
    """Text isolated from the bidi order around it (FSI ... PDI), so that an Arabic name in an
    English option keeps its place."""
    return f"\u2068{text}\u2069"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)
