"""Paragraph styles derived from a layout, and paragraphs of text in the handout's language."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from reportlab.platypus import Flowable

from ..content.inline import RichText
from ..fonts import Stack, font_name
from ..layout.model import Layout
from .flowables import Tag
from .text import Typesetter


@dataclass(frozen=True)
class Styles:
    layout: Layout
    setter: Typesetter
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

    @property
    def picture_fonts(self) -> tuple[str, str]:
        """The faces text inside pictures is set in (regular, bold): always embedded ones."""
        return font_name("latin", False), font_name("latin", True)

    def colour(self, role: str):
        return HexColor(self.layout.colours[role])

    def para(self, text: RichText | str, style: ParagraphStyle, tag: Tag | None = None,
             **kwargs) -> Flowable:
        """A paragraph of content (RichText) or of words the tool prints (str), in any script.
        Text is data: '<', '&' and '**' in it print as written."""
        return self.setter.paragraph(text, style, tag=tag, **kwargs)


def make_styles(layout: Layout, language: str) -> Styles:
    setter = Typesetter(Stack(layout.font_family, language))
    primary = setter.stack.primary
    fonts = {"regular": font_name(primary, False), "bold": font_name(primary, True)}
    base, lead = layout.base_size, layout.leading
    text, muted, accent = (HexColor(layout.colours[k]) for k in ("text", "muted", "accent"))

    def style(name: str, size: float, *, bold: bool = False, colour=text, line: float = lead,
              before: float = 0, after: float = 0, fill: bool = True, **kw) -> ParagraphStyle:
        # Left aligned, ragged right: it reads more easily than justified text. Text is
        # hyphenated only where a line would otherwise be left a third empty (text.breaking);
        # titles and headings (not ``fill``) only where a word is wider than the line.
        return ParagraphStyle(name, fontName=fonts["bold" if bold else "regular"], fontSize=size,
                              leading=size * line, textColor=colour, spaceBefore=before,
                              spaceAfter=after, hyphenationLang=language if fill else "",
                              alignment=TA_RIGHT if setter.rtl else TA_LEFT, **kw)

    small = layout.size("small")
    body = style("body", base, after=base * 0.6)
    indent = base * 1.6
    return Styles(
        layout=layout,
        setter=setter,
        fonts=fonts,
        kicker=style("kicker", small, bold=True, colour=accent, after=small * 0.4, fill=False),
        title=style("title", layout.size("title"), bold=True, colour=accent, line=1.15,
                    after=base * 0.5, fill=False),
        lead=style("lead", layout.size("lead"), after=base * 0.9),
        heading=style("heading", layout.size("heading"), bold=True, colour=accent, line=1.2,
                      before=base * 1.2, after=base * 0.45, fill=False),
        body=body,
        # reportlab's bullets are 10 pt whatever the text size unless told otherwise.
        bullet=style("bullet", base, after=base * 0.3, leftIndent=indent, bulletIndent=base * 0.4,
                     bulletFontName=fonts["bold"], bulletFontSize=base),
        step=style("step", base, after=base * 0.4, leftIndent=indent, bulletIndent=base * 0.2,
                   bulletFontName=fonts["bold"], bulletFontSize=base),
        panel_title=style("panel-title", layout.size("lead"), bold=True, line=1.25, fill=False),
        panel_title_inverse=style("panel-title-inverse", layout.size("lead"), bold=True, line=1.25,
                                  colour=white, fill=False),
        panel_text=style("panel-text", base),
        cell=style("cell", base, line=lead * 0.95),
        header_cell=style("header-cell", base, bold=True, line=lead * 0.95),
        small_heading=style("small-heading", small, bold=True, colour=muted, before=base, after=2, fill=False),
        small=style("small", small, colour=muted, after=2),
        running=style("running", layout.size("running"), colour=muted, line=1.3, fill=False),
    )
