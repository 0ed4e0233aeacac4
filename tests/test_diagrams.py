"""Diagrams, images and QR codes: errors at their line, layouts without overlaps or arrows
through boxes, labels read back in order, pictures kept as vectors."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, run, write_handout
from handoutgen.render.flow import layout_flow, layout_flow_across, segment_crosses

HEAD = MINIMAL.format(id="fig", lang="en").replace('      - paragraph: "Short text."\n', "")


def build(tmp_path, blocks: str):
    write_handout(tmp_path / "handouts", "fig", "en", HEAD + blocks)
    return run("--handouts-dir", tmp_path / "handouts", "--out", tmp_path / "out", "--jobs", "1")


FLOW = """\
      - diagram:
          id: flow
          kind: flow
          title: "Caption of the flow"
          alt: "Alt text of the flow"
          nodes:
            - {id: a, label: "First box"}
            - {id: b, label: "Second box"}
            - {id: c, label: "Third box"}
          edges:
            - {from: a, to: b}
            - {from: b, to: c}
"""


@pytest.mark.parametrize("blocks, where, message", [
    (FLOW + "            - {from: c, to: a}\n", "22:15", "the flow goes round in a circle (a -> b -> c -> a)"),
    (FLOW.replace("{from: b, to: c}", "{from: b, to: z}"), "21:29", "edge to unknown node 'z'"),
    (FLOW.replace("{id: c,", "{id: b,"), "18:20", "duplicate node id 'b' (first used on line 17)"),
    (FLOW.replace("          nodes:", "          regions: []\n          nodes:"), "15:20",
     "a flow diagram has no 'regions'; remove it"),
    (FLOW.replace('          alt: "Alt text of the flow"\n', ""), "11:11", "missing key 'alt' in diagram"),
    ("      - diagram: {id: b, kind: body, title: T, alt: A, regions: [{area: kidney, label: K}]}\n", "10:73",
     "body area 'kidney' is not one of"),
    ("      - diagram: {id: s, kind: scale, title: T, alt: A, min: 5, max: 5}\n", "10:70",
     "a scale from 5 to 5 has only 1 box; use 2 to 21"),
    ("      - image: {file: nowhere.png, alt: A}\n", "10:23", "image 'nowhere.png' does not exist"),
    ("      - image: {file: ../../outside.png, alt: A}\n", "10:23",
     "image '../../outside.png' is outside the handouts folder"),
    ("      - image: {file: broken.png, alt: A}\n", "10:23", "image 'broken.png' is not a readable PNG or JPEG image"),
    ("      - qr: {url: 'http://example.org', label: L}\n", "10:19",
     "qr url 'http://example.org' must be a web address starting with https://"),
])
def test_bad_figures_fail_with_their_line(tmp_path, capsys, blocks, where, message):
    (tmp_path / "outside.png").write_bytes(b"")
    (tmp_path / "handouts" / "fig").mkdir(parents=True)
    (tmp_path / "handouts" / "fig" / "broken.png").write_bytes(b"not a png")
    assert build(tmp_path, blocks) == 1
    err = capsys.readouterr().err
    assert f"fig/en.yaml:{where}: {message}" in err, err


TWELVE = ["cells", "bone", "calcium", "crowd", "proteins", "fractures", "kidneys", "anemia", "bleeding",
          "infections", "pain", "tired"]
TWELVE_EDGES = [("cells", "bone"), ("cells", "crowd"), ("cells", "proteins"), ("bone", "fractures"),
                ("bone", "calcium"), ("calcium", "kidneys"), ("proteins", "kidneys"), ("crowd", "anemia"),
                ("crowd", "bleeding"), ("crowd", "infections"), ("fractures", "pain"), ("anemia", "tired"),
                ("cells", "tired")]


def assert_clean(layout, edges):
    names = list(layout.boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not layout.boxes[a].overlaps(layout.boxes[b]), (a, b)
    for (start, end), route in zip(edges, layout.routes):
        for p, q in zip(route, route[1:]):
            for name, box in layout.boxes.items():
                if name not in (start, end):
                    assert not segment_crosses(p, q, box), (start, end, name)


@pytest.mark.parametrize("place", [layout_flow, layout_flow_across])
def test_twelve_node_flow_has_no_overlaps_and_no_arrow_through_a_box(place):
    sizes = {n: (90, 30 + (i % 3) * 12) for i, n in enumerate(TWELVE)}
    layout = place(sizes, TWELVE_EDGES, gap_x=12, gap_y=24, slot=10)
    assert len(layout.boxes) == 12 and len(layout.routes) == len(TWELVE_EDGES)
    assert_clean(layout, TWELVE_EDGES)
    for (start, end), route in zip(TWELVE_EDGES, layout.routes):  # arrows start and end on their boxes
        s, e = layout.boxes[start], layout.boxes[end]
        assert s.x <= route[0][0] <= s.x + s.w and e.x <= route[-1][0] <= e.x + e.w or place is layout_flow_across


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.integers(2, 12).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=20),
    st.lists(st.tuples(st.integers(40, 140), st.integers(20, 70)), min_size=n, max_size=n))))
def test_random_acyclic_flows_lay_out_cleanly(graph):
    n, pairs, dims = graph
    edges = sorted({(f"n{a}", f"n{b}") for a, b in pairs if a < b})  # a < b keeps it acyclic
    sizes = {f"n{i}": dims[i] for i in range(n)}
    assert_clean(layout_flow(sizes, edges, gap_x=12, gap_y=24, slot=10), edges)


def test_labels_are_read_back_in_order_and_figures_render(tmp_path):
    shutil.copy(ROOT / "clinics" / "example-logo.svg", tmp_path / "logo.svg")
    (tmp_path / "handouts" / "fig").mkdir(parents=True)
    shutil.copy(ROOT / "clinics" / "example-logo.svg", tmp_path / "handouts" / "fig" / "logo.svg")
    assert build(tmp_path, FLOW + """\
      - diagram: {id: pain, kind: scale, title: "How bad is your pain?", alt: "A scale from 0 to 10",
                  min: 0, max: 10, labels: {0: "No pain", 5: "Moderate", 10: "Worst pain"}}
      - image: {file: logo.svg, alt: "A cross", caption: "Our sign", width: 0.3}
      - qr: {url: "https://www.example.org/video", label: "Watch a short video about this"}
