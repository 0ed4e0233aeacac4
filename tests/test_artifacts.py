"""No artifact inside tagged content (PDF/UA, veraPDF rule 7.1-1): a figure's drawing belongs
to the figure."""

from __future__ import annotations

import pikepdf

from conftest import run


def nested_artifacts(path) -> int:
    found = 0
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            stack: list[bool] = []  # for each open marked content: is it tagged content (MCID)?
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    tag = str(operands[0])
                    if tag == "/Artifact" and any(stack):
                        found += 1
                    props = operands[1] if op == "BDC" else None
                    stack.append(isinstance(props, pikepdf.Dictionary) and "/MCID" in props)
                elif op == "EMC" and stack:
                    stack.pop()
    return found


def test_drawings_inside_figures_are_not_artifacts(tmp_path):
    assert run("multiple-myeloma", "--lang", "en,ar", "--out", tmp_path) == 0
    for lang in ("en", "ar"):
        assert nested_artifacts(tmp_path / f"multiple-myeloma.{lang}.letter.pdf") == 0
