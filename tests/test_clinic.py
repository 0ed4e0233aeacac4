"""The clinic profile: printed on every page and in the contact box, filled into placeholders,
carried in the file name and the PDF author; a broken profile fails with its line."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import MINIMAL, ROOT, run, write_handout

EXAMPLE = ROOT / "clinics" / "example.yaml"
PLACEHOLDERS = MINIMAL.format(id="demo", lang="en").replace('      - paragraph: "Short text."\n', """\
      - paragraph: "Call us at {phone}. In an emergency, call {emergency_number}."
      - paragraph: "Braces print as {{this}}. Visit {website}."
""")


def all_text(path):
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


@pytest.fixture
def handouts(tmp_path):
    root = tmp_path / "handouts"
    write_handout(root, "demo", "en", PLACEHOLDERS)
    return root


def test_example_clinic_everywhere_a_patient_looks(handouts, tmp_path):
    out = tmp_path / "out"
    assert run("--handouts-dir", handouts, "--clinic", EXAMPLE, "--out", out) == 0
    pdf = out / "demo.en.letter.example-clinic.pdf"  # the clinic is in the file name
    reader = PdfReader(pdf)
    assert reader.metadata.author == "Example Community Hospital"
    for page in reader.pages:
        assert "Example Community Hospital · (555) 010-0100" in page.extract_text()
    text = all_text(pdf)
    assert "Call us at (555) 010-0100. In an emergency, call 911." in text
    assert "Braces print as {this}. Visit https://www.example.org/cancer-care." in text
    for line in ("Contact us", "Example Community Hospital · Blood and Cancer Clinic", "Phone: (555) 010-0100",
                 "After hours: (555) 010-0199", "Emergency: 911", "Address: 100 Main Street, Springfield"):
        assert line in text


def test_phone_numbers_never_wrap():
    """Phone fields are filled in with no-break spaces (pypdf reads them back as plain spaces)."""
    from handoutgen.clinic import parse_clinic

    values = parse_clinic(str(EXAMPLE)).placeholders()
    assert values["phone"] == "(555)\u00a0010-0100" and values["after_hours_phone"] == "(555)\u00a0010-0199"
    assert values["address"] == "100 Main Street, Springfield"  # other fields wrap normally


def test_another_clinic_changes_no_handout(handouts, tmp_path):
    profile = tmp_path / "eu.yaml"
    profile.write_text('id: berlin\nname: "Klinik Mitte"\nphone: "+49 30 000000"\nemergency_number: "112"\n')
    before = (handouts / "demo" / "en.yaml").read_bytes()
    assert run("--handouts-dir", handouts, "--clinic", profile, "--out", tmp_path / "out") == 0
    assert "In an emergency, call 112." in all_text(tmp_path / "out" / "demo.en.letter.berlin.pdf")
    assert (handouts / "demo" / "en.yaml").read_bytes() == before


def test_default_profile_leaves_lines_to_write_on(handouts, tmp_path):
    assert run("--handouts-dir", handouts, "--out", tmp_path / "out") == 0
    pdf = tmp_path / "out" / "demo.en.letter.pdf"  # no clinic id, no suffix
    assert "Call us at ________________________. In an emergency, call 911." in all_text(pdf)
    assert PdfReader(pdf).metadata.author in ("", None)


@pytest.mark.parametrize("text, where, message", [
    ("Call {phon} now.", "11:20", "unknown placeholder {phon}; use one of {name}, {department}, {phone}"),
    ("A lone { brace.", "11:20", "a single '{' must be written '{{' to print it"),
    ("A lone } brace.", "11:20", "a single '}' must be written '}}' to print it"),
])
def test_bad_placeholder_fails_with_its_line(tmp_path, capsys, text, where, message):
    root = tmp_path / "handouts"
    write_handout(root, "demo", "en", MINIMAL.format(id="demo", lang="en") + f'      - paragraph: "{text}"\n')
    assert run("--handouts-dir", root, "--out", tmp_path / "out") == 1
    assert f"demo/en.yaml:{where}: {message}" in capsys.readouterr().err


@pytest.mark.parametrize("profile, where, message", [
    ('name: ""\nphone: ""\n', "1:1", "missing key 'emergency_number' in the clinic profile"),
    ('name: x\nphone: \"555 0100\"\nemergency_number: "911"\nfax: z\n', "4:1", "unknown key 'fax' in the clinic profile"),
    ('name: x\nphone: \"555 0100\"\nemergency_number: "911"\nlogo: nothere.png\n', "4:7",
     "logo 'nothere.png' does not exist (the path is relative to the clinic profile)"),
    # A problem inside the picture is reported where it is, naming the reference to it.
    ('name: x\nphone: \"555 0100\"\nemergency_number: "911"\nlogo: broken.svg\n', None,
     "broken.svg:1:6: logo 'broken.svg' is not well-formed XML (unclosed token); it may be cut short "
     "(used at "),
    ('name: x\nphone: \"555 0100\"\nemergency_number: "911"\nlogo: logo.gif\n', "4:7",
     "logo 'logo.gif' must be an SVG, PNG or JPEG file"),
    ('id: Bad Id\nname: x\nphone: \"555 0100\"\nemergency_number: "911"\n', "1:5", "id 'Bad Id' is not valid"),
])
def test_bad_clinic_profile_fails_every_handout_with_its_line(handouts, tmp_path, capsys, profile, where, message):
    path = tmp_path / "clinic.yaml"
    path.write_text(profile)
    (tmp_path / "broken.svg").write_text("<svg><not closed")
    (tmp_path / "logo.gif").write_bytes(b"GIF89a")
    assert run("--handouts-dir", handouts, "--clinic", path, "--out", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert (f"clinic.yaml:{where}: {message}" if where else message) in err
    assert err.count(message) == 1
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_missing_clinic_file_is_a_usage_error(handouts, tmp_path):
    with pytest.raises(SystemExit) as exc:
        run("--handouts-dir", handouts, "--clinic", tmp_path / "nope.yaml")
    assert exc.value.code == 2


def test_png_logo_is_drawn(handouts, tmp_path):
    from PIL import Image

    Image.new("RGB", (40, 20), "#0b4a6e").save(tmp_path / "logo.png")
    (tmp_path / "c.yaml").write_text('name: x\nphone: \"555 0100\"\nemergency_number: "911"\nlogo: logo.png\n')
    assert run("--handouts-dir", handouts, "--clinic", tmp_path / "c.yaml", "--out", tmp_path / "out") == 0
    last = PdfReader(tmp_path / "out" / "demo.en.letter.pdf").pages[-1]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in last["/Resources"]["/XObject"].values())