""") == 0
    reader = PdfReader(tmp_path / "out" / "fig.en.letter.pdf")
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    order = ["First box", "Second box", "Third box", "Caption of the flow", "No pain", "Moderate",
             "Worst pain", "How bad is your pain?", "Our sign", "Watch a short video about this",
             "https://www.example.org/video"]
    positions = [text.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Alt text of the flow" not in text  # alt text is for screen readers, not print
    xobjects = reader.pages[0]["/Resources"].get("/XObject", {})
    assert not any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())  # SVG kept as vectors


@pytest.mark.parametrize("low, high, labels", [
    (5, 6, {5: "The lowest value of this scale, " * 4, 6: "The highest value of this scale, " * 4}),
    (0, 3, {0: "Nothing at all " * 3, 1: "A little bit " * 3, 2: "Quite a lot " * 3, 3: "As bad as it gets " * 3}),
])
def test_scale_labels_keep_to_their_share_of_the_column(tmp_path, low, high, labels):
    """Long labels on few boxes used to run past each other and off the column; the read-back
    check finds such overlaps as text out of order."""
    words = ", ".join(f'{value}: "{text.strip()}"' for value, text in labels.items())
    assert build(tmp_path, f"""\
      - diagram: {{id: s, kind: scale, title: "Scale", alt: "A scale", min: {low}, max: {high}, labels: {{{words}}}}}
""") == 0
    page = PdfReader(tmp_path / "out" / "fig.en.letter.pdf").pages[0]
    lefts = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: lefts.append(tm[4] * cm[0] + cm[4]) if text.strip() else None)
    assert min(lefts) >= 0.75 * 72 - 1  # nothing left of the column (letter margins are 0.75 in or more)


def test_ten_labelled_body_areas_have_labels_that_never_overlap():
    from handoutgen.content.model import BODY_AREAS
    from handoutgen.render.body import AREAS, HEIGHT, place_labels

    areas = ["skull", "brain", "spine", "ribs", "lungs", "heart", "liver", "kidneys", "pelvis", "legs"]
    heights = {a: 11.0 + 4 * (i % 2) for i, a in enumerate(areas)}  # one- and two-line labels
    labels = place_labels(areas, heights, gap=2)
    assert sorted(label.area for label in labels) == sorted(areas)
    for side in ("left", "right"):
        column = sorted((lab for lab in labels if lab.side == side), key=lambda lab: lab.top)
        for upper, lower in zip(column, column[1:]):
            assert upper.top + upper.height + 2 <= lower.top + 1e-9, (upper.area, lower.area)
        assert all(0 <= lab.top and lab.top + lab.height <= HEIGHT for lab in column)
    assert abs(sum(lab.side == "left" for lab in labels) - sum(lab.side == "right" for lab in labels)) <= 4
    assert set(AREAS) == set(BODY_AREAS)


@pytest.mark.parametrize("height", [11.0, 40.0, 90.0])  # up to labels far too tall to fit beside the body
def test_body_labels_never_overlap_or_rise_above_the_figure(height):
    from handoutgen.content.model import BODY_AREAS
    from handoutgen.render.body import place_labels

    labels = place_labels(list(BODY_AREAS), {a: height for a in BODY_AREAS}, gap=2)
    for side in ("left", "right"):
        column = sorted((lab for lab in labels if lab.side == side), key=lambda lab: lab.top)
        assert column[0].top >= 0
        for upper, lower in zip(column, column[1:]):
            assert upper.top + upper.height + 2 <= lower.top + 1e-9


def test_every_body_area_can_be_drawn_and_read_back(tmp_path):
    from handoutgen.content.model import BODY_AREAS

    regions = ", ".join(f"{{area: {a}, label: 'The {a} label'}}" for a in BODY_AREAS)
    assert build(tmp_path, f"      - diagram: {{id: all, kind: body, title: 'All areas', alt: 'Every area', "
                           f"regions: [{regions}]}}\n") == 0
    text = " ".join(PdfReader(tmp_path / "out" / "fig.en.letter.pdf").pages[0].extract_text().split())
    assert all(f"The {a} label" in text for a in BODY_AREAS)


def test_the_real_handout_has_its_flow_and_body_diagrams(real_filled, real_pdf):
    from handoutgen.content.model import BodyDiagram, FlowDiagram

    blocks = [b for s in real_filled.sections for b in s.blocks]
    assert {type(b) for b in blocks} >= {FlowDiagram, BodyDiagram}
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(real_pdf).pages).split())
    for label in ("Kidney damage", "Too much calcium in the blood", "Spine (backbone)", "Kidneys"):
        assert label in text
