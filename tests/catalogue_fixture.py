"""A small catalogue built into an output folder, for the catalogue page's tests.

Three handouts: the real one (English source, Arabic and Spanish draft translations) and two
small ones in English and Spanish with accented titles, one of them past its review date as the
browser sees it but not on the day it was built.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, run, write_handout

SMALL = """\
handout: {id}
language: {lang}
title: "{title}"
reviewed: 2019-01-01
review_by: {review_by}
sections:
  - id: only
    heading: "{heading}"
    blocks:
      - paragraph: "Short text."
"""

TITLES = {
    ("skin-care", "en"): "Caring for your skin during radiation",
    ("skin-care", "es"): "Cuidado de la piel durante la radiación",
    ("sore-mouth", "en"): "Eating well with a sore mouth & <dry> lips",
    ("sore-mouth", "es"): "Comer bien con la boca adolorida",
}
BUILT_ON = "2019-06-01"  # the day the catalogue is built: nothing is overdue yet
OVERDUE = "2020-01-01"  # sore-mouth's review date: past by any reader's clock today


def build_catalogue(root: Path) -> Path:
    """Build the catalogue into ``root / "out"`` and return that folder."""
    handouts = root / "handouts"
    shutil.copytree(ROOT / "handouts" / "multiple-myeloma", handouts / "multiple-myeloma")
    for (handout, lang), title in TITLES.items():
        write_handout(handouts, handout, lang, SMALL.format(
            id=handout, lang=lang, title=title.replace('"', '\\"'), heading="Section",
            review_by=OVERDUE if handout == "sore-mouth" else "2030-01-01"))
    out = root / "out"
    common = ["--handouts-dir", handouts, "--out", out, "--today", BUILT_ON]
    # Two builds into one folder: the page lists what both made.
    assert run(*common, "skin-care", "sore-mouth", "multiple-myeloma", "--lang", "en,ar", "--layout", "all") == 0
    assert run(*common, "skin-care", "sore-mouth", "multiple-myeloma", "--lang", "es") == 0
    return out
