"""The JSON Schema files in ``schema/``, one per input format, each made from the declaration its
parser reads by: handouts (content/schema.py), layouts (layout/parse.py), clinic profiles
(clinic.py) and the checks file (checks/config.py).

    python -m handoutgen.schemas      # or: make schemas

writes all four, and the README's table of handout keys. A test fails while a committed file
differs from what this makes. Editors that speak the YAML language server complete and check
the files as they are typed with these schemas (README, "Editor completion and errors").
"""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from .checks.config import CHECKS
from .clinic import PROFILE
from .content import schema as handout
from .content.schema import Record, _json
from .layout.parse import LAYOUT

GENERATED = "Generated from {source} by `python -m handoutgen.schemas`; do not edit."


@dataclass(frozen=True)
class Format:
    name: str
    title: str
    record: Record | None  # None: the handout, whose document content/schema.py makes
    source: str  # where the declaration is
    files: tuple[str, ...]  # the shipped files in this format (globs from the project folder)
    extends: bool = False  # a file with `extends:` may leave out any key

    @property
    def path(self) -> Path:
        return Path("schema") / f"{self.name}.schema.json"

    def document(self) -> dict:
        if self.record is None:
            return handout.json_schema()
        out = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": self.title}
        full = _json(self.record)
        if self.extends:
            # Required keys hold only for a file that extends nothing: the merged result is checked
            # by the tool. An editor still completes every key with its description.
            out.update(_optional(full))
            out["if"] = {"required": ["extends"]}
            out["else"] = _requirements(full)
        else:
            out.update(full)
        out["description"] = f"{self.title}. {GENERATED.format(source=self.source)}"
        return out

    def text(self) -> str:
        return json.dumps(self.document(), indent=2, ensure_ascii=False) + "\n"


FORMATS = (
    Format("handout", "Patient handout (handouts/<handout>/<language>.yaml)", None,
           "src/handoutgen/content/schema.py", ("handouts/*/*.yaml",)),
    Format("layout", "Layout (layouts/<name>.yaml)", LAYOUT, "src/handoutgen/layout/parse.py",
           ("layouts/*.yaml",), extends=True),
    Format("clinic", "Clinic profile (clinic.yaml, or --clinic FILE)", PROFILE, "src/handoutgen/clinic.py",
           ("clinic.yaml", "clinics/*.yaml")),
    Format("checks", "Plain-language checks file (checks.yaml, or --checks FILE)", CHECKS,
           "src/handoutgen/checks/config.py", ("checks.yaml",)),
)


def _optional(schema):
    """``schema`` with no key required anywhere."""
    if isinstance(schema, dict):
        return {k: _optional(v) for k, v in schema.items() if k != "required"}
    if isinstance(schema, list):
        return [_optional(v) for v in schema]
    return copy.deepcopy(schema)


def _requirements(schema: dict) -> dict:
    """Only the required keys of ``schema``, at every level of nested mappings."""
    out = {}
    if schema.get("required"):
        out["required"] = schema["required"]
    nested = {k: _requirements(v) for k, v in schema.get("properties", {}).items()}
    nested = {k: v for k, v in nested.items() if v}
    if nested:
        out["properties"] = nested
    return out


def main(argv: list[str] | None = None) -> int:
    root = Path(argv[0]) if argv else Path.cwd()
    (root / "schema").mkdir(exist_ok=True)
    for f in FORMATS:
        (root / f.path).write_text(f.text(), encoding="utf-8")
        print(f"wrote {root / f.path}")
    readme = root / "README.md"
    readme.write_text(handout.readme_with_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote the key table in {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
