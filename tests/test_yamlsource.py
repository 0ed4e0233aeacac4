"""libyaml's fast path gives exactly the node tree PyYAML's own reader gives, or stands aside.

Every message a parser prints comes from a node's marks and values, so the two trees must agree
in every field: kind, tag, value, style, and the name, line, column, index and text of each mark.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from handoutgen import yamlsource
from handoutgen.diagnostics import InputError, Location

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(p for pattern in ("handouts/**/*.yaml", "layouts/*.yaml", "clinic*.yaml", "clinics/*.yaml",
                                      "checks.yaml", "src/handoutgen/**/*.yaml", "tests/**/*.yaml")
                    for p in ROOT.glob(pattern))


def tree(node):
    def mark(m):
        return m.name, m.index, m.line, m.column, m.pointer, m.buffer
    base = (type(node).__name__, node.tag, mark(node.start_mark), mark(node.end_mark),
            getattr(node, "style", None), getattr(node, "flow_style", None))
    if isinstance(node, yaml.ScalarNode):
        return base + (node.value,)
    if isinstance(node, yaml.SequenceNode):
        return base + tuple(tree(child) for child in node.value)
    return base + tuple((tree(k), tree(v)) for k, v in node.value)


def pure(text: str):
    """PyYAML's own reading: the node tree, or the diagnostics it raises."""
    try:
        return tree(yamlsource._compose(text, "x.yaml", Location("x.yaml", 1, 1)))
    except InputError as exc:
        return [str(d) for d in exc.diagnostics]


def same_as_pure(text: str) -> None:
    fast = yamlsource._fast(text, "x.yaml")
    if fast is not None:  # libyaml read it: PyYAML must read the same
        assert tree(fast) == pure(text)


def test_libyaml_is_used():
    assert yamlsource.CParser is not None
    assert yamlsource._fast("a: b\n", "x.yaml") is not None


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_and_test_file_gives_the_same_tree(path):
    text = path.read_text(encoding="utf-8")
    fast = yamlsource._fast(text, "x.yaml")
    assert fast is not None and tree(fast) == pure(text)


TRICKY = [
    "\ufefftitle: a byte-order mark first\n",
    "title: \U0001F600 astral \U00010348 characters, then é\nnext: [\U0001F600, b]\n",
    "a: 1\r\nb: two\r\n  lines\r\n",
    "a: one\rb: two\r",
    "a: next\x85line\nb: c\n",
    "a: line\u2028separator\nb: para\u2029graph\n",
    "a: |\n  literal\n   kept\n\nb: >-\n  folded\n  text\n",
    "a: \"esc\\u00e9aped \\U0001F600 \\x41 \\\n  continued\"\n",
    "a: 'single ''quoted'''\n",
    "a:\tb\n",
    "\ta: b\n",
    "a: b\n\t\n",
    "- a\n-b\n",
    "? complex key\n: value\n",
    "[a, b]: c\n",
    "{a: b}: c\n",
    "a: !!str 1\nb: !custom x\n",
    "%YAML 1.1\n---\na: b\n",
    "%YAML 1.2\n---\na: b\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x b\n",
    "--- a\n--- b\n",
    "a: b\n...\n",
    "a: &anchor x\nb: *anchor\n",
    "a: &anchor x\n",
    "a: " + "[" * 30 + "]" * 30 + "\n",
    "a: " + "[" * 24 + "]" * 24 + "\n",
    "a: b\nc\n",
    "a: 'unclosed\n",
    "a: \"bad escape \\q\"\n",
    "a: b\x07\n",
    "a: \ud800\n",
    "a: \ufffe\n",
    "key: value # comment\n# only a comment\n",
    "# nothing but a comment\n",
    "",
    "   \n",
    "a: b: c\n",
    "a:\n  - b\n c: d\n",
    "a: @reserved\n",
    "a: `reserved\n",
    "a: {b: c, d}\n",
    "a: [b, c,]\n",
    "a: {b: c,}\n",
    "a: \"x\" y\n",
    "- - - a\n    - b\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_input_gives_the_same_tree_or_falls_back(text):
    same_as_pure(text)


def test_errors_keep_pyyaml_messages(tmp_path):
    """A file libyaml rejects is read again by PyYAML, for its message and place."""
    path = tmp_path / "x.yaml"
    for text, message in (("a: &t x\nb: *t\n", "x.yaml:2:4: YAML syntax: YAML aliases (*t) are not allowed here"),
                          ("a: 'unclosed\n", "x.yaml:2:1: YAML syntax: while scanning a quoted scalar"),
                          ("a: b\x07\n", "x.yaml:1:5: character U+0007 is not allowed in YAML")):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            yamlsource.load_nodes(str(path))
        assert str(caught.value.diagnostics[0]).startswith(message.replace("x.yaml", str(path)))


def test_a_file_is_parsed_once_for_the_same_bytes(tmp_path, monkeypatch):
    path = tmp_path / "x.yaml"
    path.write_text("a: b\n", encoding="utf-8")
    calls = []
    real = yamlsource._fast
    monkeypatch.setattr(yamlsource, "_fast", lambda *a: calls.append(a) or real(*a))
    first, digest = yamlsource.load_nodes(str(path))
    assert yamlsource.load_nodes(str(path)) == (first, digest) and len(calls) == 1
    path.write_text("a: c\n", encoding="utf-8")  # new bytes: parsed again
    changed, _ = yamlsource.load_nodes(str(path))
    assert len(calls) == 2 and changed.value[0][1].value == "c"


PIECES = st.sampled_from(["a", "b: ", "- ", "  ", "\n", ":", "'", '"', "[", "]", "{", "}", ",", "#", "&x", "*x",
                          "!", "|", ">", "-", "?", "\t", "é", "\U0001F600", "\r\n", "...", "---", "\\", "%"])


@settings(max_examples=int(os.environ.get("YAML_EXAMPLES", 300)), deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_random_yaml_gives_the_same_tree_or_falls_back(text):
    same_as_pure(text)
