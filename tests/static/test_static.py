"""Static checks: every built page is valid HTML (the Nu HTML checker), the prose and code are
spelt correctly (codespell with the project's word list), and the Markdown passes its linter."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from tests.conftest import ROOT, require_tool

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SPELLCHECKED = [
    "docs",
    "data/sciatica.yml",
    "macros",
    "sciatica",
    "tests",
    "tools",
    "bench",
    "README.md",
    "Makefile",
    "mkdocs.yml",
    "published-links.txt",
    ".ci",
]


def vnu_messages(site) -> list[dict]:
    java = shutil.which("java")
    require_tool(
        java is not None, "java is not on PATH: the HTML checker cannot run (apt-get install -y default-jre-headless)"
    )
    require_tool(VNU_JAR.is_file(), f"{VNU_JAR} is missing: run npm ci (make test does)")
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--skip-non-html", "--format", "json", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(result.stderr)["messages"]


def test_every_built_page_is_valid_html(built_site, pages):
    messages = vnu_messages(built_site)
    errors = [
        f"{m['url'].rsplit(str(built_site), 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, "\n".join(errors[:40])


def test_the_html_checker_reports_invalid_markup(tmp_path):
    (tmp_path / "bad.html").write_text(
        "<!doctype html><html lang=en><title>x</title><input type=checkbox autocomplete=off><p><div></p>"
    )
    assert any(m["type"] == "error" for m in vnu_messages(tmp_path))


def test_spelling():
    result = subprocess.run(
        [sys.executable, "-m", "codespell_lib", *SPELLCHECKED], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_markdown_lint():
    result = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "scan", "-r", "docs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_spelling_and_lint_checks_can_fail(tmp_path):
    sample = tmp_path / "sample.md"
    misspelt = "T" + "eh"  # kept out of this file's own text, which is spell-checked too
    sample.write_text(f"# Title\n\n{misspelt} nerve.\n# Second title\n")
    spelling = subprocess.run(
        [sys.executable, "-m", "codespell_lib", str(sample)], capture_output=True, text=True, check=False
    )
    lint = subprocess.run(
        [sys.executable, "-m", "pymarkdown", "scan", str(sample)], capture_output=True, text=True, check=False
    )
    assert f"{misspelt} ==> The" in spelling.stdout
    assert "MD022" in lint.stdout or "MD025" in lint.stdout
