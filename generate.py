#!/usr/bin/env python3
"""Build every handout into output/. Run `python generate.py --help` for the options."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout without installing the package

from handoutgen.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=ROOT))
