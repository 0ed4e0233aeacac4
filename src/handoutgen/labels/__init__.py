"""The words the tool prints itself ("Page 1 of 2", "Review by"), one YAML file per language."""

from __future__ import annotations

import datetime as dt
import importlib.resources
from dataclasses import dataclass
from functools import cache

import yaml

FALLBACK = "en"


@dataclass(frozen=True)
class Labels:
    language: str
    text: dict[str, str]
    months: tuple[str, ...]

    def __call__(self, key: str, **values: object) -> str:
        return self.text[key].format(**values)

    def date(self, day: dt.date) -> str:
        return self("date", month=self.months[day.month - 1], day=day.day, year=day.year)


@cache
def labels_for(language: str) -> Labels:
    """Labels for a BCP 47 tag, trying the full tag, then its primary language, then English."""
    package = importlib.resources.files(__name__)
    for candidate in (language, language.split("-")[0], FALLBACK):
        resource = package / f"{candidate}.yaml"
        if resource.is_file():
            data = yaml.safe_load(resource.read_text(encoding="utf-8"))
            months = tuple(data.pop("months"))
            return Labels(candidate, {k: str(v) for k, v in data.items()}, months)
    raise FileNotFoundError(f"no labels for {language} or {FALLBACK}")
