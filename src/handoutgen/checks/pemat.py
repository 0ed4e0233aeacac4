"""The items of AHRQ's Patient Education Materials Assessment Tool for printable materials
(PEMAT-P, version 1.0, 2013; Shoemaker, Wolf and Brach) and of the CDC Clear Communication
Index (2014) that a program can judge reliably from the handout's structure and words. Each
item is met (True), not met (False) or does not apply (None); the README lists the items
that need a human reviewer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.model import (BodyDiagram, Bullets, Callout, Checklist, FlowDiagram, Handout, Image,
                             ScaleDiagram, Steps, Subheading, block_items)
from .readability import language_of, prose, sentences, title_case, words

# A chunk of text between two headings (or bold sub-headings) longer than this is not "short".
CHUNK_WORDS = 250

# Words a reader is told to do something with, sentence-initially or after an "If ...," clause:
# English and Spanish imperatives (Spanish in the "usted" form handouts use).
_IMPERATIVES = {
    "en": set("""ask avoid bring call check choose clean contact cover cut do don't drink eat exercise find
              follow get give go have keep know learn let limit look make move plan put read remember rest
              see seek share sip sit sleep stand start stay stop take talk tell try turn use visit walk wash
              watch wear write""".split()),
    "es": set("""beba camine coma consulte cuide descanse evite hable haga lave lávese llame lleve mantenga
              pida pregunte revise siga tome trate use vaya vea""".split()),
}
# The reader, addressed directly.
_SECOND_PERSON = {
    "en": r"\b(?:you|your|yours|yourself)\b", "es": r"\b(?:usted|ustedes|su|sus|tú|tu|tus|le)\b",
    "ru": r"\b(?:вы|вас|вам|ваш|ваша|ваше|ваши|вашего|вашей|ваших)\b", "vi": r"\bbạn\b", "zh": r"[您你]",
    "ar": r"(?:أنت|لك|ك\b)", "hi": r"\b(?:आप|आपका|आपकी|आपके|आपको)\b", "fr": r"\b(?:vous|votre|vos)\b",
}
# Telling the reader to get help, in the text rather than a checklist.
_GET_HELP = {
    "en": r"\b(?:call|see|contact|tell|go to|get help from)\b[^.!?]{0,60}\b(?:doctor|nurse|care team|"
          r"health care|provider|hospital|911|emergency)",
    "es": r"\b(?:llame|vaya|consulte|avise|hable con)\b[^.!?]{0,60}\b(?:médico|enfermer|equipo|911|"
          r"emergencia|urgencias|hospital)",
}
_SUMMARY_HEADING = re.compile(r"\b(?:summary|key points|in short|the bottom line|what to remember|"
                              r"resumen|puntos clave|lo más importante)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ItemResult:
    name: str  # as reported, with where it comes from
    short: str  # for the report's list of items not met
    met: bool | None  # None: does not apply


def _imperative(sentence: str, lang: str) -> bool:
    verbs = _IMPERATIVES.get(lang)
    if not verbs:
        return False
    clause = sentence.split(",", 1)[1] if re.match(r"(?:if|when|si|cuando)\b", sentence, re.IGNORECASE) \
        and "," in sentence else sentence
    first = words(clause.strip())[:1]
    return bool(first) and first[0].lower() in verbs


def has_summary(handout: Handout) -> bool:
    return handout.summary is not None or any(_SUMMARY_HEADING.search(s.heading.text.plain)
                                              for s in handout.headed_sections)


def judge(handout: Handout, unexplained_terms: int) -> list[ItemResult]:
    lang = language_of(handout.language)
    blocks = [b for s in handout.sections for b in s.blocks]
    body = [i for s in handout.sections for b in s.blocks for i in block_items(b)]
    texts = [prose(i.text.plain) for i in body]
    all_sentences = [s for t in texts for s in sentences(t)]
    paragraphs = [t for t in (prose(i.text.plain) for b in blocks if not isinstance(b, Subheading)
                              for i in block_items(b)) if not title_case(t)]

    # Chunks: the words between headings, sub-headings and bold sub-headings included.
    chunks, current = [], 0
    for section in handout.sections:
        if section.heading:
            chunks.append(current)
            current = 0
        for block, item in ((b, i) for b in section.blocks for i in block_items(b)):
            if isinstance(block, Subheading) or title_case(item.text.plain):
                chunks.append(current)
                current = 0
            else:
                current += len(words(prose(item.text.plain)))
    chunks.append(current)

    actions = [s for s in all_sentences if _imperative(s, lang)]
    has_steps = any(isinstance(b, (Steps, Checklist)) for b in blocks)
    has_lists = has_steps or any(isinstance(b, Bullets) for b in blocks)
    bold = any(run.bold for i in body for run in i.text.runs)
    figures = [b for b in blocks if isinstance(b, (FlowDiagram, BodyDiagram, ScaleDiagram, Image))]
    second_person = _SECOND_PERSON.get(lang)
    get_help = _GET_HELP.get(lang)
    urgent = any(isinstance(b, Checklist) and b.warning_signs for b in blocks)
    # Imperatives are recognised in English and Spanish; elsewhere only steps and checklists show
    # an action, and a handout without them is left to a human.
    acts = has_steps or bool(actions) if lang in _IMPERATIVES else (True if has_steps else None)

    return [
        ItemResult("PEMAT-P 8 (CDC Index 9): breaks the information into short sections with headings", "headings",
                   None if len(paragraphs) <= 2 else len(handout.headed_sections) >= 2 and max(chunks) <= CHUNK_WORDS),
        ItemResult("PEMAT-P 11: provides a summary", "a summary",
                   None if len(paragraphs) <= 2 else has_summary(handout)),  # PEMAT: not for two paragraphs
        ItemResult("PEMAT-P 4 (CDC Index 7): medical and unfamiliar words are explained", "explained words",
                   unexplained_terms == 0),
        ItemResult("PEMAT-P 12 (CDC Index 8): visual cues (lists, bold, boxes) draw attention to key points",
                   "visual cues", has_lists or bold or any(isinstance(b, (Callout, Checklist)) for b in blocks)),
        ItemResult("PEMAT-P 17: visual aids have titles or captions", "captions",
                   None if not figures else all(not isinstance(f, Image) or f.caption for f in figures)),
        ItemResult("PEMAT-P 20 (CDC Index 5, 12): names at least one action the reader can take", "an action list",
                   acts),
        ItemResult("PEMAT-P 21: addresses the reader directly", "addresses the reader",
                   None if not second_person else any(re.search(second_person, t, re.IGNORECASE) for t in texts)),
        ItemResult("PEMAT-P 22 (CDC Index 14): breaks actions into explicit steps or a list", "steps",
                   None if not acts else has_steps or (has_lists and bool(actions))),
        ItemResult("Says when to get help: an urgent checklist, or telling the reader whom to call",
                   "when to get help",
                   urgent or (bool(get_help) and any(re.search(get_help, t, re.IGNORECASE) for t in texts))),
    ]
