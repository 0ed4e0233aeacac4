"""The JSON Schemas of layouts, clinic profiles and the checks file (schema/*.schema.json): made
from the declarations the parsers read by, they accept every shipped file, and each mistake they
can express is refused by the schema (as an editor would underline it) and by the tool."""

from __future__ import annotations

import json
import shutil

import jsonschema
import pytest

from conftest import ROOT
from handoutgen import schemas
from handoutgen.checks.config import load_config
from handoutgen.clinic import parse_clinic
from handoutgen.content.schema import load_yaml12
from handoutgen.diagnostics import InputError
from handoutgen.layout.parse import parse_layout

FORMATS = {f.name: f for f in schemas.FORMATS}
SHIPPED = [(f.name, path) for f in schemas.FORMATS for pattern in f.files for path in sorted(ROOT.glob(pattern))]


def validator(name: str) -> jsonschema.Draft202012Validator:
    document = json.loads((ROOT / FORMATS[name].path).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("name", FORMATS)
def test_committed_schema_is_the_declaration(name):
    assert (ROOT / FORMATS[name].path).read_text(encoding="utf-8") == FORMATS[name].text(), \
        "run: .venv/bin/python -m handoutgen.schemas"


def test_one_command_writes_every_schema(tmp_path, capsys):
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    assert schemas.main([str(tmp_path)]) == 0
    for f in schemas.FORMATS:
        assert (tmp_path / f.path).read_text(encoding="utf-8") == (ROOT / f.path).read_text(encoding="utf-8")
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")


def test_there_is_a_schema_for_every_input_format():
    assert sorted(p.name for p in (ROOT / "schema").glob("*.json")) == \
        ["checks.schema.json", "clinic.schema.json", "handout.schema.json", "layout.schema.json"]
    assert {"handouts", "layouts", "clinic.yaml", "clinics", "checks.yaml"} == \
        {pattern.split("/")[0] for f in schemas.FORMATS for pattern in f.files}


@pytest.mark.parametrize("name, path", SHIPPED, ids=[str(p.relative_to(ROOT)) for _, p in SHIPPED])
def test_every_shipped_file_validates(name, path):
    data = load_yaml12(path.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(data)]
    assert not errors, errors


def _properties(schema: dict, path: str = ""):
    """Every declared key in a schema, by its path."""
    for key, value in schema.get("properties", {}).items():
        yield f"{path}{key}", value
        inner = value.get("items", value) if value.get("type") == "array" else value
        yield from _properties(inner, f"{path}{key}.")


@pytest.mark.parametrize("name", ["layout", "clinic", "checks"])
def test_every_key_explains_itself_to_an_editor(name):
    """Completion shows a description and an example for each key."""
    keys = dict(_properties(validator(name).schema))
    assert keys
    for path, value in keys.items():
        assert value.get("description") and value.get("examples"), path


def test_enums_offer_the_allowed_values():
    layout = validator("layout").schema["properties"]
    assert layout["page"]["properties"]["size"]["enum"] == ["letter", "a4", "legal", "phone"]
    assert layout["page"]["properties"]["fold"]["enum"] == ["none", "trifold"]
    assert layout["running"]["properties"]["header"]["properties"]["left"]["items"]["enum"] == \
        ["title", "page", "review", "version", "clinic"]
    # the names of the shipped layouts, for `extends:`
    assert layout["extends"]["anyOf"][0]["enum"] == sorted(p.stem for p in (ROOT / "layouts").glob("*.yaml"))
    assert layout["fonts"]["properties"]["family"]["enum"] == ["noto-sans"]
    # An editor says what to write rather than show the pattern.
    assert layout["colours"]["properties"]["text"]["patternErrorMessage"] == \
        "Not a colour: write it as #rrggbb."


# Mistakes a schema can express, in each format: (file, text in it, replacement, the tool's message).
# Each is refused by the schema and by the tool, so an editor underlines what the build refuses.
BAD = {
    "layout: unknown key": ("layouts/letter.yaml", "budget: 4", "budjet: 4",
                            "unknown key 'budjet' in page; did you mean 'budget'?"),
    "layout: missing key": ("layouts/letter.yaml", "  budget: 4 ", "  # budget: 4 ", "missing key 'budget' in page"),
    "layout: missing section": ("layouts/letter.yaml", "fonts:\n  family: noto-sans", "",
                                "missing key 'fonts' in the layout"),
    "layout: paper not in the enum": ("layouts/letter.yaml", "size: letter", "size: tabloid",
                                      "page size 'tabloid' is not one of"),
    "layout: fold not in the enum": ("layouts/trifold.yaml", "fold: trifold", "fold: z-fold",
                                     "fold 'z-fold' is not one of"),
    "layout: orientation not in the enum": ("layouts/trifold.yaml", "orientation: landscape",
                                            "orientation: sideways", "orientation 'sideways' is not one of"),
    "layout: length without a unit it knows": ("layouts/letter.yaml", "left: 0.8in", "left: 0.8 furlongs",
                                               "left margin '0.8 furlongs' is not a length"),
    "layout: bare length out of range": ("layouts/letter.yaml", "box: 11pt", "box: 100",
                                         "checklist box 100 is out of range"),
    "layout: colour not #rrggbb": ("layouts/letter.yaml", 'accent: "#0b4a6e"', 'accent: "blue"',
                                   "colour accent 'blue' is not a colour; write it as #rrggbb"),
    "layout: running field not in the enum": ("layouts/letter.yaml", "left: [title]", "left: [logo]",
                                              "running header field 'logo' is not one of"),
    "layout: empty running list": ("layouts/letter.yaml", "right: [page]", "right: []",
                                   "running footer field is an empty list"),
    "layout: font family not in the enum": ("layouts/letter.yaml", "family: noto-sans", "family: comic-sans",
                                            "font family 'comic-sans' is not one of: noto-sans"),
    "layout: band not true or false": ("layouts/letter.yaml", "emergency_band: true", "emergency_band: yes",
                                       "emergency_band 'yes' is not one of: true, false"),
    "layout: text size out of range": ("layouts/letter.yaml", "base: 11", "base: 4",
                                       "base size 4 is out of range"),
    "layout: leading not a number": ("layouts/letter.yaml", "leading: 1.42", "leading: double",
                                     "leading 'double' is not a number"),
    "layout: budget not whole": ("layouts/letter.yaml", "budget: 4", "budget: 4.5",
                                 "page budget must be a whole number"),
    "layout: extends a name that is not an id": ("layouts/a4.yaml", "extends: letter", "extends: Letter",
                                                 "extends 'Letter' is not valid"),
    "layout: unknown key beside extends": ("layouts/a4.yaml", "size: a4", "sise: a4",
                                           "unknown key 'sise' in page; did you mean 'size'?"),
    "clinic: unknown key": ("clinics/example.yaml", "website:", "web_site:",
                            "unknown key 'web_site' in the clinic profile; did you mean 'website'?"),
    "clinic: missing key": ("clinics/example.yaml", 'name: "Example Community Hospital"', "",
                            "missing key 'name' in the clinic profile"),
    "clinic: phone with letters": ("clinics/example.yaml", '"(555) 010-0100"', '"call the front desk"',
                                   "phone 'call the front desk' is not a phone number"),
    "clinic: emergency number with letters": ("clinic.yaml", '"911"', '"9II"',
                                              "emergency_number '9II' is not a phone number"),
    "clinic: id that is not an id": ("clinics/example.yaml", "id: example-clinic", "id: Example Clinic",
                                     "id 'Example Clinic' is not valid"),
    "clinic: a list for a name": ("clinics/example.yaml", 'name: "Example Community Hospital"',
                                  "name: [Example, Hospital]", "name must be a value"),
    "checks: unknown key": ("checks.yaml", "readability:", "readabilty:",
                            "unknown key 'readabilty' in the checks file; did you mean 'readability'?"),
    "checks: unknown limit": ("checks.yaml", "max_grade: 8", "max_grades: 8",
                              "unknown key 'max_grades' in readability; did you mean 'max_grade'?"),
    "checks: limit not a number": ("checks.yaml", "max_grade: 8", "max_grade: eight",
                                   "max_grade 'eight' is not a number"),
    "checks: limit out of range": ("checks.yaml", "glossary_below: 3.5", "glossary_below: 9",
                                   "glossary_below 9 is out of range"),
    "checks: language that is not a tag": ("checks.yaml", "    en: 2.9", "    English: 2.9",
                                           "a key of rare_below 'English' is not a language tag"),
    "checks: glossaries not a list": ("checks.yaml", "glossaries: []", "glossaries: terms.yaml",
                                      "glossaries must be a list"),
}
PARSERS = {"layouts": lambda p: parse_layout(str(p)), "clinics": lambda p: parse_clinic(str(p)),
           "clinic.yaml": lambda p: parse_clinic(str(p)), "checks.yaml": load_config}
FORMAT_OF = {"layouts": "layout", "clinics": "clinic", "clinic.yaml": "clinic", "checks.yaml": "checks"}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_fails_the_schema_and_the_tool(name, tmp_path):
    file, old, new, message = BAD[name]
    folder = file.split("/")[0]
    shutil.copytree(ROOT / "layouts", tmp_path / "layouts")  # a layout may extend another
    shutil.copytree(ROOT / "clinics", tmp_path / "clinics")  # a profile's logo
    path = tmp_path / file
    text = (ROOT / file).read_text(encoding="utf-8")
    assert old in text, name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    assert not validator(FORMAT_OF[folder]).is_valid(load_yaml12(path.read_text(encoding="utf-8"))), name
    with pytest.raises(InputError) as refused:
        PARSERS[folder](path)
    assert any(message in str(d) for d in refused.value.diagnostics), refused.value


def test_a_layout_that_extends_another_needs_no_other_key():
    """What it leaves out comes from the layout it extends; the tool checks the merged result."""
    check = validator("layout")
    assert check.is_valid({"extends": "letter"})
    assert check.is_valid({"extends": "letter", "page": {"margins": {"top": "1in"}}})
    assert not check.is_valid({"page": {"margins": {"top": "1in"}}})
    assert not check.is_valid({"extends": "letter", "page": {"margins": {"top": "1in", "inside": "1in"}}})


def test_values_read_as_an_editor_reads_them():
    """Unquoted numbers are lengths in points, and an unquoted emergency number is a number to an
    editor: both are accepted as the tool accepts them."""
    clinic = validator("clinic")
    profile = load_yaml12((ROOT / "clinic.yaml").read_text(encoding="utf-8"))
    assert clinic.is_valid({**profile, "emergency_number": 112})
    assert clinic.is_valid({**profile, "name": None, "phone": ""})  # a line to write on
    layout = load_yaml12((ROOT / "layouts" / "letter.yaml").read_text(encoding="utf-8"))
    layout["checklist"]["box"] = 11
    assert validator("layout").is_valid(layout)


@pytest.mark.parametrize("text", ["glossaries: []\n", "glossaries:\n"])
def test_no_glossaries_is_written_either_way(text, tmp_path):
    assert validator("checks").is_valid(load_yaml12(text))
    (tmp_path / "checks.yaml").write_text(text)
    assert load_config(tmp_path / "checks.yaml").glossaries == ()


@pytest.mark.parametrize("name", FORMATS)
def test_editors_that_know_only_draft_7_read_the_schemas_the_same(name):
    """The schemas say draft 2020-12 (yaml-language-server reads it from 1.20 on) but use only
    keywords draft 7 has as well, so an older editor checks the same: every shipped file passes
    and every mistake above fails under draft 7's rules too."""
    document = {k: v for k, v in validator(name).schema.items() if k != "$schema"}
    jsonschema.Draft7Validator.check_schema(document)
    draft7 = jsonschema.Draft7Validator(document, format_checker=jsonschema.FormatChecker())
    for format_name, path in SHIPPED:
        if format_name == name:
            assert draft7.is_valid(load_yaml12(path.read_text(encoding="utf-8"))), path
    for file, old, new, _ in (BAD[b] for b in BAD if FORMAT_OF[BAD[b][0].split("/")[0]] == name):
        text = (ROOT / file).read_text(encoding="utf-8").replace(old, new, 1)
        assert not draft7.is_valid(load_yaml12(text)), (file, new)
    assert not {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired",
                "dependentSchemas", "$anchor", "$dynamicRef"} & set(_keywords(document))


def _keywords(schema):
    if isinstance(schema, dict):
        for key, value in schema.items():
            yield key
            if key not in ("properties", "examples", "enum", "const"):
                yield from _keywords(value)
            elif key == "properties":
                for inner in value.values():
                    yield from _keywords(inner)
    elif isinstance(schema, list):
        for value in schema:
            yield from _keywords(value)


def test_vs_code_maps_each_format_to_its_schema():
    """.vscode/settings.json: VS Code's YAML extension checks the project's files as they are
    typed, with no set-up, and maps the same files the tests check."""
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    mapped = {schema: [globs] if isinstance(globs, str) else globs for schema, globs in settings.items()}
    assert mapped == {f"./{f.path}": [f"/{pattern}" for pattern in f.files] for f in schemas.FORMATS}
