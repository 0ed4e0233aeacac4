"""Paragraph styles derived from a layout, and content text turned into safe paragraph markup."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor, white
from reportlab.lib.styles import ParagraphStyle

from ..content.inline import RichText
from ..fonts import register
from ..layout.model import Layout


def markup(text: RichText) -> str:
    """reportlab paragraph markup for content text. Every character is escaped, so '<', '&'
    and entity-like text print literally; bold runs are the only tags we add."""
    return "".join(f"<b>{plain(run.text)}</b>" if run.bold else plain(run.text) for run in text.runs)


def plain(text: str) -> str:
    """Paragraph markup that prints ``text`` exactly (labels, clinic details)."""
    return escape(text)


@dataclass(frozen=True)
class Styles:
    layout: Layout
    fonts: dict[str, str]
    kicker: ParagraphStyle
    title: ParagraphStyle
    lead: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    step: ParagraphStyle
    panel_title: ParagraphStyle
    panel_title_inverse: ParagraphStyle
    panel_text: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle
    small_heading: ParagraphStyle
    small: ParagraphStyle
    running: ParagraphStyle

    def colour(self, role: str):
        return HexColor(self.layout.colours[role])


def make_styles(layout: Layout) -> Styles:
    fonts = register(layout.font_family)
    base, lead = layout.base_size, layout.leading
    text, muted, accent = (HexColor(layout.colours[k]) for k in ("text", "muted", "accent"))

    def style(name: str, size: float, *, bold: bool = False, colour=text, line: float = lead,
              before: float = 0, after: float = 0, **kw) -> ParagraphStyle:
        # Left aligned and never hyphenated: ragged right reads more easily than justified text.
        return ParagraphStyle(name, fontName=fonts["bold" if bold else "regular"], fontSize=size,
                              leading=size * line, textColor=colour, spaceBefore=before,
                              spaceAfter=after, allowOrphans=0, allowWidows=0, **kw)

    small = layout.size("small")
    body = style("body", base, after=base * 0.6)
    indent = base * 1.6
    return Styles(
        layout=layout,
        fonts=fonts,
        kicker=style("kicker", small, bold=True, colour=accent, after=small * 0.4),
        title=style("title", layout.size("title"), bold=True, colour=accent, line=1.15,
                    after=base * 0.5),
        lead=style("lead", layout.size("lead"), after=base * 0.9),
        heading=style("heading", layout.size("heading"), bold=True, colour=accent, line=1.2,
                      before=base * 1.2, after=base * 0.45),
        body=body,
        # reportlab's bullets are 10 pt whatever the text size unless told otherwise.
        bullet=style("bullet", base, after=base * 0.3, leftIndent=indent, bulletIndent=base * 0.4,
                     bulletFontName=fonts["bold"], bulletFontSize=base),
        step=style("step", base, after=base * 0.4, leftIndent=indent, bulletIndent=base * 0.2,
                   bulletFontName=fonts["bold"], bulletFontSize=base),
        panel_title=style("panel-title", layout.size("lead"), bold=True, line=1.25),
        panel_title_inverse=style("panel-title-inverse", layout.size("lead"), bold=True, line=1.25,
                                  colour=white),
        panel_text=style("panel-text", base),
        cell=style("cell", base, line=lead * 0.95),
        header_cell=style("header-cell", base, bold=True, line=lead * 0.95),
        small_heading=style("small-heading", small, bold=True, colour=muted, before=base, after=2),
        small=style("small", small, colour=muted, after=2),
        running=style("running", layout.size("running"), colour=muted, line=1.3),
    )
