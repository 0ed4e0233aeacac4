"""Text as the languages write it: where lines may break and how words hyphenate (breaking.py).
Every place that wraps text (paragraphs, list items, table cells, checklist items, diagram
labels, the running header and footer) breaks its lines here."""
