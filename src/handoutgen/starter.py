"""``generate.py --new HANDOUT [--lang L]``: a starter handout for a new author to fill in.

The starter (``starter.yaml.template``) has every kind of block, the ones that need the author's
own files or addresses (a picture, a QR code) as comments, and a note at each key saying what it
is for. It builds as written, with no warnings, so the author starts from a working file and
sees each change in ``--serve``. It is written only where no file is: never over a handout,
and never beside an existing one (a second language is a translation: --export-po, --import-po).
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import sys
from pathlib import Path
from string import Template

from .content.parse import LANGUAGE_TAG
from .diagnostics import display_path
from .outfolder import reason
from .yamlsource import SLUG

TEMPLATE = "starter.yaml.template"
REVIEW_YEARS = 1  # the shipped handout's review interval
# Options that do not go with --new (the handout id is the option's value).
_ALONE = {"handouts": "a HANDOUT argument", "watch": "--watch", "serve": "--serve", "check": "--check",
          "status": "--status", "export_po": "--export-po", "import_po": "--import-po", "report": "--report"}


def new_handout(args, root: Path, parser) -> int:
    """Exit 0 with the file written, 2 for a bad id, language or combination, or a file in the
    way, 1 when the file cannot be written."""
    for name, option in _ALONE.items():
        if getattr(args, name):
            parser.error(f"--new cannot be combined with {option}")  # exits 2
    handout = args.new
    languages = [lang for value in args.lang for lang in value.split(",") if lang] or ["en"]
    if not SLUG.fullmatch(handout):
        parser.error(f"--new '{handout}' is not a handout id; use lower-case words joined by '-', "
                     "such as knee-replacement")
    if len(languages) > 1:
        parser.error("--new writes one language; give one --lang")
    language = languages[0]
    if not LANGUAGE_TAG.fullmatch(language):
        parser.error(f"--lang '{language}' is not a language tag such as en, es, fr-CA or zh-Hans")
    folder = (args.handouts_dir or root / "handouts") / handout
    path = folder / f"{language}.yaml"
    if path.exists() or path.is_symlink():
        parser.error(f"{display_path(str(path))} already exists; edit it, or choose another id or --lang")
    others = sorted(p.name for p in folder.glob("*.yaml")) if folder.is_dir() else []
    if others:
        parser.error(f"{display_path(str(folder))} already has {', '.join(others)}: a handout in another "
                     f"language is a translation of it (see --export-po {language} and --import-po)")
    today = args.today or dt.date.today()
    text = starter(handout, language, today, _schema(root, folder))
    try:
        _create(path, text.encode("utf-8"))
    except FileExistsError:  # made by someone else a moment ago
        parser.error(f"{display_path(str(path))} already exists; edit it, or choose another id or --lang")
    except OSError as exc:
        print(f"error: could not write {display_path(str(path))}: {reason(exc)}", file=sys.stderr)
        return 1
    elsewhere = f" --handouts-dir {args.handouts_dir}" if args.handouts_dir else ""
    print(f"wrote {display_path(str(path))}: a starter handout with every kind of block and notes on each.\n"
          f"See it as you fill it in: python generate.py --serve {handout} --lang {language}{elsewhere}")
    return 0


def starter(handout: str, language: str, today: dt.date, schema: str | None = None) -> str:
    """The starter handout's text: reviewed today, review due in a year."""
    try:
        review_by = today.replace(year=today.year + REVIEW_YEARS)
    except ValueError:  # 29 February
        review_by = today.replace(year=today.year + REVIEW_YEARS, day=28)
    template = Template((importlib.resources.files(__package__) / TEMPLATE).read_text(encoding="utf-8"))
    return template.substitute(handout=handout, language=language, reviewed=today.isoformat(),
                               review_by=review_by.isoformat(),
                               schema=f"# yaml-language-server: $schema={schema}\n" if schema else "")


def _schema(root: Path, folder: Path) -> str | None:
    """The handout schema, relative to the new file, for editors' completion, if it is there."""
    schema = root / "schema" / "handout.schema.json"
    return os.path.relpath(schema, folder.absolute()) if schema.is_file() else None


def _create(path: Path, data: bytes) -> None:
    """Write ``path`` only if no file is there (FileExistsError otherwise); a write that fails
    leaves no part of the file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as f:
        try:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        except BaseException:
            path.unlink()
            raise
