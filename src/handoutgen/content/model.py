"""The validated handout: what the renderer draws and the checks compare against."""

from __future__ import annotations

import datetime as dt
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Union

from ..diagnostics import Diagnostic, Location
from .inline import RichText
from .schema import BODY_AREAS, CALLOUT_LEVELS, CHECKLIST_LEVELS, WARNING_LEVELS  # noqa: F401 (the renderer reads them here)
from .translation import Translation


@dataclass(frozen=True)
class Item:
    """One piece of printed text with the place in the YAML it came from."""
    text: RichText
    location: Location


@dataclass(frozen=True)
class Paragraph:
    text: Item


@dataclass(frozen=True)
class Subheading:
    text: Item


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list."""
    items: tuple[Item, ...]
    sublists: tuple["ListBlock | None", ...]  # the list under each item (one level deep), or None

    def entries(self) -> Iterator[tuple[Item, "ListBlock | None"]]:
        return zip(self.items, self.sublists)


@dataclass(frozen=True)
class Bullets(ListBlock):
    pass


@dataclass(frozen=True)
class Steps(ListBlock):
    pass


@dataclass(frozen=True)
class Checklist:
    id: str
    level: str  # one of CHECKLIST_LEVELS
    title: Item
    items: tuple[Item, ...]

    @property
    def warning_signs(self) -> bool:
        """Its items are warning signs (urgent, emergency), not a neutral list to tick (info)."""
        return self.level in WARNING_LEVELS


@dataclass(frozen=True)
class Callout:
    level: str  # one of CALLOUT_LEVELS
    title: Item | None
    text: Item


@dataclass(frozen=True)
class Table:
    columns: tuple[Item, ...]
    rows: tuple[tuple[Item, ...], ...]


@dataclass(frozen=True)
class FlowNode:
    id: str
    label: Item


@dataclass(frozen=True)
class FlowDiagram:
    """Boxes and arrows laid out automatically, e.g. how a disease leads to its complications."""
    id: str
    title: Item  # printed as the caption
    alt: Item  # the text alternative, for screen readers (not printed)
    nodes: tuple[FlowNode, ...]
    edges: tuple[tuple[str, str], ...]  # (from node id, to node id)


@dataclass(frozen=True)
class BodyRegion:
    area: str  # one of BODY_AREAS
    label: Item


@dataclass(frozen=True)
class BodyDiagram:
    """A front-view human outline with named areas highlighted and labelled."""
    id: str
    title: Item
    alt: Item
    regions: tuple[BodyRegion, ...]


@dataclass(frozen=True)
class ScaleDiagram:
    """A numbered rating scale a patient ticks with a pen."""
    id: str
    title: Item
    alt: Item
    low: int
    high: int
    labels: tuple[tuple[int, Item], ...]  # anchor labels by value, in increasing order


@dataclass(frozen=True)
class Image:
    path: str  # absolute, checked to lie inside the handouts folder
    alt: Item
    caption: Item | None
    width: float  # share of the column, 0 to 1
    digest: str  # sha256 of the file as it was checked: part of the PDF's input key


@dataclass(frozen=True)
class QRCode:
    url: str  # https only
    label: Item
    url_text: Item  # the url as printed below the code, so it can be typed


Block = Union[Paragraph, Subheading, Bullets, Steps, Checklist, Callout, Table, FlowDiagram, BodyDiagram, ScaleDiagram,
              Image, QRCode]


@dataclass(frozen=True)
class Section:
    id: str
    heading: Item | None  # None where the source prints no heading (an opening before the first)
    blocks: tuple[Block, ...]
    leaflet: bool = True  # printed in folded leaflets (trifold) too

    def items(self) -> Iterator[Item]:
        """Its heading, if it has one, and every printed piece of its blocks, in reading order."""
        if self.heading:
            yield self.heading
        for block in self.blocks:
            yield from block_items(block)

    @property
    def start(self) -> Item:
        """Where the section begins in the YAML (its heading, or its first text): for messages."""
        return next(self.items())


@dataclass(frozen=True)
class SignOff:
    """A clinician's sign-off of the content: who (a role or a name) and on which day."""
    by: str
    date: dt.date


@dataclass(frozen=True)
class Handout:
    id: str
    language: str
    title: Item
    summary: Item | None
    reviewed: dt.date
    review_by: dt.date
    sources: tuple[Item, ...]
    sections: tuple[Section, ...]
    path: str
    digest: str  # sha256 of the YAML file, hex
    key_locations: dict[str, Location]  # top-level key -> where it is, for warnings about it
    translation: Translation | None = None  # set in translation files, not in sources
    # The content's clinical sign-off; None while it is a draft. A translation has its source's
    # (set by the pipeline, which reads the source).
    signed_off: SignOff | None = None
    warnings: tuple[Diagnostic, ...] = ()  # found while reading the file (characters removed)

    @property
    def version(self) -> str:
        """Short content version printed on every page, so a printout can be traced to its source."""
        return self.digest[:8]

    @property
    def headed_sections(self) -> tuple[Section, ...]:
        """The sections with a printed heading (not an opening without one)."""
        return tuple(s for s in self.sections if s.heading)

    def for_leaflet(self) -> "Handout":
        """The handout without the sections its author left out of folded leaflets."""
        return dataclasses.replace(self, sections=tuple(s for s in self.sections if s.leaflet))

    def reading_order(self) -> Iterator[Item]:
        """Every printed piece of content in the order a reader meets it."""
        yield from self.body_items()
        yield from self.sources

    def body_items(self) -> Iterator[Item]:
        """Title, summary and sections: everything before the small print of the sources."""
        yield self.title
        if self.summary:
            yield self.summary
        for section in self.sections:
            yield from section.items()


def block_items(block: Block) -> Iterator[Item]:
    if isinstance(block, Paragraph):
        yield block.text
    elif isinstance(block, Subheading):
        yield block.text
    elif isinstance(block, ListBlock):
        for item, sublist in block.entries():
            yield item
            if sublist:
                yield from sublist.items
    elif isinstance(block, Checklist):
        yield block.title
        yield from block.items
    elif isinstance(block, Callout):
        if block.title:
            yield block.title
        yield block.text
    elif isinstance(block, Table):
        yield from block.columns
        for row in block.rows:
            yield from row
    elif isinstance(block, FlowDiagram):  # labels as drawn, in the order of the YAML, then the caption
        yield from (node.label for node in block.nodes)
        yield block.title
    elif isinstance(block, BodyDiagram):
        yield from (region.label for region in block.regions)
        yield block.title
    elif isinstance(block, ScaleDiagram):
        yield from (label for _, label in block.labels)
        yield block.title
    elif isinstance(block, Image):
        if block.caption:
            yield block.caption
    elif isinstance(block, QRCode):
        yield block.label
        yield block.url_text
    else:  # pragma: no cover - the parser only builds the types above
        raise TypeError(block)


def fill_placeholders(handout: Handout, values: dict[str, str]) -> Handout:
    """The handout with every clinic placeholder replaced by its value."""
    def fill(value):
        if isinstance(value, Item):
            return dataclasses.replace(value, text=value.text.fill(values))
        if isinstance(value, tuple):
            return tuple(fill(v) for v in value)
        if dataclasses.is_dataclass(value):
            return dataclasses.replace(value, **{f.name: fill(getattr(value, f.name))
                                                 for f in dataclasses.fields(value)})
        return value
    return fill(handout)
