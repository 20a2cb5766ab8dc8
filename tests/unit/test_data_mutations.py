"""Property-based: the real data file, mutated at random (hypothesis), through the loader, the
model, the renderers and the exports, in-process. Whatever the mutation, the result is either
one-line problems naming the data file and a line, or a site whose every text stays inert: no
traceback, no live script, no template code run, and no source file touched.

Under CI the examples are drawn from a fixed seed (the `ci` profile), so a failure reproduces.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import io
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import macros
from macros.context import MacroError, Site
from sciatica import exports, question_exports
from sciatica.model import DataError, parse
from tests.conftest import DATA_FILE, ROOT
from tests.unit.fake_env import FakeEnv

GOOD = DATA_FILE.read_text(encoding="utf-8")
LINES = GOOD.split("\n")
SHOWN = "data/sciatica.yml"
VALUE_LINE = re.compile(r"^(\s*(?:- )?[a-z_]+: )(\S.*)$")
VALUE_LINES = [
    index for index, line in enumerate(LINES) if VALUE_LINE.match(line) and not line.lstrip().startswith("#")
]
IDS = sorted(set(re.findall(r"^\s*- id: ([a-z0-9-]+)$", GOOD, re.MULTILINE)))

# Text an attacker or a careless hand might put in a field.
MARKER = "<script>alert(1)</script>"
HOSTILE = [
    MARKER,
    '"><img src=x onerror=alert(1)>',
    "{{ 7 * 7 }}",
    "{% raw %}x{% endraw %}",
    "[x](javascript:alert(1))",
    "' \" & &amp; &#91; &para;",
    "\u202eevil",
    "\u200b",
    "9" * 40,
    "!!python/object:os.system ''",
    "&a x",
    "*a",
    "- - -",
    "]]]",
    "0x10",
    "yes",
    "no",
    "2026-13-45",
    ".nan",
    "-.inf",
    "..",
    "/etc/passwd",
    "massage//effleurage.md",
    "a: b: c",
    "`code` *em* _x_",
    "|",
    ">-",
    "~",
    "null",
    "",
    "'",
    '"',
    "text # with a comment",
    "x" * 400,
]
# Figures are left to their own tests (drawing every one for each example would take minutes).
SLOW = {
    "technique_diagram",
    "anatomy_diagram",
    "exercise_programme",
    "exam_tests",
    "exam_test",
    "positions_figure",
    "root_explorer",
    "handout",
    "handout_head",
    "figure_downloads",
    "review_schedule",
    "cases",
    "case_study",
    "practice",
}

settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@st.composite
def mutations(draw) -> str:
    """The data file with one to three edits of the kinds people and tools make."""
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["value", "text", "id", "delete", "duplicate", "indent"]))
        index = draw(st.sampled_from(VALUE_LINES))
        match = VALUE_LINE.match(lines[index])
        if kind == "value" and match:
            lines[index] = match.group(1) + draw(st.sampled_from(HOSTILE))
        elif kind == "text" and match:
            lines[index] = match.group(1) + draw(st.text(min_size=0, max_size=30))
        elif kind == "id" and match:
            lines[index] = match.group(1) + draw(st.sampled_from([*IDS[:50], "no-such-id"]))
        elif kind == "delete":
            del lines[index]
        elif kind == "duplicate":
            lines.insert(index, lines[index])
        elif kind == "indent":
            lines[index] = "  " + lines[index]
    return "\n".join(lines)


def rendered(data) -> tuple[list[str], list[str]]:
    """(HTML, text files): what the macros (bar the figures) make of the data for one page, and
    every export."""
    site = Site(
        FakeEnv("massage/kneading-in-depth.md", meta={"reviewed": "2026-11-01", "next_review": "2027-05-01"}), data
    )
    out = []
    for topic in macros.TOPICS:
        for function in topic.MACROS:
            parameters = list(inspect.signature(function).parameters.values())[1:]
            if function.__name__ in SLOW or any(
                p.default is p.empty and p.kind is not p.VAR_POSITIONAL for p in parameters
            ):
                continue
            out.append(str(function(site)))
    if data.techniques:
        technique = data.techniques[0].id
        out += [
            str(macros.techniques.technique_steps(site, technique)),
            str(macros.techniques.evidence(site, technique)),
        ]
    files = [exports.bibtex(data.references, "header"), exports.ris(data.references), exports.csl_json(data.references)]
    files += list(question_exports.files(data, "Site", "https://site.test/").values())
    return out, files


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("data/*"), *ROOT.glob("docs/**/*.md")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()


BEFORE = fingerprint()


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutations())
def test_any_mutation_gives_one_line_problems_or_an_inert_site(text):
    try:
        data = parse(text, SHOWN, ROOT / "docs")
    except DataError as error:
        assert error.problems
        for problem in map(str, error.problems):
            assert "\n" not in problem and "Traceback" not in problem, problem
            assert re.match(rf"{re.escape(SHOWN)}(:\d+)?: ", problem), problem
        return
    try:
        pages, files = rendered(data)
    except MacroError as error:  # data a page's macro cannot use: one line naming the page and macro
        assert "\n" not in str(error) and str(error).startswith("docs/massage/kneading-in-depth.md: "), error
        return
    for output in pages:  # HTML: markup from the data is escaped, so it shows as text and never runs
        assert MARKER not in output and "onerror=alert" not in output
        assert "{{ 7 * 7 }}" not in output and "{% raw %}" not in output  # braces stay text, never template code
        assert not re.search(r"""href=["']?\s*javascript:""", output, re.IGNORECASE)
    assert all(isinstance(output, str) and output for output in files)  # text files hold the words as written
    for table in exports.csv_files(data).values():  # a spreadsheet never reads a cell as a formula
        for row in csv.reader(io.StringIO(table.removeprefix("\ufeff"))):
            for cell in row:
                assert not cell.startswith(exports.FORMULA_STARTS[:-1]), cell


def test_no_source_file_changed():
    """Runs after the mutations (file order): they worked on text in memory only."""
    assert fingerprint() == BEFORE
